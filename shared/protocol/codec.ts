/**
 * Wire encoding (MessagePack, chosen by measurement: see docs/protocol.md and bench/protocol.ts) and
 * the strict decoder: every incoming frame is size-checked, decoded with bounded lengths, then
 * validated field by field — unknown fields, missing fields and wrong types are refused with a typed
 * `ProtocolError` whose code is what the miner sends back (BAD_REQUEST, TOO_LARGE, UNKNOWN_TYPE).
 */
import { DecodeError, Decoder, Encoder } from '@msgpack/msgpack';
import { decodeAddress } from '@polkadot/util-crypto';
import {
  type CloseReason,
  DEFAULT_LIMITS,
  type ProtocolLimits,
  WIRE_ERROR_CODES,
  type WireErrorCode,
} from './constants.js';
import { ProtocolError } from './errors.js';
import type {
  ClassifyPayload,
  ErrorFrame,
  Frame,
  InfoPayload,
  MinerToValidatorFrame,
  ValidatorToMinerFrame,
} from './messages.js';

const MAX_ID = 0xffff_ffff;
const MAX_MESSAGE_CHARS = 1024;
const MAX_NAME_CHARS = 256;

const encoder = new Encoder({ ignoreUndefined: true });
// Probabilities travel as float32 (half the bytes of float64); integers stay integers.
const float32Encoder = new Encoder({ ignoreUndefined: true, forceFloat32: true });

/** Encodes any frame. Encoding is deterministic for a given object (field order as written). */
export function encodeFrame(frame: Frame): Uint8Array {
  return encoder.encode(frame);
}

export function encodeInfoPayload(payload: InfoPayload): Uint8Array {
  return encoder.encode(payload);
}

/** Probabilities (and inferenceMs) are rounded to float32 here; the signature covers these bytes. */
export function encodeClassifyPayload(payload: ClassifyPayload): Uint8Array {
  return float32Encoder.encode(payload);
}

// ---------------------------------------------------------------------------------------------------
// Strict decoding

type Check = (value: unknown, field: string, ctx: Ctx) => unknown;
interface Ctx {
  limits: ProtocolLimits;
  id?: number;
}

function fail(
  code: WireErrorCode,
  ctx: Ctx,
  field: string | undefined,
  message: string,
  closeReason?: CloseReason,
): never {
  throw new ProtocolError({ code, id: ctx.id, field, ...(closeReason ? { closeReason } : {}) }, message);
}

const uint: Check = (v, f, ctx) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be an unsigned integer`);

const requestId: Check = (v, f, ctx) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be an integer in [0, 2^32)`);

function str(maxChars: number, code: WireErrorCode = 'BAD_REQUEST'): Check {
  return (v, f, ctx) => {
    if (typeof v !== 'string') return fail('BAD_REQUEST', ctx, f, `${f} must be a string`);
    if (v.length > maxChars) return fail(code, ctx, f, `${f} is longer than ${maxChars} characters`);
    return v;
  };
}

function bytes(length: number | { max: number }): Check {
  return (v, f, ctx) => {
    if (!(v instanceof Uint8Array)) return fail('BAD_REQUEST', ctx, f, `${f} must be binary`);
    if (typeof length === 'number' && v.length !== length) {
      return fail('BAD_REQUEST', ctx, f, `${f} must be ${length} bytes`);
    }
    if (typeof length === 'object' && v.length > length.max)
      return fail('TOO_LARGE', ctx, f, `${f} is too large`);
    return v;
  };
}

const ss58: Check = (v, f, ctx) => {
  if (typeof v !== 'string') return fail('BAD_REQUEST', ctx, f, `${f} must be an SS58 address`);
  try {
    if (v.length <= 64 && decodeAddress(v).length === 32) return v;
  } catch {
    // fall through to the typed error
  }
  // A string that is not a hotkey: during the handshake that is BAD_HOTKEY (4006), not BAD_FRAME.
  return fail('BAD_REQUEST', ctx, f, `${f} is not a valid SS58 address`, 'BAD_HOTKEY');
};

const literal =
  (expected: string): Check =>
  (v, f, ctx) =>
    v === expected ? v : fail('BAD_REQUEST', ctx, f, `${f} must be "${expected}"`);

function optional(check: Check): Check & { optional: true } {
  return Object.assign((v: unknown, f: string, ctx: Ctx) => check(v, f, ctx), { optional: true as const });
}

function array(item: Check, bounds: (ctx: Ctx) => { min: number; max: number }): Check {
  return (v, f, ctx) => {
    if (!Array.isArray(v)) return fail('BAD_REQUEST', ctx, f, `${f} must be an array`);
    const { min, max } = bounds(ctx);
    if (v.length > max) return fail('TOO_LARGE', ctx, f, `${f} has more than ${max} items`);
    if (v.length < min) return fail('BAD_REQUEST', ctx, f, `${f} needs at least ${min} item(s)`);
    for (let i = 0; i < v.length; i++) {
      try {
        item(v[i], f, ctx);
      } catch (err) {
        // Name the element only on failure: building indexed names for every item costs on hot paths.
        if (!(err instanceof ProtocolError)) throw err;
        const field = `${f}[${i}]${(err.type.field ?? f).slice(f.length)}`;
        throw new ProtocolError({ ...err.type, field }, err.shortMessage.replace(err.type.field ?? f, field));
      }
    }
    return v;
  };
}

