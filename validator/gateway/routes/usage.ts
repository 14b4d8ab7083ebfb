/** `GET /v1/usage`: the caller's own counters and rate limit. */
import type { FastifyInstance } from 'fastify';
import { authenticate, rateLimit, requireCaller } from '../auth.js';
import type { GatewayContext } from '../context.js';

export function usageRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.get(
    '/v1/usage',
    { onRequest: authenticate(ctx), preValidation: rateLimit(ctx, 'usage') },
    (request) => {
      const who = requireCaller(request);
      return { id: who.id, name: who.name, rateLimit: who.rateLimit, usage: ctx.ledger.key(who.id) ?? null };
    },
  );
}
