import type { ChainConnection } from '../connection.js';
import { queryPallet } from './pallet.js';

export interface GetBurnCostParameters {
  netuid: number;
}

/**
 * `SubtensorModule.Burn[netuid]` in rao: what `burnedRegister` costs now.
 * @example const rao = await getBurnCost(connection, { netuid: 1 });
 */
export function getBurnCost(connection: ChainConnection, { netuid }: GetBurnCostParameters): Promise<bigint> {
  return connection.request('burnCost', async (api) =>
    (await queryPallet(api.query, 'subtensorModule').burn(netuid)).toBigInt(),
  );
}
