/**
 * Gateway tests: real miners (the miner server with the hash test backend, in a worker thread) under
 * their own hotkeys, a `GatewayView` over them, and the validator's connection pool.
 */
import { Registry } from 'prom-client';
import { DynamicBatcher } from '../../../miner/batcher.js';
import { InferenceWorker } from '../../../miner/inference/inference-worker.js';
import { getMetrics } from '../../../miner/metrics.js';
import { MinerServer } from '../../../miner/server.js';
import { silentLogger } from '../../../shared/logger.js';
import { Sr25519Keypair, type Sr25519Signer } from '../../../shared/wallet/index.js';
import { scratchBundle } from '../../../testkit/scratch-bundle.js';
import { type Gateway, type GatewayOptions, startGateway } from '../../../validator/gateway/server.js';
import type { GatewayMiner, GatewayView } from '../../../validator/gateway/types.js';
import { MinerConnections } from '../../../validator/miners/index.js';
import { freePort } from '../../helpers/ports.js';
import { BACKEND, directoryWith, validatorKey } from '../../miner/helpers.js';

export { validatorKey };
export const SKEWED_BACKEND = new URL('./fixtures/skewed-backend.ts', import.meta.url);
export const LABELS = ['positive', 'negative', 'neutral'];

export interface RunningMiner {
  hotkey: Sr25519Keypair;
  port: number;
  close(): Promise<void>;
}

/**
 * A real miner server. `signer` replaces the key that signs answers (a forger: its answers carry
 * signatures that do not verify against `hotkey`).
 */
export async function startMiner(options: {
  hotkey: Sr25519Keypair;
  backendModule?: URL;
  modelDir?: string;
  signer?: Sr25519Signer;
}): Promise<RunningMiner> {
  const worker = await InferenceWorker.start({
    backendModule: options.backendModule ?? BACKEND,
    modelDir: options.modelDir ?? 'hash',
    maxBatch: 64,
    warmupRuns: 1,
  });
  const batcher = new DynamicBatcher({
    maxBatch: 64,
    maxDelayMs: 1,
    maxQueueItems: 4096,
    labels: worker.info.labels.length,
    run: (texts) => worker.classify(texts),
  });
  const signer: Sr25519Signer = options.signer
    ? { publicKey: options.hotkey.publicKey, sign: (m) => options.signer!.sign(m) }
    : options.hotkey;
  const server = await MinerServer.listen({
    hotkey: signer,
    directory: directoryWith([[validatorKey, {}]]),
    batcher,
    model: worker.info,
    bundle: await scratchBundle(),
    metrics: getMetrics(new Registry(), { defaultMetrics: false }),
    softwareVersion: '0.1.0-test',
    host: '127.0.0.1',
    port: 0,
    rateLimit: { perSecond: 10_000 },
    logger: silentLogger(),
  });
  return {
    hotkey: options.hotkey,
    port: server.port,
    async close() {
      await server.close(1_000);
      await batcher.drain();
      await worker.close();
    },
  };
}

export function minerKey(uid: number): Sr25519Keypair {
  return Sr25519Keypair.fromUri(`//GatewayMiner${uid}`);
}

/** A view entry for a miner at `port` (port 0 = no axon). */
export function viewMiner(
  uid: number,
  port: number,
  score: number,
  extra: Partial<GatewayMiner> = {},
): GatewayMiner {
  const hotkey = minerKey(uid).address;
  return {
    uid,
    hotkey,
    domain: 'finance',
    task: 'sentiment',
    labels: LABELS,
    modelSha256: 'ab'.repeat(32),
    score,
    ece: null,
    incentive: score / 2,
    emission: BigInt(Math.round(score * 1e9)),
    endpoint: { uid, hotkey, ip: '127.0.0.1', port },
    ...extra,
  };
}

export class StaticView implements GatewayView {
  constructor(
    public entries: GatewayMiner[],
    public head = 100,
  ) {}
  miners(): GatewayMiner[] {
    return this.entries.map((m) => ({ ...m }));
  }
  block(): number {
    return this.head;
  }
  emissionHistory() {
    return [90, 100].map((block) => ({
      block,
      byUid: Object.fromEntries(this.entries.map((m) => [m.uid, (m.emission + BigInt(block)).toString()])),
    }));
  }
}

export interface MinerFleet {
  miners: RunningMiner[];
  /** The miners (uid i + 1 for `scores[i]`), then the `extra` entries. */
  view: StaticView;
  close(): Promise<void>;
}

/**
 * Honest miners (hash backend) under `minerKey(1)`, `minerKey(2)`, ..., one a score, and a `StaticView`
 * that lists them, then `extra` (entries without a miner behind them).
 */
export async function startMinerFleet(scores: number[], extra: GatewayMiner[] = []): Promise<MinerFleet> {
  const miners = await Promise.all(scores.map((_, i) => startMiner({ hotkey: minerKey(i + 1) })));
  const view = new StaticView([...miners.map((m, i) => viewMiner(i + 1, m.port, scores[i] ?? 0)), ...extra]);
  return {
    miners,
    view,
    close: async () => {
      await Promise.all(miners.map((m) => m.close()));
    },
  };
}

/** A port nothing listens on (a miner that died). */
export const deadPort = freePort;

// biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field.
export type Json = any;

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

export interface TestGateway {
  gateway: Gateway;
  connections: MinerConnections;
  /** Closes the gateway, then its connection pool. */
  close(): Promise<void>;
}

/**
 * A gateway on a free port over `view`, with its own connection pool (signed by `validatorKey`), a private
 * metrics registry and silent logs; `options` adds or overrides the rest (keys file, limits, ...).
 */
export async function startTestGateway(
  view: GatewayView,
  options: Partial<Omit<GatewayOptions, 'view' | 'connections'>> = {},
): Promise<TestGateway> {
  const connections = new MinerConnections(validatorKey);
  try {
    const gateway = await startGateway({
      port: 0,
      log: silentLogger(),
      registry: new Registry(),
      ...options,
      view,
      connections,
    });
    return {
      gateway,
      connections,
      close: async () => {
        await gateway.close();
        connections.close();
      },
    };
  } catch (err) {
    connections.close();
    throw err;
  }
}
