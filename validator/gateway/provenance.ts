/**
 * Provenance records: one per miner answer and text, carrying what `/v1/verify` (verify.ts) needs to
 * re-check every answer field offline — the signed classify payload and the miner's signed `info`.
 *
 * The miner client keeps the decoded answer, not its bytes, so the payloads are rebuilt here (the
 * protocol's encoding is deterministic: float32 MessagePack, fields in wire order) and kept only when
 * they hash to what the miner signed. A miner encoding differently gets records without them, which
 * verify as `unchecked`, never as valid.
 */
import { u8aToHex } from '@polkadot/util';
import {
  encodeClassifyPayload,
  encodeInfoPayload,
  hashBytes,
  type InfoPayload,
} from '../../shared/protocol/index.js';
import type { ClassifyResult, MinerInfo } from '../miners/index.js';
import type { SignedInfo } from './schemas.js';
import type { ClassifyItem, GatewayMiner, Provenance } from './types.js';
import { argmax } from './verify.js';

/** One miner's usable answer to a batch. */
export interface Answer {
  miner: GatewayMiner;
  /** One vector per text, over the response's labels (the miner's own order). */
  probabilities: number[][];
  modelSha256: string;
  result: ClassifyResult;
  /** The signed classify payload, hex (absent when it could not be rebuilt byte for byte). */
  response: string | undefined;
  info: SignedInfo | undefined;
}

/** The classify payload as the miner signed it, hex; undefined when the rebuild does not hash right. */
export function signedResponse(result: ClassifyResult): string | undefined {
  const bytes = encodeClassifyPayload({
    kind: 'classify',
    probabilities: result.probabilities,
    inferenceMs: result.inferenceMs,
  });
  return u8aToHex(hashBytes(bytes)) === result.evidence.responseHash ? u8aToHex(bytes) : undefined;
}

const infoCache = new WeakMap<MinerInfo, SignedInfo | null>();

/** The connection's signed `info` answer with its payload bytes (once per connection). */
export function signedInfo(info: MinerInfo): SignedInfo | undefined {
  let signed = infoCache.get(info);
  if (signed === undefined) {
    const { evidence, ...payload } = info;
    const bytes = encodeInfoPayload(payload satisfies InfoPayload);
    signed =
      u8aToHex(hashBytes(bytes)) === evidence.responseHash ? { payload: u8aToHex(bytes), ...evidence } : null;
    infoCache.set(info, signed);
  }
  return signed ?? undefined;
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** One text's answer: majority label (ties to the higher mean probability), mean vector, provenance. */
export function combine(labels: string[], answers: Answer[], index: number, batchSize: number): ClassifyItem {
  const votes = new Array<number>(labels.length).fill(0);
  const mean = new Array<number>(labels.length).fill(0);
  const provenance: Provenance[] = answers.map((answer) => {
    const vector = answer.probabilities[index] ?? [];
    const top = argmax(vector);
    votes[top] = (votes[top] ?? 0) + 1;
    for (let j = 0; j < labels.length; j++) mean[j] = (mean[j] ?? 0) + (vector[j] ?? 0) / answers.length;
    return {
      uid: answer.miner.uid,
      hotkey: answer.miner.hotkey,
      modelSha256: answer.modelSha256,
      requestHash: answer.result.evidence.requestHash,
      responseHash: answer.result.evidence.responseHash,
      signature: answer.result.evidence.signature,
      label: labels[top] ?? '',
      probabilities: vector,
      batchSize,
      latencyMs: round(answer.result.latencyMs),
      inferenceMs: answer.result.inferenceMs,
      index,
      ...(answer.response ? { response: answer.response } : {}),
      ...(answer.info ? { info: answer.info } : {}),
    };
  });
  let winner = 0;
  for (let j = 1; j < labels.length; j++) {
    const [v, w, m, n] = [votes[j] ?? 0, votes[winner] ?? 0, mean[j] ?? 0, mean[winner] ?? 0];
    if (v > w || (v === w && m > n)) winner = j;
  }
  return {
    label: labels[winner] ?? '',
    probabilities: mean,
    agreement: (votes[winner] ?? 0) / answers.length,
    provenance,
  };
}
