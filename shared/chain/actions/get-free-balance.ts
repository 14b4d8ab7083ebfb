import type { ChainConnection } from '../connection.js';

export interface GetFreeBalanceParameters {
  /** SS58 address. */
  address: string;
}

/**
 * `System.Account[address].data.free`, in rao.
 * @example const rao = await getFreeBalance(connection, { address: alice.address });
 */
export function getFreeBalance(
  connection: ChainConnection,
  { address }: GetFreeBalanceParameters,
): Promise<bigint> {
  return connection.request('freeBalance', async (api) =>
    (await api.query.system.account(address)).data.free.toBigInt(),
  );
}
