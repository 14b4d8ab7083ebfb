/**
 * Replay's comparison with the chain, for every weights mode:
 * - `set` and reveals (hash reveals, and timelocked commits the chain applied, which the trail records as
 *   `reveal` at the block it saw them applied): the chain's row at that block is the recorded vector;
 * - timelocked commits (`commit` records whose block holds our `TimelockedWeightCommits` entry): once the
 *   round's pulse is on chain the ciphertext is decrypted, and the vector inside must be the recorded one
 *   (what was committed, not only what was applied);
 * - the row Yuma used (the chain's state at the epoch's last block), when changed in the epoch, must be a
 *   vector the audited rounds offered in this epoch or the recent ones (a timelocked commit is applied one
 *   reveal period after its epoch; a failed commit leaves the previous one in force).
 */
import { u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { errorMessage } from '../../shared/errors.js';
import { epochIndex, firstBlockOfEpoch, lastBlockOfEpoch } from '../../shared/subtensor/epoch.js';
import { decodeWeightsPayload, timelockDecrypt } from '../../shared/timelock/index.js';
import type { AuditEpoch, WeightsRecord } from './audit-types.js';
import { canonical, mismatch, offerKey, sameWeights } from './replay-checks.js';
import { type ReplayChain, type ReplayStats, ReplayUnauditable } from './replay-types.js';

export interface ChainWeightsInput {
  netuid: number;
  hotkey: string;
  epoch: number;
  audit: AuditEpoch;
  chain: ReplayChain;
  submissions: readonly WeightsRecord[];
  /** Offers of this epoch's rounds (`offerKey`). */
  thisEpoch: ReadonlySet<string>;
  /** Offers of the recent epochs replayed before this one; undefined when the previous one was not. */
  earlier: ReadonlySet<string> | undefined;
  stats: ReplayStats;
  partial: Set<string>;
}

async function chainAt(chain: ReplayChain, block: number) {
  try {
    return await chain.at(block);
  } catch (err) {
    throw new ReplayUnauditable(`cannot read the chain at block ${block}: ${errorMessage(err)}`);
  }
}

export async function checkChainWeights(input: ChainWeightsInput): Promise<void> {
  const { chain, audit, epoch, stats, partial, earlier } = input;
  const tempo = audit.start.tempo;
  for (const w of input.submissions) {
    if (w.method === 'commit') {
      if (await checkTimelockedCommit(input, w)) stats.chainWeights++;
      continue;
    }
    const facts = await chainAt(chain, w.block);
    if (!sameWeights(canonical(facts.weights), canonical(w))) {
      mismatch(
        'chain-weights',
        `the chain holds other weights at block ${w.block} than the audit's ${w.method}`,
        {
          block: w.block,
          expected: canonical(w),
          found: canonical(facts.weights),
        },
      );
    }
    stats.chainWeights++;
  }
  // The row Yuma used for this epoch, if set (or its LastUpdate moved by a commit) during the epoch.
  const first = firstBlockOfEpoch(input.netuid, tempo, epoch);
  const atEnd = await chainAt(chain, lastBlockOfEpoch(input.netuid, tempo, epoch));
  const row = canonical(atEnd.weights);
  // (LastUpdate is also set at registration, with no row.)
  if (atEnd.uid === undefined || atEnd.lastUpdate < first || row.uids.length === 0) return;
  const key = offerKey(row);
  stats.chainWeights++;
  if (input.thisEpoch.has(key) || earlier?.has(key)) return;
  if (!earlier && (await carriedOver(input, key, first, row))) {
    partial.add(
      `the weights on chain at the end of the epoch are an earlier epoch's vector (epoch ${epoch - 1} not replayed)`,
    );
    return;
  }
  mismatch(
    'chain-weights',
    `the weights on chain at the end of the epoch (set at block ${atEnd.lastUpdate}) are not any vector the audited rounds imply`,
    { block: atEnd.lastUpdate, found: row },
  );
}

/**
 * Without the previous epoch replayed: is the row plausibly carried over from before this epoch? The
 * audit names it as carried (a reveal, or a record of an earlier epoch's offer), it was in force before
 * this epoch's first round, or it did not change during the epoch (a timelocked commit moves LastUpdate
 * only).
 */
async function carriedOver(
  input: ChainWeightsInput,
  key: string,
  first: number,
  row: { uids: number[]; weights: number[] },
): Promise<boolean> {
  const { audit, epoch } = input;
  const named = audit.weights.some(
    (w) =>
      offerKey(w) === key && (w.method === 'reveal' || (w.fromEpoch !== undefined && w.fromEpoch < epoch)),
  );
  if (named) return true;
  const atEnd = await chainAt(input.chain, lastBlockOfEpoch(input.netuid, audit.start.tempo, epoch));
  const firstRound = audit.rounds[0]?.block ?? audit.end?.block ?? first;
  if (atEnd.lastUpdate < firstRound) return true;
  // Already in force at the first round (a timelocked commit applied at the epoch's start; the next
  // commit moved LastUpdate, not the row).
  const atFirstRound = await chainAt(input.chain, firstRound);
  if (sameWeights(canonical(atFirstRound.weights), row)) return true;
  if (first === 0) return false;
  const before = await chainAt(input.chain, first - 1);
  return sameWeights(canonical(before.weights), row);
}

/**
 * A `commit` record that is a timelocked commit on chain: decrypted with its round's pulse (when the
 * chain has it), the payload must name our hotkey and carry the recorded vector. Returns whether it was
 * checked (false: a hash commit, a chain without the reads, or no pulse yet).
 */
async function checkTimelockedCommit(input: ChainWeightsInput, w: WeightsRecord): Promise<boolean> {
  const read = input.chain.timelockedCommit;
  if (!read) return false;
  const filedUnder = epochIndex(input.netuid, input.audit.start.tempo, w.block);
  let found: Awaited<ReturnType<typeof read>>;
  try {
    found = await read.call(input.chain, w.block, filedUnder);
  } catch (err) {
    throw new ReplayUnauditable(
      `cannot read the timelocked commit at block ${w.block}: ${errorMessage(err)}`,
    );
  }
  if (!found?.signature) return false;
  let payload: ReturnType<typeof decodeWeightsPayload>;
  try {
    payload = decodeWeightsPayload(timelockDecrypt(found.ciphertext, found.signature));
  } catch (err) {
    return mismatch(
      'timelock-commit',
      `the timelocked commit at block ${w.block} does not open with round ${found.revealRound}'s pulse: ${errorMessage(err)}`,
      { block: w.block },
    );
  }
  const committed = canonical({ uids: payload.uids, weights: payload.values });
  if (!sameWeights(committed, canonical(w))) {
    mismatch(
      'timelock-commit',
      `the timelocked commit at block ${w.block} (round ${found.revealRound}) carries other weights than the audit's commit`,
      { block: w.block, expected: canonical(w), found: committed },
    );
  }
  if (!payload.legacy && !u8aEq(payload.hotkey, decodeAddress(input.hotkey))) {
    mismatch('timelock-commit', `the timelocked commit at block ${w.block} names another hotkey`, {
      block: w.block,
    });
  }
  return true;
}
