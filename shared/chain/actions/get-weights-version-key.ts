import type { ChainConnection } from '../connection.js';
import { queryPallet } from './pallet.js';

export interface GetWeightsVersionKeyParameters {
  netuid: number;
}

/**
 * `SubtensorModule.WeightsVersionKey[netuid]`: the minimum `versionKey` `setWeights` accepts.
 * @example const versionKey = await getWeightsVersionKey(connection, { netuid: 1 });
 */
export function getWeightsVersionKey(
  connection: ChainConnection,
  { netuid }: GetWeightsVersionKeyParameters,
): Promise<bigint> {
  return connection.request('weightsVersionKey', async (api) =>
    (await queryPallet(api.query, 'subtensorModule').weightsVersionKey(netuid)).toBigInt(),
  );
}
