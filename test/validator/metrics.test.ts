/** Every metric issue 6 names exists on the validator's registry and is served at /metrics. */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../shared/metrics-server.js';
import { createValidatorMetrics } from '../../validator/metrics.js';

const ISSUE_6_METRICS = [
  'expertnet_validator_rounds_total',
  'expertnet_validator_miner_score',
  'expertnet_validator_miner_calibration_error',
  'expertnet_validator_miner_request_duration_seconds',
  'expertnet_validator_miner_errors_total',
  'expertnet_validator_weights_submitted_total',
  'expertnet_validator_last_weights_block',
  'expertnet_validator_chain_errors_total',
  // default process metrics
  'process_cpu_user_seconds_total',
  'nodejs_eventloop_lag_seconds',
];

describe('validator metrics', () => {
  it('registers every metric of issue 6 with its labels, and serves them over HTTP', async () => {
    const metrics = createValidatorMetrics(new Registry());
    metrics.minerScore.set({ uid: '3', hotkey: '5Abc', domain: 'legal' }, 0.5);
    metrics.minerErrors.inc({ reason: 'TIMEOUT' });
    metrics.weightsSubmitted.inc({ method: 'commit', result: 'ok' });
    metrics.chainErrors.inc({ error: 'SettingWeightsTooFast' });
    const server = await startMetricsServer(metrics.registry, 0, '127.0.0.1');
    try {
      const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      for (const name of ISSUE_6_METRICS) expect(text).toContain(`# TYPE ${name} `);
      expect(text).toContain('expertnet_validator_miner_score{uid="3",hotkey="5Abc",domain="legal"} 0.5');
      expect(text).toContain('expertnet_validator_miner_errors_total{reason="TIMEOUT"} 1');
      expect(text).toContain('expertnet_validator_weights_submitted_total{method="commit",result="ok"} 1');
      expect(text).toContain('expertnet_validator_chain_errors_total{error="SettingWeightsTooFast"} 1');
    } finally {
      await server.close();
    }
  });

  it('can leave the process metrics out (several validators in one process)', async () => {
    const metrics = createValidatorMetrics(new Registry(), { defaultMetrics: false });
    expect(await metrics.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});
