/**
 * Wire encoding (MessagePack, chosen by measurement: see docs/protocol.md and bench/protocol.ts) and
 * strict frame decoding (checks in strict.ts, response payloads in payloads.ts): every incoming frame is size-checked, decoded with bounded lengths, then
 * validated field by field — unknown fields, missing fields and wrong types are refused with a typed
 * `ProtocolError` whose code is what the miner sends back (BAD_REQUEST, TOO_LARGE, UNKNOWN_TYPE).
 */
import { Encoder } from '@msgpack/msgpack';
import { DEFAULT_LIMITS, type ProtocolLimits, type WireErrorCode } from './constants.js';
import { ProtocolError } from './errors.js';
import type { ErrorFrame, Frame, MinerToValidatorFrame, ValidatorToMinerFrame } from './messages.js';
import {
  array,
  bundlePath,
  bytes,
  type Ctx,
  chunkLength,
  decodeMap,
  fail,
  literal,
  MAX_ID,
  MAX_MESSAGE_CHARS,
  nullableRequestId,
  optional,
  requestId,
  type Schema,
  ss58,
  str,
  uint,
  validate,
  wireErrorCode,
} from './strict.js';

export {
  type ChunkExpectation,
  type ClassifyExpectation,
  decodeBundleChunkPayload,
  decodeBundleManifestPayload,
  decodeClassifyPayload,
  decodeInfoPayload,
  encodeBundleChunkPayload,
  encodeBundleManifestPayload,
  encodeClassifyPayload,
  encodeInfoPayload,
} from './payloads.js';

const encoder = new Encoder({ ignoreUndefined: true });

/** Encodes any frame. Encoding is deterministic for a given object (field order as written). */
export function encodeFrame(frame: Frame): Uint8Array {
  return encoder.encode(frame);
}

const VALIDATOR_TO_MINER: Record<ValidatorToMinerFrame['type'], Schema> = {
  auth: {
    type: literal('auth'),
    version: uint,
    minerHotkey: ss58,
    validatorHotkey: ss58,
    timestamp: uint,
    signature: bytes(64),
  },
  info: { type: literal('info'), id: requestId },
  classify: {
    type: literal('classify'),
    id: requestId,
    texts: array(
      (v, f, ctx) => str(ctx.limits.maxTextChars, 'TOO_LARGE')(v, f, ctx),
      (ctx) => ({ min: 1, max: ctx.limits.maxBatch }),
    ),
  },
  bundle_manifest: { type: literal('bundle_manifest'), id: requestId },
  bundle_chunk: {
    type: literal('bundle_chunk'),
    id: requestId,
    path: bundlePath,
    offset: uint,
    length: chunkLength,
  },
};

const MINER_TO_VALIDATOR: Record<MinerToValidatorFrame['type'], Schema> = {
  challenge: { type: literal('challenge'), version: uint, minerHotkey: ss58, nonce: bytes(32) },
  response: {
    type: literal('response'),
    id: requestId,
    payload: (v, f, ctx) => bytes({ max: ctx.limits.maxFrameBytes })(v, f, ctx),
    signature: bytes(64),
  },
  error: {
    type: literal('error'),
    id: nullableRequestId,
    code: wireErrorCode,
    message: str(MAX_MESSAGE_CHARS),
    retryAfterMs: optional(uint),
  },
};

function decodeWith<T>(data: Uint8Array, schemas: Record<string, Schema>, limits: ProtocolLimits): T {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'frame');
  // Read the id first so that any later error can be answered to the right request.
  if (typeof obj.id === 'number' && Number.isInteger(obj.id) && obj.id >= 0 && obj.id <= MAX_ID)
    ctx.id = obj.id;
  const type = obj.type;
  if (typeof type !== 'string') fail('BAD_REQUEST', ctx, 'type', 'frame has no string "type"');
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) fail('UNKNOWN_TYPE', ctx, 'type', `unknown frame type "${type.slice(0, 64)}"`);
  validate(obj, schema, ctx);
  return obj as T;
}

/** Miner side: decodes a frame from a validator, or throws `ProtocolError`. */
export function decodeValidatorFrame(
  data: Uint8Array,
  limits: ProtocolLimits = DEFAULT_LIMITS,
): ValidatorToMinerFrame {
  return decodeWith<ValidatorToMinerFrame>(data, VALIDATOR_TO_MINER, limits);
}

/** Validator side: decodes a frame from a miner, or throws `ProtocolError`. */
export function decodeMinerFrame(
  data: Uint8Array,
  limits: ProtocolLimits = DEFAULT_LIMITS,
): MinerToValidatorFrame {
  return decodeWith<MinerToValidatorFrame>(data, MINER_TO_VALIDATOR, limits);
}

/** The `error` frame a miner sends for a failed request (message trimmed to the wire limit). */
export function errorFrame(
  code: WireErrorCode,
  message: string,
  id: number | null,
  retryAfterMs?: number,
): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', id, code, message: message.slice(0, MAX_MESSAGE_CHARS) };
  if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs;
  return frame;
}

/** Turns a decode failure into the `error` frame to send back; other errors become INTERNAL. */
export function errorFrameFor(err: unknown): ErrorFrame {
  if (err instanceof ProtocolError) return errorFrame(err.code, err.shortMessage, err.type.id ?? null);
  return errorFrame('INTERNAL', 'internal error', null);
}
