/**
 * Which of a miner's answered items a validator re-executes in a round. Drawn from the validator's
 * private round secret, so a miner cannot tell which answers will be checked (it sees every item alike)
 * while the validator can redo the draw for an audit.
 *
 * Stream: blake2b-256 keyed with `secret` over `expertnet/spot-check/v1` ‖ round (u64 LE) ‖ uid (u32 LE)
 * ‖ block counter (u32 LE), read as little-endian u32 draws. The first draw rounds `items × rate`
 * stochastically (floor, plus one with probability equal to the fraction), so the expected count is
 * `items × rate`; the count is then raised to `needed` and capped at `items`; the next draws run a
 * partial Fisher–Yates shuffle of the item indices.
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ExpertnetError } from '../../shared/errors.js';

export type SpotCheckErrorType = { code: 'INVALID_PARAMETER'; parameter: string; reason: string };
export class SpotCheckError extends ExpertnetError<SpotCheckErrorType> {}

export interface SpotCheckParameters {
  /** The validator's private round secret (16..64 bytes). */
  secret: Uint8Array;
  round: number;
  uid: number;
  /** Items the miner answered in this round (indices 0..items−1). */
  items: number;
  /** Share of answered items to re-execute, in [0, 1]. */
  rate: number;
  /** At least this many (to reach the per-epoch minimum); capped at `items`. */
  needed: number;
}

const CONTEXT = new TextEncoder().encode('expertnet/spot-check/v1');
const U32 = 0x1_0000_0000;

/** The item indices to re-execute, ascending, distinct. Same parameters → same indices. */
export function pickSpotChecks(params: SpotCheckParameters): number[] {
  const { secret, round, uid, items, rate, needed } = params;
  if (!(secret instanceof Uint8Array) || secret.length < 16 || secret.length > 64) {
    throw invalid('secret', 'must be 16..64 bytes');
  }
  if (!Number.isSafeInteger(round) || round < 0) throw invalid('round', 'must be a non-negative integer');
  if (!Number.isInteger(uid) || uid < 0 || uid > 0xffff_ffff) throw invalid('uid', 'must be a u32');
  if (!Number.isInteger(items) || items < 0) throw invalid('items', 'must be a non-negative integer');
  if (!(typeof rate === 'number' && rate >= 0 && rate <= 1)) throw invalid('rate', 'must be in [0, 1]');
  if (!Number.isInteger(needed) || needed < 0) throw invalid('needed', 'must be a non-negative integer');
  if (items === 0) return [];

  const draw = drawStream(secret, round, uid);
  const expected = items * rate;
  const whole = Math.floor(expected);
  const count = Math.min(items, Math.max(needed, whole + (draw() < expected - whole ? 1 : 0)));
  const indices = Array.from({ length: items }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(draw() * (items - i));
    const a = indices[i] ?? i;
    indices[i] = indices[j] ?? j;
    indices[j] = a;
  }
  return indices.slice(0, count).sort((a, b) => a - b);
}

/** Uniform draws in [0, 1) from the keyed stream. */
function drawStream(secret: Uint8Array, round: number, uid: number): () => number {
  const message = new Uint8Array(CONTEXT.length + 16);
  message.set(CONTEXT, 0);
  const view = new DataView(message.buffer);
  view.setBigUint64(CONTEXT.length, BigInt(round), true);
  view.setUint32(CONTEXT.length + 8, uid, true);
  let counter = 0;
  let block: DataView = new DataView(new ArrayBuffer(0));
  let offset = 0;
  return () => {
    if (offset >= block.byteLength) {
      view.setUint32(CONTEXT.length + 12, counter++, true);
      const digest = blake2AsU8a(message, 256, secret);
      block = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
      offset = 0;
    }
    const value = block.getUint32(offset, true) / U32;
    offset += 4;
    return value;
  };
}

function invalid(parameter: string, reason: string): SpotCheckError {
  return new SpotCheckError({ code: 'INVALID_PARAMETER', parameter, reason }, `${parameter} ${reason}`);
}
