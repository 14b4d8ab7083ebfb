import type { Codec } from '@polkadot/types/types';
import type { ChainConnection } from '../connection.js';
import type { SubnetPool } from '../types.js';
import { fixedToNumber, leInt } from './alpha.js';
import { big, checkNetuid } from './decode.js';
import { alphaPriceAt } from './get-alpha-price.js';
import { headerAt } from './get-metagraph-from-runtime-api.js';
import { storageItem } from './untyped.js';

export type { SubnetPool } from '../types.js';

export interface GetSubnetPoolParameters {
  netuid: number;
  /** Block to read at; default the best block. */
  blockHash?: string;
}

/** A storage value's raw SCALE bytes (a fixed-point struct has no numeric form in polkadot-js). */
function fixedBits(codec: Codec | undefined): bigint {
  return codec === undefined ? 0n : leInt(codec.toU8a(true), true);
}

/**
 * `SubnetTAO`, `SubnetAlphaIn`, `SubnetAlphaOut`, `SubnetMovingPrice`, `SubnetTaoInEmission`,
 * `SubnetAlphaInEmission`, `SubnetAlphaOutEmission` and the alpha price at `blockHash` (default best),
 * by their finney names, so the same read works against a subtensor node.
 * @example const { priceRao, taoIn, alphaIn } = await getSubnetPool(connection, { netuid: 1 });
 */
export function getSubnetPool(
  connection: ChainConnection,
  { netuid, blockHash }: GetSubnetPoolParameters,
): Promise<SubnetPool> {
  checkNetuid(netuid);
  return connection.request('subnetPool', async (api) => {
    const header = await headerAt(api, blockHash);
    const at = await api.at(header.hash);
    const item = (name: string) => {
      const entry = storageItem(at.query, 'subtensorModule', name);
      return entry ? entry(netuid) : Promise.resolve(undefined);
    };
    const [price, taoIn, alphaIn, alphaOut, moving, taoInEm, alphaInEm, alphaOutEm] = await Promise.all([
      alphaPriceAt(at, netuid),
      item('subnetTAO'),
      item('subnetAlphaIn'),
      item('subnetAlphaOut'),
      item('subnetMovingPrice'),
      item('subnetTaoInEmission'),
      item('subnetAlphaInEmission'),
      item('subnetAlphaOutEmission'),
    ]);
    return {
      netuid,
      block: header.number.toNumber(),
      dynamic: alphaIn !== undefined,
      ...price,
      taoIn: big(taoIn),
      alphaIn: big(alphaIn),
      alphaOut: big(alphaOut),
      movingPrice: fixedToNumber(fixedBits(moving), 32),
      taoInEmission: big(taoInEm),
      alphaInEmission: big(alphaInEm),
      alphaOutEmission: big(alphaOutEm),
    };
  });
}
