/** Shared set-up for miner tests: a real server on loopback with the hash test backend, and ws clients. */
import { encode } from '@msgpack/msgpack';
import { Registry } from 'prom-client';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { DynamicBatcher } from '../../miner/batcher.js';
import { InferenceWorker } from '../../miner/inference/inference-worker.js';
import { getMetrics, type Metrics } from '../../miner/metrics.js';
import { MinerServer, type MinerServerOptions } from '../../miner/server.js';
import { StaticDirectory, type ValidatorDirectory } from '../../miner/validators.js';
import {
  type ChallengeFrame,
  DEFAULT_LIMITS,
  decodeClassifyPayload,
  decodeMinerFrame,
  encodeFrame,
  type MinerToValidatorFrame,
  signHandshake,
} from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { scratchBundle } from '../../testkit/scratch-bundle.js';
import { expectedProbabilities, LABELS } from './fixtures/hash-backend.js';

export const BACKEND = new URL('./fixtures/hash-backend.ts', import.meta.url);
export const minerKey = Sr25519Keypair.fromUri('//MinerTest');
export const validatorKey = Sr25519Keypair.fromUri('//ValidatorTest');

export function directoryWith(
  entries: [Sr25519Keypair, { permit?: boolean; stake?: bigint }][],
): ValidatorDirectory {
  return new StaticDirectory(
    entries.map(([key, s], uid) => [
      key.address,
      { uid, validatorPermit: s.permit ?? true, stake: s.stake ?? 10n ** 12n },
    ]),
  );
}

export interface TestMiner {
  server: MinerServer;
  worker: InferenceWorker;
  batcher: DynamicBatcher;
  metrics: Metrics;
  register: Registry;
  url: string;
  batchSizes: number[];
  close(): Promise<void>;
}

export async function startTestMiner(
  options: {
    directory?: ValidatorDirectory;
    modelDir?: string;
    backendModule?: URL;
    maxBatch?: number;
    maxDelayMs?: number;
    maxQueueItems?: number;
    /** Batcher queue deadline (default: none). */
    maxWaitMs?: number;
    /** Inference deadline per batch (default: the worker's). */
    inferenceTimeoutMs?: number;
  } & Partial<Omit<MinerServerOptions, 'batcher' | 'model' | 'metrics' | 'hotkey'>> = {},
): Promise<TestMiner> {
  const maxBatch = options.maxBatch ?? 64;
  const register = new Registry();
  const metrics = getMetrics(register, { defaultMetrics: false });
  const worker = await InferenceWorker.start({
    backendModule: options.backendModule ?? BACKEND,
    modelDir: options.modelDir ?? 'hash',
    maxBatch,
    warmupRuns: 1,
    ...(options.inferenceTimeoutMs ? { timeoutMs: options.inferenceTimeoutMs } : {}),
    // The same wiring as startMiner, so tests can read these metrics.
    onStateChange: (up, reason) => {
      metrics.workerUp.set(up ? 1 : 0);
      if (reason) metrics.workerRestarts.inc({ reason });
      if (reason === 'timeout') metrics.inferenceTimeouts.inc();
    },
  });
  metrics.workerUp.set(1);
  const batchSizes: number[] = [];
  const batcher = new DynamicBatcher({
    maxBatch,
    maxDelayMs: options.maxDelayMs ?? 2,
    maxQueueItems: options.maxQueueItems ?? 4096,
    ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}),
    labels: worker.info.labels.length,
    run: (texts) => worker.classify(texts),
    onBatch: (size) => batchSizes.push(size),
    onQueueDepth: (depth) => metrics.queueDepth.set(depth),
    onDrop: (reason) => metrics.jobsDropped.inc({ reason }),
  });
  const server = await MinerServer.listen({
    bundle: await scratchBundle(),
    ...options,
    hotkey: minerKey,
    directory: options.directory ?? directoryWith([[validatorKey, {}]]),
    batcher,
    model: worker.info,
    metrics,
    softwareVersion: '0.1.0-test',
    host: '127.0.0.1',
    port: 0,
  });
  return {
    server,
    worker,
    batcher,
    metrics,
    register,
    url: `ws://127.0.0.1:${server.port}`,
    batchSizes,
    async close() {
      await server.close(2_000);
      await batcher.drain();
      await worker.close();
    },
  };
}

