import type { ApiDecoration } from '@polkadot/api/types';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { AlphaPrice } from '../types.js';
import { RAO_PER_TAO } from './alpha.js';
import { big, checkNetuid, num } from './decode.js';
import { headerAt } from './get-metagraph-from-runtime-api.js';
import { storageItem } from './untyped.js';

export type { AlphaPrice } from '../types.js';

export interface GetAlphaPriceParameters {
  netuid: number;
  /** Block to read at; default the best block. */
  blockHash?: string;
}

/**
 * The price read at a decorated block (`api.at(hash)`): what getAlphaPrice and getSubnetPool share.
 * SubnetMechanism 0 (and root) is stable; otherwise the runtime API, else the pool's reserves.
 */
export async function alphaPriceAt(at: ApiDecoration<'promise'>, netuid: number): Promise<AlphaPrice> {
  const mechanism = storageItem(at.query, 'subtensorModule', 'subnetMechanism');
  const alphaIn = storageItem(at.query, 'subtensorModule', 'subnetAlphaIn');
  if (netuid === 0 || !mechanism || !alphaIn || num(await mechanism(netuid)) === 0) {
    return { priceRao: RAO_PER_TAO, source: 'stable' };
  }
  // Absent on runtimes without the API, whatever the augment types say.
  const currentAlphaPrice = at.call.swapRuntimeApi?.currentAlphaPrice;
  if (typeof currentAlphaPrice === 'function') {
    return { priceRao: big(await currentAlphaPrice(netuid)), source: 'runtime-api' };
  }
  const taoItem = storageItem(at.query, 'subtensorModule', 'subnetTAO');
  if (!taoItem) {
    throw new ChainClientError(
      { code: 'BAD_RESPONSE', what: 'SubnetTAO' },
      'the chain has SubnetAlphaIn but no SubnetTAO',
    );
  }
  const [tao, alpha] = await Promise.all([taoItem(netuid), alphaIn(netuid)]);
  const alphaRao = big(alpha);
  return { priceRao: alphaRao === 0n ? 0n : (big(tao) * RAO_PER_TAO) / alphaRao, source: 'reserves' };
}

/**
 * A subnet's alpha price in rao per alpha at `blockHash` (default best): `SwapRuntimeApi.current_alpha_price`
 * where the runtime has it, else SubnetTAO / SubnetAlphaIn; 1 TAO on root, stable subnets and chains
 * without dynamic TAO.
 * @example const { priceRao } = await getAlphaPrice(connection, { netuid: 1 });
 */
export function getAlphaPrice(
  connection: ChainConnection,
  { netuid, blockHash }: GetAlphaPriceParameters,
): Promise<AlphaPrice> {
  checkNetuid(netuid);
  return connection.request('alphaPrice', async (api) => {
    const header = await headerAt(api, blockHash);
    return alphaPriceAt(await api.at(header.hash), netuid);
  });
}
