/**
 * Bundle downloads (validator/verify/download.ts) from real miners (MinerServer serving a real bag-model
 * bundle) and from hand-driven miners that misbehave: each bad input ends with the right reason and a
 * clear detail, the cache stays within budget, and an interrupted download resumes after a restart.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleDigest, readBundle } from '../../../shared/models/bundle.js';
import {
  BUNDLE_CHUNK_MAX,
  encodeBundleChunkPayload,
  encodeBundleManifestPayload,
  encodeFrame,
} from '../../../shared/protocol/index.js';
import { writeRandomBagModel } from '../../../testkit/bag-model.js';
import { fakeMinerKey, type Misbehaviour, startFakeMiner } from '../../../testkit/fake-miner.js';
import { BundleCache } from '../../../validator/verify/bundle-cache.js';
import { type DownloadOptions, downloadBundle } from '../../../validator/verify/download.js';
import { startTestMiner, type TestMiner } from '../../miner/helpers.js';
import { connectionsOfThisFile, endpointOf, failureOf } from '../miners/helpers.js';

const open = connectionsOfThisFile();
const CHUNK = 64 * 1024;
const options: DownloadOptions = { maxBytes: 64 << 20, deadlineMs: 20_000, chunkBytes: CHUNK };

let root: string;
let bundle: Bundle;
let other: Bundle;
let miner: TestMiner;
let caches = 0;

/** A fresh cache (its own directory) unless `dir` is given (a restart). */
function cacheAt(dir = join(root, `cache-${caches++}`), budgetBytes = 64 << 20): BundleCache {
  return new BundleCache({ dir, budgetBytes });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-download-'));
  await Promise.all([writeRandomBagModel(join(root, 'a'), 1), writeRandomBagModel(join(root, 'b'), 2)]);
  [bundle, other] = await Promise.all([readBundle(join(root, 'a')), readBundle(join(root, 'b'))]);
  miner = await startTestMiner({ bundle });
});
afterAll(async () => {
  await miner?.close();
  await rm(root, { recursive: true, force: true });
});

async function fake(behaviour: Misbehaviour) {
  const server = await startFakeMiner(behaviour);
  const connection = await open(endpointOf(server.port, fakeMinerKey.address));
  return { connection, close: () => server.close() };
}

