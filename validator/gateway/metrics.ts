/**
 * Prometheus metrics of the gateway, on its own registry (served by its public /metrics; never the
 * validator's registry, whose series would be counted twice). Counters with known label values start at 0.
 */
import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';

export interface GatewayMetrics {
  requests: Counter<'route' | 'status'>;
  duration: Histogram<'route'>;
  minerAttempts: Counter<'uid' | 'outcome'>;
  rateLimited: Counter<'route'>;
  socketConnections: Gauge;
  socketDropped: Counter<'reason'>;
}

/** Registers once per registry: a second gateway on the same registry shares the metrics. */
function once<T extends Metric>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const metrics = createMetrics(registry);
  // Panels read 0 rather than "No data" until the first drop.
  for (const reason of ['slow', 'heartbeat']) metrics.socketDropped.inc({ reason }, 0);
  return metrics;
}

function createMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  return {
    requests: once(
      registry,
      'expertnet_gateway_requests_total',
      () =>
        new Counter({
          name: 'expertnet_gateway_requests_total',
          help: 'Gateway API requests by route and HTTP status (WebSocket messages as route "ws")',
          labelNames: ['route', 'status'] as const,
          registers,
        }),
    ),
    duration: once(
      registry,
      'expertnet_gateway_request_duration_seconds',
      () =>
        new Histogram({
          name: 'expertnet_gateway_request_duration_seconds',
          help: 'Gateway API request duration',
          labelNames: ['route'] as const,
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers,
        }),
    ),
    minerAttempts: once(
      registry,
      'expertnet_gateway_miner_requests_total',
      () =>
        new Counter({
          name: 'expertnet_gateway_miner_requests_total',
          help: 'Requests the gateway sent to miners, by uid and outcome (ok or the failure)',
          labelNames: ['uid', 'outcome'] as const,
          registers,
        }),
    ),
    rateLimited: once(
      registry,
      'expertnet_gateway_rate_limited_total',
      () =>
        new Counter({
          name: 'expertnet_gateway_rate_limited_total',
          help: 'Requests refused with 429 by the per-key rate limit',
          labelNames: ['route'] as const,
          registers,
        }),
    ),
    socketConnections: once(
      registry,
      'expertnet_gateway_websocket_connections',
      () =>
        new Gauge({
          name: 'expertnet_gateway_websocket_connections',
          help: 'Open WebSocket API connections',
          registers,
        }),
    ),
    socketDropped: once(
      registry,
      'expertnet_gateway_websocket_dropped_total',
      () =>
        new Counter({
          name: 'expertnet_gateway_websocket_dropped_total',
          help: 'WebSocket API clients dropped: slow (unsent data past the cap) or heartbeat (no pong)',
          labelNames: ['reason'] as const,
          registers,
        }),
    ),
  };
}
