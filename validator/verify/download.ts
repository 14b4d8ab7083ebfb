/**
 * Downloads a miner's committed bundle over its authenticated connection into the bundle cache:
 * manifest first (must hash to the committed digest and be canonical), then every listed file in
 * chunks of at most BUNDLE_CHUNK_MAX, one request at a time (the connection's bundle table, never a
 * classify slot), each file hashed as it is written and checked against the manifest. The whole
 * download is size-capped (`maxBytes`, checked on the manifest before any chunk) and deadline-capped
 * (`deadlineMs`); bytes already in the cache's partial directory are re-hashed and the download resumes
 * after them (a restart loses nothing but the hashing).
 *
 * Outcomes: `ok` with the cached directory; MODEL_MISMATCH when what the miner serves is not what it
 * committed (manifest digest, non-canonical manifest, a file's bytes, a malformed or wrongly signed
 * chunk); MODEL_UNAVAILABLE when it does not serve it (refusal, disconnect, timeout, over the cap,
 * past the deadline). Problems that are not the miner's (our disk, the cache budget, `signal` aborted)
 * throw, so the caller can try again later without blaming anyone.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleDigest, parseBundleManifest } from '../../shared/models/bundle.js';
import { ModelError } from '../../shared/models/errors.js';
import { BUNDLE_CHUNK_MAX } from '../../shared/protocol/index.js';
import { MinerClientError, type MinerFailure } from '../errors.js';
import type { BundleChunkResult, BundleManifestResult } from '../miners/types.js';
import type { BundleCache } from './bundle-cache.js';

/** The two requests a download needs (a `MinerConnection`). */
export interface BundleSource {
  bundleManifest(options?: { timeoutMs?: number }): Promise<BundleManifestResult>;
  bundleChunk(
    path: string,
    offset: number,
    length: number,
    options?: { timeoutMs?: number },
  ): Promise<BundleChunkResult>;
}

export interface DownloadOptions {
  /** Largest bundle (sum of its files) accepted. */
  maxBytes: number;
  /** The whole download, manifest to last byte, milliseconds. */
  deadlineMs: number;
  /** Aborts the download (shutdown): it then throws, and the partial bytes stay for a resume. */
  signal?: AbortSignal;
  /** Bytes per chunk request (default and most: BUNDLE_CHUNK_MAX). */
  chunkBytes?: number;
}

export type DownloadResult =
  | { ok: true; dir: string; bytes: number }
  | { ok: false; reason: 'MODEL_UNAVAILABLE' | 'MODEL_MISMATCH'; detail: string };

