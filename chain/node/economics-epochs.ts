/**
 * What each epoch paid, read from the writes of the blocks the node imports (no state reads): the
 * `Emission` vector an epoch wrote (for the per-uid earnings counter) and the owner cut it paid.
 *
 * The owner cut accrues per block in `PendingOwnerCut` and is paid at the epoch as stake on the owner
 * hotkey, not through `Emission` (coinbase.ts `runSubnetEpoch`); the epoch block writes it back to 0, so
 * what was paid is the last accrued value plus that block's own accrual (the per-block increment seen
 * on the blocks before: it changes only when the block emission halves or a subnet is added).
 */
import type { Hex } from '../runtime/interface.js';
import { Emission, LastMechansimStepBlock, PendingOwnerCut } from '../runtime/pallets/subtensor/storage.js';
import { decodeExact } from '../runtime/scale/ty.js';

const ITEM_PREFIX_LENGTH = 66;
const PENDING_OWNER_CUT = PendingOwnerCut.prefixOf();
const LAST_STEP = LastMechansimStepBlock.prefixOf();
const EMISSION = Emission.prefixOf();

/** What the epochs of one subnet paid since the last `take` (summed: bounded however rarely it is read). */
export interface EpochPayout {
  netuid: number;
  epochs: number;
  /** Per-uid emission the epochs wrote (rao), summed by uid. */
  emitted: bigint[];
  /** Owner cut paid by the last of them (rao); undefined until the node has seen two blocks accrue before it. */
  lastOwnerCut: bigint | undefined;
  /** Owner cut paid by all of them whose amount is known (rao). */
  ownerCutTotal: bigint;
}

function netuidOf(key: Hex): number {
  return (
    Number.parseInt(key.slice(ITEM_PREFIX_LENGTH, ITEM_PREFIX_LENGTH + 2), 16) |
    (Number.parseInt(key.slice(ITEM_PREFIX_LENGTH + 2, ITEM_PREFIX_LENGTH + 4), 16) << 8)
  );
}

export class EpochLedger {
  /** netuid → last `PendingOwnerCut` written. */
  private readonly pending = new Map<number, bigint>();
  /** netuid → accrual of the last block that was not an epoch. */
  private readonly increment = new Map<number, bigint>();
  private payouts = new Map<number, EpochPayout>();

  /** Reads one imported block's writes; decodes only the few values of the items it follows. */
  observe(changes: ReadonlyArray<readonly [Hex, Uint8Array | null]>): void {
    const epochs = new Set<number>();
    const emission = new Map<number, Uint8Array | null>();
    const pending = new Map<number, Uint8Array | null>();
    for (const [key, value] of changes) {
      if (key.length < ITEM_PREFIX_LENGTH + 4) continue;
      const item = key.slice(0, ITEM_PREFIX_LENGTH);
      if (item === LAST_STEP) epochs.add(netuidOf(key));
      else if (item === EMISSION) emission.set(netuidOf(key), value);
      else if (item === PENDING_OWNER_CUT) pending.set(netuidOf(key), value);
    }
    for (const netuid of epochs) {
      const before = this.pending.get(netuid);
      const increment = this.increment.get(netuid);
      const ownerCut = before === undefined || increment === undefined ? undefined : before + increment;
      const raw = emission.get(netuid);
      this.record(netuid, raw ? decodeExact(Emission.ty.codec, raw, 'Emission') : [], ownerCut);
    }
    for (const [netuid, raw] of pending) {
      const value = raw === null ? 0n : decodeExact(PendingOwnerCut.ty.codec, raw, 'PendingOwnerCut');
      const before = this.pending.get(netuid);
      if (!epochs.has(netuid) && before !== undefined && value >= before)
        this.increment.set(netuid, value - before);
      this.pending.set(netuid, value);
    }
  }

  /** What the epochs paid since the last call, by subnet. */
  take(): EpochPayout[] {
    const out = [...this.payouts.values()];
    this.payouts = new Map();
    return out;
  }

  private record(netuid: number, emission: readonly bigint[], ownerCut: bigint | undefined): void {
    let payout = this.payouts.get(netuid);
    if (payout === undefined) {
      payout = { netuid, epochs: 0, emitted: [], lastOwnerCut: undefined, ownerCutTotal: 0n };
      this.payouts.set(netuid, payout);
    }
    payout.epochs++;
    emission.forEach((rao, uid) => {
      payout.emitted[uid] = (payout.emitted[uid] ?? 0n) + rao;
    });
    payout.lastOwnerCut = ownerCut;
    if (ownerCut !== undefined) payout.ownerCutTotal += ownerCut;
  }
}
