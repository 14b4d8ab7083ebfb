/**
 * The validator's clock: every new head from the chain, and every new epoch of the subnet by the epoch
 * calendar (`shared/subtensor/epoch.ts`) once the tempo is known. The round loop and the weight setter
 * are driven by it. Heads come from `ChainClient.subscribeNewHeads`, whose subscription survives
 * reconnects; `start(signal)` subscribes and aborting the signal unsubscribes. A listener that throws is
 * logged and the clock goes on.
 */
import type { ChainClient } from '../shared/chain/types.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { epochIndex } from '../shared/subtensor/epoch.js';

export interface ClockHead {
  block: number;
  hash: string;
}

export interface ClockEpoch {
  /** The epoch index (subtensor's `get_epoch_index`) that started. */
  epoch: number;
  /** The head at which it was seen (its first block, unless heads were missed). */
  block: number;
  tempo: number;
}

export interface ChainClockOptions {
  chain: ChainClient;
  netuid: number;
  /** The subnet's tempo as last read (undefined until known; 0: epochs never run). */
  tempo: () => number | undefined;
  log: Logger;
}

export interface NextHeadOptions {
  /** Resolve at once if more than this many heads have been seen (a `headCount` read earlier). */
  after?: number;
  /** Give up after this long. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class ChainClock {
  readonly #options: ChainClockOptions;
  readonly #headListeners = new Set<(head: ClockHead) => void>();
  readonly #epochListeners = new Set<(epoch: ClockEpoch) => void>();
  readonly #waiters = new Set<() => void>();
  #head: ClockHead | undefined;
  #headCount = 0;
  #epoch: { index: number; tempo: number } | undefined;

  constructor(options: ChainClockOptions) {
    this.#options = options;
  }

  /** Subscribes to new heads until `signal` aborts. Rejects when the first subscription fails. */
  async start(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const unsubscribe = await this.#options.chain.subscribeNewHeads((head) =>
      this.#tick({ block: head.number, hash: head.hash }),
    );
    const stop = () => {
      unsubscribe();
      this.#wakeWaiters();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }

  /** The latest head (undefined before the first). */
  get head(): ClockHead | undefined {
    return this.#head;
  }

  /** Heads seen so far. */
  get headCount(): number {
    return this.#headCount;
  }

  /** Calls `listener` on every new head; returns an unsubscribe function. */
  onHead(listener: (head: ClockHead) => void): () => void {
    this.#headListeners.add(listener);
    return () => this.#headListeners.delete(listener);
  }

  /**
   * Calls `listener` at the first head of every new epoch (not at the first head seen: whether that one
   * opened an epoch is unknown). Returns an unsubscribe function.
   */
  onEpoch(listener: (epoch: ClockEpoch) => void): () => void {
    this.#epochListeners.add(listener);
    return () => this.#epochListeners.delete(listener);
  }

  /** True at the next head (at once when one came since `after`); false on timeout or abort. */
  nextHead(options: NextHeadOptions = {}): Promise<boolean> {
    const { after, timeoutMs, signal } = options;
    if (after !== undefined && this.#headCount > after) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const count = this.#headCount;
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve(this.#headCount > count);
      };
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs).unref();
    });
  }

  #tick(head: ClockHead): void {
    this.#head = head;
    this.#headCount++;
    for (const listener of this.#headListeners) this.#call('head', () => listener(head));
    const epoch = this.#newEpoch(head.block);
    if (epoch) for (const listener of this.#epochListeners) this.#call('epoch', () => listener(epoch));
    this.#wakeWaiters();
  }

  #newEpoch(block: number): ClockEpoch | undefined {
    const tempo = this.#options.tempo();
    if (tempo === undefined || tempo <= 0) return undefined;
    const index = epochIndex(this.#options.netuid, tempo, block);
    const previous = this.#epoch;
    this.#epoch = { index, tempo };
    // A changed tempo moves the calendar: start counting again rather than report a false epoch.
    if (!previous || previous.tempo !== tempo || previous.index === index) return undefined;
    return { epoch: index, block, tempo };
  }

  #wakeWaiters(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  #call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#options.log.error({ err: errorMessage(err), listener: what }, 'clock listener threw');
    }
  }
}
