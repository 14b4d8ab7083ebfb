import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleDigest,
  canonicalBundleManifest,
  parseBundleManifest,
  readBundle,
  verifyBundle,
} from '../../../shared/models/bundle.js';
import { ModelError } from '../../../shared/models/errors.js';
import { writeRandomBagModel } from '../../../testkit/bag-model.js';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-bundle-'));
  dir = join(root, 'model');
  await writeRandomBagModel(dir, 7);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('model bundle digest', () => {
  it('covers model.json and the ONNX file, in the documented canonical form', async () => {
    const bundle = await readBundle(dir);
    const json = await readFile(join(dir, 'model.json'));
    const onnx = await readFile(join(dir, 'model.onnx'));
    // Recomputed by hand from the documented rule, independent of the implementation's helpers.
    const expected =
      '{"format":"expertnet-bundle","version":1,"files":[' +
      `{"path":"model.json","sha256":"${sha(json)}","size":${json.length}},` +
      `{"path":"model.onnx","sha256":"${sha(onnx)}","size":${onnx.length}}]}`;
    expect(new TextDecoder().decode(bundle.manifestBytes)).toBe(expected);
    expect(bundle.digest).toBe(sha(new TextEncoder().encode(expected)));
    expect(bundle.totalBytes).toBe(json.length + onnx.length);
    await expect(verifyBundle(dir, bundle.digest)).resolves.toMatchObject({ digest: bundle.digest });
  });

  it('changes when any byte of the bundle changes, and verifyBundle says so', async () => {
    const copy = join(root, 'copy');
    await writeRandomBagModel(copy, 7);
    const before = await readBundle(copy);
    await appendFile(join(copy, 'model.onnx'), new Uint8Array([0]));
    const after = await readBundle(copy);
    expect(after.digest).not.toBe(before.digest);
    const err = await verifyBundle(copy, before.digest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).type).toMatchObject({ code: 'BUNDLE_MISMATCH', expected: before.digest });
  });

  it('parses only canonical manifests (one digest, one manifest)', async () => {
    const { manifestBytes, manifest } = await readBundle(dir);
    expect(parseBundleManifest(manifestBytes)).toEqual(manifest);
    const text = new TextDecoder().decode(manifestBytes);
    const bad = (s: string) => () => parseBundleManifest(new TextEncoder().encode(s));
    expect(bad(text.replace('{"format"', '{ "format"'))).toThrow(/canonical/);
    expect(bad(text.replace('"version":1', '"version":2'))).toThrow(/version/);
    expect(bad(text.replace('"path":"model.json"', '"path":"../model.json"'))).toThrow(/plain file name/);
    expect(bad(text.replace(/"size":\d+/, '"size":-1'))).toThrow(/size/);
    expect(bad('[]')).toThrow(ModelError);
    expect(bad('\u00ff')).toThrow(/JSON/);
    const files = manifest.files;
    const reversed = text.replace(
      /\[.*\]/,
      `[${files
        .map((f) => JSON.stringify(f))
        .reverse()
        .join(',')}]`,
    );
    expect(bad(reversed)).toThrow(/canonical/);
  });

  it('refuses duplicate or missing files', async () => {
    const f = { path: 'a.bin', sha256: '0'.repeat(64), size: 1 };
    expect(() => canonicalBundleManifest([f, f])).toThrow(/duplicate/);
    expect(() => canonicalBundleManifest([])).toThrow(/1\.\.16/);
    expect(bundleDigest(canonicalBundleManifest([f]))).toMatch(/^[0-9a-f]{64}$/);
    const broken = join(root, 'broken');
    await writeRandomBagModel(broken, 3);
    await writeFile(join(broken, 'model.json'), '{"format": 1}');
    await expect(readBundle(broken)).rejects.toThrow(ModelError);
  });
});
