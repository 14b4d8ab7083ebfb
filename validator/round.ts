/**
 * One miner's part of a round: build its private challenge, ask it over the pooled connection, check
 * the answer against the true labels and score it. Any failure of the miner (unreachable, handshake,
 * late, malformed, unsigned, refused, labels it does not serve) is a 0 with its reason; only the
 * validator's own faults (`skipped`) leave the miner's average untouched.
 */
import { labelsHash } from '../shared/chain/index.js';
import { type Difficulty, getTask, type LabelledItem, type TaskDefinition } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import { type CalibrationSample, calibrationSamples } from './calibration.js';
import { buildChallenge, type DifficultyMix, roundSeed } from './challenges.js';
import type { MinerEntry } from './metagraph.js';
import { MinerClientError, type MinerConnections, type SignedEvidence } from './miners/index.js';
import { itemScore, latencyFactor, type ScoringRule } from './scoring.js';
import type { AnsweredChallenge, FailingStatus } from './verify/verifier.js';

export interface RoundSettings {
  /** Challenge items per miner. */
  batchSize: number;
  /** Per-request deadline; also where the latency factor reaches 0. */
  timeoutMs: number;
  /** Answers at or under this get the full latency factor. Default min(500, timeout / 4). */
  latencyTargetMs?: number;
  rule: ScoringRule;
  /** Private items by `domain/task`. */
  datasets: ReadonlyMap<string, readonly LabelledItem[]>;
  datasetShare: number;
  /** Private challenge packs by `domain/task`: generated items come from these templates. */
  packs?: ReadonlyMap<string, TaskDefinition> | undefined;
  /** Difficulties of generated items; default DEFAULT_DIFFICULTY_MIX. */
  difficultyMix?: DifficultyMix | undefined;
}

/** Reasons a miner scored 0 besides the wire failures of `MinerFailure`. */
export type ScoreFailure =
  | MinerClientError['failure']
  /** Its committed domain/task is not one this validator knows. */
  | 'UNKNOWN_TASK'
  /** It serves labels that do not match its commitment. */
  | 'LABELS_MISMATCH'
  /** Its verification failed (validator/verify/verifier.ts): zero for the rest of the epoch. */
  | FailingStatus;

export interface MinerRoundResult {
  miner: MinerEntry;
  items: number;
  /** Mean item score before the latency factor. */
  quality: number;
  latencyFactor: number;
  /** quality × latency factor; 0 on failure. */
  score: number;
  latencyMs: number | undefined;
  evidence: SignedEvidence | undefined;
  failure: ScoreFailure | undefined;
  /** The validator could not build a challenge: no score this round. */
  skipped?: string;
  /** Per answered item: top probability and whether it was right (empty on failure). */
  calibration?: CalibrationSample[];
  /** Per answered item: its difficulty (`dataset` for a data set item) and its score (for the metrics). */
  itemScores?: { difficulty: Difficulty | 'dataset'; score: number }[];
  /** What the miner answered, signed, with its admitted `info` (for the verifier's spot checks). */
  answer?: AnsweredChallenge;
  /** What the audit trail keeps (validator/accountability): item kinds, data set indices, signed answer. */
  trail?: ChallengeTrail;
}

export interface ChallengeTrail {
  /** Per item: e/s/h (generated, by difficulty) or d (data set). */
  items: string;
  /** Index in the epoch's data set items of each `d` item, in order. */
  dataset: number[];
  requestId?: number;
  /** The classify payload as received and signed. */
  payload?: Uint8Array;
}

export function taskKey(domain: string, task: string): string {
  return `${domain}/${task}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function scoreMiner(params: {
  miner: MinerEntry;
  connections: MinerConnections;
  /** The epoch seed (`epochSeed`) and the round's index within the epoch. */
  seed: Uint8Array;
  roundIndex: number;
  settings: RoundSettings;
}): Promise<MinerRoundResult> {
  const { miner, connections, seed, roundIndex, settings } = params;
  const zero = (failure: ScoreFailure, extra: Partial<MinerRoundResult> = {}): MinerRoundResult => ({
    miner,
    items: settings.batchSize,
    quality: 0,
    latencyFactor: 0,
    score: 0,
    latencyMs: undefined,
    evidence: undefined,
    failure,
    ...extra,
  });

  let challenge: ReturnType<typeof buildChallenge>;
  try {
    getTask(miner.domain, miner.task);
  } catch {
    return zero('UNKNOWN_TASK');
  }
  try {
    challenge = buildChallenge({
      domain: miner.domain,
      task: miner.task,
      seed: roundSeed(seed, roundIndex, miner.uid),
      size: settings.batchSize,
      dataset: settings.datasets.get(taskKey(miner.domain, miner.task)),
      datasetShare: settings.datasetShare,
      difficultyMix: settings.difficultyMix,
      definition: settings.packs?.get(taskKey(miner.domain, miner.task)),
    });
  } catch (err) {
    return { ...zero('UNKNOWN_TASK'), failure: undefined, skipped: errorMessage(err) };
  }
  const trail: ChallengeTrail = {
    items: challenge.sources
      .map((s, i) => (s === 'dataset' ? 'd' : (challenge.difficulties[i] ?? 's')[0]))
      .join(''),
    dataset: challenge.datasetIndices,
  };

  const started = performance.now();
  try {
    const connection = await connections.get(miner);
    // The miner's labels: what it declared when we connected, checked against its commitment.
    const labels = connection.admittedInfo.labels;
    if (!sameBytes(labelsHash(labels), miner.labelsHash)) return zero('LABELS_MISMATCH', { trail });
    const answer = await connection.classify(challenge.texts, { timeoutMs: settings.timeoutMs });
    let total = 0;
    const trueIndices = challenge.labels.map((label) => labels.indexOf(label));
    const itemScores: NonNullable<MinerRoundResult['itemScores']> = [];
    trueIndices.forEach((trueIndex, i) => {
      const score =
        trueIndex >= 0
          ? itemScore(answer.probabilities[i] ?? [], trueIndex, settings.rule, labels.length)
          : 0;
      total += score;
      itemScores.push({ difficulty: challenge.difficulties[i] ?? 'dataset', score });
    });
    const quality = total / challenge.texts.length;
    const factor = latencyFactor(answer.latencyMs, {
      targetMs: settings.latencyTargetMs ?? Math.min(500, settings.timeoutMs / 4),
      timeoutMs: settings.timeoutMs,
    });
    return {
      miner,
      items: challenge.texts.length,
      quality,
      latencyFactor: factor,
      score: quality * factor,
      latencyMs: answer.latencyMs,
      evidence: answer.evidence,
      failure: undefined,
      calibration: calibrationSamples(answer.probabilities, trueIndices, labels.length),
      itemScores,
      trail: { ...trail, requestId: answer.requestId, payload: answer.payload },
      answer: {
        texts: challenge.texts,
        probabilities: answer.probabilities,
        payload: answer.payload,
        evidence: answer.evidence,
        requestId: answer.requestId,
        info: connection.admittedInfo,
      },
    };
  } catch (err) {
    const latencyMs = performance.now() - started;
    // A broken connection is reopened next round; a refusal or timeout keeps it (the miner decides).
    if (!(err instanceof MinerClientError)) {
      // Our own fault (e.g. a challenge text over the protocol limit): no score this round.
      return { ...zero('MALFORMED'), failure: undefined, skipped: errorMessage(err) };
    }
    if (err.failure !== 'TIMEOUT' && err.failure !== 'REFUSED') connections.drop(miner.uid);
    return zero(err.failure, { latencyMs, trail });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