const wireErrorCode: Check = (v, f, ctx) =>
  typeof v === 'string' && (WIRE_ERROR_CODES as readonly string[]).includes(v)
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} is not a known error code`);

const nullableRequestId: Check = (v, f, ctx) => (v === null ? v : requestId(v, f, ctx));

type Schema = Record<string, Check & { optional?: true }>;

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

/**
 * Map keys the decoder read during the current `decode` (decoding is synchronous, so one counter
 * serves every cached decoder). The decoder keeps the last of duplicate keys; comparing this count
 * with the keys of the decoded maps finds duplicates without a second parse.
 */
let keysRead = 0;

/** `@msgpack/msgpack` reports a length over its max* options as a DecodeError with this message. */
const LENGTH_LIMIT = /^Max length exceeded: (UTF-8 byte|bin|array|map) length/;

/**
 * Own keys of every map inside `root`, counted until `limit`: duplicates collapse, so the count can
 * only fall short of the keys read, and stopping at the limit keeps the common case to the top map.
 */
function countMapKeys(root: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (count < limit) {
    const value = stack.pop();
    if (value === undefined) break;
    const items = Array.isArray(value) ? value : Object.values(value as object);
    if (!Array.isArray(value)) count += items.length;
    for (const item of items) {
      if (typeof item === 'object' && item !== null && !(item instanceof Uint8Array)) stack.push(item);
    }
  }
  return count;
}

function decoderFor(limits: ProtocolLimits): Decoder {
  return new Decoder({
    maxStrLength: limits.maxTextChars * 4 + 64, // UTF-8 bytes of the longest allowed text
    maxBinLength: limits.maxFrameBytes,
    maxArrayLength: Math.max(limits.maxBatch, limits.maxLabels),
    maxMapLength: 16,
    maxExtLength: 0,
    mapKeyConverter: (key) => {
      if (typeof key !== 'string') throw new TypeError('map keys must be strings');
      keysRead++;
      return key;
    },
  });
}

const decoders = new WeakMap<ProtocolLimits, Decoder>();
function cachedDecoder(limits: ProtocolLimits): Decoder {
  let d = decoders.get(limits);
  if (!d) {
    d = decoderFor(limits);
    decoders.set(limits, d);
  }
  return d;
}

function decodeMap(data: Uint8Array, ctx: Ctx, what: string): Record<string, unknown> {
  if (data.length > ctx.limits.maxFrameBytes) {
    fail('TOO_LARGE', ctx, undefined, `${what} of ${data.length} bytes exceeds ${ctx.limits.maxFrameBytes}`);
  }
  let value: unknown;
  keysRead = 0;
  try {
    value = cachedDecoder(ctx.limits).decode(data);
  } catch (err) {
    const tooLong = err instanceof DecodeError && LENGTH_LIMIT.test(err.message);
    throw new ProtocolError(
      { code: tooLong ? 'TOO_LARGE' : 'BAD_REQUEST' },
      `${what} is ${tooLong ? 'over a length limit' : 'not valid MessagePack'}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    fail('BAD_REQUEST', ctx, undefined, `${what} must be a map`);
  }
  // A map with a key twice could be read differently by another decoder (first or last wins).
  const read = keysRead;
  if (countMapKeys(value, read) !== read)
    fail('BAD_REQUEST', ctx, undefined, `${what} has duplicate map keys`);
  return value as Record<string, unknown>;
}

function validate(obj: Record<string, unknown>, schema: Schema, ctx: Ctx): void {
  for (const key of Object.keys(obj)) {
    if (!Object.hasOwn(schema, key)) fail('BAD_REQUEST', ctx, key, `unknown field "${key}"`);
  }
  for (const [key, check] of Object.entries(schema)) {
    if (!Object.hasOwn(obj, key)) {
      if (check.optional) continue;
      fail('BAD_REQUEST', ctx, key, `missing field "${key}"`);
    }
    check(obj[key], key, ctx);
  }
}

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

// ---------------------------------------------------------------------------------------------------
// Response payloads (validator side, after the signature was checked against the exact bytes)

const hex64: Check = (v, f, ctx) =>
  typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be 64 lowercase hex`);

const INFO_SCHEMA: Schema = {
  kind: literal('info'),
  protocolVersion: uint,
  domain: str(MAX_NAME_CHARS),
  task: str(MAX_NAME_CHARS),
  labels: array(str(MAX_NAME_CHARS), (ctx) => ({ min: 1, max: ctx.limits.maxLabels })),
  modelSha256: hex64,
  softwareVersion: str(MAX_NAME_CHARS),
};

export function decodeInfoPayload(data: Uint8Array, limits: ProtocolLimits = DEFAULT_LIMITS): InfoPayload {
  const ctx: Ctx = { limits };
  const obj = decodeMap(data, ctx, 'info payload');
  validate(obj, INFO_SCHEMA, ctx);
  return obj as unknown as InfoPayload;
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
