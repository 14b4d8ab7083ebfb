import type { ChainConnection } from '../connection.js';
import { queryPallet } from './pallet.js';

export interface GetUidParameters {
  netuid: number;
  /** SS58 hotkey. */
  hotkey: string;
}

/**
 * `SubtensorModule.Uids[netuid, hotkey]`: the hotkey's uid, undefined when not registered.
 * @example const uid = await getUid(connection, { netuid: 1, hotkey });
 */
export function getUid(
  connection: ChainConnection,
  { netuid, hotkey }: GetUidParameters,
): Promise<number | undefined> {
  return connection.request('getUid', async (api) => {
    const uid = await queryPallet(api.query, 'subtensorModule').uids(netuid, hotkey);
    return uid.isSome ? uid.unwrap().toNumber() : undefined;
  });
}
