import type { ChainConnection } from '../connection.js';
import type { RevealWeightsParams, TxOptions, TxResult, TxSigner } from '../types.js';
import { checkWeights } from './check-weights.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface RevealWeightsParameters extends RevealWeightsParams, TxOptions {
  hotkey: TxSigner;
}

/**
 * `SubtensorModule.reveal_weights`: reveals weights committed earlier (same uids, weights, salt, key).
 * @example await revealWeights(connection, { hotkey, netuid: 1, uids, weights, salt, versionKey });
 */
export async function revealWeights(
  connection: ChainConnection,
  { hotkey, netuid, uids, weights, salt, versionKey, ...options }: RevealWeightsParameters,
): Promise<TxResult> {
  checkWeights({ uids, weights });
  const tx = txCall(connection.live(), 'subtensorModule', 'revealWeights')(
    netuid,
    uids,
    weights,
    salt,
    versionKey,
  );
  return submitExtrinsic(connection, {
    call: 'SubtensorModule.reveal_weights',
    tx,
    signer: hotkey,
    ...options,
  });
}
