/**
 * Replay of one validator epoch from its published audit (`audit-types.ts`) and the chain: the revealed
 * seed against the on-chain commitment, every round present (indices 0..rounds-1, none dropped), every
 * signed miner answer re-derived (`replay-answer.ts`), the moving averages and the u16 weight offers
 * recomputed with the validator's own functions (`MovingAverageScores`, `weightsForChain`), and the
 * weights on chain compared with what the audit says was submitted. The result is an `EpochVerdict`;
 * nothing here throws for bad data.
 */
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { errorMessage } from '../../shared/errors.js';
import { lastBlockOfEpoch } from '../../shared/subtensor/epoch.js';
import type { MovingAverageScores } from '../scoring.js';
import { type U16Weights, weightsForChain } from '../weights.js';
import type {
  AuditConfig,
  AuditEpoch,
  AuditScore,
  MetagraphRecord,
  RoundRecord,
  WeightsRecord,
} from './audit-types.js';
import { decodeSeedCommitment, seedCommitmentHash } from './commitment.js';
import { datasetHash, revealedDatasets } from './dataset.js';
import { replayAnswer, SCORE_TOLERANCE } from './replay-answer.js';
import { checkChainWeights } from './replay-chain-weights.js';
import {
  checkSubmission,
  checkVersions,
  compareScores,
  fromSnapshot,
  mismatch,
  offerKey,
  sameWeights,
  toAudit,
} from './replay-checks.js';
import {
  type EpochVerdict,
  emptyStats,
  type ReplayChain,
  ReplayMismatch,
  type ReplayStats,
  ReplayUnauditable,
} from './replay-types.js';

/** Where an epoch's replay ended: the averages and the last weight offer (the next epoch's continuity). */
export interface ReplayEndState {
  epoch: number;
  scores: AuditScore[];
  /** Every weight vector the epoch's rounds offered (`offerKey`): what a later reveal may carry. */
  offers: Set<string>;
  /** The previous epoch's offers (when it was replayed). */
  prior: Set<string>;
  /**
   * `offers` and the two epochs' before: what the next epoch's submissions and row may carry (a
   * timelocked commit is applied an epoch after it, and stays in force when the next commit fails).
   */
  recent: Set<string>;
  /** The subnet's tempo then (epoch → blocks). */
  tempo: number;
}

export interface ReplayEpochInput {
  netuid: number;
  /** The validator's hotkey (SS58). */
  hotkey: string;
  epoch: number;
  audit: AuditEpoch;
  chain: ReplayChain;
  /** The previous epoch's end state when it was replayed too (then the snapshot must continue it). */
  previous?: ReplayEndState | undefined;
}

export interface ReplayEpochResult {
  verdict: EpochVerdict;
  /** Undefined when the replay did not get through the epoch. */
  end: ReplayEndState | undefined;
}

/** Replays one epoch. Never throws: every problem ends as a verdict. */
export async function replayEpoch(input: ReplayEpochInput): Promise<ReplayEpochResult> {
  const stats = emptyStats();
  const partial = new Set<string>();
  // Set once the audit itself replayed: a later difference with the chain keeps it for the next epoch.
  const replayed: { end?: ReplayEndState } = {};
  try {
    const end = await run(input, stats, partial, replayed);
    const reasons = [...partial];
    const verdict: EpochVerdict =
      reasons.length > 0
        ? { epoch: input.epoch, verdict: 'PARTIAL', reason: reasons.join('; '), reasons, stats }
        : {
            epoch: input.epoch,
            verdict: 'MATCH',
            reason: `${stats.rounds} rounds, ${stats.answers} signed answers, ${stats.offers} weight vectors, ${stats.chainWeights} on chain`,
            stats,
          };
    return { verdict, end };
  } catch (err) {
    if (err instanceof ReplayMismatch) {
      const verdict: EpochVerdict = {
        epoch: input.epoch,
        verdict: 'MISMATCH',
        reason: err.difference.message,
        difference: err.difference,
        stats,
      };
      return { verdict, end: replayed.end };
    }
    const reason = err instanceof ReplayUnauditable ? err.message : `replay failed: ${errorMessage(err)}`;
    return { verdict: unauditable(input.epoch, reason, stats), end: undefined };
  }
}

export function unauditable(epoch: number, reason: string, stats: ReplayStats = emptyStats()): EpochVerdict {
  return { epoch, verdict: 'UNAUDITABLE', reason, reasons: [reason], stats };
}

async function chainAt(chain: ReplayChain, block: number) {
  try {
    return await chain.at(block);
  } catch (err) {
    throw new ReplayUnauditable(`cannot read the chain at block ${block}: ${errorMessage(err)}`);
  }
}

