import type { ChainConnection } from '../connection.js';
import type { CommitmentField } from '../types.js';
import { checkNetuid, decodeCommitmentFields, unwrapOption } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetCommitmentsParameters {
  netuid: number;
}

/**
 * Every commitment on the subnet, by hotkey: one `entries` query, not one per miner.
 * @example const byHotkey = await getCommitments(connection, { netuid: 1 });
 */
export async function getCommitments(
  connection: ChainConnection,
  { netuid }: GetCommitmentsParameters,
): Promise<Map<string, CommitmentField[]>> {
  checkNetuid(netuid);
  return connection.request('commitments', async (api) => {
    const entries = await queryPallet(api.query, 'commitments').commitmentOf.entries(netuid);
    const byHotkey = new Map<string, CommitmentField[]>();
    for (const [key, value] of entries) {
      // Entries of an OptionQuery map come as Option on some versions and as the bare value on others.
      const registration = unwrapOption(value);
      if (registration) byHotkey.set(key.args[1].toString(), decodeCommitmentFields(registration));
    }
    return byHotkey;
  });
}
