/**
 * The dev chain's stand-in for subtensor's drand offchain worker: for the block being built, the
 * `write_pulse` unsigned transactions carrying the pulses due by its timestamp that the chain does not
 * have yet, signed by the node's dev beacon (`OffchainEnv`). Like the worker, one pulse per transaction,
 * ascending rounds, at most `MAX_PULSES_PER_BLOCK`; they go through the same `validateUnsigned` check
 * (BLS verification included) as any transaction before the block stores them, after one batch check of
 * all of them has put the results in the verification cache (`checkPulses`).
 */
import { u8aEq } from '@polkadot/util';
import { randomnessOf } from '../../../shared/timelock/index.js';
import { encodeUnsigned } from '../extrinsic.js';
import type { BlockContext, OffchainEnv, StateView } from '../interface.js';
import type { EnumValue } from '../scale/ty.js';
import { checkPulses, dueRound } from './drand.js';
import { BeaconConfig, DRAND, LastStoredRound, PulsesPayload, type PulseValue } from './drand-types.js';

/**
 * Pulses one block takes at most (subtensor's worker fetches up to 50 per run). Each costs a BLS
 * signature and its share of a batch verification (tens of ms in JavaScript), so a chain that was down catches up over
 * several blocks rather than in one long one.
 */
export const MAX_PULSES_PER_BLOCK = 8;

/** The unsigned `write_pulse` extrinsics for block `ctx` (none without a timestamp or for another beacon). */
export function drandPulseTransactions(
  state: StateView,
  ctx: BlockContext,
  env: OffchainEnv,
  encodeCall: (call: EnumValue) => Uint8Array,
): Uint8Array[] {
  if (ctx.timestampMs === undefined) return [];
  const config = BeaconConfig.get(state);
  // A chain whose beacon is not this node's (quicknet, another key) gets no pulses from it.
  if (!u8aEq(config.public_key, env.beaconPublicKey)) return [];
  const due = dueRound(config, ctx.timestampMs);
  const last = LastStoredRound.get(state);
  const cap = BigInt(MAX_PULSES_PER_BLOCK);
  // The first block takes the latest rounds only (subtensor's worker starts at the current round).
  const from = last === 0n ? (due > cap ? due - cap + 1n : 1n) : last + 1n;
  const pulses: PulseValue[] = [];
  for (let round = from; round <= due && round < from + cap; round++) {
    const signature = env.beaconSignature(round);
    pulses.push({ round, randomness: randomnessOf(signature), signature });
  }
  // One batch check for the block's pulses; each transaction's validateUnsigned then hits the cache.
  checkPulses(config, pulses);
  const out: Uint8Array[] = [];
  for (const pulse of pulses) {
    const payload = {
      block_number: ctx.number,
      pulses: [pulse],
      public: { tag: 'Sr25519', value: env.offchainPublicKey },
    };
    const call: EnumValue = {
      tag: DRAND,
      value: {
        tag: 'write_pulse',
        value: {
          pulses_payload: payload,
          signature: { tag: 'Sr25519', value: env.offchainSign(PulsesPayload.codec.enc(payload)) },
        },
      },
    };
    out.push(encodeUnsigned(encodeCall(call)));
  }
  return out;
}
