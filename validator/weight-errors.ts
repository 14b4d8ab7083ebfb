/**
 * How the weight setter reads a failure: its own typed error for bad input or a bad saved snapshot, and
 * the chain's error names sorted by what they mean for the next try (wait for the rate limit, re-read
 * the hyperparameters or the beacon, wait an interval, or give a commit up for good).
 */
import { ChainClientError } from '../shared/chain/errors.js';
import { ExpertnetError } from '../shared/errors.js';

export type WeightSetterErrorType =
  | { code: 'BAD_WEIGHTS'; reason: string }
  | { code: 'BAD_SNAPSHOT'; reason: string };

export class WeightSetterError extends ExpertnetError<WeightSetterErrorType> {}

/** Module errors and pool rejections that mean "too soon": wait for the rate limit, re-read the chain. */
export const RATE_LIMIT_ERRORS: ReadonlySet<string> = new Set([
  'SettingWeightsTooFast',
  'RateLimitExceeded',
  'CommittingWeightsTooFast',
]);

/**
 * Errors that a hyperparameter change explains (version key raised, commit-reveal toggled, another
 * `CommitRevealWeightsVersion` after a runtime upgrade).
 */
export const HYPERPARAM_ERRORS: ReadonlySet<string> = new Set([
  'IncorrectWeightVersionKey',
  'CommitRevealEnabled',
  'CommitRevealDisabled',
  'IncorrectCommitRevealVersion',
]);

/** Timelocked commits: a reveal round the chain refuses (our clock or beacon is off): re-read, retry soon. */
export const TIMELOCK_ROUND_ERRORS: ReadonlySet<string> = new Set(['InvalidRevealRound']);

/** Errors that only an epoch (permits, stake) or an operator can fix: retry once an interval has passed. */
export const SLOW_ERRORS: ReadonlySet<string> = new Set([
  'NeuronNoValidatorPermit',
  'NotEnoughStakeToSetWeights',
  'StakeAmountTooLow',
  'HotKeyNotRegisteredInSubNet',
  'UidNotFound',
  'TooManyUnrevealedCommits',
]);

/** Reveal errors after which the commit can never be revealed: forget it. */
export const FINAL_REVEAL_ERRORS: ReadonlySet<string> = new Set([
  'NoWeightsCommitFound',
  'CommitNotFound',
  'ExpiredWeightCommit',
  'InvalidRevealCommitHashNotMatch',
  // Commit-reveal switched off: nothing committed can be revealed any more.
  'CommitRevealDisabled',
]);

const NOT_APPLIED_CODES: ReadonlySet<string> = new Set([
  'TX_REJECTED',
  'DISPATCH_FAILED',
  'TX_DROPPED',
  'NOT_CONNECTED',
  'BAD_INPUT',
  'UNSUPPORTED',
]);

/**
 * True when the failed extrinsic certainly did not change chain state (so a saved commit can go).
 * Anything else, a timeout above all, leaves its fate unknown until the chain shows it.
 */
export function certainlyNotApplied(err: unknown): boolean {
  return err instanceof ChainClientError && NOT_APPLIED_CODES.has(err.code);
}

/**
 * Blocks to wait before the next submission after a failure named `name` (undefined: our own, e.g. the
 * salt could not be saved), the `failures`-th in a row: rate limits re-read the chain at the next block,
 * permits and stake wait an interval, everything else backs off exponentially up to an interval.
 */
export function retryDelayBlocks(name: string | undefined, failures: number, interval: number): number {
  if (name !== undefined && (RATE_LIMIT_ERRORS.has(name) || TIMELOCK_ROUND_ERRORS.has(name))) return 1;
  if (name !== undefined && SLOW_ERRORS.has(name)) return interval;
  return Math.min(2 ** Math.max(failures - 1, 0), interval);
}

/** Equal lengths, u16 values, no uid twice; `BAD_WEIGHTS` otherwise. */
export function checkU16Vectors(uids: readonly number[], weights: readonly number[]): void {
  const bad = (reason: string) =>
    new WeightSetterError({ code: 'BAD_WEIGHTS', reason }, `bad weights: ${reason}`);
  if (uids.length !== weights.length) throw bad(`${uids.length} uids but ${weights.length} weights`);
  for (const v of [...uids, ...weights]) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw bad(`${v} is not a u16`);
  }
  if (new Set(uids).size !== uids.length) throw bad('duplicate uids');
}
