/** /metrics: every miner metric is exported with the names operators alert on, fed by real traffic. */
import { collectDefaultMetrics } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MetricsServer, startMetricsServer } from '../../shared/metrics-server.js';
import { connectedClient, startTestMiner, TestClient, type TestMiner } from './helpers.js';

describe('metrics endpoint', () => {
  let miner: TestMiner;
  let server: MetricsServer;

  beforeAll(async () => {
    miner = await startTestMiner();
    collectDefaultMetrics({ register: miner.register });
    server = await startMetricsServer(miner.register, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await miner?.close();
  });

  it('exports request, batch, queue, connection and rejection metrics after traffic', async () => {
    const client = await connectedClient(miner.url);
    client.send({ type: 'classify', id: 1, texts: ['a', 'b', 'c'] });
    await client.answer(1);
    client.send({ type: 'classify', id: 2, texts: [] });
    await client.answer(2);
    const refused = new TestClient(miner.url);
    await refused.challenge();
    refused.sendRaw('not msgpack');
    await refused.closed;
    miner.metrics.info.set(
      { domain: 'finance', task: 'sentiment', model_sha256: 'ab', version: 't', hotkey: 'h' },
      1,
    );
    // The test miner's batcher does not feed the histograms (startMiner wires them); feed one batch.
    miner.metrics.batchSize.observe(3);
    miner.metrics.inferenceDuration.observe(0.001);

    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/expertnet_miner_requests_total\{type="classify",status="ok"\} 1/);
    expect(text).toMatch(/expertnet_miner_requests_total\{type="malformed",status="BAD_REQUEST"\} 1/);
    expect(text).toMatch(/expertnet_miner_request_duration_seconds_count\{type="classify"\} 1/);
    expect(text).toMatch(/expertnet_miner_handshake_rejections_total\{reason="BAD_FRAME"\} 1/);
    expect(text).toMatch(/expertnet_miner_connected_validators 1/);
    for (const name of [
      'expertnet_miner_batch_size_bucket',
      'expertnet_miner_inference_duration_seconds_bucket',
      'expertnet_miner_queue_depth',
      'expertnet_miner_info{domain="finance"',
      'process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(name);
    }
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    client.close();
  });
});
