/**
 * Copied models don't multiply emission. When several hotkeys commit the same bundle digest, only the
 * earliest commitment — lowest commit block, then lowest uid — earns under `--verify.duplicate_models
 * first` (the default); the others are DUPLICATE_MODEL and score 0. Emission pays for new quality, not
 * for copies: ten hotkeys serving one model add no capacity the subnet can tell apart (the same bundle
 * answers the same items with the same probabilities), so paying each of them would let one operator
 * multiply a single model's reward by registering hotkeys, and would pay a copier for a model someone
 * else trained. The first to commit a digest is the one that brought it to the subnet. `allow` turns the
 * rule off (e.g. a private subnet where one operator runs replicas on purpose).
 */

export type DuplicatePolicy = 'first' | 'allow';

export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['first', 'allow'];

export interface CommittedMiner {
  uid: number;
  /** Lower-case hex bundle digest; undefined for an old (unverifiable) commitment. */
  bundleDigest: string | undefined;
  /** Block at which the commitment was made. */
  commitBlock: number;
}

/**
 * uid → uid of the earliest commitment of the same digest, for every miner that is a duplicate under
 * `policy` (the original is not in the map). Old commitments (no bundle digest) never count.
 */
export function findDuplicates(
  miners: readonly CommittedMiner[],
  policy: DuplicatePolicy = 'first',
): Map<number, number> {
  const out = new Map<number, number>();
  if (policy === 'allow') return out;
  const first = new Map<string, CommittedMiner>();
  const ordered = [...miners].sort((a, b) => a.commitBlock - b.commitBlock || a.uid - b.uid);
  for (const miner of ordered) {
    if (miner.bundleDigest === undefined) continue;
    const digest = miner.bundleDigest.toLowerCase();
    const original = first.get(digest);
    if (original) out.set(miner.uid, original.uid);
    else first.set(digest, miner);
  }
  return out;
}
