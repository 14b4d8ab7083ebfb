/**
 * The plaintext of a timelocked weights commit: SCALE of subtensor's `WeightsTlockPayload`
 * (pallets/subtensor/src/coinbase/reveal_commits.rs, and bittensor-drand's copy the SDK encodes):
 *
 *   hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64
 *
 * and the `LegacyWeightsTlockPayload` (no hotkey) the chain still accepts. Own codec, no @polkadot
 * import: the chain node loads this module.
 */
import { TimelockError } from './errors.js';

export interface WeightsPayload {
  /** The committing hotkey's 32-byte public key (subtensor decodes it as the AccountId and compares). */
  hotkey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
}

export interface DecodedWeightsPayload extends WeightsPayload {
  /** Decoded by the legacy layout (no hotkey; `hotkey` is then empty). */
  legacy: boolean;
}

const U64_MAX = (1n << 64n) - 1n;
/** Length of an AccountId32: subtensor decodes the payload's hotkey as one, reading 32 bytes. */
const ACCOUNT_ID_LENGTH = 32;

function compact(n: number): number[] {
  if (n < 1 << 6) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, n >> 6];
  if (n < 2 ** 30) {
    const v = n * 4 + 2;
    return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  }
  const bytes: number[] = [];
  let v = BigInt(n);
  while (v > 0n) {
    bytes.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return [((bytes.length - 4) << 2) | 3, ...bytes];
}

function u16s(field: string, xs: readonly number[]): number[] {
  const out = compact(xs.length);
  for (const x of xs) {
    if (!Number.isInteger(x) || x < 0 || x > 0xffff) {
      throw new TimelockError(
        { code: 'BAD_PAYLOAD_VALUE', field, value: String(x) },
        `${field} entry ${x} is not a u16`,
      );
    }
    out.push(x & 0xff, x >> 8);
  }
  return out;
}

export function encodeWeightsPayload(p: WeightsPayload): Uint8Array {
  if (p.versionKey < 0n || p.versionKey > U64_MAX) {
    throw new TimelockError({
      code: 'BAD_PAYLOAD_VALUE',
      field: 'versionKey',
      value: p.versionKey.toString(),
    });
  }
  const version: number[] = [];
  for (let v = p.versionKey, i = 0; i < 8; i++, v >>= 8n) version.push(Number(v & 0xffn));
  return Uint8Array.from([
    ...compact(p.hotkey.length),
    ...p.hotkey,
    ...u16s('uids', p.uids),
    ...u16s('values', p.values),
    ...version,
  ]);
}

class ScaleReader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  private byte(): number {
    const b = this.bytes[this.at];
    if (b === undefined) throw new Error(`input ends at byte ${this.at}`);
    this.at++;
    return b;
  }

  compact(): number {
    const b0 = this.byte();
    const mode = b0 & 3;
    if (mode === 0) return b0 >> 2;
    if (mode === 1) {
      const v = (b0 | (this.byte() << 8)) >> 2;
      if (v < 1 << 6) throw new Error('non-canonical compact');
      return v;
    }
    if (mode === 2) {
      const v = (b0 | (this.byte() << 8) | (this.byte() << 16)) + this.byte() * 2 ** 24;
      const n = Math.floor(v / 4);
      if (n < 1 << 14) throw new Error('non-canonical compact');
      return n;
    }
    const len = (b0 >> 2) + 4;
    let v = 0n;
    for (let i = 0; i < len; i++) v |= BigInt(this.byte()) << BigInt(8 * i);
    if (v < 2n ** 30n || (len > 4 && v >> BigInt(8 * (len - 1)) === 0n))
      throw new Error('non-canonical compact');
    // No Vec longer than the input can follow; refuse before allocating.
    if (v > BigInt(this.bytes.length)) throw new Error(`length ${v} exceeds the input`);
    return Number(v);
  }

  bytesVec(): Uint8Array {
    const n = this.compact();
    if (n > this.bytes.length - this.at) throw new Error(`Vec<u8> of ${n} runs past the end`);
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }

  u16Vec(): number[] {
    const n = this.compact();
    if (n * 2 > this.bytes.length - this.at) throw new Error(`Vec<u16> of ${n} runs past the end`);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.byte() | (this.byte() << 8));
    return out;
  }

  u64(): bigint {
    let v = 0n;
    for (let i = 0; i < 8; i++) v |= BigInt(this.byte()) << BigInt(8 * i);
    return v;
  }
}

function decodeCurrent(bytes: Uint8Array): WeightsPayload {
  const r = new ScaleReader(bytes);
  return { hotkey: r.bytesVec(), uids: r.u16Vec(), values: r.u16Vec(), versionKey: r.u64() };
}

function decodeLegacy(bytes: Uint8Array): WeightsPayload {
  const r = new ScaleReader(bytes);
  return { hotkey: new Uint8Array(0), uids: r.u16Vec(), values: r.u16Vec(), versionKey: r.u64() };
}

/**
 * Decodes a decrypted commit the way subtensor's `reveal_crv3_commits_for_subnet` does: the current
 * layout first (trailing bytes ignored, as parity-scale-codec's `decode`); if it decodes but its hotkey
 * is shorter than an AccountId, or it does not decode, the legacy layout. With the current layout the
 * returned `hotkey` is the 32 bytes the chain compares with the committer. Throws `BAD_PAYLOAD` when
 * neither layout decodes.
 */
export function decodeWeightsPayload(bytes: Uint8Array): DecodedWeightsPayload {
  let current: WeightsPayload | undefined;
  let reason = '';
  try {
    current = decodeCurrent(bytes);
  } catch (err) {
    reason = (err as Error).message;
  }
  if (current !== undefined && current.hotkey.length >= ACCOUNT_ID_LENGTH) {
    return { ...current, hotkey: current.hotkey.slice(0, ACCOUNT_ID_LENGTH), legacy: false };
  }
  if (current !== undefined) reason = `hotkey of ${current.hotkey.length} bytes is not an AccountId`;
  try {
    return { ...decodeLegacy(bytes), legacy: true };
  } catch (err) {
    throw new TimelockError(
      { code: 'BAD_PAYLOAD', reason: `${reason}; legacy layout: ${(err as Error).message}` },
      'not a weights payload',
    );
  }
}
