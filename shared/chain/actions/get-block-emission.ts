import type { ChainConnection } from '../connection.js';
import { queryPallet } from './pallet.js';

/**
 * TAO minted per block now, in rao (`SubtensorModule.BlockEmission`).
 * @example const rao = await getBlockEmission(connection);
 */
export function getBlockEmission(connection: ChainConnection): Promise<bigint> {
  return connection.request('blockEmission', async (api) =>
    (await queryPallet(api.query, 'subtensorModule').blockEmission()).toBigInt(),
  );
}
