/** `GET /v1/miners?domain=` (the subnet table) and `GET /v1/emission` (the page's chart). */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';

export function subnetRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.get<{ Querystring: { domain?: unknown } }>('/v1/miners', (request) => {
    const domain = request.query.domain;
    if (domain !== undefined && (typeof domain !== 'string' || domain.length === 0 || domain.length > 64)) {
      throw new GatewayError({ code: 'BAD_REQUEST', field: 'domain' }, 'domain must be 1..64 characters');
    }
    const miners = ctx.view
      .miners()
      .filter((m) => domain === undefined || m.domain === domain)
      .sort((a, b) => a.domain.localeCompare(b.domain) || b.score - a.score || a.uid - b.uid)
      .map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        domain: m.domain,
        task: m.task,
        labels: m.labels,
        score: m.score,
        ece: m.ece,
        verification: m.verification ?? null,
        incentive: m.incentive,
        emission: m.emission.toString(),
        modelSha256: m.modelSha256,
        serving: m.endpoint.port > 0,
      }));
    return { block: ctx.view.block(), miners };
  });

  app.get('/v1/emission', () => ({ block: ctx.view.block(), epochs: ctx.view.emissionHistory() }));
}
