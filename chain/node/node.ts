/**
 * `startNode(options)`: the dev chain node in-process — database, chain, transaction pool, block production,
 * JSON-RPC (WS + HTTP on one port) and Prometheus metrics — returning a handle with `rpcUrl` and `close()`.
 * The `expertnet-chain` CLI is a thin wrapper around it; tests and the devnet embed it directly.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { base58Encode } from '@polkadot/util-crypto/base58/bs58';
import { cryptoWaitReady } from '@polkadot/util-crypto/crypto';
import { errorMessage } from '../../shared/errors.js';
import { createLogger, type Logger, type LogLevel } from '../../shared/logger.js';
import type { Runtime } from '../runtime/interface.js';
import { BlockAuthor, BlockScheduler } from './author.js';
import { type BeaconOptions, openDevBeacon } from './beacon.js';
import { concatBytes } from './bytes.js';
import { ChainStore } from './chain.js';
import { ChainDatabase } from './db.js';
import { trackEconomics } from './economics-metrics.js';
import { NodeError } from './errors.js';
import { createNodeMetrics, type NodeMetrics, serveMetrics } from './metrics.js';
import { authorRpc } from './rpc/author.js';
import { chainRpc } from './rpc/chain.js';
import { chainHeadRpc } from './rpc/chain-head.js';
import { chainSpecV1Rpc } from './rpc/chain-spec-v1.js';
import type { RpcContext } from './rpc/context.js';
import { engineRpc } from './rpc/engine.js';
import { RpcModule } from './rpc/module.js';
import { paymentRpc } from './rpc/payment.js';
import { RpcServer } from './rpc/server.js';
import { stateRpc } from './rpc/state.js';
import { systemRpc } from './rpc/system.js';
import { transactionV1Rpc } from './rpc/transaction-v1.js';
import { loadRuntime } from './runtime-loader.js';
import { SignatureVerifier } from './signature-verifier.js';
import { SubmissionQueue } from './submission.js';
import { type QueueLimit, TransactionPool } from './txpool.js';

export const NODE_NAME = 'Expertnet Node';
export const NODE_VERSION = '0.1.0';
/** Delay between the RPC server being up and building the runtime metadata in the background. */
const METADATA_DELAY_MS = 250;

export interface NodeOptions {
  /** Development chain spec (funded dev accounts, Alice sudo). Default true. */
  dev?: boolean;
  /** Persistent data directory; without it the node uses a temporary one deleted on close. */
  basePath?: string;
  /** Force a temporary data directory even when `basePath` is given. */
  tmp?: boolean;
  /** JSON-RPC port (WS and HTTP); 0 picks a free one. Default 9944. */
  rpcPort?: number;
  rpcHost?: string;
  /**
   * State pruning (Substrate's `--state-pruning`): the number of latest blocks whose state stays readable,
   * or `archive` (every block). Default 256, Substrate's default.
   */
  statePruning?: StatePruning;
  /** Latest blocks whose decoded header stays in memory (older ones are read from LevelDB). Default 4096. */
  recentBlocks?: number;
  /** Block time in ms. Default 12000. */
  blockTimeMs?: number;
  /** Produce a block as soon as transactions are ready instead of every `blockTimeMs`. */
  instantSeal?: boolean;
  /** Prometheus port; 0 picks a free one, null disables. Default 9615. */
  prometheusPort?: number | null;
  prometheusHost?: string;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Runtime to run; default: the dev chain runtime of `chain/runtime`. */
  runtime?: Runtime;
  poolReadyLimit?: QueueLimit;
  poolFutureLimit?: QueueLimit;
  rpcMaxConnections?: number;
  rpcMaxSubscriptionsPerConnection?: number;
  rpcMaxRequestBytes?: number;
  rpcMaxResponseBytes?: number;
  /** A WebSocket client whose unsent data passes this is disconnected (default 16 MiB). */
  rpcMaxBufferedBytes?: number;
  /**
   * Worker threads verifying transaction signatures off the main thread (0: verify in-thread).
   * Default: one less than the available cores, at least 1, at most 4.
   */
  signatureWorkers?: number;
  /** The dev drand beacon (`--beacon-secret`, `--beacon-period`); see `beacon.ts`. */
  beacon?: BeaconOptions;
}

