/**
 * Replay of one miner's part of one round: regenerate its challenge from the revealed epoch seed,
 * rebuild the classify request bytes, check the miner's signature over them and the payload as
 * published, and recompute quality, latency factor and round score with the validator's own functions.
 * Throws `ReplayMismatch` at the first difference; returns the round score to fold into the average.
 */
import { hexToU8a } from '@polkadot/util';
import type { Difficulty, LabelledItem } from '../../shared/domains/index.js';
import { getTask } from '../../shared/domains/index.js';
import { encodeFrame, hashBytes } from '../../shared/protocol/index.js';
import { decodeClassifyPayload } from '../../shared/protocol/payloads.js';
import { verifySr25519 } from '../../shared/wallet/index.js';
import { toPublicKey } from '../../shared/wallet/keypair.js';
import { buildChallenge, roundSeed } from '../challenges.js';
import { signingMessage } from '../miners/evidence.js';
import { itemScore, latencyFactor, type ScoringRule } from '../scoring.js';
import type { AuditConfig, AuditMinerEntry } from './audit-types.js';
import { ReplayMismatch } from './replay-types.js';

/** Round scores and averages are floats written as JSON: equal within this. */
export const SCORE_TOLERANCE = 1e-9;
/** The audit keeps latency at 0.01 ms; the factor from the rounded value may differ by this much. */
const LATENCY_FACTOR_TOLERANCE = 1e-4;

const KIND: Record<Difficulty, string> = { easy: 'e', standard: 's', hard: 'h' };

export interface AnswerContext {
  epochSeed: Uint8Array;
  round: number;
  config: AuditConfig;
  /** Revealed dataset items by `domain/task` (and by task); undefined when kept secret. */
  datasets: ReadonlyMap<string, readonly LabelledItem[]> | undefined;
}

export interface AnswerReplay {
  /** The round score to fold into the moving average (the audit's, once checked). */
  score: number;
  /** False when the entry had no signed answer (only its zero score could be checked). */
  answered: boolean;
  /** Why this answer could only be partly checked (secret data set items, private pack). */
  partial?: string;
}

/** Checks one miner entry of a round; throws `ReplayMismatch` at the first difference. */
export function replayAnswer(entry: AuditMinerEntry, ctx: AnswerContext): AnswerReplay {
  const { round, config } = ctx;
  const at = { round, uid: entry.uid };
  const differ = (check: string, message: string, expected?: unknown, found?: unknown): never => {
    throw new ReplayMismatch({
      check,
      ...at,
      message: `round ${round}, uid ${entry.uid}: ${message}`,
      ...(expected === undefined ? {} : { expected }),
      ...(found === undefined ? {} : { found }),
    });
  };
  const close = (a: number, b: number, tolerance = SCORE_TOLERANCE) => Math.abs(a - b) <= tolerance;

  if (entry.payload === undefined || entry.signature === undefined) {
    // No answer to check: the validator says the miner failed; it must have scored 0.
    if (entry.skipped === undefined && entry.score !== 0) {
      differ('unanswered-score', `no signed answer but a round score of ${entry.score}`, 0, entry.score);
    }
    return { score: 0, answered: false };
  }
  const key = `${entry.domain}/${entry.task}`;
  if (config.packs[key] !== undefined) {
    return { score: entry.score, answered: false, partial: `${key} challenges come from a private pack` };
  }
  let labels: readonly string[];
  try {
    labels = getTask(entry.domain, entry.task).labels;
  } catch {
    return differ('task', `a signed answer for unknown task ${key}`);
  }
  const dataset = ctx.datasets?.get(key);
  const usesData = (entry.items ?? '').includes('d') || (entry.dataset?.length ?? 0) > 0;
  if (usesData && ctx.datasets === undefined) {
    return { score: entry.score, answered: false, partial: 'dataset items kept secret' };
  }

  const challenge = buildChallenge({
    domain: entry.domain,
    task: entry.task,
    seed: roundSeed(ctx.epochSeed, round, entry.uid),
    size: config.batchSize,
    dataset,
    datasetShare: config.datasetShare,
    difficultyMix: config.difficultyMix,
  });
  const kinds = challenge.difficulties.map((d) => (d === null ? 'd' : KIND[d])).join('');
  if (entry.items !== undefined && entry.items !== kinds) {
    differ('challenge', "the item kinds are not those of the seed's challenge", kinds, entry.items);
  }
  if (entry.dataset !== undefined && entry.dataset.join(',') !== challenge.datasetIndices.join(',')) {
    differ(
      'challenge',
      "the data set items are not those of the seed's challenge",
      challenge.datasetIndices,
      entry.dataset,
    );
  }
  if (entry.requestId === undefined) differ('request', 'a signed answer without its request id');
  const request = encodeFrame({ type: 'classify', texts: challenge.texts, id: entry.requestId as number });
  const requestHash = hashBytes(request);
  if (entry.requestHash !== undefined && entry.requestHash !== toHex(requestHash)) {
    differ(
      'request',
      "the request hash is not that of the seed's challenge",
      toHex(requestHash),
      entry.requestHash,
    );
  }
  const payload = new Uint8Array(Buffer.from(entry.payload, 'base64'));
  let signed = false;
  try {
    signed = verifySr25519(
      signingMessage(requestHash, hashBytes(payload)),
      hexToU8a(entry.signature),
      toPublicKey(entry.hotkey),
    );
  } catch {
    signed = false;
  }
  if (!signed) {
    differ('signature', `the miner's signature does not verify over the challenge and the published answer`);
  }

  let probabilities: number[][] | undefined;
  try {
    probabilities = decodeClassifyPayload(payload, {
      items: challenge.texts.length,
      labels: labels.length,
    }).probabilities;
  } catch {
    probabilities = undefined; // a malformed answer scores 0 (the validator records a failure)
  }
  if (entry.failure !== undefined || probabilities === undefined) {
    if (entry.score !== 0)
      differ(
        'score',
        `a failed answer (${entry.failure ?? 'malformed'}) scored ${entry.score}`,
        0,
        entry.score,
      );
    return { score: 0, answered: true };
  }
  let total = 0;
  challenge.labels.forEach((label, i) => {
    const trueIndex = labels.indexOf(label);
    total +=
      trueIndex >= 0
        ? itemScore(probabilities[i] ?? [], trueIndex, config.scoringRule as ScoringRule, labels.length)
        : 0;
  });
  const quality = total / challenge.texts.length;
  if (!close(quality, entry.quality))
    differ('quality', 'the quality differs from the signed answer', quality, entry.quality);
  const factor =
    entry.latencyMs === undefined
      ? 0
      : latencyFactor(entry.latencyMs, { targetMs: config.latencyTargetMs, timeoutMs: config.timeoutMs });
  if (!close(factor, entry.latencyFactor, LATENCY_FACTOR_TOLERANCE)) {
    differ(
      'latency-factor',
      `the latency factor differs from ${entry.latencyMs} ms`,
      factor,
      entry.latencyFactor,
    );
  }
  if (!close(entry.quality * entry.latencyFactor, entry.score)) {
    differ(
      'score',
      'the round score is not quality × latency factor',
      entry.quality * entry.latencyFactor,
      entry.score,
    );
  }
  return { score: entry.score, answered: true };
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}
