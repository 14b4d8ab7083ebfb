/**
 * Prometheus metrics of the miner (Lodestar style: one `getMetrics(register)` builds them all, the
 * rest of the code receives the typed `Metrics` object).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';

export type Metrics = ReturnType<typeof getMetrics>;

export function getMetrics(register: Registry, options: { defaultMetrics?: boolean } = {}) {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register });
  const registers = [register];
  return {
    requestsTotal: new Counter({
      name: 'expertnet_miner_requests_total',
      help: 'Requests answered, by frame type and outcome (ok or the wire error code)',
      labelNames: ['type', 'status'] as const,
      registers,
    }),
    requestDuration: new Histogram({
      name: 'expertnet_miner_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer',
      labelNames: ['type'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    batchSize: new Histogram({
      name: 'expertnet_miner_batch_size',
      help: 'Texts per inference batch',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    inferenceDuration: new Histogram({
      name: 'expertnet_miner_inference_duration_seconds',
      help: 'Backend time per inference batch',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'expertnet_miner_queue_depth',
      help: 'Texts waiting for an inference batch',
      registers,
    }),
    connectedValidators: new Gauge({
      name: 'expertnet_miner_connected_validators',
      help: 'Authenticated validator connections',
      registers,
    }),
    unauthenticatedConnections: new Gauge({
      name: 'expertnet_miner_unauthenticated_connections',
      help: 'Connections that have not authenticated yet (capped per address and in total)',
      registers,
    }),
    jobsDropped: new Counter({
      name: 'expertnet_miner_jobs_dropped_total',
      help: 'Requests dropped before inference: connection closed, or waited past the queue deadline',
      labelNames: ['reason'] as const,
      registers,
    }),
    inferenceTimeouts: new Counter({
      name: 'expertnet_miner_inference_timeouts_total',
      help: 'Inference batches that ran past the deadline (the worker was replaced)',
      registers,
    }),
    workerRestarts: new Counter({
      name: 'expertnet_miner_inference_worker_restarts_total',
      help: 'Inference worker replacements, by reason (exit: crashed, timeout: hung batch)',
      labelNames: ['reason'] as const,
      registers,
    }),
    workerUp: new Gauge({
      name: 'expertnet_miner_inference_worker_up',
      help: '1 while an inference worker is loaded and taking batches, 0 while it is being replaced',
      registers,
    }),
    handshakeRejections: new Counter({
      name: 'expertnet_miner_handshake_rejections_total',
      help: 'Connections refused during the handshake, by close reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    info: new Gauge({
      name: 'expertnet_miner_info',
      help: 'Served model (value is always 1)',
      labelNames: ['domain', 'task', 'model_sha256', 'version', 'hotkey'] as const,
      registers,
    }),
    chainConnected: new Gauge({
      name: 'expertnet_miner_chain_connected',
      help: '1 while the chain WebSocket is up',
      registers,
    }),
    bundleBytesSent: new Counter({
      name: 'expertnet_miner_bundle_bytes_sent_total',
      help: 'Bytes of the committed model bundle sent to validators (bundle_chunk answers)',
      registers,
    }),
    metagraphBlock: new Gauge({
      name: 'expertnet_miner_metagraph_block',
      help: 'Block of the last metagraph snapshot used for handshakes',
      registers,
    }),
  };
}
