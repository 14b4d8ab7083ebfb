import type { ApiPromise } from '@polkadot/api';
import { Vec } from '@polkadot/types';
import type { PalletSubtensorRpcInfoNeuronInfoNeuronInfoLite } from '@polkadot/types/lookup';
import type { Codec } from '@polkadot/types/types';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { Metagraph } from '../types.js';
import { big, checkNetuid, decodeAxon, flag, fraction, num } from './decode.js';

export interface GetMetagraphFromRuntimeApiParameters {
  netuid: number;
  /** Block to read at; default the best block. */
  blockHash?: string;
}

/** The header at `blockHash`, or the best one (an explicit `undefined` would ask for the zero hash). */
export function headerAt(api: ApiPromise, blockHash: string | undefined) {
  return blockHash === undefined ? api.rpc.chain.getHeader() : api.rpc.chain.getHeader(blockHash);
}

/**
 * `NeuronInfoRuntimeApi.get_neurons_lite(netuid)` at `blockHash` (default best), decoded with the
 * chain's own metadata; undefined when the chain does not expose that runtime API.
 * @example const m = await getMetagraphFromRuntimeApi(connection, { netuid: 1 });
 */
export async function getMetagraphFromRuntimeApi(
  connection: ChainConnection,
  { netuid, blockHash }: GetMetagraphFromRuntimeApiParameters,
): Promise<Metagraph | undefined> {
  checkNetuid(netuid);
  return connection.request('metagraphFromRuntimeApi', async (api) => {
    const header = await headerAt(api, blockHash);
    const at = await api.at(header.hash);
    // Absent on runtimes without the API, whatever the augment types say.
    const neuronInfo: Partial<typeof at.call.neuronInfoRuntimeApi> | undefined = at.call.neuronInfoRuntimeApi;
    if (typeof neuronInfo?.getNeuronsLite !== 'function') return undefined;
    const neurons = await neuronInfo.getNeuronsLite(netuid);
    return metagraphFromNeuronInfoLite(netuid, header.number.toNumber(), neurons);
  });
}

/**
 * A decoded `Vec<NeuronInfoLite>` (the result of `get_neurons_lite`, decoded with the chain's metadata)
 * as a Metagraph. Field names are those of subtensor's `NeuronInfoLite`, camelCased by polkadot-js.
 */
export function metagraphFromNeuronInfoLite(netuid: number, block: number, result: Codec): Metagraph {
  if (!(result instanceof Vec)) {
    throw new ChainClientError(
      { code: 'BAD_RESPONSE', what: 'NeuronInfoRuntimeApi_get_neurons_lite' },
      'get_neurons_lite did not return a list',
    );
  }
  // The dev chain's NeuronInfoLite; subtensor's (and older runtimes') have the same fields.
  const neurons = result
    .map((entry) => entry as PalletSubtensorRpcInfoNeuronInfoNeuronInfoLite)
    .map((n) => ({
      uid: num(n.uid),
      hotkey: n.hotkey.toString(),
      coldkey: n.coldkey.toString(),
      // One (coldkey, alpha on the subnet) entry on current subtensor; older runtimes list nominators.
      stake: n.stake.reduce((sum, [, alpha]) => sum + big(alpha), 0n),
      validatorPermit: flag(n.validatorPermit),
      active: flag(n.active),
      axon: decodeAxon(n.axonInfo),
      lastUpdate: num(n.lastUpdate),
      incentive: fraction(n.incentive),
      dividends: fraction(n.dividends),
      consensus: fraction(n.consensus),
      trust: fraction(n.trust),
      validatorTrust: fraction(n.validatorTrust),
      emission: big(n.emission),
    }))
    .sort((a, b) => a.uid - b.uid);
  return {
    source: 'runtime-api',
    netuid,
    block,
    n: neurons.length,
    uids: neurons.map((e) => e.uid),
    hotkeys: neurons.map((e) => e.hotkey),
    coldkeys: neurons.map((e) => e.coldkey),
    stake: neurons.map((e) => e.stake),
    validatorPermit: neurons.map((e) => e.validatorPermit),
    active: neurons.map((e) => e.active),
    axons: neurons.map((e) => e.axon),
    lastUpdate: neurons.map((e) => e.lastUpdate),
    incentive: neurons.map((e) => e.incentive),
    dividends: neurons.map((e) => e.dividends),
    consensus: neurons.map((e) => e.consensus),
    trust: neurons.map((e) => e.trust),
    validatorTrust: neurons.map((e) => e.validatorTrust),
    emission: neurons.map((e) => e.emission),
  };
}
