/**
 * The epoch calendar of a subnet, as pure functions of (netuid, tempo, block), shared by the dev chain's
 * pallet and by validators planning commits and reveals.
 *
 * Subtensor's block-number rule (its `get_epoch_index` / `get_first_block_of_epoch`, and the epoch
 * trigger of runtimes before May 2026): epoch `e` of a subnet covers the blocks `b` with
 * `floor((b + netuid + 1) / (tempo + 1)) == e`, and the subnet's Yuma epoch runs at the first block of
 * each epoch, where `(b + netuid + 1) % (tempo + 1) == 0`. The `+ netuid` staggers subnets so they do not
 * all run in the same block. Tempo 0 means the epoch never runs (everything is epoch 0).
 *
 * Newer subtensor runtimes trigger the epoch from `LastEpochBlock` instead; a client talking to one
 * should treat `blocksUntilNextEpoch` as an estimate and follow the chain's events.
 *
 * No imports on purpose: the chain node loads this module and must not pull in @polkadot packages.
 */

/** Does the subnet's epoch run at `block`? Never with tempo 0. */
export function isEpochBlock(netuid: number, tempo: number, block: number): boolean {
  if (tempo === 0) return false;
  return (block + netuid + 1) % (tempo + 1) === 0;
}

/** Blocks from `block` to the next block at which the epoch runs (0 when it runs at `block`); Infinity for tempo 0. */
export function blocksUntilNextEpoch(netuid: number, tempo: number, block: number): number {
  if (tempo === 0) return Number.POSITIVE_INFINITY;
  const period = tempo + 1;
  return (period - ((block + netuid + 1) % period)) % period;
}

/** Epoch number of `block` (subtensor's `get_epoch_index`); what commit-reveal counts in. 0 for tempo 0. */
export function epochIndex(netuid: number, tempo: number, block: number): number {
  if (tempo === 0) return 0;
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** First block of epoch `epoch` (subtensor's `get_first_block_of_epoch`, saturating at 0). */
export function firstBlockOfEpoch(netuid: number, tempo: number, epoch: number): number {
  return Math.max(0, epoch * (tempo + 1) - (netuid + 1));
}

/** Last block of epoch `epoch`: the block before the next epoch starts. */
export function lastBlockOfEpoch(netuid: number, tempo: number, epoch: number): number {
  return Math.max(firstBlockOfEpoch(netuid, tempo, epoch), firstBlockOfEpoch(netuid, tempo, epoch + 1) - 1);
}
