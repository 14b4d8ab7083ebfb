/**
 * Requests in flight on one miner connection: u32 ids, at most `maxInFlight` on the wire (more wait
 * here), a deadline per request counted from the call (queueing included). A request that times out, or
 * fails in any way, gives its slot back at once, so a miner that went silent is offered work again as
 * soon as it answers; a late answer to a timed-out request finds no entry and is dropped.
 *
 * Also the local checks that refuse a request before anything is sent (`classifyRequestProblem`).
 */
import { encodeFrame, type ProtocolLimits } from '../../shared/protocol/index.js';

const MAX_REQUEST_ID = 0xffff_ffff;
/** Timed-out ids remembered so that their late answers are told apart from stray ones (logs only). */
const MAX_LATE_IDS = 1024;

/** One request on the wire, as the connection needs it to check the answer. */
export interface SentRequest<T> {
  id: number;
  /** The frame bytes as sent: what the miner's signature must cover. */
  bytes: Uint8Array;
  /** `performance.now()` when it was sent. */
  sentAt: number;
  resolve(answer: T): void;
  reject(err: Error): void;
}

interface Entry<T> extends SentRequest<T> {
  timer: NodeJS.Timeout;
}

interface Waiting {
  start(): void;
  reject(err: Error): void;
}

export interface SubmitOptions {
  /** Builds and sends the frame for `id`; returns the bytes sent. A throw fails this request. */
  send(id: number): Uint8Array;
  timeoutMs: number;
  /** The error of a request that timed out (`id` undefined when it never left the queue). */
  timeoutError(id: number | undefined): Error;
}

/** Ids of the two tables of one connection never overlap: answers are matched by id alone. */
export const CLASSIFY_IDS = { first: 1, last: 0x7fff_ffff } as const;
export const BUNDLE_IDS = { first: 0x8000_0000, last: MAX_REQUEST_ID } as const;

export class RequestTable<T> {
  readonly #maxInFlight: number;
  readonly #ids: { first: number; last: number };
  readonly #entries = new Map<number, Entry<T>>();
  readonly #waiting: Waiting[] = [];
  readonly #late = new Set<number>();
  #nextId: number;
  #closed = false;

  /** `ids`: the u32 range this table draws request ids from (default all of it but 0). */
  constructor(
    maxInFlight: number,
    ids: { first: number; last: number } = { first: 1, last: MAX_REQUEST_ID },
  ) {
    this.#maxInFlight = Math.max(1, maxInFlight);
    this.#ids = ids;
    this.#nextId = ids.first;
  }

  /** Requests on the wire and not yet settled (a timed-out one no longer counts). */
  get inFlight(): number {
    return this.#entries.size;
  }

  /** Requests waiting for a free slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  submit(options: SubmitOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('the connection is closed'));
        return;
      }
      let waiting: Waiting | undefined;
      let id: number | undefined;
      const timer = setTimeout(() => {
        if (waiting) {
          const index = this.#waiting.indexOf(waiting);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(options.timeoutError(undefined));
          return;
        }
        if (id === undefined) return;
        const timedOut = id;
        this.settle(timedOut, (entry) => entry.reject(options.timeoutError(timedOut)));
        this.#rememberLate(timedOut);
      }, options.timeoutMs);
      const start = (): void => {
        waiting = undefined;
        const own = this.#takeId();
        id = own;
        const entry: Entry<T> = {
          id: own,
          bytes: new Uint8Array(0),
          sentAt: performance.now(),
          timer,
          resolve: (answer) => {
            clearTimeout(timer);
            resolve(answer);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        this.#entries.set(own, entry);
        try {
          entry.bytes = options.send(own);
        } catch (err) {
          this.settle(own, (e) => e.reject(err instanceof Error ? err : new Error(String(err))));
        }
      };
      if (this.#entries.size < this.#maxInFlight) start();
      else {
        waiting = {
          start,
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        };
        this.#waiting.push(waiting);
      }
    });
  }

  /**
   * Removes request `id`, hands it to `then`, and gives its slot to the next waiting request. False when
   * no such request is in flight (never sent, already settled, or timed out).
   */
  settle(id: number, then: (request: SentRequest<T>) => void): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#entries.delete(id);
    clearTimeout(entry.timer);
    then(entry);
    while (!this.#closed && this.#entries.size < this.#maxInFlight) {
      const next = this.#waiting.shift();
      if (!next) break;
      next.start();
    }
    return true;
  }

  /** True once for the answer to a request that had timed out (it is then forgotten). */
  takeLate(id: number): boolean {
    return this.#late.delete(id);
  }

  /** Fails everything waiting or in flight with `error()`; later submits fail at once. */
  close(error: () => Error): void {
    this.#closed = true;
    for (const waiting of this.#waiting.splice(0)) waiting.reject(error());
    for (const id of [...this.#entries.keys()]) this.settle(id, (entry) => entry.reject(error()));
    this.#late.clear();
  }

  #takeId(): number {
    // Ids of the range in turn, skipping any still in flight after a wrap-around.
    for (;;) {
      const id = this.#nextId;
      this.#nextId = id >= this.#ids.last ? this.#ids.first : id + 1;
      if (!this.#entries.has(id)) return id;
    }
  }

  #rememberLate(id: number): void {
    this.#late.add(id);
    if (this.#late.size > MAX_LATE_IDS) {
      const oldest = this.#late.values().next();
      if (!oldest.done) this.#late.delete(oldest.value);
    }
  }
}

/**
 * Why `texts` cannot go on the wire under `limits`, or undefined when they can: 1..maxBatch strings,
 * each at most `maxTextChars` UTF-16 code units (JS `length`, as the miner counts), and the frame within
 * `maxFrameBytes`.
 */
export function classifyRequestProblem(texts: unknown, limits: ProtocolLimits): string | undefined {
  const { maxBatch, maxTextChars, maxFrameBytes } = limits;
  if (!Array.isArray(texts) || texts.length < 1 || texts.length > maxBatch) {
    return `texts must be an array of 1..${maxBatch} strings`;
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit; msgpack adds ≤ 5 per string and a few for the frame.
  let bound = 64;
  for (const text of texts) {
    if (typeof text !== 'string') return 'every text must be a string';
    if (text.length > maxTextChars) {
      return `a text of ${text.length} UTF-16 units is over the limit of ${maxTextChars}`;
    }
    bound += text.length * 3 + 5;
  }
  if (bound > maxFrameBytes) {
    const size = encodeFrame({ type: 'classify', id: MAX_REQUEST_ID, texts }).length;
    if (size > maxFrameBytes)
      return `the request frame of ${size} bytes is over the limit of ${maxFrameBytes}`;
  }
  return undefined;
}