export type StatePruning = number | 'archive' | 'archive-canonical';
/** Substrate's default `--state-pruning`. */
export const DEFAULT_STATE_PRUNING = 256;

/** A `--state-pruning` command-line value (`archive`, `archive-canonical` or a number of blocks). */
export function parseStatePruning(value: string): StatePruning {
  if (value === 'archive' || value === 'archive-canonical') return value;
  const n = /^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN;
  stateKeepBlocks(n);
  return n;
}

/** Blocks of state kept for a `--state-pruning` value; undefined keeps all. Throws INVALID_OPTION. */
export function stateKeepBlocks(value: StatePruning): number | undefined {
  if (value === 'archive' || value === 'archive-canonical') return undefined;
  const n = value;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new NodeError(
      { code: 'INVALID_OPTION', option: 'state-pruning', value },
      '--state-pruning must be a number of blocks (at least 1) or "archive"',
    );
  }
  return n;
}

export interface NodeHandle {
  /** `ws://host:port` */
  readonly rpcUrl: string;
  /** `http://host:port` (JSON-RPC over HTTP POST). */
  readonly httpUrl: string;
  readonly rpcPort: number;
  /** Bound Prometheus port, or undefined when disabled. */
  readonly prometheusPort: number | undefined;
  readonly basePath: string;
  readonly genesisHash: string;
  readonly chain: ChainStore;
  readonly pool: TransactionPool;
  /** Produces one block now (manual seal), whatever the seal mode. */
  sealBlock(): Promise<string | undefined>;
  close(): Promise<void>;
}

function checkPort(option: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new NodeError({ code: 'INVALID_OPTION', option, value }, `--${option} must be a port (0-65535)`);
  }
}

/** A libp2p-style peer id (identity multihash of an ed25519 key), for `system_localPeerId`. */
function randomPeerId(): string {
  return base58Encode(concatBytes([Uint8Array.of(0x00, 0x24, 0x08, 0x01, 0x12, 0x20), randomBytes(32)]));
}

