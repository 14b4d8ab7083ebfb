/**
 * The validator daemon put together: wallet → chain (our uid) → state (secret, moving averages) and the
 * weight store (commits, salts) → metagraph sync → clock → round loop → weights. The clock's new heads
 * drive the metagraph refresh, the weight setter and the round loop (`round-loop.ts`); the gateway, when
 * asked for, routes by `gateway-view.ts`. `close()` stops the rounds, closes the sockets and saves.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { type ChainClient, connectDaemonChain } from '../shared/chain/index.js';
import type { LabelledItem, TaskDefinition } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { type MetricsServer, startMetricsServer } from '../shared/metrics-server.js';
import { type Sr25519Keypair, Wallet } from '../shared/wallet/index.js';
import { weightCopier } from './accountability/copier.js';
import { createAuditTrail } from './accountability/setup.js';
import type { AuditTrail } from './accountability/trail.js';
import { CalibrationTracker } from './calibration.js';
import { loadChallengeDataset, loadChallengePacks, newRoundSecret } from './challenges.js';
import { ChainClock } from './clock.js';
import type { ValidatorConfig } from './config.js';
import { ValidatorError } from './errors.js';
import type { GatewayView } from './gateway/types.js';
import { ValidatorGatewayView } from './gateway-view.js';
import { type MetagraphSnapshot, MetagraphSync } from './metagraph.js';
import { createValidatorMetrics, type ValidatorMetrics } from './metrics.js';
import { MinerConnections } from './miners/index.js';
import { taskKey } from './round.js';
import { RoundLoop, type RoundSummary } from './round-loop.js';
import { MovingAverageScores } from './scoring.js';
import { JsonStateFile } from './state.js';
import { type LoadedValidatorState, parseValidatorState, type ValidatorState } from './validator-state.js';
import { startVerification, type Verification } from './verify/setup.js';
import { WeightSetter } from './weight-setter.js';
import { type WeightSetterSnapshot, WeightStore } from './weight-store.js';
import type { U16Weights } from './weights.js';
import { isPublicNetwork } from './weights-mode.js';

export type { RoundSummary } from './round-loop.js';

export interface ValidatorDependencies {
  logger?: Logger;
  /** A connected-or-not chain client (default: @polkadot/api on `config.endpoint`). */
  chain?: ChainClient;
  /** Metrics registry (default: a fresh one with the process metrics). */
  registry?: Registry;
  /** Run rounds by themselves (default). Tests and the bench turn it off and call `runRound()`. */
  autoRounds?: boolean;
}

