import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';

export interface GetBlockNumberParameters {
  /** 0x-hex block hash, e.g. a `TxResult.blockHash`. */
  hash: string;
}

/**
 * The number of the block with this hash (e.g. where a transaction was included). `BAD_INPUT` when the
 * node does not know the hash.
 * @example const included = await getBlockNumber(connection, { hash: result.blockHash });
 */
export function getBlockNumber(
  connection: ChainConnection,
  { hash }: GetBlockNumberParameters,
): Promise<number> {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) {
    throw new ChainClientError({ code: 'BAD_INPUT', field: 'hash', value: hash }, 'not a 32-byte block hash');
  }
  return connection.request('blockNumber', async (api) => {
    try {
      return (await api.rpc.chain.getHeader(hash)).number.toNumber();
    } catch (err) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'hash', value: hash },
        `the node has no block ${hash}`,
        { cause: err },
      );
    }
  });
}