/** A validator-side client that records every frame and the close code. */
export class TestClient {
  readonly ws: WebSocket;
  readonly frames: MinerToValidatorFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  #waiters: { match: (f: MinerToValidatorFrame) => boolean; resolve: (f: MinerToValidatorFrame) => void }[] =
    [];

  /** `localAddress` picks the source address (127.0.0.2 etc. on Linux loopback). */
  constructor(url: string, options: { localAddress?: string } = {}) {
    this.ws = new WebSocket(url, { maxPayload: DEFAULT_LIMITS.maxFrameBytes, ...options });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    // A refused or reset connection must not fail the test run through an unhandled 'error' event.
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      const frame = decodeMinerFrame(new Uint8Array(data as Buffer));
      this.frames.push(frame);
      const index = this.#waiters.findIndex((w) => w.match(frame));
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(frame);
    });
  }

  next(match: (f: MinerToValidatorFrame) => boolean): Promise<MinerToValidatorFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  challenge(): Promise<ChallengeFrame> {
    return this.next((f) => f.type === 'challenge') as Promise<ChallengeFrame>;
  }

  /** Waits for the answer (response or error) to request `id`. */
  answer(id: number): Promise<MinerToValidatorFrame> {
    return this.next((f) => (f.type === 'response' || f.type === 'error') && f.id === id);
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.ws.send(bytes);
  }

  send(frame: Parameters<typeof encodeFrame>[0]): Uint8Array {
    const bytes = encodeFrame(frame);
    this.ws.send(bytes);
    return bytes;
  }

  async authenticate(key: Sr25519Keypair = validatorKey, now?: number): Promise<ChallengeFrame> {
    const challenge = await this.challenge();
    this.send(signHandshake(key, challenge, now));
    return challenge;
  }

  close(): void {
    this.ws.close();
  }
}

/** Connects and authenticates; resolves once the miner has had time to admit us (an info round trip). */
export async function connectedClient(url: string, key: Sr25519Keypair = validatorKey): Promise<TestClient> {
  const client = new TestClient(url);
  await client.authenticate(key);
  client.send({ type: 'info', id: 0xffff_fff0 });
  await client.answer(0xffff_fff0);
  return client;
}

/**
 * Classifies `texts` on `client` and expects the hash backend's exact probabilities. An OVERLOADED answer
 * (requests of a barrage still in flight) is retried after its hinted delay, under ids counting down from
 * `id` (`id` and those below must be unused on this connection: `answer` also matches earlier frames);
 * `retryOverloaded: false` expects a response at once.
 */
export async function expectClassified(
  client: TestClient,
  id: number,
  texts: string[],
  { retryOverloaded = true }: { retryOverloaded?: boolean } = {},
): Promise<void> {
  client.send({ type: 'classify', id, texts });
  let answer = await client.answer(id);
  for (let tries = 1; retryOverloaded && tries < 50; tries++) {
    if (answer.type !== 'error' || answer.code !== 'OVERLOADED') break;
    const delayMs = answer.retryAfterMs ?? 10;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    client.send({ type: 'classify', id: id - tries, texts });
    answer = await client.answer(id - tries);
  }
  expect(answer.type).toBe('response');
  if (answer.type !== 'response') return;
  const payload = decodeClassifyPayload(answer.payload, { items: texts.length, labels: LABELS.length });
  expect(payload.probabilities).toEqual(texts.map((t) => Array.from(expectedProbabilities(t))));
}

/**
 * A MessagePack map written entry by entry, so a key may appear twice (encoders refuse to write that).
 * Up to 15 entries (fixmap).
 */
export function rawMap(entries: [string, unknown][]): Uint8Array {
  const parts = entries.flatMap(([key, value]) => [encode(key), encode(value)]);
  return Buffer.concat([Uint8Array.of(0x80 | entries.length), ...parts]);
}

/** The value of a counter or gauge with these labels (0 when never set). */
export async function metricValue(
  miner: TestMiner,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = await miner.register.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}
