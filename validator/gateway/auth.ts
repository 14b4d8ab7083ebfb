/**
 * API keys and rate limits as fastify hooks: `authenticate` (onRequest) finds the caller before the
 * body is read, `rateLimit` (preValidation) takes a token of the caller's bucket before the body is
 * checked. The buckets are the gateway's own per-key token buckets (rate-limits.ts): each key carries
 * its own rate and burst, and WebSocket messages draw from the same bucket as HTTP requests, which
 * `@fastify/rate-limit` (fixed windows, one limit per route) does not do.
 */
import type { FastifyRequest, onRequestAsyncHookHandler, preValidationAsyncHookHandler } from 'fastify';
import type { Caller, GatewayContext } from './context.js';
import { GatewayError } from './errors.js';

/** The caller of `req`: its key (header, X-API-Key, or `queryKey` for browsers' WebSockets) or its IP. */
export async function callerOf(ctx: GatewayContext, req: FastifyRequest, queryKey?: string): Promise<Caller> {
  if (!ctx.keys) {
    return { id: `ip:${req.ip ?? 'unknown'}`, name: 'anonymous', rateLimit: ctx.anonymousLimit };
  }
  const header = req.headers.authorization;
  const key =
    (header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined) ??
    first(req.headers['x-api-key']) ??
    queryKey;
  if (!key) {
    throw new GatewayError(
      { code: 'UNAUTHORIZED' },
      'an API key is required (Authorization: Bearer <key> or X-API-Key)',
    );
  }
  await ctx.keys
    .refresh()
    .catch((err) => ctx.log.error({ err }, 'gateway keys file unreadable; keeping the last keys'));
  const record = ctx.keys.authenticate(key);
  if (!record) throw new GatewayError({ code: 'UNAUTHORIZED' }, 'unknown or revoked API key');
  return { id: record.id, name: record.name, rateLimit: record.rateLimit };
}

/** Takes one token of `who`'s bucket, or throws RATE_LIMITED (429 with Retry-After). */
export function admit(ctx: GatewayContext, who: Caller, route: string): void {
  const waitMs = ctx.limits.take(who.id, who.rateLimit);
  if (waitMs > 0) {
    ctx.metrics.rateLimited.inc({ route });
    throw new GatewayError(
      { code: 'RATE_LIMITED', retryAfterMs: waitMs },
      `rate limit of ${who.rateLimit.perSecond}/s (burst ${who.rateLimit.burst}) exceeded; retry in ${waitMs} ms`,
    );
  }
}

/** onRequest hook: sets `request.caller` (the WebSocket route also accepts `?key=`). */
export function authenticate(
  ctx: GatewayContext,
  options: { queryKey?: boolean } = {},
): onRequestAsyncHookHandler {
  return async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    const queryKey = options.queryKey && typeof query?.key === 'string' ? query.key : undefined;
    request.caller = await callerOf(ctx, request, queryKey);
  };
}

/** preValidation hook: one token per request, counted under `route` when refused. */
export function rateLimit(ctx: GatewayContext, route: string): preValidationAsyncHookHandler {
  return async (request) => {
    admit(ctx, requireCaller(request), route);
  };
}

/** The caller `authenticate` set; a route without that hook is a wiring bug. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw new GatewayError({ code: 'INTERNAL' }, 'route has no authenticate hook');
  return request.caller;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
