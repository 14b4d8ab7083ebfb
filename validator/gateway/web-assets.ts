/**
 * The web page's files (validator/gateway/web: plain HTML/JS/CSS, no build step), read once at start.
 * `tsc` does not copy them to dist/, so a build running from dist/ reads them from the source tree.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface WebAsset {
  contentType: string;
  bytes: Buffer;
}

const FILES: Record<string, string> = {
  '/index.html': 'text/html; charset=utf-8',
  '/app.js': 'text/javascript; charset=utf-8',
  '/style.css': 'text/css; charset=utf-8',
};

const CANDIDATE_DIRS = [
  new URL('./web/', import.meta.url),
  // dist/validator/gateway/ → validator/gateway/web/ of the source tree.
  new URL('../../../validator/gateway/web/', import.meta.url),
];

export async function loadWebAssets(): Promise<Map<string, WebAsset>> {
  for (const dir of CANDIDATE_DIRS) {
    try {
      const assets = new Map<string, WebAsset>();
      for (const [path, contentType] of Object.entries(FILES)) {
        const bytes = await readFile(fileURLToPath(new URL(`.${path}`, dir)));
        assets.set(path, { contentType, bytes });
      }
      return assets;
    } catch {
      // try the next place
    }
  }
  // The API works without the page; `/` answers 404 then.
  return new Map();
}
