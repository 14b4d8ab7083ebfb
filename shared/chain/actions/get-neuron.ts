import type { ChainConnection } from '../connection.js';
import type { NeuronLite } from '../types.js';
import { big, decodeAxon, flag, num } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetNeuronParameters {
  netuid: number;
  /** SS58 hotkey. */
  hotkey: string;
}

/**
 * One neuron of a subnet at the best block, from storage; undefined when the hotkey is not registered.
 * @example const me = await getNeuron(connection, { netuid: 1, hotkey });
 */
export function getNeuron(
  connection: ChainConnection,
  { netuid, hotkey }: GetNeuronParameters,
): Promise<NeuronLite | undefined> {
  return connection.request('getNeuron', async (api) => {
    // One block for every read, so the columns agree.
    const at = await api.at(await api.rpc.chain.getBlockHash());
    const st = queryPallet(at.query, 'subtensorModule');
    const uidOpt = await st.uids(netuid, hotkey);
    if (uidOpt.isNone) return undefined;
    const uid = uidOpt.unwrap().toNumber();
    const [owner, stake, axon, permits, active, lastUpdate] = await Promise.all([
      st.owner(hotkey),
      st.totalHotkeyAlpha(hotkey, netuid),
      st.axons(netuid, hotkey),
      st.validatorPermit(netuid),
      st.active(netuid),
      st.lastUpdate(netuid),
    ]);
    return {
      netuid,
      uid,
      hotkey,
      coldkey: owner.toString(),
      stake: big(stake),
      validatorPermit: flag(permits[uid]),
      active: flag(active[uid]),
      axon: decodeAxon(axon),
      lastUpdate: num(lastUpdate[uid]),
    };
  });
}
