/**
 * Prometheus metrics of the validator (issue 6), built in one place like the miner's: the rest of the
 * code receives the typed `ValidatorMetrics` object. The /metrics HTTP server is the miner's
 * (`shared/metrics-server.ts`), which serves any registry.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ScoreFailure } from './round.js';

export type ValidatorMetrics = ReturnType<typeof createValidatorMetrics>;

/** Every reason a miner scores 0 (`reason` of `expertnet_validator_miner_errors_total`), exported at 0 from the start. */
export const SCORE_FAILURES = [
  'UNREACHABLE',
  'HANDSHAKE',
  'TIMEOUT',
  'BAD_SIGNATURE',
  'MALFORMED',
  'REFUSED',
  'CLOSED',
  'INVALID_REQUEST',
  'UNKNOWN_TASK',
  'LABELS_MISMATCH',
  'UNVERIFIABLE',
  'MODEL_UNAVAILABLE',
  'MODEL_MISMATCH',
  'REEXECUTION_MISMATCH',
  'DUPLICATE_MODEL',
] as const satisfies readonly ScoreFailure[];
// A new ScoreFailure must be listed above (else its panel reads "No data" until it first happens).
const listsEveryFailure: [Exclude<ScoreFailure, (typeof SCORE_FAILURES)[number]>] extends [never]
  ? true
  : never = true;
void listsEveryFailure;

export function createValidatorMetrics(
  registry: Registry = new Registry(),
  options: { defaultMetrics?: boolean } = {},
) {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const metrics = createMetrics(registry);
  // Counters with known label values start at 0: panels and alert rules read 0, not "No data".
  for (const reason of SCORE_FAILURES) metrics.minerErrors.inc({ reason }, 0);
  for (const method of ['set_weights', 'commit', 'reveal', 'commit_timelocked'])
    metrics.weightsSubmitted.inc({ method, result: 'ok' }, 0);
  for (const result of ['pass', 'fail', 'error', 'dropped']) metrics.spotChecks.inc({ result }, 0);
  for (const result of ['ok', 'MODEL_UNAVAILABLE', 'MODEL_MISMATCH', 'error'])
    metrics.bundleDownloads.inc({ result }, 0);
  return metrics;
}

/**
 * Records one miner's round: per-uid requests, failures and last round trip (a counter per uid, not a
 * histogram: 256 miners × buckets would be thousands of series; the histogram stays without uid).
 */
export function recordMinerRequest(
  metrics: ValidatorMetrics,
  uid: number,
  latencyMs: number | undefined,
  failure: ScoreFailure | undefined,
): void {
  const labels = { uid: String(uid) };
  metrics.minerRequests.inc(labels);
  if (latencyMs !== undefined) {
    metrics.minerRequestDuration.observe(latencyMs / 1000);
    metrics.minerLastDuration.set(labels, latencyMs / 1000);
  }
  if (failure) {
    metrics.minerErrors.inc({ reason: failure });
    metrics.minerFailures.inc({ ...labels, reason: failure });
  }
}

