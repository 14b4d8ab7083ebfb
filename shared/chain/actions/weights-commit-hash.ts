import { TypeRegistry } from '@polkadot/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { RevealWeightsParams } from '../types.js';
import { checkWeights } from './check-weights.js';

// Offline registry: the tuple only uses primitive types.
const hashRegistry = new TypeRegistry();

/**
 * The v2 commit hash subtensor checks on reveal:
 * blake2_256(SCALE(hotkey, netuid, uids, values, salt, versionKey)). Pure: no connection needed.
 * @example const hash = weightsCommitHash(hotkey.address, { netuid: 1, uids, weights, salt, versionKey });
 */
export function weightsCommitHash(hotkey: string, params: RevealWeightsParams): Uint8Array {
  checkWeights(params);
  const encoded = hashRegistry
    .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
      hotkey,
      params.netuid,
      params.uids,
      params.weights,
      params.salt,
      params.versionKey,
    ])
    .toU8a();
  return blake2AsU8a(encoded, 256);
}
