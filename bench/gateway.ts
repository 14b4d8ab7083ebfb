/**
 * `npm run bench:gateway`: what the gateway costs on top of the miners.
 *  - direct: single-text classify requests straight to the miners through the validator's own miner
 *    client (`MinerConnections`: signed handshake, signature check of every answer), spread over the
 *    miners round-robin;
 *  - gateway: the same requests as HTTP `POST /v1/classify` (keep-alive), routed by the gateway to the
 *    same miners (API key check, rate limit, JSON schema, routing, provenance, usage ledger).
 * Closed loop at concurrency 1 and 32; requests/s and p50/p99 latency. Two miners serve a real ONNX
 * model (production-sized featuriser, random weights) in worker threads of this process; the load
 * generator shares the CPU with them. Direct and gateway phases alternate; figures are medians.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { StaticDirectory } from '../miner/validators.js';
import { silentLogger } from '../shared/logger.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { createKey } from '../validator/gateway/keys.js';
import { startGateway } from '../validator/gateway/server.js';
import type { GatewayMiner, GatewayView } from '../validator/gateway/types.js';
import { MinerConnections, type MinerEndpoint } from '../validator/miners/index.js';
import { benchBatcher, listenBenchMiner, startBenchWorker, writeBenchModel } from './local-miner.js';
import { fmt, median, percentile } from './stats.js';

const MINERS = 2;
const PHASE_MS = 1_500;
const REPEATS = 3;
const CONCURRENCY = [1, 32] as const;

const SUBJECTS = ['Acme Corp', 'the bank', 'Globex', 'the insurer', 'shares of Initech', 'the retailer'];
const EVENTS = [
  'reported record quarterly profit and raised its full-year guidance',
  'missed analyst estimates as margins fell sharply',
  'was downgraded after heavy losses in its trading division',
  'left its dividend unchanged for the third consecutive quarter',
];
const text = (i: number) =>
  `${SUBJECTS[i % SUBJECTS.length]} ${EVENTS[(i * 7) % EVENTS.length]}, analysts said in note ${i}.`;

interface Phase {
  rate: number;
  latencies: number[];
}

/** Closed loop: `concurrency` loops each send one request after the other for `ms`. */
async function closedLoop(
  concurrency: number,
  ms: number,
  send: (i: number) => Promise<void>,
): Promise<Phase> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const i = n++;
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { rate: (latencies.length / (performance.now() - started)) * 1000, latencies };
}

function post(agent: Agent, url: URL, body: string, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`gateway answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'expertnet-bench-gateway-'));
  const modelDir = join(dir, 'model');
  await writeBenchModel(modelDir);
  const gatewayKey = Sr25519Keypair.fromUri('//BenchGatewayValidator');
  const directKey = Sr25519Keypair.fromUri('//BenchDirectValidator');
  const directory = new StaticDirectory(
    [gatewayKey, directKey].map((k, uid) => [k.address, { uid, validatorPermit: true, stake: 1n }]),
  );
  const miners = await Promise.all(
    Array.from({ length: MINERS }, async (_, uid) => {
      const hotkey = Sr25519Keypair.fromUri(`//BenchGatewayMiner${uid}`);
      const worker = await startBenchWorker(modelDir);
      const batcher = benchBatcher(worker);
      const server = await listenBenchMiner({
        hotkey,
        directory,
        batcher,
        model: worker.info,
        rateLimit: { perSecond: 1e9 },
      });
      const endpoint: MinerEndpoint = { uid, hotkey: hotkey.address, ip: '127.0.0.1', port: server.port };
      const entry: GatewayMiner = {
        uid,
        hotkey: hotkey.address,
        domain: worker.info.domain,
        task: worker.info.task,
        labels: worker.info.labels,
        modelSha256: worker.info.sha256,
        score: 0.5,
        ece: null,
        incentive: 0.5,
        emission: 0n,
        endpoint,
      };
      return {
        entry,
        async close() {
          await server.close(2_000);
          await batcher.drain();
          await worker.close();
        },
      };
    }),
  );
  const view: GatewayView = {
    miners: () => miners.map((m) => m.entry),
    block: () => 0,
    emissionHistory: () => [],
  };
  const keysFile = join(dir, 'keys.json');
  const { key } = await createKey(keysFile, { name: 'bench', rateLimit: { perSecond: 1e9, burst: 1e9 } });
  const gatewayConnections = new MinerConnections(gatewayKey);
  const directConnections = new MinerConnections(directKey);
  const gateway = await startGateway({
    port: 0,
    view,
    connections: gatewayConnections,
    keysFile,
    ledgerFile: join(dir, 'usage.json'),
    log: silentLogger(),
    registry: new Registry(),
    routing: { spread: MINERS },
  });
  const url = new URL('/v1/classify', gateway.url);
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...CONCURRENCY) });
  const domain = miners[0]!.entry.domain;

  const direct = async (i: number) => {
    const { endpoint } = miners[i % MINERS]!.entry;
    await (await directConnections.get(endpoint)).classify([text(i)]);
  };
  const viaGateway = (i: number) => post(agent, url, JSON.stringify({ domain, texts: [text(i)] }), key);

  try {
    // Warm-up: connections open, JIT, model caches.
    await closedLoop(8, 500, direct);
    await closedLoop(8, 500, viaGateway);
    console.log(
      `${MINERS} miners (real ONNX bag model in worker threads), single-text requests, closed loop:`,
    );
    for (const concurrency of CONCURRENCY) {
      const d = { rate: [] as number[], p50: [] as number[], p99: [] as number[] };
      const g = { rate: [] as number[], p50: [] as number[], p99: [] as number[] };
      const ratios: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const a = await closedLoop(concurrency, PHASE_MS, direct);
        const b = await closedLoop(concurrency, PHASE_MS, viaGateway);
        d.rate.push(a.rate);
        d.p50.push(percentile(a.latencies, 50));
        d.p99.push(percentile(a.latencies, 99));
        g.rate.push(b.rate);
        g.p50.push(percentile(b.latencies, 50));
        g.p99.push(percentile(b.latencies, 99));
        ratios.push(b.rate / a.rate);
      }
      const line = (name: string, s: typeof d) =>
        `  concurrency ${String(concurrency).padStart(2)} ${name}: ${fmt(median(s.rate), 0)} req/s, ` +
        `p50 ${fmt(median(s.p50), 2)} ms, p99 ${fmt(median(s.p99), 2)} ms`;
      console.log(line('direct ', d));
      console.log(line('gateway', g));
      console.log(
        `  concurrency ${String(concurrency).padStart(2)} gateway / direct: ${fmt(median(ratios), 2)}`,
      );
    }
    console.log(`(median of ${REPEATS} alternating ${PHASE_MS} ms phases)`);
  } finally {
    agent.destroy();
    await gateway.close();
    gatewayConnections.close();
    directConnections.close();
    await Promise.all(miners.map((m) => m.close()));
    await rm(dir, { recursive: true, force: true });
  }
}
