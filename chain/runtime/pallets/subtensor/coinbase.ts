/**
 * The per-block step (subtensor's `block_step` in `on_initialize`), dynamic TAO:
 * 1. registration burn prices decay (burn.ts);
 * 2. the block's TAO emission from the issuance (halving as the supply is issued);
 * 3. matured timelocked weight commits are revealed (timelock-commits.ts);
 * 4. `run_coinbase`: TAO split across subnets by moving price and put into their pools, each subnet's
 *    alpha emission accrued as pending owner cut / server / validator alpha (emission.ts), and every
 *    `tempo` blocks the subnet's Yuma epoch distributing the pending alpha as stake (distribution.ts);
 * 5. moving prices (and root proportions) updated after the coinbase used them.
 * docs/subnet.md ("Dynamic TAO: emission and coinbase") lists what is simplified.
 */
import { createLogger } from '../../../../shared/logger.js';
import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import { TotalIssuance as BalancesIssuance } from '../balances.js';
import { updateRegistrationPrices } from './burn.js';
import { distributeEmission, drainPending, type PendingAlpha } from './distribution.js';
import {
  blockEmission,
  emitToSubnets,
  subnetBlockEmissions,
  subnetsToEmitTo,
  updatePrices,
} from './emission.js';
import { BlockEmission, BlocksSinceLastStep, NetworksAdded, TotalIssuance, TotalStake } from './storage.js';
import { revealTimelockedCommits } from './timelock-commits.js';

export { epochInput } from './distribution.js';
export { blockEmission } from './emission.js';

const log = createLogger({ name: 'subtensor' });

/** Netuids of existing subnets, ascending (keys of `NetworksAdded`, Identity-hashed u16 LE). */
export function subnetIds(state: StateView): number[] {
  const prefix = NetworksAdded.prefixOf();
  const out: number[] = [];
  for (const key of state.keys(prefix)) {
    const hex = key.slice(prefix.length);
    const netuid = Number.parseInt(hex.slice(0, 2), 16) | (Number.parseInt(hex.slice(2, 4), 16) << 8);
    if (NetworksAdded.get(state, netuid)) out.push(netuid);
  }
  return out.sort((a, b) => a - b);
}

export function blockStep(ctx: DispatchContext): void {
  const s = ctx.state;
  const netuids = subnetIds(s);
  updateRegistrationPrices(s, netuids, ctx.blockNumber);
  // TAO issued = free balances plus TAO in stake and pools (what subtensor's TotalIssuance tracks).
  const issuance = BalancesIssuance.get(s) + TotalStake.get(s);
  TotalIssuance.put(s, issuance);
  const emission = blockEmission(issuance);
  BlockEmission.put(s, emission);
  revealTimelockedCommits(ctx); // block_step 3: matured timelocked weights, before any epoch runs (H3)
  if (netuids.length === 0) return;
  const emitting = subnetsToEmitTo(s, netuids);
  emitToSubnets(s, emitting, subnetBlockEmissions(s, emitting, emission));
  for (const netuid of netuids) runEpochIfDue(ctx, netuid);
  updatePrices(s, emitting, ctx.blockNumber);
}

/** `drain_pending` + `distribute_emission` for one subnet on its epoch block. */
function runEpochIfDue(ctx: DispatchContext, netuid: number): void {
  const s = ctx.state;
  s.begin();
  let pending: PendingAlpha | undefined;
  try {
    pending = drainPending(s, netuid, ctx.blockNumber);
    if (pending) distributeEmission(ctx, netuid, pending);
    s.commit();
  } catch (err) {
    // A failing epoch must not halt the chain: its writes are dropped and the alpha stays pending.
    s.rollback();
    BlocksSinceLastStep.put(s, BlocksSinceLastStep.get(s, netuid) + 1n, netuid);
    log.error({ err, netuid, block: ctx.blockNumber }, 'epoch failed');
  }
}
