import { Vec } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import type { ChainConnection } from '../connection.js';
import type { AxonInfo, Metagraph } from '../types.js';
import { big, checkNetuid, decodeAxon, flag, fraction, num } from './decode.js';
import { headerAt } from './get-metagraph-from-runtime-api.js';
import { queryPallet } from './pallet.js';

export interface GetMetagraphFromStorageParameters {
  netuid: number;
  /** Block to read at; default the best block. */
  blockHash?: string;
}

/**
 * The metagraph from SubtensorModule storage items at `blockHash` (default best): what a chain
 * without `NeuronInfoRuntimeApi` offers.
 * @example const m = await getMetagraphFromStorage(connection, { netuid: 1 });
 */
export async function getMetagraphFromStorage(
  connection: ChainConnection,
  { netuid, blockHash }: GetMetagraphFromStorageParameters,
): Promise<Metagraph> {
  checkNetuid(netuid);
  return connection.request('metagraphFromStorage', async (api) => {
    const header = await headerAt(api, blockHash);
    const at = await api.at(header.hash);
    const st = queryPallet(at.query, 'subtensorModule');
    // `Trust` is gone from current runtimes (it was always 0 there); older ones still have it.
    const trustItem = st.trust;
    const [
      keyEntries,
      axonEntries,
      permits,
      active,
      lastUpdate,
      incentive,
      dividends,
      consensus,
      vtrust,
      emission,
      trust,
    ] = await Promise.all([
      st.keys.entries(netuid),
      st.axons.entries(netuid),
      st.validatorPermit(netuid),
      st.active(netuid),
      st.lastUpdate(netuid),
      st.incentive(netuid),
      st.dividends(netuid),
      st.consensus(netuid),
      st.validatorTrust(netuid),
      st.emission(netuid),
      trustItem ? trustItem(netuid) : undefined,
    ]);
    const byUid = keyEntries
      .map(([key, hotkey]) => ({ uid: key.args[1].toNumber(), hotkey: hotkey.toString() }))
      .sort((a, b) => a.uid - b.uid);
    const axonByHotkey = new Map<string, AxonInfo | undefined>();
    for (const [key, axon] of axonEntries) axonByHotkey.set(key.args[1].toString(), decodeAxon(axon));
    const hotkeys = byUid.map((e) => e.hotkey);
    const [owners, stakes] = await Promise.all([
      hotkeys.length ? st.owner.multi(hotkeys) : [],
      hotkeys.length ? st.totalHotkeyAlpha.multi(hotkeys.map((h) => [h, netuid])) : [],
    ]);
    const column = <C, T>(vector: readonly C[], read: (c: C | undefined) => T) =>
      byUid.map((e) => read(vector[e.uid]));
    const trustColumn = trust instanceof Vec ? (trust as Vec<Codec>) : [];
    return {
      source: 'storage',
      netuid,
      block: header.number.toNumber(),
      n: byUid.length,
      uids: byUid.map((e) => e.uid),
      hotkeys,
      coldkeys: owners.map((o) => o.toString()),
      stake: stakes.map(big),
      validatorPermit: column(permits, flag),
      active: column(active, flag),
      axons: hotkeys.map((h) => axonByHotkey.get(h)),
      lastUpdate: column(lastUpdate, num),
      incentive: column(incentive, fraction),
      dividends: column(dividends, fraction),
      consensus: column(consensus, fraction),
      trust: column(trustColumn, fraction),
      validatorTrust: column(vtrust, fraction),
      emission: column(emission, big),
    };
  });
}