export async function startNode(options: NodeOptions = {}): Promise<NodeHandle> {
  const dev = options.dev ?? true;
  const blockTimeMs = options.blockTimeMs ?? 12_000;
  const rpcPort = options.rpcPort ?? 9944;
  const rpcHost = options.rpcHost ?? '127.0.0.1';
  const prometheusPort = options.prometheusPort === undefined ? 9615 : options.prometheusPort;
  checkPort('rpc-port', rpcPort);
  if (prometheusPort !== null) checkPort('prometheus-port', prometheusPort);
  if (!Number.isInteger(blockTimeMs) || blockTimeMs < 1) {
    throw new NodeError(
      { code: 'INVALID_OPTION', option: 'block-time', value: blockTimeMs },
      '--block-time must be a positive integer (ms)',
    );
  }
  for (const [option, limit] of [
    ['pool-limit', options.poolReadyLimit],
    ['pool-future-limit', options.poolFutureLimit],
  ] as const) {
    if (limit !== undefined && !(Number.isInteger(limit.count) && limit.count >= 1 && limit.bytes >= 1)) {
      throw new NodeError({ code: 'INVALID_OPTION', option, value: limit }, `--${option} must be at least 1`);
    }
  }
  const signatureWorkers = options.signatureWorkers ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  if (!Number.isInteger(signatureWorkers) || signatureWorkers < 0) {
    throw new NodeError(
      { code: 'INVALID_OPTION', option: 'signature-workers', value: signatureWorkers },
      'signatureWorkers must be a non-negative integer',
    );
  }
  const keepBlocks = stateKeepBlocks(options.statePruning ?? DEFAULT_STATE_PRUNING);
  const log = options.logger ?? createLogger({ name: 'chain', level: options.logLevel ?? 'info' });

  const temporary = options.tmp === true || options.basePath === undefined;
  const basePath = temporary
    ? await mkdtemp(join(tmpdir(), 'expertnet-chain-'))
    : (options.basePath as string);
  const cleanups: Array<() => Promise<void>> = [];
  if (temporary) cleanups.push(() => rm(basePath, { recursive: true, force: true }));
  const runCleanups = async () => {
    for (const fn of cleanups.reverse()) {
      await fn().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'cleanup failed'));
    }
    cleanups.length = 0;
  };

  try {
    // Signature workers start first: their threads load while the node itself starts up.
    const verifier =
      signatureWorkers > 0 && (options.runtime === undefined || options.runtime.signatureCheck !== undefined)
        ? SignatureVerifier.start({ workers: signatureWorkers, log })
        : undefined;
    if (verifier !== undefined) cleanups.push(() => verifier.close());
    await cryptoWaitReady();
    const runtime = options.runtime ?? (await loadRuntime(blockTimeMs));
    const dbPath = join(basePath, 'chains', dev ? 'dev' : 'local', 'db');
    await mkdir(dbPath, { recursive: true });
    // Instant seal moves chain time a whole block time per sealed block: one drand round per block by
    // default (at 3 s, a 12 s block would sign and check four pulses; tests seal hundreds of blocks).
    const beacon = await openDevBeacon(dirname(dbPath), {
      ...options.beacon,
      ...(options.instantSeal ? { defaultPeriod: Math.max(1, Math.round(blockTimeMs / 1000)) } : {}),
    });
    const db = await ChainDatabase.open(dbPath);
    cleanups.push(() => db.close());
    const chain = await ChainStore.open({
      db,
      runtime,
      genesis: { dev, blockTimeMs, beacon: beacon.genesis },
      log,
      ...(keepBlocks === undefined ? {} : { stateKeepBlocks: keepBlocks }),
      ...(options.recentBlocks === undefined ? {} : { recentBlocks: options.recentBlocks }),
    });
    const peerId = randomPeerId();
    log.info(
      {
        chain: runtime.chainName,
        basePath,
        peerId,
        genesis: chain.genesis.hashHex,
        statePruning: keepBlocks ?? 'archive',
      },
      `${NODE_NAME} ${NODE_VERSION}: chain "${runtime.chainName}", best #${chain.best.number}`,
    );

    const pool = new TransactionPool({
      validate: (xt) =>
        runtime.validateTransaction(chain.stateAt(chain.best), xt, {
          number: chain.best.number + 1,
          parentHash: chain.best.hash,
        }),
      bestNumber: () => chain.best.number,
      ...(options.poolReadyLimit === undefined ? {} : { readyLimit: options.poolReadyLimit }),
      ...(options.poolFutureLimit === undefined ? {} : { futureLimit: options.poolFutureLimit }),
    });
    const bestContext = () => ({ number: chain.best.number + 1, parentHash: chain.best.hash });
    const submissions = new SubmissionQueue({
      pool,
      ...(verifier === undefined ? {} : { verifier }),
      signatureCheck: (xt) => runtime.signatureCheck?.(chain.stateAt(chain.best), xt, bestContext()),
      markVerified: (check) => runtime.markSignatureVerified?.(check),
    });
    const metrics: NodeMetrics = createNodeMetrics({
      readyTransactions: () => pool.readyCount,
      futureTransactions: () => pool.futureCount,
      stateVersions: () => chain.state.versionCount,
      oldestState: () => chain.state.oldest,
    });
    metrics.setHeight(chain.best.number, chain.finalized.number);
    const economics = trackEconomics(chain, {
      register: metrics.register,
      ss58Format: runtime.properties.ss58Format,
      log,
    });
    cleanups.push(async () => economics.stop());

    const author = new BlockAuthor({
      chain,
      runtime,
      pool,
      log,
      metrics,
      blockTimeMs,
      offchain: beacon.env,
      buildBudgetMs: options.instantSeal ? 500 : Math.max(50, Math.floor(blockTimeMs / 3)),
    });
    const scheduler = new BlockScheduler(
      author,
      pool,
      options.instantSeal ? { kind: 'instant' } : { kind: 'interval', blockTimeMs },
      log,
    );

    const ctx: RpcContext = {
      chain,
      runtime,
      pool,
      submit: (xt) => submissions.submit(xt),
      scheduler,
      log,
      metrics,
      dev,
      nodeName: NODE_NAME,
      nodeVersion: NODE_VERSION,
      peerId,
    };
    const module = new RpcModule();
    module
      .merge(systemRpc(ctx, () => module.names()))
      .merge(chainRpc(ctx))
      .merge(stateRpc(ctx))
      .merge(authorRpc(ctx))
      .merge(paymentRpc(ctx))
      .merge(engineRpc(ctx))
      .merge(chainHeadRpc(ctx))
      .merge(transactionV1Rpc(ctx))
      .merge(chainSpecV1Rpc(ctx));
    const rpc = await new RpcServer({
      host: rpcHost,
      port: rpcPort,
      module,
      log,
      metrics,
      ...(options.rpcMaxConnections === undefined ? {} : { maxConnections: options.rpcMaxConnections }),
      ...(options.rpcMaxSubscriptionsPerConnection === undefined
        ? {}
        : { maxSubscriptionsPerConnection: options.rpcMaxSubscriptionsPerConnection }),
      ...(options.rpcMaxRequestBytes === undefined ? {} : { maxRequestBytes: options.rpcMaxRequestBytes }),
      ...(options.rpcMaxResponseBytes === undefined ? {} : { maxResponseBytes: options.rpcMaxResponseBytes }),
      ...(options.rpcMaxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.rpcMaxBufferedBytes }),
    }).listen();
    cleanups.push(() => rpc.close());
    // Metadata (~130 ms of modules to load, then ~250 ms of one synchronous encoding) is built off the
    // start-up path: shortly after the RPC server is up, so a block asked for at once is not held behind
    // it; the RPC methods that serve metadata start it themselves if asked earlier, and wait for it.
    const metadataTimer = setTimeout(() => {
      runtime
        .prepareMetadata?.()
        .catch((err: unknown) =>
          log.error({ err: errorMessage(err) }, 'building the runtime metadata failed'),
        );
    }, METADATA_DELAY_MS);
    metadataTimer.unref();
    cleanups.push(async () => clearTimeout(metadataTimer));

    let promPort: number | undefined;
    if (prometheusPort !== null) {
      const prom = await serveMetrics(
        metrics.register,
        options.prometheusHost ?? '127.0.0.1',
        prometheusPort,
      );
      promPort = prom.port;
      cleanups.push(() => prom.close());
      log.info({ port: prom.port }, `Prometheus exporter started at 127.0.0.1:${prom.port}`);
    }

    scheduler.start();
    cleanups.push(() => scheduler.stop());

    let closing: Promise<void> | undefined;
    return {
      rpcUrl: `ws://${rpcHost}:${rpc.port}`,
      httpUrl: `http://${rpcHost}:${rpc.port}`,
      rpcPort: rpc.port,
      prometheusPort: promPort,
      basePath,
      genesisHash: chain.genesis.hashHex,
      chain,
      pool,
      sealBlock: async () => (await scheduler.sealNow())?.hashHex,
      close: () => {
        closing ??= runCleanups();
        return closing;
      },
    };
  } catch (err) {
    await runCleanups();
    throw err;
  }
}
