import type { ChainConnection } from '../connection.js';

/**
 * The best (not finalized) block number.
 * @example const block = await getBestBlockNumber(connection);
 */
export function getBestBlockNumber(connection: ChainConnection): Promise<number> {
  return connection.request('bestBlockNumber', async (api) =>
    (await api.rpc.chain.getHeader()).number.toNumber(),
  );
}
