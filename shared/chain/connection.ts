/**
 * The one connection every chain action runs over: it owns the `ApiPromise`, reports connection
 * changes, bounds connecting (`connectTimeoutMs`) and each request (`requestTimeoutMs`) separately, and
 * keeps new-head subscriptions alive across reconnects.
 *
 * A closed socket is reconnected by the provider (every `reconnectDelayMs`). A socket that stays open
 * but goes silent (a paused node, a frozen proxy) is caught by the block-staleness watchdog
 * (`watchdog.ts`): the connection reports itself down, logs why, and replaces the link.
 * While down, requests fail fast with `NOT_CONNECTED` instead of queueing, so a daemon keeps serving
 * on its last known state.
 */
// The dev chain's (subtensor's) types on api.query / api.tx / api.call / api.consts.
import './augment/index.js';
import type { ApiPromise } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';
import { errorMessage } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { ChainClientError } from './errors.js';
import { Link } from './link.js';
import type { NewHead } from './types.js';
import { DEFAULT_STALE_AFTER_BLOCKS, type StaleInfo, Watchdog } from './watchdog.js';

export interface ChainConnectionOptions {
  endpoint: string;
  /**
   * How long `connect()` waits for the first connection and metadata (and the watchdog for a
   * replacement link before it tries another). Default 30 s.
   */
  connectTimeoutMs?: number;
  /** How long one request (a read, or a probe) may take before `REQUEST_TIMEOUT`. Default 30 s. */
  requestTimeoutMs?: number;
  /** Delay between reconnection attempts after the socket closes. Default 2.5 s (polkadot-js default). */
  reconnectDelayMs?: number;
  /** Expected block times without a new head before the watchdog checks the link; 0 turns it off. Default 10. */
  staleAfterBlocks?: number;
  /** Expected block time; default 2 × `Timestamp.MinimumPeriod` read from the chain (12 s without it). */
  blockTimeMs?: number;
  logger?: Logger;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export { DEFAULT_STALE_AFTER_BLOCKS };

/** Subtensor's block time, for chains that do not say theirs. */
const FALLBACK_BLOCK_TIME_MS = 12_000;

/** Expected block time of the chain behind `api`: 2 × Timestamp.MinimumPeriod. */
function chainBlockTimeMs(api: ApiPromise): number {
  // Absent on a chain without pallet_timestamp, whatever the augment types say.
  const timestamp: Partial<typeof api.consts.timestamp> | undefined = api.consts.timestamp;
  const minimumPeriod = timestamp?.minimumPeriod?.toNumber() ?? 0;
  return minimumPeriod > 0 ? minimumPeriod * 2 : FALLBACK_BLOCK_TIME_MS;
}

function toNewHead(header: Header): NewHead {
  return { number: header.number.toNumber(), hash: header.hash.toHex() };
}

export class ChainConnection {
  readonly endpoint: string;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly staleAfterBlocks: number;
  readonly logger: Logger;
  readonly #reconnectDelayMs: number;
  readonly #blockTimeOverride: number | undefined;
  readonly #log: Logger;
  readonly #connectionListeners = new Set<(connected: boolean) => void>();
  readonly #headListeners = new Set<(head: NewHead) => void>();
  readonly #watchdog: Watchdog;
  #link: Link | undefined;
  /** The api of the last link that came up: what `api` returns while a replacement connects. */
  #api: ApiPromise | undefined;
  #blockTimeMs: number;
  #reported = false;
  #lastHead: NewHead | undefined;
  #idleLogged = false;
  #connecting: Promise<void> | undefined;

