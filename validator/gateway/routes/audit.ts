/**
 * The validator's public audit trail (issue 15, docs/audit.md): `GET /v1/audit/epochs` lists the epochs
 * on disk, `GET /v1/audit/epochs/:n` streams one epoch's JSONL. A closed epoch is stored gzip-compressed
 * and sent as is with `Content-Encoding: gzip` to a client that accepts gzip (decompressed on the fly
 * otherwise); the open epoch is compressed on the fly for such a client. No key needed: the trail is
 * public by design.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';

export const AUDIT_EPOCHS_PATH = '/v1/audit/epochs';

function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

export function auditRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  const source = ctx.audit;
  const noTrail = () =>
    new GatewayError(
      { code: 'NOT_FOUND', path: AUDIT_EPOCHS_PATH },
      'this validator publishes no audit trail',
    );

  app.get(AUDIT_EPOCHS_PATH, async () => {
    if (!source) throw noTrail();
    return { epochs: await source.list() };
  });

  app.get<{ Params: { n: string } }>(`${AUDIT_EPOCHS_PATH}/:n`, async (request, reply) => {
    if (!source) throw noTrail();
    const text = request.params.n;
    if (!/^(0|[1-9]\d{0,15})$/.test(text)) {
      throw new GatewayError({ code: 'BAD_REQUEST', field: 'n' }, 'the epoch must be a non-negative integer');
    }
    const epoch = Number(text);
    const file = await source.locate(epoch);
    if (!file) {
      throw new GatewayError(
        { code: 'NOT_FOUND', path: `${AUDIT_EPOCHS_PATH}/${epoch}` },
        `no audit of epoch ${epoch}`,
      );
    }
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    // The open file grows while we send it: send what it held when asked (whole lines: one write per round).
    const raw = createReadStream(file.path, { end: Math.max(0, file.bytes - 1) });
    let body: Readable = raw;
    if (file.gzip && !gzip) body = raw.pipe(createGunzip());
    else if (!file.gzip && gzip) body = raw.pipe(createGzip());
    body.on('error', (err) => ctx.log.warn({ err: err.message, epoch }, 'audit stream failed'));
    reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('vary', 'accept-encoding');
    if (gzip) reply.header('content-encoding', 'gzip');
    if (file.gzip === gzip) reply.header('content-length', String(file.bytes));
    return reply.send(body);
  });
}
