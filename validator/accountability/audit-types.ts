/**
 * The audit trail v2: what a validator publishes per epoch so that anyone can re-derive the weights it
 * put on chain (docs/audit.md is the precise format). One JSON object per line, each with `"v": 2`, in
 * `<stateDir>/audit/epochs/<netuid>-<epoch>.jsonl` while the epoch is open, `.jsonl.gz` once closed.
 *
 * A file holds, in order: one `epoch_start`; then `round`, `metagraph`, `weights` and `resume` records
 * as they happen; then one `epoch_end` (absent while the epoch is open, or when the validator stopped
 * for good mid-epoch). Binary values are `0x` hex (hashes, signatures) or base64 (miner payloads).
 */
import type { Difficulty } from '../../shared/domains/index.js';

export const AUDIT_VERSION = 2;

/** `0x`-prefixed lowercase hex. */
export type Hex = string;

/** Everything of the validator's configuration that replay needs to recompute scores and weights. */
export interface AuditConfig {
  /** `--neuron.scoring_rule`. */
  scoringRule: string;
  /** Moving-average alpha. */
  alpha: number;
  /** Challenge items per miner. */
  batchSize: number;
  sampleSize: number;
  /** Per-request deadline (latency factor 0 there) and the target (factor 1 at or under it). */
  timeoutMs: number;
  latencyTargetMs: number;
  /** Share of generated items per difficulty. */
  difficultyMix: Record<Difficulty, number>;
  /** Share of a challenge drawn from `--dataset` items (when the task has some). */
  datasetShare: number;
  /** blake2-256 (hex) of each private challenge pack's definition, by `domain/task`. */
  packs: Record<string, Hex>;
  /** `GENERATOR_VERSION` of shared/domains and the challenge layout version of validator/challenges. */
  generatorVersion: number;
  challengeVersion: number;
  /** Weight settings (`--neuron.*`). */
  scorePower: number;
  excludeQuantile: number;
  domainShares: Record<string, number>;
  /** Whether `epoch_end` reveals the epoch's dataset items (`--audit.reveal_dataset`). */
  revealDataset: boolean;
}

/** One moving average as `MovingAverageScores` holds it. */
export interface AuditScore {
  uid: number;
  hotkey: string;
  score: number;
  rounds: number;
  lastRound: number;
}

export interface SeedCommitment {
  /** blake2-256(epoch seed ‖ dataset hash), hex: field 1 of the commitment. */
  hash: Hex;
  /** The block the commitment landed in; null when it did not land (then `reason`). */
  block: number | null;
  reason?: string;
}

export interface EpochStartRecord {
  v: 2;
  kind: 'epoch_start';
  netuid: number;
  epoch: number;
  /** Block of the metagraph the epoch's first round ran against. */
  block: number;
  time: string;
  /** The validator's hotkey (SS58). */
  validator: string;
  tempo: number;
  commitment: SeedCommitment;
  /** False when the seed commitment failed: replay reports the epoch UNAUDITABLE with `reason`. */
  auditable: boolean;
  reason?: string;
  config: AuditConfig;
  /** Moving averages before the epoch's first round (replay starts from these). */
  scores: AuditScore[];
}

/** The validator restarted mid-epoch: rounds go on at `nextRound`, averages as restored. */
export interface ResumeRecord {
  v: 2;
  kind: 'resume';
  epoch: number;
  block: number;
  time: string;
  nextRound: number;
  config: AuditConfig;
  scores: AuditScore[];
}

/** The miners weights are computed over (uid, hotkey, domain, task) and the subnet's weight limits. */
export interface MetagraphRecord {
  v: 2;
  kind: 'metagraph';
  epoch: number;
  block: number;
  /** Metagraph `n`, `MinAllowedWeights`, `MaxWeightsLimit` (u16 fraction). */
  n: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  /** [uid, hotkey, domain, task] of every miner, by uid. */
  miners: [number, string, string, string][];
}

/**
 * One item kind per challenge item, in request order: `e`asy, `s`tandard, `h`ard (generated) or
 * `d`ataset (the next index of `dataset`).
 */
export type ItemKinds = string;

export interface AuditMinerEntry {
  uid: number;
  hotkey: string;
  domain: string;
  task: string;
  /** Per item kind (see `ItemKinds`); absent when no challenge was built. */
  items?: ItemKinds;
  /** Indices into the epoch's dataset items of the task, one per `d` item, in order. */
  dataset?: number[];
  /** The classify request id: with the regenerated texts it rebuilds the request bytes. */
  requestId?: number;
  /** blake2-256 of the request frame as sent (hex): the signature covers it. */
  requestHash?: Hex;
  /** The classify payload exactly as received and signed, base64. */
  payload?: string;
  /** The miner hotkey's sr25519 signature over context ‖ requestHash ‖ blake2-256(payload), hex. */
  signature?: Hex;
  /** Request → signed answer, ms (2 decimals); the latency factor comes from it. */
  latencyMs?: number;
  quality: number;
  latencyFactor: number;
  /** Round score folded into the average (0 on failure). */
  score: number;
  /** Moving average after this round. */
  average: number;
  failure?: string;
  /** The validator could not challenge this miner (its own fault): no score, average untouched. */
  skipped?: string;
  /** Verification status (issue 14) after this round. */
  verification?: string;
}

export interface RoundRecord {
  v: 2;
  kind: 'round';
  epoch: number;
  /** 0, 1, 2, … within the epoch: contiguous unless a round was dropped. */
  round: number;
  block: number;
  time: string;
  miners: AuditMinerEntry[];
  /** uids whose average counted as 0 in the weights (failing verification). */
  zeroed?: number[];
  /** u16 weights offered after the round (empty when none). */
  uids: number[];
  weights: number[];
}

export interface WeightsRecord {
  v: 2;
  kind: 'weights';
  epoch: number;
  method: 'set' | 'commit' | 'reveal';
  /** Block the extrinsic landed in. */
  block: number;
  time: string;
  uids: number[];
  weights: number[];
  /** The round (of this epoch) whose offer these weights are; absent when not known. */
  fromRound?: number;
  fromEpoch?: number;
}

/** The revealed dataset items of one task. */
export interface DatasetReveal {
  task: string;
  items: { text: string; label: string }[];
}

export interface EpochEndRecord {
  v: 2;
  kind: 'epoch_end';
  epoch: number;
  block: number;
  time: string;
  /** Rounds run in the epoch (round indices 0..rounds-1). */
  rounds: number;
  /** The epoch seed, revealed. */
  seed: Hex;
  /** blake2-256 of the canonical JSON of the epoch's dataset items (zero hash without data set). */
  datasetHash: Hex;
  /** The epoch's dataset items; null when kept secret (`--audit.reveal_dataset false`). */
  dataset: DatasetReveal[] | null;
}

export type AuditRecordV2 =
  | EpochStartRecord
  | ResumeRecord
  | MetagraphRecord
  | RoundRecord
  | WeightsRecord
  | EpochEndRecord;

export type AuditRecordKind = AuditRecordV2['kind'];

/** One epoch as read back: its start, every record in order, and its end when closed. */
export interface AuditEpoch {
  start: EpochStartRecord;
  records: AuditRecordV2[];
  rounds: RoundRecord[];
  weights: WeightsRecord[];
  end: EpochEndRecord | undefined;
}
