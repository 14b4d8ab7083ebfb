import type { ChainConnection } from '../connection.js';
import type { CommitmentField, CommitmentRecord } from '../types.js';
import { checkNetuid, decodeCommitmentFields, num, unwrapOption } from './decode.js';
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
  const records = await getCommitmentRecords(connection, { netuid });
  return new Map([...records].map(([hotkey, record]) => [hotkey, record.fields]));
}

/**
 * Every commitment on the subnet with the block it was registered in, by hotkey (one `entries` query).
 * @example const byHotkey = await getCommitmentRecords(connection, { netuid: 1 });
 */
export async function getCommitmentRecords(
  connection: ChainConnection,
  { netuid }: GetCommitmentsParameters,
): Promise<Map<string, CommitmentRecord>> {
  checkNetuid(netuid);
  return connection.request('commitments', async (api) => {
    const entries = await queryPallet(api.query, 'commitments').commitmentOf.entries(netuid);
    const byHotkey = new Map<string, CommitmentRecord>();
    for (const [key, value] of entries) {
      // Entries of an OptionQuery map come as Option on some versions and as the bare value on others.
      const registration = unwrapOption(value);
      if (!registration) continue;
      const record = { block: num(registration.block), fields: decodeCommitmentFields(registration) };
      byHotkey.set(key.args[1].toString(), record);
    }
    return byHotkey;
  });
}
