import type { ChainConnection } from '../connection.js';
import { queryPallet } from './pallet.js';

export interface GetSubnetExistsParameters {
  netuid: number;
}

/**
 * `SubtensorModule.NetworksAdded[netuid]`.
 * @example if (!(await getSubnetExists(connection, { netuid: 1 }))) throw ...
 */
export function getSubnetExists(
  connection: ChainConnection,
  { netuid }: GetSubnetExistsParameters,
): Promise<boolean> {
  return connection.request(
    'subnetExists',
    async (api) => (await queryPallet(api.query, 'subtensorModule').networksAdded(netuid)).isTrue,
  );
}
