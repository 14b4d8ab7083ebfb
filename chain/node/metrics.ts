/**
 * Prometheus metrics of the node (one registry per node, so several nodes can share a process in tests),
 * named like Substrate's where one exists so existing dashboards work. Served on `/metrics`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ImportedBlock } from './chain.js';

export interface MetricsSources {
  readyTransactions(): number;
  futureTransactions(): number;
  /** State versions held in memory (counted on scrape). */
  stateVersions?(): number;
  /** Oldest block whose state is kept. */
  oldestState?(): number;
}

export function createNodeMetrics(sources: MetricsSources) {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const blockHeight = new Gauge({
    name: 'substrate_block_height',
    help: 'Block height info of the chain',
    labelNames: ['status'] as const,
    registers: [register],
  });
  new Gauge({
    name: 'substrate_ready_transactions_number',
    help: 'Number of transactions in the ready queue',
    registers: [register],
    collect() {
      this.set(sources.readyTransactions());
    },
  });
  if (sources.stateVersions !== undefined) {
    const versions = sources.stateVersions;
    new Gauge({
      name: 'expertnet_chain_state_versions',
      help: 'Storage value versions held in memory by the state history (bounded by --state-pruning)',
      registers: [register],
      collect() {
        this.set(versions());
      },
    });
  }
  if (sources.oldestState !== undefined) {
    const oldest = sources.oldestState;
    new Gauge({
      name: 'expertnet_chain_state_oldest_block',
      help: 'Oldest block whose state is kept (0 unless state pruning discarded older ones)',
      registers: [register],
      collect() {
        this.set(oldest());
      },
    });
  }
  new Gauge({
    name: 'substrate_future_transactions_number',
    help: 'Number of transactions in the future queue',
    registers: [register],
    collect() {
      this.set(sources.futureTransactions());
    },
  });
  const blockConstructed = new Histogram({
    name: 'substrate_proposer_block_constructed',
    help: 'Histogram of time taken to construct, seal and commit a block (seconds)',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [register],
  });
  const blockTransactions = new Gauge({
    name: 'substrate_proposer_number_of_transactions',
    help: 'Number of pool transactions included in the last block',
    registers: [register],
  });
  const extrinsics = new Counter({
    name: 'expertnet_chain_extrinsics_total',
    help: 'Pool transactions by block-building outcome',
    labelNames: ['result'] as const,
    registers: [register],
  });
  const submitted = new Counter({
    name: 'substrate_sub_txpool_submitted_transactions',
    help: 'Transactions submitted to the pool, by outcome',
    labelNames: ['result'] as const,
    registers: [register],
  });
  const rpcCalls = new Counter({
    name: 'substrate_rpc_calls_finished',
    help: 'Number of processed RPC calls',
    labelNames: ['protocol', 'method', 'is_error'] as const,
    registers: [register],
  });
  const rpcDuration = new Histogram({
    name: 'substrate_rpc_calls_time_seconds',
    help: 'Time taken to process RPC calls',
    labelNames: ['protocol', 'method'] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [register],
  });
  const sessionsOpened = new Counter({
    name: 'substrate_rpc_sessions_opened',
    help: 'Number of RPC sessions opened',
    labelNames: ['protocol'] as const,
    registers: [register],
  });
  const sessionsClosed = new Counter({
    name: 'substrate_rpc_sessions_closed',
    help: 'Number of RPC sessions closed',
    labelNames: ['protocol'] as const,
    registers: [register],
  });
  const sessionsActive = new Gauge({
    name: 'substrate_rpc_sessions_active',
    help: 'Open RPC WebSocket connections',
    registers: [register],
  });
  const subscriptions = new Gauge({
    name: 'substrate_rpc_subscriptions_active',
    help: 'Active RPC subscriptions',
    registers: [register],
  });

  return {
    register,
    blockImported(block: ImportedBlock, included: number, failed: number, invalid: number, seconds: number) {
      blockHeight.set({ status: 'best' }, block.number);
      blockHeight.set({ status: 'finalized' }, block.number);
      blockConstructed.observe(seconds);
      blockTransactions.set(included);
      extrinsics.inc({ result: 'success' }, included - failed);
      extrinsics.inc({ result: 'failed' }, failed);
      extrinsics.inc({ result: 'invalid' }, invalid);
    },
    setHeight(best: number, finalized: number) {
      blockHeight.set({ status: 'best' }, best);
      blockHeight.set({ status: 'finalized' }, finalized);
    },
    transactionSubmitted(result: 'accepted' | 'rejected') {
      submitted.inc({ result });
    },
    rpcCall(protocol: 'ws' | 'http', method: string, isError: boolean, seconds: number) {
      rpcCalls.inc({ protocol, method, is_error: String(isError) });
      rpcDuration.observe({ protocol, method }, seconds);
    },
    sessionOpened(protocol: 'ws' | 'http') {
      sessionsOpened.inc({ protocol });
      if (protocol === 'ws') sessionsActive.inc();
    },
    sessionClosed(protocol: 'ws' | 'http') {
      sessionsClosed.inc({ protocol });
      if (protocol === 'ws') sessionsActive.dec();
    },
    subscriptionDelta(delta: number) {
      subscriptions.inc(delta);
    },
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;

/** Serves `GET /metrics`; resolves with the bound port once listening. */
export async function serveMetrics(
  register: Registry,
  host: string,
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    register
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': register.contentType }).end(body))
      .catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
