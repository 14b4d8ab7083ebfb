/**
 * What `expertnet audit replay` says about one epoch of one validator, and the chain facts it compares
 * with. A verdict is data, never an exception: a bad file, a bad signature or an unreachable chain each
 * end as a verdict with its reason.
 */
import type { ValidatorAtBlock } from '../../shared/chain/actions/get-validator-at.js';

/**
 * - `MATCH`: every check passed; the weights on chain are what the published data implies.
 * - `MISMATCH`: the published data contradicts itself, the miners' signatures or the chain (`difference`
 *   is the first one found).
 * - `PARTIAL`: everything that could be checked matched, but some of it could not (`reasons`).
 * - `UNAUDITABLE`: the epoch cannot be checked at all (no audit, unreadable audit, no commitment…).
 */
export type Verdict = 'MATCH' | 'MISMATCH' | 'PARTIAL' | 'UNAUDITABLE';

export const VERDICTS: readonly Verdict[] = ['MATCH', 'MISMATCH', 'PARTIAL', 'UNAUDITABLE'];

/** The first thing replay found different: where, what, and the two values when there are two. */
export interface Difference {
  /** A stable name for the check that failed (e.g. `signature`, `round-gap`, `chain-weights`). */
  check: string;
  round?: number;
  uid?: number;
  block?: number;
  message: string;
  expected?: unknown;
  found?: unknown;
}

export interface EpochVerdict {
  epoch: number;
  verdict: Verdict;
  /** One line: the difference, the reasons for PARTIAL / UNAUDITABLE, or a summary for MATCH. */
  reason: string;
  difference?: Difference;
  /** Why the epoch is PARTIAL or UNAUDITABLE (one entry per distinct reason). */
  reasons?: string[];
  /** What was checked. */
  stats: ReplayStats;
}

export interface ReplayStats {
  rounds: number;
  /** Signed miner answers whose signature and scores were re-derived. */
  answers: number;
  /** Miner entries without an answer (failures, skips): only their zero score was checked. */
  unanswered: number;
  /** Weight vectors recomputed (one per round with an offer). */
  offers: number;
  /** Weight submissions compared with the chain. */
  chainWeights: number;
}

/** Reads what the chain held at a block (`shared/chain/actions/get-validator-at.ts` in production). */
export interface ReplayChain {
  at(block: number): Promise<ValidatorAtBlock>;
  /**
   * The validator's timelocked commit that landed in `block`, filed under `epoch` (`replay-chain.ts`);
   * undefined when there is none. Without this method timelocked commits are not decrypted.
   */
  timelockedCommit?(block: number, epoch: number): Promise<TimelockedCommitAt | undefined>;
}

/** A timelocked commit as the chain holds it, and its round's pulse signature once the chain has it. */
export interface TimelockedCommitAt {
  ciphertext: Uint8Array;
  revealRound: bigint;
  /** `Drand.Pulses[revealRound].signature` (G1, 48 bytes); undefined before the round or once pruned. */
  signature: Uint8Array | undefined;
}

/** Thrown inside replay to end an epoch with MISMATCH; caught by `replayEpoch`. */
export class ReplayMismatch extends Error {
  readonly difference: Difference;
  constructor(difference: Difference) {
    super(difference.message);
    this.difference = difference;
  }
}

/** Thrown inside replay to end an epoch with UNAUDITABLE; caught by `replayEpoch`. */
export class ReplayUnauditable extends Error {}

export function emptyStats(): ReplayStats {
  return { rounds: 0, answers: 0, unanswered: 0, offers: 0, chainWeights: 0 };
}
