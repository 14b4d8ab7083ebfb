/**
 * Offline check of a provenance record (`/v1/verify`): `valid` only when every answer-bearing field of
 * the record is covered by the miner's signature and matches what was signed.
 *
 * A record carries two signed exchanges of the miner hotkey, each as hashes + signature + the payload
 * bytes, so nothing needs the gateway or the miner to re-check it:
 *  - `response`: the classify payload (every text's vector and `inferenceMs`), whose hash is
 *    `responseHash`, in the miner's own MessagePack (float32 from ours, float64 or another key order
 *    from others: only the decoded values are compared); `probabilities` must be its vector at
 *    `index`, `batchSize` its vector count, `inferenceMs` its own;
 *  - `info`: the miner's `info` answer (labels in vector order, model sha256), signed at admission;
 *    `label` must be the label of the vector's largest probability (first on ties), `modelSha256` the
 *    declared one.
 * `uid` and `latencyMs` are the gateway's own observations (registration, round trip), never signed,
 * so they are reported but do not decide `valid`. The request is bound by `requestHash` only: the
 * texts are not part of the record.
 */
import { decode } from '@msgpack/msgpack';
import { hexToU8a } from '@polkadot/util';
import { errorMessage } from '../../shared/errors.js';
import {
  type ClassifyPayload,
  decodeClassifyPayload,
  decodeInfoPayload,
  type InfoPayload,
} from '../../shared/protocol/index.js';
import { verifyEvidence } from '../miners/index.js';
import type { VerifyRequest } from './schemas.js';
import type { GatewayMiner } from './types.js';

export interface VerifyAnswer {
  valid: boolean;
  /** The signature is the hotkey's over `requestHash ‖ responseHash`. */
  signature: boolean;
  /** `match`: every answer field is the signed one; `mismatch`: one was altered; `unchecked`: cannot tell. */
  answer: 'match' | 'mismatch' | 'unchecked';
  /** Why the record is not valid (absent when it is). */
  reason?: string;
  hotkey: string;
  registered: boolean;
  uid: number | null;
  modelMatches: boolean | null;
}

type Check = { answer: 'match' } | { answer: 'mismatch' | 'unchecked'; reason: string };

/** Checks `record` against its signatures; `miners` is the current metagraph view (registration only). */
export function verifyRecord(record: VerifyRequest, miners: readonly GatewayMiner[]): VerifyAnswer {
  const signature = verifyEvidence(record.hotkey, record);
  const check: Check = signature
    ? checkAnswer(record)
    : { answer: 'unchecked', reason: `the signature is not ${record.hotkey}'s over the two hashes` };
  const miner = miners.find((m) => m.hotkey === record.hotkey);
  return {
    valid: signature && check.answer === 'match',
    signature,
    answer: check.answer,
    ...(check.answer === 'match' ? {} : { reason: check.reason }),
    hotkey: record.hotkey,
    registered: miner !== undefined,
    uid: miner?.uid ?? null,
    modelMatches: miner && record.modelSha256 ? miner.modelSha256 === bare(record.modelSha256) : null,
  };
}

function checkAnswer(record: VerifyRequest): Check {
  const missing = (
    ['response', 'info', 'label', 'probabilities', 'batchSize', 'inferenceMs', 'modelSha256'] as const
  ).filter((field) => record[field] === undefined);
  if (missing.length > 0 || record.response === undefined || record.info === undefined) {
    return {
      answer: 'unchecked',
      reason: `the record lacks ${missing.join(', ')}: its answer cannot be checked against the signature`,
    };
  }
  const responseBytes = hexToU8a(prefixed(record.response));
  if (!verifyEvidence(record.hotkey, record, { response: responseBytes })) {
    return { answer: 'mismatch', reason: '`response` is not the payload whose hash the miner signed' };
  }
  const infoBytes = hexToU8a(prefixed(record.info.payload));
  if (!verifyEvidence(record.hotkey, record.info, { response: infoBytes })) {
    return { answer: 'mismatch', reason: '`info` is not an info answer signed by the miner' };
  }
  let info: InfoPayload;
  let payload: ClassifyPayload;
  try {
    info = decodeInfoPayload(infoBytes);
    payload = decodeSignedClassify(responseBytes, info.labels.length);
  } catch (err) {
    return { answer: 'unchecked', reason: `a signed payload does not decode: ${errorMessage(err)}` };
  }
  const batch = payload.probabilities.length;
  const index = record.index ?? (batch === 1 ? 0 : undefined);
  if (index === undefined)
    return { answer: 'unchecked', reason: 'the record lacks `index` (a batch of several texts)' };
  const signed = payload.probabilities[index];
  const vector = record.probabilities ?? [];
  const fault =
    signed === undefined
      ? `index ${index} is outside the signed batch of ${batch}`
      : record.batchSize !== batch
        ? `batchSize ${record.batchSize} differs from the signed batch of ${batch}`
        : vector.length !== signed.length || vector.some((p, j) => p !== signed[j])
          ? 'probabilities differ from the signed vector'
          : record.inferenceMs !== payload.inferenceMs
            ? `inferenceMs ${record.inferenceMs} differs from the signed ${payload.inferenceMs}`
            : record.label !== info.labels[argmax(signed)]
              ? `label "${record.label}" is not the signed answer "${info.labels[argmax(signed)]}"`
              : bare(record.modelSha256 ?? '') !== info.modelSha256.toLowerCase()
                ? 'modelSha256 differs from the model hash the miner signed'
                : undefined;
  return fault === undefined ? { answer: 'match' } : { answer: 'mismatch', reason: fault };
}

/** The classify payload, strictly decoded once its vector count is known (the strict decoder needs it). */
function decodeSignedClassify(bytes: Uint8Array, labels: number): ClassifyPayload {
  const loose = decode(bytes) as { probabilities?: unknown };
  const items = Array.isArray(loose?.probabilities) ? loose.probabilities.length : 0;
  return decodeClassifyPayload(bytes, { items, labels });
}

/** Index of the largest value, the first on ties (as the router labels an answer). */
export function argmax(vector: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < vector.length; i++) if ((vector[i] ?? 0) > (vector[best] ?? 0)) best = i;
  return best;
}

function prefixed(hex: string): string {
  return hex.startsWith('0x') ? hex : `0x${hex}`;
}

function bare(hex: string): string {
  return hex.replace(/^0x/, '').toLowerCase();
}
