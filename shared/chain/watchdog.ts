/**
 * Block-staleness watchdog. A paused node (SIGSTOP) or a socket that silently stops delivering (a
 * frozen NAT or proxy) never closes the WebSocket, so nothing else notices. When no progress (a new
 * head, or the link coming up) is seen for `staleAfterBlocks` expected block times, the watchdog asks
 * the node for its best header, with a short deadline:
 * - no answer, or an error: the link is dead (`no-answer`);
 * - a header newer than the last one the subscription delivered: the subscription is lost
 *   (`subscription-lost`);
 * - the same header: the node is fine but produces no blocks (an idle instant-seal chain, or a stalled
 *   one): `onIdle`, and the link is kept (reconnecting would not help).
 * A link that is down for a whole window, and past its connect timeout, is replaced too
 * (`no-connection`): a reconnect may hang in the WebSocket handshake forever (a node paused while the
 * socket opened).
 */
import { errorMessage } from '../errors.js';

/** `staleAfterBlocks` when none is given (here, not in connection.ts: CLI option builders import it light). */
export const DEFAULT_STALE_AFTER_BLOCKS = 10;

export type StaleReason = 'no-answer' | 'subscription-lost' | 'no-connection';

export interface StaleInfo {
  reason: StaleReason;
  /** Since the last progress. */
  silentMs: number;
  /** Last head the subscription delivered. */
  lastHead: number | undefined;
  /** The node's best block, when it answered. */
  best?: number;
  error?: string;
}

export interface WatchdogOptions {
  /** Blocks without progress before the watchdog probes; 0 turns it off. */
  staleAfterBlocks: number;
  blockTimeMs: number;
  /** Upper bound of the probe's deadline (the request timeout); it is 2 block times, at least 2 s. */
  probeTimeoutMs: number;
  /** True while the link is up (connected, metadata loaded). */
  isUp(): boolean;
  /** True while a new link still has time to come up (its connect timeout has not passed). */
  isConnecting(): boolean;
  /** The node's best block number now. */
  probe(): Promise<number>;
  lastHead(): number | undefined;
  onStale(info: StaleInfo): void;
  onIdle(info: { silentMs: number; best: number }): void;
}

/** Checks run this often, so detection lags the window by at most one check. */
function checkIntervalMs(blockTimeMs: number): number {
  return Math.min(1_000, Math.max(20, Math.floor(blockTimeMs / 4)));
}

export class Watchdog {
  readonly #options: WatchdogOptions;
  #blockTimeMs: number;
  #lastProgressAt = Date.now();
  #probing = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: WatchdogOptions) {
    this.#options = options;
    this.#blockTimeMs = options.blockTimeMs;
  }

  get windowMs(): number {
    return this.#options.staleAfterBlocks * this.#blockTimeMs;
  }

  /** The expected block time, once read from the chain. */
  set blockTimeMs(ms: number) {
    this.#blockTimeMs = ms;
    if (this.#timer) this.start();
  }

  start(): void {
    this.stop();
    if (this.#options.staleAfterBlocks <= 0) return;
    this.#timer = setInterval(() => this.#check(), checkIntervalMs(this.#blockTimeMs));
    // A watchdog never keeps a process alive.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** A head arrived or a link came up. */
  progress(): void {
    this.#lastProgressAt = Date.now();
  }

  #check(): void {
    if (this.#probing) return;
    const silentMs = Date.now() - this.#lastProgressAt;
    if (silentMs < this.windowMs) return;
    const lastHead = this.#options.lastHead();
    if (!this.#options.isUp()) {
      if (this.#options.isConnecting()) return;
      this.progress();
      this.#options.onStale({ reason: 'no-connection', silentMs, lastHead });
      return;
    }
    this.#probing = true;
    const startedAt = Date.now();
    // A few block times: a live node answers a header read at once, even while it seals no blocks.
    const timeoutMs = Math.min(this.#options.probeTimeoutMs, Math.max(2_000, 2 * this.#blockTimeMs));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    Promise.race([this.#options.probe(), deadline])
      .then(
        (best) => {
          // A head that arrived while the probe ran shows the subscription is alive.
          const headMeanwhile = this.#lastProgressAt > startedAt;
          if (lastHead !== undefined && best > lastHead && !headMeanwhile) {
            this.#options.onStale({ reason: 'subscription-lost', silentMs, lastHead, best });
          } else {
            this.#options.onIdle({ silentMs, best });
          }
        },
        (err: unknown) => {
          this.#options.onStale({ reason: 'no-answer', silentMs, lastHead, error: errorMessage(err) });
        },
      )
      .catch(() => undefined)
      .finally(() => {
        clearTimeout(timer);
        this.#probing = false;
        this.progress();
      });
  }
}
