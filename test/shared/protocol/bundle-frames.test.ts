import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import {
  decodeBundleChunkPayload,
  decodeBundleManifestPayload,
  decodeInfoPayload,
  decodeValidatorFrame,
  encodeBundleChunkPayload,
  encodeBundleManifestPayload,
  encodeFrame,
} from '../../../shared/protocol/codec.js';
import { BUNDLE_CHUNK_MAX, BUNDLE_MANIFEST_MAX } from '../../../shared/protocol/constants.js';
import { ProtocolError } from '../../../shared/protocol/errors.js';
import type { Frame } from '../../../shared/protocol/messages.js';

function errorOf(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('expected a ProtocolError');
}

const chunkRequest = { type: 'bundle_chunk', id: 7, path: 'model.onnx', offset: 0, length: 1024 };
const expected = { path: 'model.onnx', offset: 4096, length: 8 };

describe('bundle request frames', () => {
  it('round-trip', () => {
    const frames: Frame[] = [
      { type: 'bundle_manifest', id: 1 },
      { type: 'bundle_chunk', id: 2, path: 'model.json', offset: 2 ** 40, length: BUNDLE_CHUNK_MAX },
    ];
    for (const frame of frames) expect(decodeValidatorFrame(encodeFrame(frame))).toEqual(frame);
  });

  it('refuse lengths outside 1..BUNDLE_CHUNK_MAX, paths with directories, unknown fields', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...chunkRequest, length: BUNDLE_CHUNK_MAX + 1 }, 'TOO_LARGE', 'length'],
      [{ ...chunkRequest, length: 0 }, 'BAD_REQUEST', 'length'],
      [{ ...chunkRequest, offset: -1 }, 'BAD_REQUEST', 'offset'],
      [{ ...chunkRequest, path: '../secret' }, 'BAD_REQUEST', 'path'],
      [{ ...chunkRequest, path: 'a/b' }, 'BAD_REQUEST', 'path'],
      [{ ...chunkRequest, path: '..' }, 'BAD_REQUEST', 'path'],
      [{ ...chunkRequest, extra: 1 }, 'BAD_REQUEST', 'extra'],
      [{ type: 'bundle_manifest', id: 1, path: 'x' }, 'BAD_REQUEST', 'path'],
    ];
    for (const [frame, code, field] of cases) {
      expect(errorOf(() => decodeValidatorFrame(encode(frame))).type, field).toMatchObject({
        code,
        field,
        id: frame.id,
      });
    }
  });
});

describe('bundle payloads', () => {
  it('round-trip', () => {
    const manifest = {
      kind: 'bundle_manifest' as const,
      digest: 'ab'.repeat(32),
      manifest: Uint8Array.of(123),
    };
    expect(decodeBundleManifestPayload(encodeBundleManifestPayload(manifest))).toEqual(manifest);
    const chunk = {
      kind: 'bundle_chunk' as const,
      path: 'model.onnx',
      offset: 4096,
      data: Uint8Array.of(1, 2),
    };
    expect(decodeBundleChunkPayload(encodeBundleChunkPayload(chunk), expected)).toEqual(chunk);
  });

  it('refuse a chunk longer than asked, for another path or offset, or without data', () => {
    const base = { kind: 'bundle_chunk', path: 'model.onnx', offset: 4096, data: new Uint8Array(8) };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, data: new Uint8Array(9) }, 'data'],
      [{ ...base, path: 'model.json' }, 'path'],
      [{ ...base, offset: 0 }, 'offset'],
      [{ ...base, data: 'bytes' }, 'data'],
      [{ kind: 'bundle_chunk', path: 'model.onnx', offset: 4096 }, 'data'],
      [{ ...base, kind: 'bundle_manifest' }, 'kind'],
    ];
    for (const [payload, field] of cases) {
      expect(errorOf(() => decodeBundleChunkPayload(encode(payload), expected)).type, field).toMatchObject({
        code: 'BAD_REQUEST',
        field,
      });
    }
    // Shorter is fine (end of file).
    expect(
      decodeBundleChunkPayload(encode({ ...base, data: new Uint8Array(3) }), expected).data,
    ).toHaveLength(3);
  });

  it('refuse a manifest payload over the limit, a bad digest, or extra fields', () => {
    const base = { kind: 'bundle_manifest', digest: 'ab'.repeat(32), manifest: new Uint8Array(10) };
    expect(
      errorOf(() =>
        decodeBundleManifestPayload(encode({ ...base, manifest: new Uint8Array(BUNDLE_MANIFEST_MAX + 1) })),
      ).type,
    ).toMatchObject({ code: 'TOO_LARGE', field: 'manifest' });
    expect(
      errorOf(() => decodeBundleManifestPayload(encode({ ...base, digest: 'AB'.repeat(32) }))).type,
    ).toMatchObject({
      field: 'digest',
    });
    expect(errorOf(() => decodeBundleManifestPayload(encode({ ...base, more: 1 }))).type).toMatchObject({
      field: 'more',
    });
  });

  it('info needs a bundle digest and an execution provider name', () => {
    const info = {
      kind: 'info',
      protocolVersion: 2,
      domain: 'd',
      task: 't',
      labels: ['a'],
      modelSha256: 'ab'.repeat(32),
      softwareVersion: '1',
      bundleDigest: 'cd'.repeat(32),
      executionProvider: 'cuda',
    };
    expect(decodeInfoPayload(encode(info))).toEqual(info);
    const { bundleDigest: _, ...noDigest } = info;
    expect(errorOf(() => decodeInfoPayload(encode(noDigest))).type).toMatchObject({ field: 'bundleDigest' });
    for (const executionProvider of ['', 'x'.repeat(33), 'cu da']) {
      expect(errorOf(() => decodeInfoPayload(encode({ ...info, executionProvider }))).type).toMatchObject({
        field: 'executionProvider',
      });
    }
  });
});
