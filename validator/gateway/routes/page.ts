/**
 * The web page: `validator/gateway/web/` (plain HTML, one ES module, one stylesheet) through
 * `@fastify/static`, one route per file (no wildcard: the API's 404s stay the API's), with a strict
 * Content-Security-Policy. `tsc` does not copy the folder to dist/, so a build running from dist/
 * serves it from the source tree; without it the API works and `/` is a 404.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const CANDIDATE_DIRS = [
  new URL('../web/', import.meta.url),
  // dist/validator/gateway/routes/ → validator/gateway/web/ of the source tree.
  new URL('../../../../validator/gateway/web/', import.meta.url),
];

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
};

/** The page's folder, or undefined when neither place has it. */
export function webRoot(): string | undefined {
  for (const dir of CANDIDATE_DIRS) {
    const path = fileURLToPath(dir);
    if (existsSync(`${path}index.html`)) return path;
  }
  return undefined;
}

export async function pageRoutes(app: FastifyInstance): Promise<void> {
  const root = webRoot();
  if (!root) return;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    decorateReply: false,
    setHeaders: (reply) => {
      reply.headers(PAGE_HEADERS);
    },
  });
}