function createMetrics(registry: Registry) {
  const registers = [registry];
  return {
    registry,
    roundsTotal: new Counter({
      name: 'expertnet_validator_rounds_total',
      help: 'Scoring rounds completed',
      registers,
    }),
    minerScore: new Gauge({
      name: 'expertnet_validator_miner_score',
      help: 'Moving-average score per miner (0..1)',
      labelNames: ['uid', 'hotkey', 'domain'] as const,
      registers,
    }),
    minerCalibrationError: new Gauge({
      name: 'expertnet_validator_miner_calibration_error',
      help: "Expected calibration error (10 bins) over each miner's last 1,024 answered items (0 = calibrated)",
      labelNames: ['uid', 'hotkey', 'domain'] as const,
      registers,
    }),
    minerRequestDuration: new Histogram({
      name: 'expertnet_validator_miner_request_duration_seconds',
      help: 'Round trip of a classify request to a miner, answered or not',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    minerErrors: new Counter({
      name: 'expertnet_validator_miner_errors_total',
      help: 'Miner answers that scored 0, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    minerFailures: new Counter({
      name: 'expertnet_validator_miner_failures_total',
      help: 'Miner answers that scored 0, by miner uid and reason (a series appears at its first failure)',
      labelNames: ['uid', 'reason'] as const,
      registers,
    }),
    minerRequests: new Counter({
      name: 'expertnet_validator_miner_requests_total',
      help: 'Challenges sent to each miner uid, answered or not',
      labelNames: ['uid'] as const,
      registers,
    }),
    minerLastDuration: new Gauge({
      name: 'expertnet_validator_miner_request_last_duration_seconds',
      help: 'Round trip of the last classify request to each miner uid, answered or not',
      labelNames: ['uid'] as const,
      registers,
    }),
    weightsSubmitted: new Counter({
      name: 'expertnet_validator_weights_submitted_total',
      help: 'Weight extrinsics sent, by method (set_weights, commit, reveal, commit_timelocked) and result',
      labelNames: ['method', 'result'] as const,
      registers,
    }),
    lastWeightsBlock: new Gauge({
      name: 'expertnet_validator_last_weights_block',
      help: 'Block at which our weights (set or revealed) last landed',
      registers,
    }),
    chainErrors: new Counter({
      name: 'expertnet_validator_chain_errors_total',
      help: 'Chain calls that failed, by error name',
      labelNames: ['error'] as const,
      registers,
    }),
    itemScore: new Histogram({
      name: 'expertnet_validator_item_score',
      help: 'Score of each answered challenge item (0..1), by domain and difficulty (dataset: a data set item)',
      labelNames: ['domain', 'difficulty'] as const,
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    }),
    // Verification (issue 14): validator/verify/verifier.ts.
    spotChecks: new Counter({
      name: 'expertnet_validator_spot_checks_total',
      help: 'Answered items re-executed on the committed bundle, by result (pass, fail, error, dropped)',
      labelNames: ['result'] as const,
      registers,
    }),
    fraudEvidence: new Counter({
      name: 'expertnet_validator_fraud_evidence_total',
      help: 'Fraud evidence records written (re-execution mismatches)',
      registers,
    }),
    bundleDownloads: new Counter({
      name: 'expertnet_validator_bundle_downloads_total',
      help: 'Bundle downloads, by result (ok, MODEL_UNAVAILABLE, MODEL_MISMATCH, error)',
      labelNames: ['result'] as const,
      registers,
    }),
    bundleBytes: new Counter({
      name: 'expertnet_validator_bundle_bytes_downloaded_total',
      help: 'Bytes of model bundles downloaded and verified',
      registers,
    }),
    verificationCpu: new Counter({
      name: 'expertnet_validator_verification_cpu_seconds_total',
      help: 'CPU seconds spent re-executing spot checks',
      registers,
    }),
    minerVerification: new Gauge({
      name: 'expertnet_validator_miner_verification',
      help: "1 for each miner's current verification status (VERIFIED, PENDING, UNVERIFIABLE, MODEL_UNAVAILABLE, MODEL_MISMATCH, REEXECUTION_MISMATCH, DUPLICATE_MODEL)",
      labelNames: ['uid', 'hotkey', 'status'] as const,
      registers,
    }),
    scoredItems: new Counter({
      name: 'expertnet_validator_scored_items_total',
      help: 'Challenge items scored (answered or not)',
      registers,
    }),
    miners: new Gauge({
      name: 'expertnet_validator_miners',
      help: 'Miners in the last metagraph sync (serving a WebSocket axon with a valid commitment)',
      registers,
    }),
    metagraphBlock: new Gauge({
      name: 'expertnet_validator_metagraph_block',
      help: 'Block of the metagraph snapshot in use',
      registers,
    }),
    chainConnected: new Gauge({
      name: 'expertnet_validator_chain_connected',
      help: '1 while the chain WebSocket is up',
      registers,
    }),
  };
}
