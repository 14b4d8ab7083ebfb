import type { ChainConnection } from '../connection.js';

/**
 * TAO issued so far, in rao: `SubtensorModule.TotalIssuance`, or `Balances.TotalIssuance` on a chain
 * without it.
 * @example const rao = await getTotalIssuance(connection);
 */
export function getTotalIssuance(connection: ChainConnection): Promise<bigint> {
  return connection.request('totalIssuance', async (api) => {
    // Absent on chains without subtensor, whatever the augment types say.
    const subtensor: Partial<typeof api.query.subtensorModule> | undefined = api.query.subtensorModule;
    const issuance = subtensor?.totalIssuance
      ? await subtensor.totalIssuance()
      : await api.query.balances.totalIssuance();
    return issuance.toBigInt();
  });
}