async function run(
  input: ReplayEpochInput,
  stats: ReplayStats,
  partial: Set<string>,
  replayed: { end?: ReplayEndState },
): Promise<ReplayEndState> {
  const { audit, chain, epoch } = input;
  const { start, end } = audit;
  if (start.netuid !== input.netuid || start.epoch !== epoch || start.validator !== input.hotkey) {
    throw new ReplayUnauditable(
      `the audit is for validator ${start.validator}, netuid ${start.netuid}, epoch ${start.epoch}`,
    );
  }
  if (!start.auditable)
    throw new ReplayUnauditable(`the validator marked it unauditable: ${start.reason ?? 'no reason given'}`);
  if (!end) throw new ReplayUnauditable('no epoch_end: the epoch is open or the seed was never revealed');
  checkVersions(start.config);

  // 1. The seed: revealed = committed in the audit = committed on chain, before the epoch's rounds.
  const seed = hexToU8a(end.seed);
  const committed = u8aToHex(seedCommitmentHash(seed, hexToU8a(end.datasetHash)));
  if (committed !== start.commitment.hash) {
    mismatch('seed', `the revealed seed does not match the committed hash`, {
      expected: start.commitment.hash,
      found: committed,
    });
  }
  const commitBlock = start.commitment.block;
  if (commitBlock === null) {
    throw new ReplayUnauditable(
      `the seed commitment did not land: ${start.commitment.reason ?? 'no reason given'}`,
    );
  }
  const atCommit = await chainAt(chain, commitBlock);
  const onChain = atCommit.commitment ? decodeSeedCommitment(atCommit.commitment.fields) : undefined;
  if (!onChain || atCommit.commitment?.block !== commitBlock) {
    throw new ReplayUnauditable(`no seed commitment of this validator landed in block ${commitBlock}`);
  }
  if (onChain.epoch !== epoch || u8aToHex(onChain.hash) !== committed) {
    mismatch('seed', `the revealed seed does not match the commitment on chain (block ${commitBlock})`, {
      block: commitBlock,
      expected: { epoch, hash: committed },
      found: { epoch: onChain.epoch, hash: u8aToHex(onChain.hash) },
    });
  }
  // The seed must be fixed on chain before the epoch is over (the audit's own blocks are those of the
  // validator's metagraph, which may lag the chain's head by a block or two).
  const epochEnd = lastBlockOfEpoch(input.netuid, start.tempo, epoch);
  // Reported once the rounds are replayed: the next epoch still has them to continue from.
  const late =
    commitBlock > epochEnd
      ? {
          block: commitBlock,
          message: `the seed was committed at block ${commitBlock}, after the epoch ended (block ${epochEnd})`,
        }
      : undefined;

  // 2. The data set items: revealed and matching their committed hash, or secret (PARTIAL).
  let datasets: Map<string, { text: string; label: string }[]> | undefined;
  if (end.dataset === null) {
    partial.add('dataset items kept secret (--audit.reveal_dataset false)');
  } else {
    const hash = u8aToHex(datasetHash(end.dataset));
    if (hash !== end.datasetHash) {
      mismatch('dataset', 'the revealed data set items do not match their committed hash', {
        expected: end.datasetHash,
        found: hash,
      });
    }
    datasets = revealedDatasets(end.dataset);
  }

  // 3. Continuity: the snapshot at epoch start is where the previous epoch's replay ended.
  if (input.previous && input.previous.epoch === epoch - 1) {
    compareScores(
      input.previous.scores,
      start.scores,
      'continuity',
      `epoch ${epoch}'s starting averages differ from the end of epoch ${epoch - 1}`,
    );
  }

  // 4. Rounds, in order, with the averages and weight offers they imply.
  let config = start.config;
  let scores = fromSnapshot(config.alpha, start.scores);
  let metagraph: MetagraphRecord | undefined;
  let nextRound = 0;
  const offers = new Map<number, U16Weights | undefined>();
  // A submission may carry an offer of this epoch or (commit-reveal, a late set) of the one before.
  // Without the previous epoch replayed, a vector carried over from it cannot be checked (PARTIAL).
  const context = input.previous?.epoch === epoch - 1 ? input.previous : undefined;
  const earlier = context?.recent;
  const thisEpoch = new Set<string>();
  const submissions: WeightsRecord[] = [];
  for (const record of audit.records) {
    if (record.kind === 'metagraph') metagraph = record;
    else if (record.kind === 'resume') {
      // A restart: the restored averages must be where the replay is, rounds go on where they stopped.
      compareScores(
        toAudit(scores.entries()),
        record.scores,
        'resume',
        `the averages restored at the restart (block ${record.block}) differ from the rounds before it`,
      );
      if (record.nextRound !== nextRound) {
        mismatch('round-gap', `after the restart rounds go on at ${record.nextRound}, not ${nextRound}`, {
          round: nextRound,
          expected: nextRound,
          found: record.nextRound,
        });
      }
      checkVersions(record.config);
      config = record.config;
      scores = fromSnapshot(config.alpha, record.scores);
    } else if (record.kind === 'round') {
      if (record.round !== nextRound) {
        mismatch(
          'round-gap',
          record.round > nextRound
            ? `round ${nextRound} is missing (dropped)`
            : `round ${record.round} appears twice`,
          {
            round: nextRound,
            expected: nextRound,
            found: record.round,
          },
        );
      }
      const offer = replayRound(record, { seed, config, datasets, scores, metagraph, stats, partial });
      offers.set(record.round, offer);
      if (offer) thisEpoch.add(offerKey(offer));
      nextRound++;
    } else if (record.kind === 'weights') {
      // Checked once every round is replayed (a submission may be written before its round's record).
      submissions.push(record);
    }
  }
  if (end.rounds !== nextRound) {
    mismatch('round-gap', `epoch_end counts ${end.rounds} rounds, the audit holds ${nextRound}`, {
      round: nextRound,
      expected: end.rounds,
      found: nextRound,
    });
  }

  for (const w of submissions) checkSubmission(w, offers, earlier, partial);
  const state: ReplayEndState = {
    epoch,
    scores: toAudit(scores.entries()),
    offers: thisEpoch,
    prior: new Set(context?.offers ?? []),
    recent: new Set([...thisEpoch, ...(context?.offers ?? []), ...(context?.prior ?? [])]),
    tempo: start.tempo,
  };
  replayed.end = state;

  // 5. The chain: every submission landed (or was committed) as audited, and the row Yuma used is one
  // of the audited vectors (replay-chain-weights.ts).
  await checkChainWeights({ ...input, submissions, thisEpoch, earlier, stats, partial });
  if (late !== undefined) mismatch('seed', late.message, { block: late.block });
  return state;
}

