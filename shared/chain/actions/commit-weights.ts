import { u8aToHex } from '@polkadot/util';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { TxOptions, TxResult, TxSigner } from '../types.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface CommitWeightsParameters extends TxOptions {
  hotkey: TxSigner;
  netuid: number;
  /** `weightsCommitHash(...)` of the weights revealed later: 32 bytes. */
  commitHash: Uint8Array;
}

/**
 * `SubtensorModule.commit_weights`: commits to weights by hash, revealed in a later epoch.
 * @example await commitWeights(connection, { hotkey, netuid: 1, commitHash: weightsCommitHash(address, params) });
 */
export async function commitWeights(
  connection: ChainConnection,
  { hotkey, netuid, commitHash, ...options }: CommitWeightsParameters,
): Promise<TxResult> {
  if (commitHash.length !== 32) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'commitHash', value: u8aToHex(commitHash) },
      'commit hash must be 32 bytes',
    );
  }
  const tx = txCall(connection.live(), 'subtensorModule', 'commitWeights')(netuid, u8aToHex(commitHash));
  return submitExtrinsic(connection, {
    call: 'SubtensorModule.commit_weights',
    tx,
    signer: hotkey,
    ...options,
  });
}