/** Why a download stopped, as the result it becomes. */
class Stop extends Error {
  constructor(
    readonly reason: 'MODEL_UNAVAILABLE' | 'MODEL_MISMATCH',
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Failures of the miner that mean it served something other than it committed. */
const MISMATCH_FAILURES: readonly MinerFailure[] = ['MALFORMED', 'BAD_SIGNATURE'];

/**
 * Fetches bundle `digest` from `source` into `cache` (nothing to do when it is cached). `bytes` in the
 * result counts what crossed the wire this time.
 */
export async function downloadBundle(
  source: BundleSource,
  digest: string,
  cache: BundleCache,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const cached = cache.path(digest);
  if (cached !== undefined) {
    cache.touch(digest);
    return { ok: true, dir: cached, bytes: 0 };
  }
  const deadline = performance.now() + options.deadlineMs;
  const chunkBytes = Math.max(1, Math.min(options.chunkBytes ?? BUNDLE_CHUNK_MAX, BUNDLE_CHUNK_MAX));
  const progress = { bytes: 0, total: 0 };
  let unpin: (() => void) | undefined;
  try {
    const remaining = (): number => {
      options.signal?.throwIfAborted();
      const left = Math.floor(deadline - performance.now());
      if (left <= 0) {
        const done = `${progress.bytes} of ${progress.total || '?'} bytes`;
        throw new Stop(
          'MODEL_UNAVAILABLE',
          `download did not complete within ${options.deadlineMs} ms (${done})`,
        );
      }
      return left;
    };
    const manifest = await ask(() => source.bundleManifest({ timeoutMs: remaining() }), 'manifest');
    const files = checkManifest(manifest, digest, options.maxBytes);
    progress.total = files.reduce((sum, f) => sum + f.size, 0);
    unpin = await cache.reserve(digest, progress.total);
    const dir = cache.partialDir(digest);
    for (const file of files) {
      await fetchFile(source, join(dir, file.path), file, { chunkBytes, remaining, progress });
    }
    remaining();
    return { ok: true, dir: await cache.complete(digest), bytes: progress.bytes };
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    if (err.reason === 'MODEL_MISMATCH') await cache.discard(digest);
    return { ok: false, reason: err.reason, detail: err.detail };
  } finally {
    cache.settle(digest);
    unpin?.();
  }
}

/** The manifest's files when it is the committed one, canonical, runnable and within the cap. */
function checkManifest(answer: BundleManifestResult, digest: string, maxBytes: number) {
  const actual = bundleDigest(answer.manifest);
  if (actual !== digest) {
    throw new Stop('MODEL_MISMATCH', `the served manifest hashes to ${actual}, not the committed ${digest}`);
  }
  if (answer.digest !== digest) {
    throw new Stop('MODEL_MISMATCH', `the miner names digest ${answer.digest}, not the committed ${digest}`);
  }
  let files: ReturnType<typeof parseBundleManifest>['files'];
  try {
    files = parseBundleManifest(answer.manifest).files;
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    throw new Stop('MODEL_MISMATCH', `the committed manifest is invalid: ${err.shortMessage}`);
  }
  if (!files.some((f) => f.path === 'model.json')) {
    throw new Stop('MODEL_MISMATCH', 'the committed manifest lists no model.json');
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > maxBytes) {
    throw new Stop(
      'MODEL_UNAVAILABLE',
      `the bundle of ${total} bytes is over the ${maxBytes}-byte download cap`,
    );
  }
  return files;
}

interface FetchContext {
  chunkBytes: number;
  remaining: () => number;
  progress: { bytes: number; total: number };
}

/**
 * One file: resumes after the bytes already on disk (re-hashed), fetches the rest, checks the sha256.
 * A resumed file that does not verify is fetched once more from the start: its old bytes may have come
 * from another miner.
 */
async function fetchFile(
  source: BundleSource,
  path: string,
  file: { path: string; sha256: string; size: number },
  ctx: FetchContext,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let offset = attempt === 0 ? await existingSize(path, file.size) : 0;
    const resumedFrom = offset;
    const hash = createHash('sha256');
    if (offset > 0) await hashPrefix(path, offset, hash);
    const handle = await open(path, offset > 0 ? 'r+' : 'w');
    try {
      while (offset < file.size) {
        const length = Math.min(ctx.chunkBytes, file.size - offset);
        const at = offset;
        const chunk = await ask(
          () => source.bundleChunk(file.path, at, length, { timeoutMs: ctx.remaining() }),
          file.path,
        );
        if (chunk.data.length !== length) {
          throw new Stop(
            'MODEL_MISMATCH',
            `${file.path}: ${chunk.data.length} bytes at ${at}, asked ${length} (file size ${file.size})`,
          );
        }
        await handle.write(chunk.data, 0, length, at);
        hash.update(chunk.data);
        offset += length;
        ctx.progress.bytes += length;
      }
    } finally {
      await handle.close();
    }
    const actual = hash.digest('hex');
    if (actual === file.sha256) return;
    await truncate(path, 0);
    if (resumedFrom > 0) continue;
    throw new Stop(
      'MODEL_MISMATCH',
      `${file.path}: the served bytes hash to ${actual}, the manifest says ${file.sha256}`,
    );
  }
}

/** Bytes of `path` to keep for a resume: its size when not over `size`, else 0 (then truncated). */
async function existingSize(path: string, size: number): Promise<number> {
  try {
    const current = (await stat(path)).size;
    if (current <= size) return current;
    await truncate(path, 0);
  } catch {
    // Not there yet.
  }
  return 0;
}

async function hashPrefix(path: string, bytes: number, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 }))
    hash.update(chunk as Buffer);
}

/** Runs a request; the miner's failures become the reason the download stops. */
async function ask<T>(request: () => Promise<T>, what: string): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (!(err instanceof MinerClientError)) throw err;
    const reason = MISMATCH_FAILURES.includes(err.failure) ? 'MODEL_MISMATCH' : 'MODEL_UNAVAILABLE';
    throw new Stop(reason, `${what}: ${err.failure}: ${err.shortMessage}`);
  }
}
