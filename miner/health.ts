/**
 * The miner's `/healthz` (on the metrics port, what the container health check asks): unhealthy while
 * the inference worker is being replaced, and while batches keep running past the deadline (a backend
 * that hangs on real traffic but passes the warm-up of each replacement).
 */
import type { HealthCheck } from '../shared/metrics-server.js';
import type { InferenceWorkerHealth } from './inference/inference-worker.js';

/** Timed-out batches in a row after which the miner reports itself unhealthy. */
export const UNHEALTHY_AFTER_TIMEOUTS = 3;

export function minerHealth(worker: () => InferenceWorkerHealth): HealthCheck {
  return () => {
    const h = worker();
    const problem = !h.up
      ? 'inference worker is restarting'
      : h.consecutiveTimeouts >= UNHEALTHY_AFTER_TIMEOUTS
        ? `the last ${h.consecutiveTimeouts} inference batches timed out`
        : undefined;
    return {
      ok: problem === undefined,
      detail: {
        status: problem === undefined ? 'ok' : 'unhealthy',
        ...(problem ? { problem } : {}),
        inference: h,
      },
    };
  };
}
