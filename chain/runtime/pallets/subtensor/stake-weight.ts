/**
 * The epoch's stake (subtensor's `get_stake_weights_for_network`): each uid's alpha stake on the subnet
 * plus its root (TAO) stake weighted by `TaoWeight`. Yuma turns it into `StakeWeight` and gives validator
 * permits to the top `MaxAllowedValidators` non-zero stakes. This chain has no root network and no child
 * keys, so the root part is 0 and a uid's alpha stake is its hotkey's `TotalHotkeyAlpha`.
 */
import type { StateView } from '../../interface.js';
import { Keys, SubnetworkN, TotalHotkeyAlpha } from './storage.js';
import { TaoWeight } from './storage-emission.js';

const ROOT = 0;

export interface StakeWeights {
  /** Alpha + TaoWeight · root TAO, per uid (rao). */
  total: bigint[];
  alpha: bigint[];
  tao: bigint[];
}

/** Stake per uid as the epoch weighs it. */
export function stakeWeights(state: StateView, netuid: number): StakeWeights {
  const n = SubnetworkN.get(state, netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => Keys.get(state, netuid, uid));
  const alpha = hotkeys.map((h) => TotalHotkeyAlpha.get(state, h, netuid));
  const tao = hotkeys.map((h) => (netuid === ROOT ? 0n : TotalHotkeyAlpha.get(state, h, ROOT)));
  const weight = TaoWeight.get(state);
  // tao · TaoWeight / u64::MAX, truncated as the I64F64 product is.
  const total = alpha.map((a, i) => a + (tao[i]! * weight) / ((1n << 64n) - 1n));
  return { total, alpha, tao };
}