interface RoundContext {
  seed: Uint8Array;
  config: AuditConfig;
  datasets: Map<string, { text: string; label: string }[]> | undefined;
  scores: MovingAverageScores;
  metagraph: MetagraphRecord | undefined;
  stats: ReplayStats;
  partial: Set<string>;
}

/** One round: every miner's answer, the averages, and the weight offer. Returns the offer. */
function replayRound(record: RoundRecord, ctx: RoundContext): U16Weights | undefined {
  const { config, scores, stats } = ctx;
  for (const entry of record.miners) {
    const answer = replayAnswer(entry, {
      epochSeed: ctx.seed,
      round: record.round,
      config,
      datasets: ctx.datasets,
    });
    if (answer.partial) ctx.partial.add(answer.partial);
    if (answer.answered && !answer.partial) stats.answers++;
    else stats.unanswered++;
    if (entry.skipped !== undefined) continue;
    const average = scores.update(entry.uid, entry.hotkey, answer.score, record.round);
    if (Math.abs(average - entry.average) > SCORE_TOLERANCE) {
      mismatch(
        'average',
        `round ${record.round}, uid ${entry.uid}: the moving average should be ${average}, the audit says ${entry.average}`,
        {
          round: record.round,
          uid: entry.uid,
          expected: average,
          found: entry.average,
        },
      );
    }
  }
  stats.rounds++;
  if (!ctx.metagraph) {
    if (record.uids.length === 0) return undefined;
    throw new ReplayUnauditable(
      `round ${record.round} offers weights but the audit names no metagraph before it`,
    );
  }
  const mg = ctx.metagraph;
  const zeroed = new Set(record.zeroed ?? []);
  let offer: U16Weights | undefined;
  try {
    offer = weightsForChain({
      miners: mg.miners.map(([uid, hotkey, domain]) => ({ uid, hotkey, domain })),
      averages: scores.entries().map((e) => (zeroed.has(e.uid) ? { ...e, score: 0 } : e)),
      limits: { n: mg.n, minAllowedWeights: mg.minAllowedWeights, maxWeightsLimit: mg.maxWeightsLimit },
      settings: {
        domainShares: config.domainShares,
        scorePower: config.scorePower,
        excludeQuantile: config.excludeQuantile,
      },
    });
  } catch (err) {
    offer = undefined; // the validator offers nothing when its weights throw
    if (record.uids.length > 0)
      mismatch('offer', `round ${record.round}: the weights cannot be computed (${errorMessage(err)})`, {
        round: record.round,
      });
  }
  if (!sameWeights(offer, record)) {
    mismatch('offer', `round ${record.round}: the u16 weights offered differ from those the averages imply`, {
      round: record.round,
      expected: offer ?? { uids: [], weights: [] },
      found: { uids: record.uids, weights: record.weights },
    });
  }
  if (offer) stats.offers++;
  return offer;
}

/** A submission must be a vector some replayed round offered (or the previous epoch's last offer). */
