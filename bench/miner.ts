/**
 * `npm run bench:miner`: what the miner adds on top of the model.
 *  1. direct: the domain model (featurise + ONNX Runtime) called in-process at batch 64, items/s;
 *  2. end-to-end: the same model behind the miner (worker thread, dynamic batcher, signed answers)
 *     over loopback WebSocket, many concurrent validators, 16 texts per request, items/s (target ≥ 0.8× direct);
 *  3. latency of single-text requests at 1, 16 and 256 concurrent requests (p50 / p99).
 * Clients run in this process (they share the CPU with the miner), skip signature checks, and are
 * admitted from a static directory (no chain). Figures are medians over repeats.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { StaticDirectory } from '../miner/validators.js';
import { DomainModel } from '../shared/models/index.js';
import {
  type ChallengeFrame,
  decodeMinerFrame,
  encodeFrame,
  type MinerToValidatorFrame,
  signHandshake,
} from '../shared/protocol/index.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { benchBatcher, listenBenchMiner, startBenchWorker, writeBenchModel } from './local-miner.js';
import { fmt, median, percentile } from './stats.js';

const BATCH = 64;
const TEXTS_PER_REQUEST = 16;
const INFLIGHT_PER_CLIENT = 4;
const THROUGHPUT_CLIENTS = 16;
const PHASE_MS = 1_500;
const REPEATS = 5;

const SUBJECTS = ['Acme Corp', 'the bank', 'Globex', 'the insurer', 'shares of Initech', 'the retailer'];
const EVENTS = [
  'reported record quarterly profit and raised its full-year guidance',
  'missed analyst estimates as margins fell sharply',
  'will present its annual report at the shareholder meeting on Tuesday',
  'was downgraded after heavy losses in its trading division',
  'announced a share buyback programme worth two billion dollars',
  'left its dividend unchanged for the third consecutive quarter',
];

function texts(n: number, offset = 0): string[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return `${SUBJECTS[i % SUBJECTS.length]} ${EVENTS[(i * 7) % EVENTS.length]}, analysts said in note ${i}.`;
  });
}

async function directItemsPerSecond(model: DomainModel): Promise<number> {
  const batches = Array.from({ length: 16 }, (_, i) => texts(BATCH, i * BATCH));
  let items = 0;
  const started = performance.now();
  while (performance.now() - started < PHASE_MS) {
    await model.predictFlat(batches[items % batches.length]!);
    items += BATCH;
  }
  return (items / (performance.now() - started)) * 1000;
}

/** A validator connection that answers requests by id (no signature check: that is the validator's cost). */
class BenchClient {
  readonly ws: WebSocket;
  readonly #waiting = new Map<number, () => void>();
  #challenge: ((c: ChallengeFrame) => void) | undefined;
  #nextId = 0;

  constructor(url: string) {
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on('message', (data) => {
      const frame: MinerToValidatorFrame = decodeMinerFrame(new Uint8Array(data as Buffer));
      if (frame.type === 'challenge') this.#challenge?.(frame);
      else if (frame.id !== null) {
        if (frame.type === 'error') throw new Error(`miner refused: ${frame.code} ${frame.message}`);
        this.#waiting.get(frame.id)?.();
        this.#waiting.delete(frame.id);
      }
    });
  }

  async connect(key: Sr25519Keypair): Promise<void> {
    const challenge = await new Promise<ChallengeFrame>((resolve) => {
      this.#challenge = resolve;
    });
    this.ws.send(encodeFrame(signHandshake(key, challenge)));
    await this.request([]).catch(() => undefined);
  }

  /** Sends classify (or info when `batch` is empty) and resolves on the answer. */
  request(batch: string[]): Promise<void> {
    const id = this.#nextId++;
    const frame =
      batch.length === 0 ? { type: 'info' as const, id } : { type: 'classify' as const, id, texts: batch };
    return new Promise<void>((resolve) => {
      this.#waiting.set(id, resolve);
      this.ws.send(encodeFrame(frame));
    });
  }
}

