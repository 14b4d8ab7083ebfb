/**
 * The comparisons replay makes (weights, averages, versions, submissions), each ending the epoch with
 * `ReplayMismatch` / `ReplayUnauditable` at the first difference.
 */
import { GENERATOR_VERSION } from '../../shared/domains/index.js';
import { errorMessage } from '../../shared/errors.js';
import { CHALLENGE_VERSION } from '../challenges.js';
import { MovingAverageScores, type ScoreEntry } from '../scoring.js';
import type { U16Weights } from '../weights.js';
import type { AuditConfig, AuditScore, WeightsRecord } from './audit-types.js';
import { SCORE_TOLERANCE } from './replay-answer.js';
import { ReplayMismatch, ReplayUnauditable } from './replay-types.js';

export const sameWeights = (a: U16Weights | undefined, b: { uids: number[]; weights: number[] }) =>
  (a?.uids ?? []).join(',') === b.uids.join(',') && (a?.weights ?? []).join(',') === b.weights.join(',');

/** Sorted by uid, zero weights left out (what the chain's row and `toU16Weights` both hold). */
export function canonical(w: { uids: readonly number[]; weights: readonly number[] }): U16Weights {
  const pairs = w.uids.map((u, i) => [u, w.weights[i] ?? 0] as const).filter(([, x]) => x > 0);
  pairs.sort((a, b) => a[0] - b[0]);
  return { uids: pairs.map((p) => p[0]), weights: pairs.map((p) => p[1]) };
}
export function mismatch(
  check: string,
  message: string,
  extra: Partial<ReplayMismatch['difference']> = {},
): never {
  throw new ReplayMismatch({ check, message, ...extra });
}

export function checkVersions(config: AuditConfig): void {
  if (config.generatorVersion !== GENERATOR_VERSION || config.challengeVersion !== CHALLENGE_VERSION) {
    throw new ReplayUnauditable(
      `challenges made by generator v${config.generatorVersion}/layout v${config.challengeVersion}; this build regenerates v${GENERATOR_VERSION}/v${CHALLENGE_VERSION}`,
    );
  }
}

export function fromSnapshot(alpha: number, snapshot: readonly AuditScore[]): MovingAverageScores {
  try {
    return MovingAverageScores.fromJSON({ alpha, entries: snapshot });
  } catch (err) {
    return mismatch('snapshot', `the averages snapshot does not validate: ${errorMessage(err)}`);
  }
}

export function toAudit(entries: readonly ScoreEntry[]): AuditScore[] {
  return entries.map(({ uid, hotkey, score, rounds, lastRound }) => ({
    uid,
    hotkey,
    score,
    rounds,
    lastRound,
  }));
}

/** Same uids, hotkeys, round counts and averages (within float tolerance); `lastRound` is bookkeeping. */
export function compareScores(
  expected: readonly AuditScore[],
  found: readonly AuditScore[],
  check: string,
  what: string,
): void {
  const byUid = new Map(found.map((s) => [s.uid, s]));
  for (const e of expected) {
    const f = byUid.get(e.uid);
    if (
      !f ||
      f.hotkey !== e.hotkey ||
      f.rounds !== e.rounds ||
      Math.abs(f.score - e.score) > SCORE_TOLERANCE
    ) {
      mismatch(check, `${what} (uid ${e.uid})`, { uid: e.uid, expected: e, found: f ?? null });
    }
    byUid.delete(e.uid);
  }
  const [extra] = byUid.values();
  if (extra)
    mismatch(check, `${what} (uid ${extra.uid} appears)`, { uid: extra.uid, expected: null, found: extra });
}

/** A canonical vector as a set key. */
export function offerKey(w: { uids: readonly number[]; weights: readonly number[] }): string {
  const c = canonical(w);
  return `${c.uids.join(',')}/${c.weights.join(',')}`;
}

/** A submission must be a vector some replayed round offered (this epoch's, or the previous epoch's). */
export function checkSubmission(
  w: WeightsRecord,
  offers: ReadonlyMap<number, U16Weights | undefined>,
  earlier: ReadonlySet<string> | undefined,
  partial: Set<string>,
): void {
  const ofThisEpoch = w.fromEpoch === undefined || w.fromEpoch === w.epoch;
  const from = w.fromRound !== undefined && ofThisEpoch ? offers.get(w.fromRound) : undefined;
  const key = offerKey(w);
  const ok = from
    ? offerKey(from) === key
    : [...offers.values()].some((o) => o && offerKey(o) === key) || (earlier?.has(key) ?? false);
  if (!ok && earlier === undefined && w.fromEpoch !== undefined && w.fromEpoch < w.epoch) {
    // An earlier epoch's offer, and that epoch was not replayed: nothing to compare with.
    partial.add(
      `weights ${w.method} at block ${w.block} carry epoch ${w.fromEpoch}'s offer, which was not replayed`,
    );
    return;
  }
  if (!ok) {
    const verb = w.method === 'set' ? 'set' : `${w.method}ed`;
    mismatch(
      'submission',
      `the weights ${verb} at block ${w.block} are not what ${w.fromRound === undefined ? 'any round' : `round ${w.fromRound}`} offered`,
      {
        block: w.block,
        expected: from ?? null,
        found: canonical(w),
      },
    );
  }
}