export interface ValidatorHandle {
  readonly hotkey: string;
  readonly uid: number;
  readonly metricsPort: number | undefined;
  /** The gateway's base URL when `--gateway.port` is set. */
  readonly gatewayUrl: string | undefined;
  readonly metrics: ValidatorMetrics;
  readonly registry: Registry;
  readonly scores: MovingAverageScores;
  /** Per-miner calibration of recent answers. */
  readonly calibration: CalibrationTracker;
  readonly metagraph: MetagraphSync;
  readonly connections: MinerConnections;
  readonly weightSetter: WeightSetter;
  readonly clock: ChainClock;
  /** Rounds completed (restored from state). */
  readonly round: number;
  /** What the gateway routes by (issue 8). */
  readonly gatewayView: GatewayView;
  /** Bundle downloads, spot checks and evidence (issue 14); undefined when the config has no `verify`. */
  readonly verification: Verification | undefined;
  runRound(): Promise<RoundSummary | undefined>;
  /** Latest processed weights from the current moving averages (undefined: nothing to weigh). */
  computeWeights(): U16Weights | undefined;
  /** Saves the state file and the weight store. */
  saveState(): Promise<void>;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;

async function loadDatasets(
  config: ValidatorConfig,
  log: Logger,
): Promise<Map<string, readonly LabelledItem[]>> {
  const out = new Map<string, LabelledItem[]>();
  for (const source of config.datasets) {
    // Items longer than the wire allows are refused here, naming the line, rather than skipped later.
    const items = await loadChallengeDataset(source.path, source.domain, source.task);
    const key = taskKey(source.domain, source.task);
    out.set(key, [...(out.get(key) ?? []), ...items]);
    log.info({ domain: source.domain, task: source.task, path: source.path, items: items.length }, 'dataset');
  }
  return out;
}

export async function startValidator(
  config: ValidatorConfig,
  deps: ValidatorDependencies = {},
): Promise<ValidatorHandle> {
  const log = deps.logger ?? createLogger({ name: 'validator', level: config.logLevel });
  const cleanup: (() => Promise<void>)[] = [];
  const unwind = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    // Packs first: a bad one is refused (file and reason) before anything else starts.
    const packs = await loadChallengePacks(config.challenges?.packs ?? []);
    if (packs.size > 0) log.info({ tasks: [...packs.keys()] }, 'challenge packs loaded');
    const hotkey = await new Wallet(config.wallet).hotkey();
    log.info({ wallet: config.wallet.name, hotkey: hotkey.address, netuid: config.netuid }, 'wallet loaded');
    const datasets = await loadDatasets(config, log);

    const chain = await connectDaemonChain(config, log, deps.chain);
    cleanup.push(() => chain.close());
    const uid = await chain.getUid(config.netuid, hotkey.address);
    if (uid === undefined) {
      throw new ValidatorError(
        { code: 'NOT_REGISTERED', netuid: config.netuid, hotkey: hotkey.address },
        `hotkey ${hotkey.address} is not registered on netuid ${config.netuid}`,
        { metaMessages: ['Register it first (btcli subnet register / expertnet wallet register).'] },
      );
    }

    const stateFile = new JsonStateFile(join(config.stateDir, 'state.json'), parseValidatorState);
    const saved = await stateFile.loadOrStartFresh(log);
    const weightStore = new WeightStore(config.stateDir);
    const weights = await weightStore.load(log, saved?.legacyWeightSetter);
    const validator = new Validator({
      config,
      chain,
      hotkey,
      uid,
      log,
      datasets,
      packs,
      saved,
      stateFile,
      weightStore,
      weights,
      registry: deps.registry,
    });
    cleanup.push(() => validator.close());
    await validator.start(deps.autoRounds ?? true);
    return validator;
  } catch (err) {
    await unwind();
    throw err;
  }
}

interface ValidatorParts {
  config: ValidatorConfig;
  chain: ChainClient;
  hotkey: Sr25519Keypair;
  uid: number;
  log: Logger;
  datasets: Map<string, readonly LabelledItem[]>;
  /** Private challenge packs' definitions by `domain/task`. */
  packs: ReadonlyMap<string, TaskDefinition>;
  saved: LoadedValidatorState | undefined;
  stateFile: JsonStateFile<ValidatorState>;
  weightStore: WeightStore;
  weights: WeightSetterSnapshot | undefined;
  registry: Registry | undefined;
}

