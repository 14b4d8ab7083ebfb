import type { ChainConnection } from '../connection.js';
import type { CommitmentField } from '../types.js';
import { decodeCommitmentFields } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetCommitmentParameters {
  netuid: number;
  /** SS58 hotkey. */
  hotkey: string;
}

/**
 * `Commitments.CommitmentOf[netuid, hotkey]` as fields; undefined when the hotkey committed nothing.
 * @example const fields = await getCommitment(connection, { netuid: 1, hotkey });
 */
export function getCommitment(
  connection: ChainConnection,
  { netuid, hotkey }: GetCommitmentParameters,
): Promise<CommitmentField[] | undefined> {
  return connection.request('getCommitment', async (api) => {
    const registration = await queryPallet(api.query, 'commitments').commitmentOf(netuid, hotkey);
    return registration.isSome ? decodeCommitmentFields(registration.unwrap()) : undefined;
  });
}
