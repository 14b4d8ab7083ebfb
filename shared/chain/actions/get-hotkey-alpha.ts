import type { ChainConnection } from '../connection.js';
import { big, checkNetuid } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetHotkeyAlphaParameters {
  netuid: number;
  /** SS58 addresses. */
  hotkeys: readonly string[];
}

/**
 * `TotalHotkeyAlpha[hotkey, netuid]` of each hotkey at the best block (rao of alpha, in `hotkeys` order):
 * the alpha staked on a neuron by everyone, one multi-query.
 * @example const [alpha] = await getHotkeyAlpha(connection, { netuid: 1, hotkeys: [hotkey] });
 */
export function getHotkeyAlpha(
  connection: ChainConnection,
  { netuid, hotkeys }: GetHotkeyAlphaParameters,
): Promise<bigint[]> {
  checkNetuid(netuid);
  if (hotkeys.length === 0) return Promise.resolve([]);
  return connection.request('hotkeyAlpha', async (api) => {
    const st = queryPallet(api.query, 'subtensorModule');
    const values = await st.totalHotkeyAlpha.multi(hotkeys.map((h) => [h, netuid]));
    return values.map(big);
  });
}