/** Closed loop: each client keeps `inflight` requests going for `ms`; returns items/s and latencies. */
async function load(clients: BenchClient[], inflight: number, perRequest: number, ms: number) {
  const latencies: number[] = [];
  let items = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    clients.flatMap((client, c) =>
      Array.from({ length: inflight }, async (_, slot) => {
        let i = 0;
        while (performance.now() < deadline) {
          const batch = texts(perRequest, (c * inflight + slot) * 1000 + i++);
          const t0 = performance.now();
          await client.request(batch);
          latencies.push(performance.now() - t0);
          items += perRequest;
        }
      }),
    ),
  );
  return { itemsPerSecond: (items / (performance.now() - started)) * 1000, latencies };
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'expertnet-bench-miner-'));
  try {
    // Production-sized featuriser (2^18 buckets, word bigrams, char 3-5 grams), random weights.
    await writeBenchModel(dir);

    const model = await DomainModel.load(dir, { maxBatch: 1024 });
    const keys = Array.from({ length: 64 }, (_, i) => Sr25519Keypair.fromUri(`//BenchValidator${i}`));
    const worker = await startBenchWorker(dir, BATCH);
    const batchSizes: number[] = [];
    const batcher = benchBatcher(worker, { maxBatch: BATCH, onBatch: (size) => batchSizes.push(size) });
    const server = await listenBenchMiner({
      hotkey: Sr25519Keypair.fromUri('//BenchMiner'),
      directory: new StaticDirectory(
        keys.map((k, uid) => [k.address, { uid, validatorPermit: true, stake: 1n }]),
      ),
      batcher,
      model: worker.info,
      rateLimit: { perSecond: 1e9 },
      // All 64 bench validators handshake at once from loopback.
      preAuth: { perIp: keys.length },
    });
    const url = `ws://127.0.0.1:${server.port}`;
    const clients = keys.map(() => new BenchClient(url));
    await Promise.all(clients.map((c, i) => c.connect(keys[i]!)));
    const tp = clients.slice(0, THROUGHPUT_CLIENTS);

    // Direct and end-to-end phases alternate, so load from other processes on a shared machine hits
    // both alike; the ratio is the median of the per-repeat ratios.
    await directItemsPerSecond(model);
    await load(tp, INFLIGHT_PER_CLIENT, TEXTS_PER_REQUEST, 500);
    const direct: number[] = [];
    const e2e: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      direct.push(await directItemsPerSecond(model));
      batchSizes.length = 0;
      e2e.push((await load(tp, INFLIGHT_PER_CLIENT, TEXTS_PER_REQUEST, PHASE_MS)).itemsPerSecond);
      ratios.push(e2e[r]! / direct[r]!);
    }
    await model.close();
    console.log(`direct DomainModel (featurise + ORT), batch ${BATCH}: ${fmt(median(direct), 0)} items/s`);
    console.log(
      `end-to-end over ws, ${THROUGHPUT_CLIENTS} validators × ${INFLIGHT_PER_CLIENT} in flight × ${TEXTS_PER_REQUEST} texts: ` +
        `${fmt(median(e2e), 0)} items/s, median batch ${median(batchSizes)}`,
    );
    console.log(
      `end-to-end / direct: ${fmt(median(ratios), 2)} (median of ${REPEATS} paired runs; target ≥ 0.80)`,
    );

    console.log('single-text requests (closed loop), latency ms:');
    for (const [concurrency, nClients, inflight] of [
      [1, 1, 1],
      [16, 4, 4],
      [256, 64, 4],
    ] as const) {
      const p50s: number[] = [];
      const p99s: number[] = [];
      const rates: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const { latencies, itemsPerSecond } = await load(clients.slice(0, nClients), inflight, 1, PHASE_MS);
        p50s.push(percentile(latencies, 50));
        p99s.push(percentile(latencies, 99));
        rates.push(itemsPerSecond);
      }
      console.log(
        `  concurrency ${String(concurrency).padStart(3)}: p50 ${fmt(median(p50s), 2)}  p99 ${fmt(median(p99s), 2)}  ` +
          `(${fmt(median(rates), 0)} req/s)`,
      );
    }

    for (const c of clients) c.ws.close();
    await server.close(2_000);
    await batcher.drain();
    await worker.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
