/**
 * One JSON-RPC connection's state: how to send it frames, and its subscriptions with their bounds. Items a
 * subscription produces before its subscribe response is on the wire wait in a small queue (Substrate's
 * `pipe_from_stream` keeps 16 and drops a subscription that lags past that).
 */
import { randomBytes } from 'node:crypto';
import type { NodeMetrics } from '../metrics.js';
import { RpcError, TOO_MANY_SUBSCRIPTIONS } from './errors.js';
import type { Params, SubscriptionDefinition, SubscriptionSink } from './module.js';

/** Items held for a subscription whose id has not reached the client yet (sc-rpc's `DEFAULT_BUF_SIZE`). */
export const PENDING_NOTIFICATIONS = 16;

interface Subscription {
  notification: string;
  stop: (() => void) | undefined;
  active: boolean;
  queue: string[];
  /** Ended by the server before it was active: it ends once its queued items are sent. */
  ending?: boolean;
}

export type Protocol = 'ws' | 'http';

export class Session {
  private readonly subscriptions = new Map<string, Subscription>();
  closed = false;

  constructor(
    readonly protocol: Protocol,
    /** Sends one frame; returns false when the connection is gone (or was just closed for being too slow). */
    private readonly sendFrame: (frame: string) => boolean,
    private readonly maxSubscriptions: number,
    private readonly metrics?: NodeMetrics,
  ) {}

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  send(frame: string): void {
    if (!this.closed) this.sendFrame(frame);
  }

  /**
   * Starts a subscription; its items are held until `activate(id)` (after the response carrying the id was
   * sent). Throws -32006 past the per-connection limit, or whatever `definition.subscribe` throws.
   */
  async subscribe(definition: SubscriptionDefinition, params: Params): Promise<string> {
    if (this.subscriptions.size >= this.maxSubscriptions) {
      throw new RpcError(
        TOO_MANY_SUBSCRIPTIONS,
        'Too many subscriptions on the connection',
        `Exceeded max limit of ${this.maxSubscriptions}`,
      );
    }
    const id = randomBytes(8).toString('hex');
    const sub: Subscription = {
      notification: definition.notification,
      stop: undefined,
      active: false,
      queue: [],
    };
    const sink: SubscriptionSink = {
      id,
      send: (result) => {
        if (this.closed || this.subscriptions.get(id) !== sub) return;
        const text = JSON.stringify({
          jsonrpc: '2.0',
          method: definition.notification,
          params: { subscription: id, result },
        });
        if (sub.active) this.sendFrame(text);
        else if (sub.queue.length < PENDING_NOTIFICATIONS) sub.queue.push(text);
        // A subscription that lags before it was even accepted is dropped, as Substrate does.
        else this.drop(id);
      },
      end: () => {
        if (sub.active) this.drop(id);
        else sub.ending = true;
      },
    };
    this.subscriptions.set(id, sub);
    this.metrics?.subscriptionDelta(1);
    try {
      const stop = await definition.subscribe(params, sink, { protocol: this.protocol, session: this });
      // The connection closed (or the sink ended) while it started: stop it at once.
      if (this.subscriptions.get(id) !== sub) stop();
      else sub.stop = stop;
    } catch (err) {
      if (this.subscriptions.delete(id)) this.metrics?.subscriptionDelta(-1);
      throw err;
    }
    return id;
  }

  /** Sends the items a subscription produced before its id reached the client, then streams the rest. */
  activate(id: string): void {
    const sub = this.subscriptions.get(id);
    if (sub === undefined) return;
    sub.active = true;
    const queued = sub.queue;
    sub.queue = [];
    for (const text of queued) if (!this.sendFrame(text)) return;
    if (sub.ending === true) this.drop(id);
  }

  /** `unsubscribe` by a client: true when `id` named one of this connection's `notification` streams. */
  unsubscribe(notification: string, id: unknown): boolean {
    if (typeof id !== 'string' && typeof id !== 'number') return false;
    const key = String(id);
    const sub = this.subscriptions.get(key);
    if (sub === undefined || sub.notification !== notification) return false;
    this.subscriptions.delete(key);
    this.metrics?.subscriptionDelta(-1);
    stopQuietly(sub);
    return true;
  }

  /** Ends a subscription from the server side (its items already sent stay sent). */
  private drop(id: string): void {
    const sub = this.subscriptions.get(id);
    if (sub === undefined) return;
    this.subscriptions.delete(id);
    this.metrics?.subscriptionDelta(-1);
    // Let the caller finish its own send before the handle goes.
    queueMicrotask(() => stopQuietly(sub));
  }

  /** The connection is gone: stop every subscription. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const subs = [...this.subscriptions.values()];
    this.subscriptions.clear();
    this.metrics?.subscriptionDelta(-subs.length);
    for (const sub of subs) stopQuietly(sub);
  }
}

function stopQuietly(sub: Subscription): void {
  try {
    sub.stop?.();
  } catch {
    // A failing cleanup must not keep the others from running.
  }
}
