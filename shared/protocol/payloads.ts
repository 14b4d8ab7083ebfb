/**
 * Response payloads: encoders (miner side; the signature covers these exact bytes) and strict decoders
 * (validator side, after the signature was checked), each checking the shape against the request.
 */
import { Encoder } from '@msgpack/msgpack';
import { BUNDLE_MANIFEST_MAX, DEFAULT_LIMITS, type ProtocolLimits } from './constants.js';
import type { BundleChunkPayload, BundleManifestPayload, ClassifyPayload, InfoPayload } from './messages.js';
import {
  array,
  bytes,
  type Check,
  type Ctx,
  decodeMap,
  fail,
  hex64,
  literal,
  MAX_NAME_CHARS,
  type Schema,
  str,
  uint,
  validate,
} from './strict.js';

const EXECUTION_PROVIDER = /^[A-Za-z0-9_.:-]{1,32}$/;

const encoder = new Encoder({ ignoreUndefined: true });
// Probabilities travel as float32 (half the bytes of float64); integers stay integers.
const float32Encoder = new Encoder({ ignoreUndefined: true, forceFloat32: true });

export function encodeInfoPayload(payload: InfoPayload): Uint8Array {
  return encoder.encode(payload);
}

export function encodeBundleManifestPayload(payload: BundleManifestPayload): Uint8Array {
  return encoder.encode(payload);
}

export function encodeBundleChunkPayload(payload: BundleChunkPayload): Uint8Array {
  return encoder.encode(payload);
}

/** Probabilities (and inferenceMs) are rounded to float32 here; the signature covers these bytes. */
export function encodeClassifyPayload(payload: ClassifyPayload): Uint8Array {
  return float32Encoder.encode(payload);
}

const INFO_SCHEMA: Schema = {
  kind: literal('info'),
  protocolVersion: uint,
  domain: str(MAX_NAME_CHARS),
  task: str(MAX_NAME_CHARS),
  labels: array(str(MAX_NAME_CHARS), (ctx) => ({ min: 1, max: ctx.limits.maxLabels })),
  modelSha256: hex64,
  softwareVersion: str(MAX_NAME_CHARS),
  bundleDigest: hex64,
  executionProvider: (v, f, ctx) =>
    typeof v === 'string' && EXECUTION_PROVIDER.test(v)
      ? v
      : fail('BAD_REQUEST', ctx, f, `${f} must be 1..32 of [A-Za-z0-9_.:-]`),
};

export function decodeInfoPayload(data: Uint8Array, limits: ProtocolLimits = DEFAULT_LIMITS): InfoPayload {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'info payload');
  validate(obj, INFO_SCHEMA, ctx);
  return obj as unknown as InfoPayload;
}

export function decodeBundleManifestPayload(
  data: Uint8Array,
  limits: ProtocolLimits = DEFAULT_LIMITS,
): BundleManifestPayload {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'bundle manifest payload');
  validate(
    obj,
    { kind: literal('bundle_manifest'), digest: hex64, manifest: bytes({ max: BUNDLE_MANIFEST_MAX }) },
    ctx,
  );
  return obj as unknown as BundleManifestPayload;
}

/** What a chunk answer must match: the request it answers. */
export interface ChunkExpectation {
  path: string;
  offset: number;
  /** Bytes asked for: the data may be shorter (end of file), never longer. */
  length: number;
}

/** Decodes a chunk payload and checks it answers `expected` (same path and offset, no more bytes). */
export function decodeBundleChunkPayload(
  data: Uint8Array,
  expected: ChunkExpectation,
  limits: ProtocolLimits = DEFAULT_LIMITS,
): BundleChunkPayload {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'bundle chunk payload');
  const same =
    (want: string | number): Check =>
    (v, f, c) =>
      v === want ? v : fail('BAD_REQUEST', c, f, `${f} is not the requested ${want}`);
  validate(
    obj,
    {
      kind: literal('bundle_chunk'),
      path: same(expected.path),
      offset: same(expected.offset),
      data: (v, f, c) => {
        bytes({ max: limits.maxFrameBytes })(v, f, c);
        return (v as Uint8Array).length > expected.length
          ? fail('BAD_REQUEST', c, f, `${f} is longer than the ${expected.length} bytes asked for`)
          : v;
      },
    },
    ctx,
  );
  return obj as unknown as BundleChunkPayload;
}

export interface ClassifyExpectation {
  /** Number of texts in the request: one vector each. */
  items: number;
  /** Number of labels of the task: the length of every vector. */
  labels: number;
}

const probability: Check = (v, f, ctx) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be a probability in [0, 1]`);

/** Decodes a classify payload and checks its shape against the request it answers. */
export function decodeClassifyPayload(
  data: Uint8Array,
  expected: ClassifyExpectation,
  limits: ProtocolLimits = DEFAULT_LIMITS,
): ClassifyPayload {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'classify payload');
  validate(
    obj,
    {
      kind: literal('classify'),
      probabilities: array(
        array(probability, () => ({ min: expected.labels, max: expected.labels })),
        () => ({ min: expected.items, max: expected.items }),
      ),
      inferenceMs: (v, f, c) =>
        typeof v === 'number' && Number.isFinite(v) && v >= 0
          ? v
          : fail('BAD_REQUEST', c, f, `${f} must be >= 0`),
    },
    ctx,
  );
  return obj as unknown as ClassifyPayload;
}
