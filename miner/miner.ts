/**
 * The miner daemon put together: wallet → chain (registration check, optional burned_register) →
 * inference worker (load + warm-up) → WebSocket axon → `serve_axon` + `set_commitment` → follow the
 * metagraph. `close()` stops in reverse order, answering in-flight requests first.
 */
import { networkInterfaces } from 'node:os';
import { Registry } from 'prom-client';
import {
  AXON_PROTOCOL_WEBSOCKET,
  type ChainClient,
  ChainClientError,
  type CommitmentField,
  connectDaemonChain,
  encodeModelCommitment,
} from '../shared/chain/index.js';
import { errorMessage } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { type HealthCheck, type MetricsServer, startMetricsServer } from '../shared/metrics-server.js';
import { readBundle } from '../shared/models/bundle.js';
import { PROTOCOL_VERSION } from '../shared/protocol/index.js';
import { type PasswordSource, type Sr25519Keypair, Wallet } from '../shared/wallet/index.js';
import { DynamicBatcher } from './batcher.js';
import { DEFAULT_BATCH_DEADLINE_MS, DEFAULT_INFERENCE_TIMEOUT_MS, type MinerConfig } from './config.js';
import { perturbing } from './dev.js';
import { MinerError } from './errors.js';
import { minerHealth } from './health.js';
import { InferenceWorker } from './inference/inference-worker.js';
import { getMetrics, type Metrics } from './metrics.js';
import { MinerServer } from './server.js';
import { MetagraphDirectory } from './validators.js';
import { MINER_VERSION, versionAsInt } from './version.js';

export interface MinerDependencies {
  logger?: Logger;
  /** A connected-or-not chain client (default: @polkadot/api on `config.endpoint`). */
  chain?: ChainClient;
  /** How to get the coldkey password when registering (default: `BT_PW_…` env only). */
  password?: PasswordSource;
}

export interface MinerHandle {
  readonly hotkey: string;
  readonly uid: number;
  readonly axonPort: number;
  readonly metricsPort: number | undefined;
  readonly server: MinerServer;
  readonly directory: MetagraphDirectory;
  readonly metrics: Metrics;
  readonly register: Registry;
  /** What `/healthz` answers (inference worker up, batches not timing out). */
  readonly health: HealthCheck;
  close(): Promise<void>;
}

const DEFAULT_BACKEND = new URL(
  import.meta.url.endsWith('.ts')
    ? './inference/domain-model-backend.ts'
    : './inference/domain-model-backend.js',
  import.meta.url,
);