describe('from a real miner', () => {
  it('downloads, verifies and caches the committed bundle; the next call is served from the cache', async () => {
    const connection = await open(endpointOf(miner.server.port));
    expect(connection.admittedInfo.bundleDigest).toBe(bundle.digest);
    expect(connection.admittedInfo.executionProvider).toBe('cpu');
    const cache = cacheAt();
    // Classify requests keep flowing while the bundle downloads (it never takes their slots).
    const [result, classified] = await Promise.all([
      downloadBundle(connection, bundle.digest, cache, options),
      Promise.all(Array.from({ length: 8 }, (_, i) => connection.classify([`text ${i}`]))),
    ]);
    expect(classified).toHaveLength(8);
    expect(result).toMatchObject({ ok: true, bytes: bundle.totalBytes });
    if (!result.ok) return;
    expect((await readBundle(result.dir)).digest).toBe(bundle.digest);
    expect(cache.has(bundle.digest)).toBe(true);
    expect(cache.usedBytes).toBe(bundle.totalBytes);
    expect(await downloadBundle(connection, bundle.digest, cache, options)).toEqual({
      ok: true,
      dir: result.dir,
      bytes: 0,
    });
  });

  it('MODEL_MISMATCH when the served bundle is not the committed one', async () => {
    const connection = await open(endpointOf(miner.server.port));
    const cache = cacheAt();
    const result = await downloadBundle(connection, other.digest, cache, options);
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
    expect(!result.ok && result.detail).toContain(`hashes to ${bundle.digest}`);
    expect(cache.usedBytes).toBe(0);
  });

  it('MODEL_UNAVAILABLE for a bundle over the size cap, before any chunk is fetched', async () => {
    const connection = await open(endpointOf(miner.server.port));
    const cache = cacheAt();
    const result = await downloadBundle(connection, bundle.digest, cache, { ...options, maxBytes: 1000 });
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_UNAVAILABLE' });
    expect(!result.ok && result.detail).toMatch(/over the 1000-byte download cap/);
    expect(cache.usedBytes).toBe(0);
  });

  it('resumes an interrupted download after a restart, fetching only the missing bytes', async () => {
    const dir = join(root, 'resume-cache');
    let served = 0;
    const cut = await fake({
      bundle,
      request: (ctx) => {
        if (ctx.frame.type === 'bundle_chunk' && ++served > 2) ctx.ws.terminate();
        else ctx.answer();
      },
    });
    const first = await downloadBundle(cut.connection, bundle.digest, cacheAt(dir), options);
    await cut.close();
    expect(first).toMatchObject({ ok: false, reason: 'MODEL_UNAVAILABLE' });
    expect(!first.ok && first.detail).toMatch(/CLOSED|UNREACHABLE/);
    // Restart: a new cache on the same directory finds the partial bytes and counts them.
    // Two chunks were served: model.json (one short chunk) and the first CHUNK bytes of the ONNX file.
    const kept = (bundle.manifest.files[0]?.size ?? 0) + CHUNK;
    const restarted = cacheAt(dir);
    expect(restarted.usedBytes).toBe(kept);
    const connection = await open(endpointOf(miner.server.port));
    const second = await downloadBundle(connection, bundle.digest, restarted, options);
    expect(second).toMatchObject({ ok: true, bytes: bundle.totalBytes - kept });
    if (second.ok) expect((await readBundle(second.dir)).digest).toBe(bundle.digest);
  });

  it('refuses bundle requests the wire does not allow before sending them (INVALID_REQUEST)', async () => {
    const connection = await open(endpointOf(miner.server.port));
    for (const [path, offset, length] of [
      ['../model.json', 0, 10],
      ['model.json', -1, 10],
      ['model.json', 0, 0],
      ['model.json', 0, BUNDLE_CHUNK_MAX + 1],
    ] as const) {
      const failure = await failureOf(connection.bundleChunk(path, offset, length));
      expect(failure.failure).toBe('INVALID_REQUEST');
    }
    // The connection is fine afterwards.
    expect((await connection.bundleManifest()).digest).toBe(bundle.digest);
  });

  it('throws (nobody to blame) when the caller aborts', async () => {
    const connection = await open(endpointOf(miner.server.port));
    const cache = cacheAt();
    await expect(
      downloadBundle(connection, bundle.digest, cache, { ...options, signal: AbortSignal.abort() }),
    ).rejects.toThrow(/abort/i);
  });
});

