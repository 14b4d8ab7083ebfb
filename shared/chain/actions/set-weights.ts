import type { ChainConnection } from '../connection.js';
import type { SetWeightsParams, TxOptions, TxResult, TxSigner } from '../types.js';
import { checkWeights } from './check-weights.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface SetWeightsParameters extends SetWeightsParams, TxOptions {
  /** The validator's hotkey. */
  hotkey: TxSigner;
}

/**
 * `SubtensorModule.set_weights`: the validator's u16 weights over uids, in the clear.
 * @example await setWeights(connection, { hotkey, netuid: 1, uids: [1, 2], weights: [65535, 100], versionKey: 0n });
 */
export async function setWeights(
  connection: ChainConnection,
  { hotkey, netuid, uids, weights, versionKey, ...options }: SetWeightsParameters,
): Promise<TxResult> {
  checkWeights({ uids, weights });
  const tx = txCall(connection.live(), 'subtensorModule', 'setWeights')(netuid, uids, weights, versionKey);
  return submitExtrinsic(connection, { call: 'SubtensorModule.set_weights', tx, signer: hotkey, ...options });
}
