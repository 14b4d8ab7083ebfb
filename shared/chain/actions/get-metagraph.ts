import { errorMessage } from '../../errors.js';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { Metagraph } from '../types.js';
import { checkNetuid } from './decode.js';
import { getMetagraphFromRuntimeApi } from './get-metagraph-from-runtime-api.js';
import { getMetagraphFromStorage } from './get-metagraph-from-storage.js';

export interface GetMetagraphParameters {
  netuid: number;
}

/**
 * The subnet at the best block: the runtime API (`get_neurons_lite`) when the chain has it, storage
 * otherwise (older runtimes, or a node whose metadata lists no runtime APIs). Same shape either way.
 * @example const m = await getMetagraph(connection, { netuid: 1 });
 */
export async function getMetagraph(
  connection: ChainConnection,
  { netuid }: GetMetagraphParameters,
): Promise<Metagraph> {
  checkNetuid(netuid);
  const blockHash = await connection.request('metagraph', async (api) =>
    (await api.rpc.chain.getBlockHash()).toHex(),
  );
  try {
    const viaApi = await getMetagraphFromRuntimeApi(connection, { netuid, blockHash });
    if (viaApi) return viaApi;
  } catch (err) {
    if (err instanceof ChainClientError && (err.code === 'NOT_CONNECTED' || err.code === 'REQUEST_TIMEOUT')) {
      throw err;
    }
    connection.logger.debug(
      { netuid, err: errorMessage(err) },
      'get_neurons_lite failed, reading the metagraph from storage',
    );
  }
  return getMetagraphFromStorage(connection, { netuid, blockHash });
}
