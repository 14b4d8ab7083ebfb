/**
 * `POST /v1/verify` (a provenance record as the body) and `GET /v1/verify?…` (its fields as query
 * parameters: `probabilities` comma-separated, `info.payload` / `info.requestHash` / … for `info`).
 */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { BODY_SCHEMAS, parseVerifyRequest, type VerifyRequest } from '../schemas.js';
import { verifyRecord } from '../verify.js';
import { requireJson } from './classify.js';

export function verifyRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.post<{ Body: VerifyRequest }>(
    '/v1/verify',
    { schema: { body: BODY_SCHEMAS.verify }, preValidation: requireJson },
    (request) => verifyRecord(request.body, ctx.view.miners()),
  );
  app.get<{ Querystring: Record<string, unknown> }>('/v1/verify', (request) =>
    verifyRecord(parseVerifyRequest(verifyQuery(request.query)), ctx.view.miners()),
  );
}

const NUMBERS = new Set(['uid', 'batchSize', 'latencyMs', 'inferenceMs', 'index']);

/** Query parameters as a record (numbers parsed); a repeated parameter stays an array and is refused. */
function verifyQuery(params: Record<string, unknown>): unknown {
  const record: Record<string, unknown> = {};
  const info: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const parsed =
      typeof value !== 'string'
        ? value
        : key === 'probabilities'
          ? value.split(',').map(Number)
          : NUMBERS.has(key)
            ? Number(value)
            : value;
    if (key.startsWith('info.')) info[key.slice(5)] = parsed;
    else record[key] = parsed;
  }
  if (Object.keys(info).length > 0) record.info = info;
  return record;
}
