/** `GET /healthz` and `GET /metrics` (Prometheus text of the gateway's registry). */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';

export function healthRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/healthz', () => {
    const miners = ctx.view.miners();
    return {
      status: 'ok',
      block: ctx.view.block(),
      miners: miners.filter((m) => m.endpoint.port > 0).length,
      domains: [...new Set(miners.map((m) => m.domain))].sort(),
      auth: ctx.keys ? 'api-key' : 'none',
    };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(ctx.registry.contentType);
    return ctx.registry.metrics();
  });
}
