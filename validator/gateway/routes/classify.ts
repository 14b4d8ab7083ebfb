/** `POST /v1/classify`: texts of a domain → the best miners' answer with signed provenance. */
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { authenticate, rateLimit, requireCaller } from '../auth.js';
import type { Caller, GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import { BODY_SCHEMAS } from '../schemas.js';
import type { ClassifyRequest, ClassifyResponse } from '../types.js';

export function classifyRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.post<{ Body: ClassifyRequest }>(
    '/v1/classify',
    {
      schema: { body: BODY_SCHEMAS.classify },
      onRequest: authenticate(ctx),
      preValidation: [requireJson, rateLimit(ctx, 'classify')],
    },
    (request) => classify(ctx, requireCaller(request), request.body),
  );
}

/** Routes a checked request and counts it in the caller's usage (the WebSocket API shares this). */
export async function classify(
  ctx: GatewayContext,
  who: Caller,
  request: ClassifyRequest,
): Promise<ClassifyResponse> {
  try {
    const response = await ctx.router.classify(request);
    ctx.ledger.recordKey(who.id, request.texts.length, true);
    return response;
  } catch (err) {
    ctx.ledger.recordKey(who.id, request.texts.length, false);
    throw err;
  }
}

/** A POST without a JSON body (no content type at all) is a 415, as one with another type is. */
export const requireJson: preValidationAsyncHookHandler = async (request) => {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new GatewayError(
      { code: 'UNSUPPORTED_MEDIA_TYPE' },
      'send the body as Content-Type: application/json',
    );
  }
};
