/**
 * One `ApiPromise` over one `WsProvider`: what `ChainConnection` holds at a time. The provider reconnects
 * by itself when its socket closes (and re-subscribes); a socket that stays open but goes silent never
 * closes, so the connection's watchdog throws such a link away whole and opens a new one.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { Header } from '@polkadot/types/interfaces';

const ignore = () => undefined;

export interface LinkOptions {
  endpoint: string;
  reconnectDelayMs: number;
  /** The provider's own per-request timeout (it checks every 5 s): frees handlers of unanswered calls. */
  requestTimeoutMs: number;
}

export class Link {
  readonly provider: WsProvider;
  readonly api: ApiPromise;
  readonly createdAt = Date.now();
  #ready = false;
  #disposed = false;
  readonly #offs: (() => void)[] = [];
  #unsubscribeHeads: (() => void) | undefined;

  constructor(options: LinkOptions) {
    this.provider = new WsProvider(options.endpoint, options.reconnectDelayMs, {}, options.requestTimeoutMs);
    // The provider retries forever; silence its per-attempt errors (the connection reports transitions).
    this.#offs.push(this.provider.on('error', ignore));
    this.api = new ApiPromise({ provider: this.provider, noInitWarn: true });
    this.api.on('error', ignore);
  }

  /** Metadata loaded, socket open, not thrown away. */
  get isConnected(): boolean {
    return this.#ready && !this.#disposed && this.provider.isConnected;
  }

  get isReady(): boolean {
    return this.#ready;
  }

  /** Resolves once the api is ready; never rejects (the provider keeps retrying). */
  whenReady(): Promise<void> {
    return this.api.isReady.then(() => {
      this.#ready = true;
    });
  }

  /** Resolves once ready; rejects on the first connection error (the initial `connect()`). */
  readyOrError(): Promise<void> {
    return this.api.isReadyOrError.then(() => {
      this.#ready = true;
    });
  }

  /** Socket transitions of this link only (a disposed link reports nothing). */
  on(event: 'connected' | 'disconnected', listener: () => void): void {
    this.#offs.push(this.provider.on(event, () => !this.#disposed && listener()));
  }

  /** Best heads on this link; the provider re-subscribes after a socket reconnect. */
  async subscribeHeads(listener: (header: Header) => void): Promise<void> {
    const unsubscribe = await this.api.rpc.chain.subscribeNewHeads((header) => {
      if (!this.#disposed) listener(header);
    });
    if (this.#disposed) unsubscribe();
    else this.#unsubscribeHeads = unsubscribe;
  }

  /** Detaches every listener and closes the socket; pending calls on it fail when it closes. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const off of this.#offs.splice(0)) off();
    try {
      this.#unsubscribeHeads?.();
    } catch {
      // The socket may already be gone.
    }
    await this.api.disconnect().catch(ignore);
  }
}