class Validator implements ValidatorHandle {
  readonly hotkey: string;
  readonly uid: number;
  readonly metrics: ValidatorMetrics;
  readonly registry: Registry;
  readonly scores: MovingAverageScores;
  readonly calibration = new CalibrationTracker();
  readonly metagraph: MetagraphSync;
  readonly connections: MinerConnections;
  readonly weightSetter: WeightSetter;
  readonly clock: ChainClock;
  readonly gatewayView: ValidatorGatewayView;
  readonly verification: Verification | undefined;
  readonly #parts: ValidatorParts;
  readonly #log: Logger;
  readonly #secret: Uint8Array;
  readonly #trail: AuditTrail;
  readonly #rounds: RoundLoop;
  /** Aborted by close(): unsubscribes the clock and ends the round loop. */
  readonly #stop = new AbortController();
  #metricsServer: MetricsServer | undefined;
  #gateway: { url: string; port: number; close(): Promise<void> } | undefined;
  #offConnection: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(parts: ValidatorParts) {
    const { config, saved, log } = parts;
    this.#parts = parts;
    this.#log = log;
    this.hotkey = parts.hotkey.address;
    this.uid = parts.uid;
    this.metrics = createValidatorMetrics(parts.registry);
    this.registry = this.metrics.registry;
    this.#secret = saved ? Buffer.from(saved.secret, 'hex') : newRoundSecret();
    const restored = saved ? MovingAverageScores.fromJSON(saved.scores) : undefined;
    // The configured alpha wins over the saved one; the averages carry over.
    this.scores =
      restored && restored.alpha === config.neuron.movingAverageAlpha
        ? restored
        : MovingAverageScores.fromJSON({
            alpha: config.neuron.movingAverageAlpha,
            entries: restored?.entries() ?? [],
          });
    if (saved) log.info({ round: saved.round, scored: this.scores.entries().length }, 'state restored');
    this.connections = new MinerConnections(parts.hotkey, {
      connectTimeoutMs: config.neuron.timeoutMs,
      requestTimeoutMs: config.neuron.timeoutMs,
      logger: log,
    });
    this.metagraph = new MetagraphSync({
      chain: parts.chain,
      netuid: config.netuid,
      ownHotkey: this.hotkey,
      log,
      onSync: (snapshot) => this.#onSync(snapshot),
      onChainError: (error) => this.metrics.chainErrors.inc({ error }),
    });
    this.verification = config.verify
      ? startVerification({
          config: config.verify,
          stateDir: config.stateDir,
          netuid: config.netuid,
          hotkey: parts.hotkey,
          secret: this.#secret,
          connections: this.connections,
          minerOf: (uid) => this.metagraph.snapshot?.miners.find((m) => m.uid === uid),
          metrics: this.metrics,
          log,
        })
      : undefined;
    const verifier = this.verification?.verifier;
    this.gatewayView = new ValidatorGatewayView(this.metagraph, this.scores, this.calibration, verifier);
    this.weightSetter = new WeightSetter({
      chain: parts.chain,
      hotkey: parts.hotkey.toKeyringPair(),
      netuid: config.netuid,
      log,
      store: parts.weightStore,
      onSubmitted: (method, result) => {
        this.metrics.weightsSubmitted.inc({ method, result });
        const landed = this.weightSetter.lastWeights;
        const as = method === 'set_weights' ? 'set' : method === 'commit_timelocked' ? 'commit' : method;
        if (result === 'ok' && landed?.method === as) this.#trail.noteWeights(as, landed);
        this.#noteLandedWeights();
      },
      onChainError: (error) => this.metrics.chainErrors.inc({ error }),
      intervalBlocks: config.neuron.epochLength,
      mode: config.weights?.mode,
      publicNetwork: isPublicNetwork(config.endpoint),
      // Timelocked weights: the chain applied them (no reveal of ours); the trail records it as a reveal.
      onApplied: () => {
        const landed = this.weightSetter.lastWeights;
        if (landed?.method === 'reveal') this.#trail.noteWeights('reveal', landed);
        this.#noteLandedWeights();
      },
    });
    this.weightSetter.restore(parts.weights);
    this.#noteLandedWeights();
    this.clock = new ChainClock({
      chain: parts.chain,
      netuid: config.netuid,
      tempo: () => this.metagraph.snapshot?.hyperparams.tempo,
      log,
    });
    this.#trail = createAuditTrail({
      config,
      chain: parts.chain,
      hotkey: { address: this.hotkey, signer: parts.hotkey.toKeyringPair() },
      secret: this.#secret,
      datasets: parts.datasets,
      packs: parts.packs,
      scores: this.scores,
      log,
    });
    this.#rounds = new RoundLoop({
      neuron: config.neuron,
      datasets: parts.datasets,
      packs: parts.packs,
      difficultyMix: config.challenges?.difficultyMix,
      datasetShare: config.datasetShare,
      round: saved?.round ?? 0,
      scores: this.scores,
      calibration: this.calibration,
      metagraph: this.metagraph,
      connections: this.connections,
      weightSetter: config.dev?.copyWeightsFrom
        ? weightCopier({
            chain: parts.chain,
            netuid: config.netuid,
            from: config.dev.copyWeightsFrom,
            target: this.weightSetter,
            log,
          })
        : this.weightSetter,
      metrics: this.metrics,
      trail: this.#trail,
      log,
      saveState: () => this.#saveOwnState(),
      verifier,
    });
  }

  /** A set or revealed vector is on chain; a commit is not yet. */
  #noteLandedWeights(): void {
    const last = this.weightSetter?.lastWeights;
    if (last && last.method !== 'commit') this.metrics.lastWeightsBlock.set(last.block);
  }

  get round(): number {
    return this.#rounds.round;
  }

  get metricsPort(): number | undefined {
    return this.#metricsServer?.port;
  }

  get gatewayUrl(): string | undefined {
    return this.#gateway?.url;
  }

  async start(autoRounds: boolean): Promise<void> {
    const { config, chain } = this.#parts;
    const signal = this.#stop.signal;
    if (config.metricsPort > 0) {
      this.#metricsServer = await startMetricsServer(this.registry, config.metricsPort);
      this.#log.info({ port: this.#metricsServer.port }, 'metrics at /metrics');
    }
    this.metrics.chainConnected.set(chain.isConnected ? 1 : 0);
    this.#offConnection = chain.onConnectionChange((up) => this.metrics.chainConnected.set(up ? 1 : 0));
    await this.metagraph.refresh();
    this.clock.onHead(({ block }) => this.#onHead(block));
    this.clock.onEpoch(({ epoch, block }) => {
      // Incentive and emission change at the epoch: read them now rather than a few blocks later.
      this.#log.debug({ epoch, block }, 'new epoch');
      void this.metagraph.refresh();
    });
    await this.clock.start(signal);
    if (config.gatewayPort > 0) {
      // Loaded only when asked for (web assets, schemas). It shares our miner connections: a miner
      // takes one connection per validator hotkey.
      const { startGateway } = await import('./gateway/server.js');
      this.#gateway = await startGateway({
        port: config.gatewayPort,
        host: config.gatewayHost,
        view: this.gatewayView,
        connections: this.connections,
        keysFile: config.gatewayKeysFile,
        ledgerFile: join(config.stateDir, 'gateway-ledger.json'),
        audit: this.#trail,
        log: this.#log.child({ component: 'gateway' }),
        // Its own registry, served at its public /metrics; our process metrics are on the metrics port.
        processMetrics: false,
        ...(this.verification ? { evidence: this.verification.evidence } : {}),
      });
    }
    this.#log.info({ uid: this.uid, round: this.round, stateDir: config.stateDir }, 'validator ready');
    if (autoRounds) this.#loop = this.#rounds.run(this.clock, signal);
  }

  #onHead(block: number): void {
    this.metagraph.onBlock(block);
    void this.weightSetter.onBlock(block).catch((err: unknown) => {
      // onBlock promises never to throw; log it if it ever does rather than lose the clock.
      this.#log.error({ err: errorMessage(err) }, 'weight setter failed on a block');
    });
  }

  #onSync(snapshot: MetagraphSnapshot): void {
    this.metrics.metagraphBlock.set(snapshot.block);
    this.metrics.miners.set(snapshot.miners.length);
    // A uid whose hotkey changed starts from zero; its old connection goes.
    for (const entry of this.scores.entries()) {
      if (snapshot.hotkeysByUid.get(entry.uid) !== entry.hotkey) this.connections.drop(entry.uid);
    }
    this.scores.prune(snapshot.hotkeysByUid);
    this.calibration.prune(snapshot.hotkeysByUid);
    this.gatewayView.noteSnapshot(snapshot);
  }

  runRound(): Promise<RoundSummary | undefined> {
    return this.#rounds.runRound();
  }

  computeWeights(): U16Weights | undefined {
    return this.#rounds.computeWeights();
  }

  #saveOwnState(): Promise<void> {
    return this.#parts.stateFile.save({
      secret: Buffer.from(this.#secret).toString('hex'),
      round: this.#rounds.round,
      scores: this.scores.toJSON(),
    });
  }

  async saveState(): Promise<void> {
    await Promise.all([this.#saveOwnState(), this.weightSetter.save()]);
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#stop.abort();
    this.#rounds.stop();
    await this.#gateway?.close();
    this.#offConnection?.();
    // Closing the sockets fails in-flight requests at once, so the running round ends quickly.
    this.connections.close();
    await this.#loop?.catch(() => undefined);
    await this.#rounds.whenIdle();
    await this.#trail.flush();
    await this.verification?.close();
    // Let a submission in flight finish before the last save, but never hold the shutdown long (a
    // commit's salt is saved before it is sent, so cutting it short loses nothing).
    await Promise.race([this.weightSetter.whenIdle(), sleep(CLOSE_GRACE_MS)]);
    await this.saveState().catch((err: unknown) => {
      this.#log.error({ err: errorMessage(err) }, 'state save on shutdown failed');
    });
    await this.#metricsServer?.close();
    await this.#parts.chain.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
