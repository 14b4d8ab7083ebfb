/**
 * Provenance records: one per miner answer and text, carrying what `/v1/verify` (verify.ts) needs to
 * re-check every answer field offline — the signed classify payload and the miner's signed `info`.
 *
 * Both payloads are the exact bytes the miner client received and verified (`ClassifyResult.payload`,
 * `MinerInfo.payload`), never a re-encoding: a miner whose MessagePack differs from ours (float64
 * vectors, another key order) gets records that verify like anyone's. The hex is made per request and
 * dropped with the answer; the info's, once per connection.
 */
import { u8aToHex } from '@polkadot/util';
import type { ClassifyResult, MinerInfo } from '../miners/index.js';
import type { ClassifyItem, GatewayMiner, Provenance, SignedInfo } from './types.js';
import { argmax } from './verify.js';

/** One miner's usable answer to a batch. */
export interface Answer {
  miner: GatewayMiner;
  /** One vector per text, over the response's labels (the miner's own order). */
  probabilities: number[][];
  modelSha256: string;
  result: ClassifyResult;
  /** The signed classify payload, hex. */
  response: string;
  info: SignedInfo;
}

/** The classify payload as the miner signed it, hex (its blake2-256 is `result.evidence.responseHash`). */
export function signedResponse(result: ClassifyResult): string {
  return u8aToHex(result.payload);
}

/** Per connection's admitted info (collected with the connection): its records share one object. */
const infoCache = new WeakMap<MinerInfo, SignedInfo>();

/** The connection's signed `info` answer with its payload bytes, hex. */
export function signedInfo(info: MinerInfo): SignedInfo {
  let signed = infoCache.get(info);
  if (signed === undefined) {
    signed = { payload: u8aToHex(info.payload), ...info.evidence };
    infoCache.set(info, signed);
  }
  return signed;
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
      response: answer.response,
      info: answer.info,
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