  constructor(options: ChainConnectionOptions) {
    this.endpoint = options.endpoint;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.staleAfterBlocks = options.staleAfterBlocks ?? DEFAULT_STALE_AFTER_BLOCKS;
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 2_500;
    this.#blockTimeOverride = options.blockTimeMs;
    this.#blockTimeMs = options.blockTimeMs ?? FALLBACK_BLOCK_TIME_MS;
    this.logger = options.logger ?? silentLogger();
    this.#log = this.logger;
    this.#watchdog = new Watchdog({
      staleAfterBlocks: this.staleAfterBlocks,
      blockTimeMs: this.#blockTimeMs,
      probeTimeoutMs: this.requestTimeoutMs,
      isUp: () => this.isConnected,
      isConnecting: () => {
        const link = this.#link;
        return link !== undefined && !link.isReady && Date.now() - link.createdAt < this.connectTimeoutMs;
      },
      probe: async () => (await this.live().rpc.chain.getHeader()).number.toNumber(),
      lastHead: () => this.#lastHead?.number,
      onStale: (info) => this.#onStale(info),
      onIdle: ({ silentMs, best }) => {
        // Once per idle spell: an instant-seal chain is idle most of the time.
        if (!this.#idleLogged) {
          this.#log.warn(
            { endpoint: this.endpoint, best, silentMs },
            'no new block for a while; the node answers, keeping the connection',
          );
        }
        this.#idleLogged = true;
      },
    });
  }

  /** True while the link is up: socket open, metadata loaded, not found stale. */
  get isConnected(): boolean {
    return this.#link?.isConnected ?? false;
  }

  /** Expected time between blocks (what the watchdog's window is made of). */
  get blockTimeMs(): number {
    return this.#blockTimeMs;
  }

  /** The underlying api, for reads no action covers; `NOT_CONNECTED` before `connect()` or after `close()`. */
  get api(): ApiPromise {
    return this.#requireApi();
  }

  /** Connects and waits for metadata; `CONNECT_FAILED` after `connectTimeoutMs`. Idempotent. */
  connect(): Promise<void> {
    if (this.#link) return this.#connecting ?? Promise.resolve();
    this.#connecting = this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const link = this.#newLink();
    this.#link = link;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        link.readyOrError(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no connection within ${this.connectTimeoutMs} ms`)),
            this.connectTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      this.#link = undefined;
      await link.dispose();
      throw new ChainClientError(
        { code: 'CONNECT_FAILED', endpoint: this.endpoint },
        `cannot reach the chain at ${this.endpoint}: ${errorMessage(err)}`,
        {
          cause: err,
          metaMessages: ['Is the node running? Check --subtensor.network / --subtensor.chain_endpoint.'],
        },
      );
    } finally {
      clearTimeout(timer);
    }
    this.#linkUp(link);
    this.#watchdog.start();
  }

  async close(): Promise<void> {
    this.#watchdog.stop();
    const link = this.#link;
    this.#link = undefined;
    this.#api = undefined;
    this.#lastHead = undefined;
    this.#report();
    await link?.dispose();
  }

  /** Called on every transition; returns an unsubscribe function. */
  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.#connectionListeners.add(listener);
    return () => this.#connectionListeners.delete(listener);
  }

  /**
   * Best heads, across reconnects and link replacements (consecutive duplicates dropped). A new
   * listener first gets the last known head, as a node sends its best head first.
   */
  subscribeNewHeads(listener: (head: NewHead) => void): () => void {
    this.#requireApi();
    this.#headListeners.add(listener);
    const last = this.#lastHead;
    if (last) queueMicrotask(() => this.#headListeners.has(listener) && this.#deliver(listener, last));
    return () => this.#headListeners.delete(listener);
  }

  /** The api, only while connected: requests fail fast instead of waiting for a reconnect. */
  live(): ApiPromise {
    const api = this.#requireApi();
    if (!this.isConnected) {
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: this.endpoint },
        'chain is unreachable right now',
      );
    }
    return api;
  }

  /**
   * Runs `run` on the live api within `requestTimeoutMs` (`REQUEST_TIMEOUT` naming `method`). A call
   * that fails because the link dropped under it fails with `NOT_CONNECTED`.
   */
  async request<T>(method: string, run: (api: ApiPromise) => Promise<T>): Promise<T> {
    const api = this.live();
    const timeoutMs = this.requestTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ChainClientError(
              { code: 'REQUEST_TIMEOUT', endpoint: this.endpoint, method, timeoutMs },
              `${method}: no answer from ${this.endpoint} within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([run(api), deadline]);
    } catch (err) {
      if (err instanceof ChainClientError || this.isConnected) throw err;
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: this.endpoint },
        `${method}: the chain connection dropped: ${errorMessage(err)}`,
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  #requireApi(): ApiPromise {
    if (!this.#api) {
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: this.endpoint },
        'chain client not connected',
      );
    }
    return this.#api;
  }

  #newLink(): Link {
    const link = new Link({
      endpoint: this.endpoint,
      reconnectDelayMs: this.#reconnectDelayMs,
      requestTimeoutMs: this.requestTimeoutMs,
    });
    link.on('disconnected', () => {
      // Once per outage, not once per failed retry.
      if (this.#reported) this.#log.warn({ endpoint: this.endpoint }, 'chain connection lost, reconnecting');
      this.#report();
    });
    link.on('connected', () => {
      this.#watchdog.progress();
      this.#report();
    });
    return link;
  }

  /** A link's api is ready: it serves requests and feeds the head listeners from now on. */
  #linkUp(link: Link): void {
    this.#api = link.api;
    this.#blockTimeMs = this.#blockTimeOverride ?? chainBlockTimeMs(link.api);
    this.#watchdog.blockTimeMs = this.#blockTimeMs;
    this.#watchdog.progress();
    this.#log.info({ endpoint: this.endpoint, blockTimeMs: this.#blockTimeMs }, 'chain connected');
    this.#report();
    link
      .subscribeHeads((header) => this.#onHead(toNewHead(header)))
      .catch((err: unknown) => {
        // A link that cannot deliver heads is of no use to a clock: replace it.
        if (this.#link !== link) return;
        this.#onStale({
          reason: 'subscription-lost',
          silentMs: 0,
          lastHead: this.#lastHead?.number,
          error: errorMessage(err),
        });
      });
  }

  #onHead(head: NewHead): void {
    this.#watchdog.progress();
    this.#idleLogged = false;
    if (head.hash === this.#lastHead?.hash) return;
    this.#lastHead = head;
    for (const listener of this.#headListeners) this.#deliver(listener, head);
  }

  #deliver(listener: (head: NewHead) => void, head: NewHead): void {
    try {
      listener(head);
    } catch (err) {
      this.#log.error({ err: errorMessage(err), block: head.number }, 'new-head listener threw');
    }
  }

  /** The link is dead, or its subscription lost: report down, drop it, open a new one. */
  #onStale(info: StaleInfo): void {
    const old = this.#link;
    if (!old) return;
    this.#log.warn(
      {
        endpoint: this.endpoint,
        ...info,
        staleAfterBlocks: this.staleAfterBlocks,
        blockTimeMs: this.#blockTimeMs,
      },
      'chain connection stale, reconnecting',
    );
    const link = this.#newLink();
    this.#link = link;
    this.#report();
    void old.dispose();
    void link.whenReady().then(() => {
      if (this.#link === link) this.#linkUp(link);
    });
  }

  /** Tells the listeners when `isConnected` changed since the last report. */
  #report(): void {
    const connected = this.isConnected;
    if (connected === this.#reported) return;
    this.#reported = connected;
    for (const listener of this.#connectionListeners) {
      try {
        listener(connected);
      } catch (err) {
        this.#log.error({ err: errorMessage(err) }, 'connection listener threw');
      }
    }
  }
}
