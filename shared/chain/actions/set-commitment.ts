import { u8aToHex } from '@polkadot/util';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { CommitmentField, TxOptions, TxResult, TxSigner } from '../types.js';
import { txCall } from './pallet.js';
import { submitExtrinsic } from './submit-extrinsic.js';

export interface SetCommitmentParameters extends TxOptions {
  hotkey: TxSigner;
  netuid: number;
  fields: CommitmentField[];
}

/** A field as the `Data` enum value polkadot-js encodes (`RawN` sized to the bytes). */
function encodeField(field: CommitmentField): Record<string, string | null> {
  if (field.kind === 'None') return { None: null };
  if (field.kind === 'Raw') return { [`Raw${field.bytes.length}`]: u8aToHex(field.bytes) };
  if (field.kind === 'Other') {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'fields', value: 'Other' },
      'cannot commit an Other field',
    );
  }
  return { [field.kind]: u8aToHex(field.bytes) };
}

/**
 * `Commitments.set_commitment`: replaces the hotkey's commitment on the subnet.
 * @example await setCommitment(connection, { hotkey, netuid: 1, fields: encodeModelCommitment(model) });
 */
export async function setCommitment(
  connection: ChainConnection,
  { hotkey, netuid, fields, ...options }: SetCommitmentParameters,
): Promise<TxResult> {
  const tx = txCall(
    connection.live(),
    'commitments',
    'setCommitment',
  )(netuid, {
    fields: fields.map(encodeField),
  });
  return submitExtrinsic(connection, { call: 'Commitments.set_commitment', tx, signer: hotkey, ...options });
}
