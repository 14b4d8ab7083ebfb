/**
 * The strict decoder shared by frames (codec.ts) and response payloads (payloads.ts): bounded MessagePack
 * decoding that refuses duplicate keys, and field checks that throw a typed `ProtocolError` naming the
 * field, whose code is what a miner sends back (BAD_REQUEST, TOO_LARGE).
 */
import { DecodeError, Decoder } from '@msgpack/msgpack';
import { decodeAddress } from '@polkadot/util-crypto';
import {
  BUNDLE_CHUNK_MAX,
  type CloseReason,
  type ProtocolLimits,
  WIRE_ERROR_CODES,
  type WireErrorCode,
} from './constants.js';
import { ProtocolError } from './errors.js';

export const MAX_ID = 0xffff_ffff;
export const MAX_MESSAGE_CHARS = 1024;
export const MAX_NAME_CHARS = 256;
const BUNDLE_PATH = /^[A-Za-z0-9._-]+$/;

export type Check = (value: unknown, field: string, ctx: Ctx) => unknown;
export interface Ctx {
  limits: ProtocolLimits;
  id?: number;
}

export function fail(
  code: WireErrorCode,
  ctx: Ctx,
  field: string | undefined,
  message: string,
  closeReason?: CloseReason,
): never {
  throw new ProtocolError({ code, id: ctx.id, field, ...(closeReason ? { closeReason } : {}) }, message);
}

export const uint: Check = (v, f, ctx) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be an unsigned integer`);

export const requestId: Check = (v, f, ctx) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_ID
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be an integer in [0, 2^32)`);

export function str(maxChars: number, code: WireErrorCode = 'BAD_REQUEST'): Check {
  return (v, f, ctx) => {
    if (typeof v !== 'string') return fail('BAD_REQUEST', ctx, f, `${f} must be a string`);
    if (v.length > maxChars) return fail(code, ctx, f, `${f} is longer than ${maxChars} characters`);
    return v;
  };
}

export function bytes(length: number | { max: number }): Check {
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

export const ss58: Check = (v, f, ctx) => {
  if (typeof v !== 'string') return fail('BAD_REQUEST', ctx, f, `${f} must be an SS58 address`);
  try {
    if (v.length <= 64 && decodeAddress(v).length === 32) return v;
  } catch {
    // fall through to the typed error
  }
  // A string that is not a hotkey: during the handshake that is BAD_HOTKEY (4006), not BAD_FRAME.
  return fail('BAD_REQUEST', ctx, f, `${f} is not a valid SS58 address`, 'BAD_HOTKEY');
};

export const literal =
  (expected: string): Check =>
  (v, f, ctx) =>
    v === expected ? v : fail('BAD_REQUEST', ctx, f, `${f} must be "${expected}"`);

export function optional(check: Check): Check & { optional: true } {
  return Object.assign((v: unknown, f: string, ctx: Ctx) => check(v, f, ctx), { optional: true as const });
}

export function array(item: Check, bounds: (ctx: Ctx) => { min: number; max: number }): Check {
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

/** A bundle file name as the manifest allows it (no directories). */
export const bundlePath: Check = (v, f, ctx) =>
  typeof v === 'string' && v.length <= MAX_NAME_CHARS && BUNDLE_PATH.test(v) && v !== '.' && v !== '..'
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be a bundle file name [A-Za-z0-9._-]+`);

export const chunkLength: Check = (v, f, ctx) => {
  uint(v, f, ctx);
  if ((v as number) > BUNDLE_CHUNK_MAX) return fail('TOO_LARGE', ctx, f, `${f} is over ${BUNDLE_CHUNK_MAX}`);
  if (v === 0) return fail('BAD_REQUEST', ctx, f, `${f} must be at least 1`);
  return v;
};

export const wireErrorCode: Check = (v, f, ctx) =>
  typeof v === 'string' && (WIRE_ERROR_CODES as readonly string[]).includes(v)
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} is not a known error code`);

export const nullableRequestId: Check = (v, f, ctx) => (v === null ? v : requestId(v, f, ctx));

export type Schema = Record<string, Check & { optional?: true }>;

export const hex64: Check = (v, f, ctx) =>
  typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)
    ? v
    : fail('BAD_REQUEST', ctx, f, `${f} must be 64 lowercase hex`);

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

export function decodeMap(data: Uint8Array, ctx: Ctx, what: string): Record<string, unknown> {
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

export function validate(obj: Record<string, unknown>, schema: Schema, ctx: Ctx): void {
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