describe('from a miner that misbehaves', () => {
  const chunkOf = (path: string, offset: number, data: Uint8Array) =>
    encodeBundleChunkPayload({ kind: 'bundle_chunk', path, offset, data });

  it('MODEL_MISMATCH for a manifest that hashes to its commitment but is not canonical', async () => {
    const loose = new TextEncoder().encode(
      JSON.stringify(JSON.parse(new TextDecoder().decode(bundle.manifestBytes)), null, 1),
    );
    const digest = bundleDigest(loose);
    const m = await fake({ bundle: { dir: bundle.dir, digest, manifestBytes: loose } });
    const result = await downloadBundle(m.connection, digest, cacheAt(), options);
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
    expect(!result.ok && result.detail).toMatch(/manifest is invalid.*canonical/);
  });

  it('MODEL_MISMATCH for file bytes that do not hash to the manifest; nothing is kept', async () => {
    const tampered = join(root, 'tampered');
    await cp(bundle.dir, tampered, { recursive: true });
    const onnx = join(tampered, bundle.model.onnx.file);
    const bytes = await readFile(onnx);
    bytes.writeUInt8(bytes.readUInt8(0) ^ 0xff, 0);
    await writeFile(onnx, bytes);
    const m = await fake({
      bundle: { dir: tampered, digest: bundle.digest, manifestBytes: bundle.manifestBytes },
    });
    const cache = cacheAt();
    const result = await downloadBundle(m.connection, bundle.digest, cache, options);
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
    expect(!result.ok && result.detail).toContain(`${bundle.model.onnx.file}: the served bytes hash to`);
    expect(cache.usedBytes).toBe(0);
  });

  it('MODEL_MISMATCH for a chunk longer than asked, or one that is not a chunk payload', async () => {
    for (const payload of [
      (path: string, offset: number, length: number) => chunkOf(path, offset, new Uint8Array(length + 1)),
      () => new TextEncoder().encode('not msgpack at all'),
    ]) {
      const m = await fake({
        bundle,
        request: (ctx) =>
          ctx.frame.type === 'bundle_chunk'
            ? ctx.reply(payload(ctx.frame.path, ctx.frame.offset, ctx.frame.length))
            : ctx.answer(),
      });
      const result = await downloadBundle(m.connection, bundle.digest, cacheAt(), options);
      await m.close();
      expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
      expect(!result.ok && result.detail).toMatch(
        /MALFORMED.*(longer than the \d+ bytes asked|not valid MessagePack)/,
      );
    }
  });

  it('MODEL_MISMATCH for a short chunk in the middle of a file', async () => {
    const m = await fake({
      bundle,
      request: (ctx) =>
        ctx.frame.type === 'bundle_chunk'
          ? ctx.reply(chunkOf(ctx.frame.path, ctx.frame.offset, new Uint8Array(1)))
          : ctx.answer(),
    });
    const result = await downloadBundle(m.connection, bundle.digest, cacheAt(), options);
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
    expect(!result.ok && result.detail).toMatch(/1 bytes at 0, asked/);
  });

  it('MODEL_UNAVAILABLE when the miner refuses to serve its bundle', async () => {
    const m = await fake({}); // no bundle: bundle requests get BAD_REQUEST
    const result = await downloadBundle(m.connection, bundle.digest, cacheAt(), options);
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_UNAVAILABLE' });
    expect(!result.ok && result.detail).toMatch(/manifest: REFUSED.*BAD_REQUEST no bundle/);
  });

  it('MODEL_UNAVAILABLE at the deadline when the download never completes', async () => {
    const m = await fake({
      bundle,
      request: (ctx) => (ctx.frame.type === 'bundle_chunk' ? undefined : ctx.answer()),
    });
    const result = await downloadBundle(m.connection, bundle.digest, cacheAt(), {
      ...options,
      deadlineMs: 300,
    });
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_UNAVAILABLE' });
    expect(!result.ok && result.detail).toMatch(/TIMEOUT|did not complete within 300 ms/);
  });

  it('ignores endless extra chunks: only the bytes asked for are written, within the budget', async () => {
    const m = await fake({
      bundle,
      request: (ctx) => {
        ctx.answer();
        if (ctx.frame.type !== 'bundle_chunk') return;
        // The same answer again and again, and answers to requests never made.
        for (let i = 0; i < 20; i++) ctx.answer();
        const { path, offset, length } = ctx.frame;
        for (let id = 1; id <= 20; id++) {
          const stray = {
            type: 'response' as const,
            id: ctx.frame.id + id,
            payload: chunkOf(path, offset, new Uint8Array(length)),
            signature: new Uint8Array(64),
          };
          ctx.ws.send(encodeFrame(stray));
        }
      },
    });
    const cache = cacheAt(undefined, bundle.totalBytes);
    const result = await downloadBundle(m.connection, bundle.digest, cache, options);
    await m.close();
    expect(result).toMatchObject({ ok: true, bytes: bundle.totalBytes });
    expect(cache.usedBytes).toBe(bundle.totalBytes);
    if (result.ok) expect((await readBundle(result.dir)).digest).toBe(bundle.digest);
  });

  it('MODEL_MISMATCH when the miner names another digest than the one its manifest hashes to', async () => {
    const m = await fake({
      bundle,
      request: (ctx) =>
        ctx.frame.type === 'bundle_manifest'
          ? ctx.reply(
              encodeBundleManifestPayload({
                kind: 'bundle_manifest',
                digest: other.digest,
                manifest: bundle.manifestBytes,
              }),
            )
          : ctx.answer(),
    });
    const result = await downloadBundle(m.connection, bundle.digest, cacheAt(), options);
    await m.close();
    expect(result).toMatchObject({ ok: false, reason: 'MODEL_MISMATCH' });
    expect(!result.ok && result.detail).toContain(`names digest ${other.digest}`);
  });
});
