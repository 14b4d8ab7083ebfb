/**
 * `GET /v1/evidence?uid=&limit=` (newest first: id, miner, bundle digest, max |Δp|, ...) and
 * `GET /v1/evidence/:id` (the record's exact file bytes: save them and run `expertnet audit
 * check-evidence FILE --bundle DIR`). Without an evidence store the list is empty.
 */
import type { FastifyInstance } from 'fastify';
import { EVIDENCE_ID } from '../../verify/evidence-store.js';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';

const MAX_LIMIT = 1000;

export function evidenceRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.get<{ Querystring: { uid?: unknown; limit?: unknown } }>('/v1/evidence', async (request) => {
    const uid = integerParam(request.query.uid, 'uid', 0, 0xffff);
    const limit = integerParam(request.query.limit, 'limit', 1, MAX_LIMIT) ?? 100;
    const evidence = ctx.evidence
      ? await ctx.evidence.list({ ...(uid === undefined ? {} : { uid }), limit })
      : [];
    return { block: ctx.view.block(), evidence };
  });

  app.get<{ Params: { id: string } }>('/v1/evidence/:id', async (request, reply) => {
    const { id } = request.params;
    if (!EVIDENCE_ID.test(id)) {
      throw new GatewayError({ code: 'BAD_REQUEST', field: 'id' }, 'id must be 32 lowercase hex characters');
    }
    const bytes = await ctx.evidence?.get(id);
    if (!bytes) {
      throw new GatewayError({ code: 'NOT_FOUND', path: `/v1/evidence/${id}` }, `no evidence ${id}`);
    }
    // The stored bytes as they are: their canonical form is part of what check-evidence verifies.
    reply.type('application/json; charset=utf-8');
    return reply.send(Buffer.from(bytes));
  });
}

function integerParam(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new GatewayError({ code: 'BAD_REQUEST', field }, `${field} must be an integer in [${min}, ${max}]`);
  }
  return n;
}
