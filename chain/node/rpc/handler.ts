/**
 * JSON-RPC 2.0 message handling, transport-agnostic: parses a frame (one request or a batch), validates
 * each request, runs methods and (un)subscriptions of an `RpcModule`, and serialises the answers with the
 * standard errors. Requests without an `id` are notifications: plain methods run unanswered, and
 * subscribe/unsubscribe calls are ignored (a subscription nobody can name would live forever).
 */
import { errorMessage } from '../../../shared/errors.js';
import type { Logger } from '../../../shared/logger.js';
import type { NodeMetrics } from '../metrics.js';
import {
  invalidParams,
  invalidRequest,
  methodNotFound,
  OVERSIZED_RESPONSE,
  parseError,
  RpcError,
  toRpcError,
} from './errors.js';
import type { CallContext, RpcModule } from './module.js';
import type { Session } from './session.js';

type Id = string | number | null;

export interface Outcome {
  /** Serialized response, undefined for notifications. */
  response?: string;
  /** Subscription to activate once the response is on the wire. */
  activate?: string;
  /** Work the method asked to run once the response is on the wire (`CallContext.afterResponse`). */
  after?: Array<() => void>;
}

export type Outcomes = Outcome[] & { batch?: boolean };

export interface HandlerOptions {
  module: RpcModule;
  log: Logger;
  metrics?: NodeMetrics;
  maxResponseBytes: number;
}

export class RpcHandler {
  constructor(private readonly options: HandlerOptions) {}

  /** Parses one frame (single request or batch) and runs it. */
  async process(text: string, session: Session): Promise<Outcomes> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return [{ response: frame(null, { error: parseError() }) }];
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return [{ response: frame(null, { error: invalidRequest() }) }];
      const outcomes = await Promise.all(parsed.map((req) => this.call(req, session)));
      return Object.assign(outcomes, { batch: true });
    }
    return [await this.call(parsed, session)];
  }

  private async call(req: unknown, session: Session): Promise<Outcome> {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      return { response: frame(null, { error: invalidRequest() }) };
    }
    const r = req as Record<string, unknown>;
    const hasId = Object.hasOwn(r, 'id');
    const id = r.id;
    if (hasId && id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
      return { response: frame(null, { error: invalidRequest() }) };
    }
    const replyId = (hasId ? id : null) as Id;
    if (r.jsonrpc !== '2.0' || typeof r.method !== 'string') {
      return { response: frame(replyId, { error: invalidRequest() }) };
    }
    const method = r.method;
    const { module, log, metrics, maxResponseBytes } = this.options;
    const isSubscription = module.subscriptions.has(method) || module.unsubscribes.has(method);
    // A notification never creates (or ends) a subscription: its id could never reach the client.
    if (!hasId && isSubscription) return {};
    const started = performance.now();
    const params = r.params;
    let outcome: Outcome;
    let isError = false;
    if (params !== undefined && !Array.isArray(params)) {
      isError = true;
      outcome = { response: frame(replyId, { error: invalidParams('params must be an array') }) };
    } else {
      try {
        outcome = await this.dispatch(method, (params ?? []) as unknown[], session, replyId);
      } catch (err) {
        isError = true;
        const { error, unexpected } = toRpcError(err);
        if (unexpected) log.error({ method, err: errorMessage(err) }, 'RPC method failed');
        outcome = { response: frame(replyId, { error }) };
      }
    }
    const known = module.methods.has(method) || isSubscription;
    metrics?.rpcCall(
      session.protocol,
      known ? method : 'unknown',
      isError,
      (performance.now() - started) / 1000,
    );
    // Requests without an id are notifications: run, never answer.
    if (!hasId) return outcome.after === undefined ? {} : { after: outcome.after };
    if (outcome.response !== undefined && outcome.response.length > maxResponseBytes) {
      const error = new RpcError(
        OVERSIZED_RESPONSE,
        'Response is too big',
        `Exceeded max limit of ${maxResponseBytes}`,
      );
      return { response: frame(replyId, { error }) };
    }
    return outcome;
  }

  private async dispatch(method: string, params: unknown[], session: Session, id: Id): Promise<Outcome> {
    const { module } = this.options;
    const after: Array<() => void> = [];
    const ctx: CallContext = { protocol: session.protocol, session, afterResponse: (fn) => after.push(fn) };
    const handler = module.methods.get(method);
    if (handler !== undefined) {
      const response = frame(id, { result: (await handler(params, ctx)) ?? null });
      return after.length === 0 ? { response } : { response, after };
    }

    const definition = module.subscriptions.get(method);
    const unsubscribeOf = module.unsubscribes.get(method);
    if (session.protocol === 'http' && (definition !== undefined || unsubscribeOf !== undefined)) {
      throw methodNotFound();
    }
    if (definition !== undefined) {
      const subId = await session.subscribe(definition, params);
      return { response: frame(id, { result: subId }), activate: subId };
    }
    if (unsubscribeOf !== undefined) {
      return { response: frame(id, { result: session.unsubscribe(unsubscribeOf, params[0]) }) };
    }
    throw methodNotFound();
  }
}

export function frame(id: Id, body: { result: unknown } | { error: RpcError }): string {
  if ('error' in body) return JSON.stringify({ jsonrpc: '2.0', error: body.error.toWire(), id });
  return JSON.stringify({ jsonrpc: '2.0', result: body.result, id });
}

/** The frame answering `outcomes`: one response, a batch array, or nothing (notifications only). */
export function joinResponses(outcomes: Outcomes): string | undefined {
  const responses = outcomes.map((o) => o.response).filter((r): r is string => r !== undefined);
  if (outcomes.batch === true) return responses.length === 0 ? undefined : `[${responses.join(',')}]`;
  return responses[0];
}