export async function startMiner(config: MinerConfig, deps: MinerDependencies = {}): Promise<MinerHandle> {
  const log = deps.logger ?? createLogger({ name: 'miner', level: config.logLevel });
  const cleanup: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const wallet = new Wallet(config.wallet);
    const hotkey = await wallet.hotkey();
    log.info({ wallet: config.wallet.name, hotkey: hotkey.address, netuid: config.netuid }, 'wallet loaded');

    const chain = await connectDaemonChain(config, log, deps.chain);
    cleanup.push(() => chain.close());

    const uid = await ensureRegistered(chain, wallet, hotkey, config, log, deps.password);

    const register = new Registry();
    const metrics = getMetrics(register);
    const worker = await InferenceWorker.start({
      backendModule: config.backendModule ?? DEFAULT_BACKEND,
      modelDir: config.modelDir,
      device: config.device,
      maxBatch: config.batch.max,
      timeoutMs: config.inference?.timeoutMs ?? DEFAULT_INFERENCE_TIMEOUT_MS,
      onStateChange: (up, reason) => {
        metrics.workerUp.set(up ? 1 : 0);
        if (reason) metrics.workerRestarts.inc({ reason });
        if (reason === 'timeout') metrics.inferenceTimeouts.inc();
      },
      logger: log,
    });
    cleanup.push(() => worker.close());
    metrics.workerUp.set(1);
    metrics.info.set(
      {
        domain: worker.info.domain,
        task: worker.info.task,
        model_sha256: worker.info.sha256,
        version: MINER_VERSION,
        hotkey: hotkey.address,
      },
      1,
    );
    const batcher = new DynamicBatcher({
      maxBatch: config.batch.max,
      maxDelayMs: config.batch.delayMs,
      maxQueueItems: config.batch.queueMax,
      maxWaitMs: config.batch.deadlineMs ?? DEFAULT_BATCH_DEADLINE_MS,
      labels: worker.info.labels.length,
      run: perturbing(config.dev?.perturb, worker.info.labels.length, (texts) => worker.classify(texts)),
      onBatch: (size, ms) => {
        metrics.batchSize.observe(size);
        metrics.inferenceDuration.observe(ms / 1000);
      },
      onQueueDepth: (depth) => metrics.queueDepth.set(depth),
      onDrop: (reason) => metrics.jobsDropped.inc({ reason }),
    });
    cleanup.push(() => batcher.drain());
    const health = minerHealth(() => worker.health);

    let server: MinerServer | undefined;
    const directory = new MetagraphDirectory({
      chain,
      netuid: config.netuid,
      logger: log,
      onRefresh: (m) => {
        metrics.metagraphBlock.set(m.block);
        server?.recheck();
      },
    });
    await directory.refresh();
    await directory.follow();
    cleanup.push(async () => directory.stop());
    metrics.chainConnected.set(chain.isConnected ? 1 : 0);
    const offConnection = chain.onConnectionChange((up) => metrics.chainConnected.set(up ? 1 : 0));
    cleanup.push(async () => offConnection());

    // What is committed and served for download: normally the very directory being run.
    const bundle = await readBundle(config.dev?.commitModelDir ?? config.modelDir);
    log.info({ digest: bundle.digest, bytes: bundle.totalBytes }, 'model bundle');
    server = await MinerServer.listen({
      hotkey,
      directory,
      batcher,
      model: worker.info,
      bundle,
      executionProvider: config.device,
      metrics,
      softwareVersion: MINER_VERSION,
      host: config.axon.ip,
      port: config.axon.port,
      policy: {
        requirePermit: config.blacklist.requirePermit,
        minStake: config.blacklist.minStakeRao,
        blacklist: config.blacklist.hotkeys,
      },
      preAuth: {
        ...(config.axon.maxUnauthenticated ? { total: config.axon.maxUnauthenticated } : {}),
        ...(config.axon.maxUnauthenticatedPerIp ? { perIp: config.axon.maxUnauthenticatedPerIp } : {}),
      },
      rateLimit: { perSecond: config.rateLimitPerSecond },
      logger: log,
    });
    const axon = server;
    cleanup.push(() => axon.close());
    log.info({ port: axon.port, host: config.axon.ip }, 'axon listening');

    const metricsServer: MetricsServer | undefined =
      config.metricsPort > 0
        ? await startMetricsServer(register, config.metricsPort, undefined, health)
        : undefined;
    if (metricsServer) {
      cleanup.push(() => metricsServer.close());
      log.info({ port: metricsServer.port }, 'metrics at /metrics, health at /healthz');
    }

    const externalIp = config.axon.externalIp ?? defaultExternalIp(config.axon.ip);
    const externalPort = config.axon.externalPort ?? axon.port;
    await advertise(chain, hotkey, config.netuid, externalIp, externalPort, log);
    await commitModel(
      chain,
      hotkey,
      config.netuid,
      encodeModelCommitment({
        domain: worker.info.domain,
        task: worker.info.task,
        labels: worker.info.labels,
        bundleDigest: bundle.digest,
      }),
      log,
    );
    log.info({ uid, ip: externalIp, port: externalPort }, 'miner ready');

    let closed = false;
    return {
      hotkey: hotkey.address,
      uid,
      axonPort: axon.port,
      metricsPort: metricsServer?.port,
      server: axon,
      directory,
      metrics,
      register,
      health,
      async close() {
        if (closed) return;
        closed = true;
        await unwind();
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

async function ensureRegistered(
  chain: ChainClient,
  wallet: Wallet,
  hotkey: Sr25519Keypair,
  config: MinerConfig,
  log: Logger,
  password: PasswordSource | undefined,
): Promise<number> {
  const { netuid } = config;
  const uid = await chain.getUid(netuid, hotkey.address);
  if (uid !== undefined) {
    log.info({ uid }, 'hotkey registered');
    return uid;
  }
  const notRegistered = (reason: string, hint: string) =>
    new MinerError(
      { code: 'NOT_REGISTERED', netuid, hotkey: hotkey.address, reason },
      `hotkey ${hotkey.address} is not registered on netuid ${netuid}: ${reason}`,
      {
        metaMessages: [hint],
      },
    );
  if (!config.register) {
    throw notRegistered(
      'registration not requested',
      'Register it (btcli subnet register, or restart with --register).',
    );
  }
  if (!(await chain.subnetExists(netuid)))
    throw notRegistered('the subnet does not exist', 'Check --netuid.');
  const coldkeypub = await wallet.coldkeypub();
  const [burn, balance] = await Promise.all([chain.burnCost(netuid), chain.freeBalance(coldkeypub.address)]);
  if (balance < burn) {
    throw notRegistered(
      `coldkey balance ${balance} rao is below the burn cost ${burn} rao`,
      `Fund ${coldkeypub.address} and try again.`,
    );
  }
  log.info(
    { burn: burn.toString(), balance: balance.toString() },
    'registering the hotkey (burned_register)',
  );
  const coldkey = await wallet.coldkey(password);
  try {
    await chain.burnedRegister(coldkey.toKeyringPair(), netuid, hotkey.address);
  } catch (err) {
    // Someone (or an earlier run) registered it meanwhile: fine.
    if (
      !(
        err instanceof ChainClientError &&
        err.isModuleError('SubtensorModule', 'HotKeyAlreadyRegisteredInSubNet')
      )
    )
      throw err;
  }
  const registered = await chain.getUid(netuid, hotkey.address);
  if (registered === undefined)
    throw notRegistered('burned_register succeeded but no uid was found', 'Retry.');
  log.info({ uid: registered }, 'hotkey registered');
  return registered;
}

/** `serve_axon`, skipped when the chain already lists this address (restarts would hit the rate limit). */
async function advertise(
  chain: ChainClient,
  hotkey: Sr25519Keypair,
  netuid: number,
  ip: string,
  port: number,
  log: Logger,
): Promise<void> {
  const version = versionAsInt();
  const current = (await chain.getNeuron(netuid, hotkey.address))?.axon;
  if (
    current &&
    current.ip === ip &&
    current.port === port &&
    current.protocol === AXON_PROTOCOL_WEBSOCKET &&
    current.version === version &&
    current.placeholder1 === PROTOCOL_VERSION
  ) {
    log.info({ ip, port }, 'axon already advertised');
    return;
  }
  try {
    await chain.serveAxon(hotkey.toKeyringPair(), {
      netuid,
      version,
      ip,
      port,
      protocol: AXON_PROTOCOL_WEBSOCKET,
      placeholder1: PROTOCOL_VERSION,
    });
    log.info({ ip, port, protocol: AXON_PROTOCOL_WEBSOCKET }, 'axon advertised (serve_axon)');
  } catch (err) {
    // Subtensor refuses it in the pool (custom error 12); older runtimes fail it at dispatch.
    const rateLimited =
      err instanceof ChainClientError &&
      (err.isCustomRejection('ServingRateLimitExceeded') ||
        err.isModuleError('SubtensorModule', 'ServingRateLimitExceeded'));
    if (rateLimited) {
      log.warn({ ip, port }, 'serve_axon rate-limited; the previous axon entry stays until the next restart');
      return;
    }
    throw err;
  }
}

async function commitModel(
  chain: ChainClient,
  hotkey: Sr25519Keypair,
  netuid: number,
  fields: CommitmentField[],
  log: Logger,
): Promise<void> {
  const current = await chain.getCommitment(netuid, hotkey.address);
  if (current && sameFields(current, fields)) {
    log.info('model commitment already published');
    return;
  }
  try {
    await chain.setCommitment(hotkey.toKeyringPair(), netuid, fields);
    log.info('model commitment published (set_commitment)');
  } catch (err) {
    // Commitments are rate-limited per tempo on subtensor; serving does not depend on them.
    log.warn(
      { err: errorMessage(err) },
      'set_commitment failed; validators can still read the model via info',
    );
  }
}

function sameFields(a: CommitmentField[], b: CommitmentField[]): boolean {
  return (
    a.length === b.length &&
    a.every((f, i) => f.kind === b[i]!.kind && Buffer.compare(f.bytes, b[i]!.bytes) === 0)
  );
}

/** The bind address when it is specific, else the first non-internal IPv4, else loopback. */
function defaultExternalIp(bindIp: string): string {
  if (bindIp !== '0.0.0.0' && bindIp !== '::') return bindIp;
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
