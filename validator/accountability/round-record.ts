/** A round's results as the audit trail's `round` record (docs/audit.md). */

import type { MetagraphSnapshot } from '../metagraph.js';
import type { MinerRoundResult } from '../round.js';
import type { U16Weights } from '../weights.js';
import type { AuditMinerEntry, MetagraphRecord, RoundRecord } from './audit-types.js';

export interface TrailRoundInput {
  block: number;
  results: readonly MinerRoundResult[];
  /** Moving average of each scored uid after the round. */
  averages: ReadonlyMap<number, number>;
  /** Weights offered after the round (undefined: none). */
  weights: U16Weights | undefined;
  /** uids whose average counted as 0 in the weights (failing verification). */
  zeroed?: readonly number[];
  /** Verification status of a miner after the round (issue 14), if any. */
  verification?: (result: MinerRoundResult) => string | undefined;
  time?: Date;
}

/** Latencies keep 2 decimals (10 µs): enough to recompute the latency factor, fewer bytes. */
const round2 = (x: number) => Math.round(x * 100) / 100;

export function minerEntry(
  result: MinerRoundResult,
  average: number,
  verification?: string,
): AuditMinerEntry {
  const { miner, trail, evidence } = result;
  return {
    uid: miner.uid,
    hotkey: miner.hotkey,
    domain: miner.domain,
    task: miner.task,
    ...(trail && { items: trail.items }),
    ...(trail && trail.dataset.length > 0 && { dataset: trail.dataset }),
    ...(trail?.requestId !== undefined && { requestId: trail.requestId }),
    ...(evidence && { requestHash: evidence.requestHash }),
    ...(trail?.payload && { payload: Buffer.from(trail.payload).toString('base64') }),
    ...(evidence && { signature: evidence.signature }),
    ...(result.latencyMs !== undefined && { latencyMs: round2(result.latencyMs) }),
    quality: result.quality,
    latencyFactor: result.latencyFactor,
    score: result.score,
    average,
    ...(result.failure && { failure: result.failure }),
    ...(result.skipped && { skipped: result.skipped }),
    ...(verification && { verification }),
  };
}

export function roundRecord(
  round: { epoch: number; roundIndex: number },
  input: TrailRoundInput,
): RoundRecord {
  const miners = input.results.map((result) =>
    minerEntry(result, input.averages.get(result.miner.uid) ?? 0, input.verification?.(result)),
  );
  return {
    v: 2,
    kind: 'round',
    epoch: round.epoch,
    round: round.roundIndex,
    block: input.block,
    time: (input.time ?? new Date()).toISOString(),
    miners,
    ...(input.zeroed && input.zeroed.length > 0 && { zeroed: [...input.zeroed] }),
    uids: input.weights?.uids ?? [],
    weights: input.weights?.weights ?? [],
  };
}

/** Key of an offered or landed vector (which round a submission came from). */
export function offerKey(uids: readonly number[], weights: readonly number[]): string {
  return `${uids.join(',')}/${weights.join(',')}`;
}

/** The miners and weight limits of a snapshot as a `metagraph` record. */
export function metagraphRecord(epoch: number, snapshot: MetagraphSnapshot): MetagraphRecord {
  const hp = snapshot.hyperparams;
  return {
    v: 2,
    kind: 'metagraph',
    epoch,
    block: snapshot.block,
    n: snapshot.metagraph.n,
    minAllowedWeights: hp.minAllowedWeights,
    maxWeightsLimit: hp.maxWeightsLimit,
    miners: [...snapshot.miners]
      .sort((a, b) => a.uid - b.uid)
      .map((m): [number, string, string, string] => [m.uid, m.hotkey, m.domain, m.task]),
  };
}
