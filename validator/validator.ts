/**
 * The validator daemon put together: wallet → chain (our uid) → state (secret, moving averages, weight
 * commits) → metagraph sync → round loop → weights. Each round picks up to `sample_size` miners (the least
 * recently scored first), scores them with bounded concurrency, folds the scores into the moving
 * averages, writes the audit lines, offers processed u16 weights to the `WeightSetter` (which submits on
 * its own schedule, driven by new heads) and saves the state. Nothing a miner or the chain does stops the
 * loop; `close()` stops it, closes the sockets and saves the state.
 */
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { type ChainClient, PolkadotChainClient } from '../shared/chain/index.js';
import type { LabelledItem } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { type MetricsServer, startMetricsServer } from '../shared/metrics-server.js';
import { epochIndex } from '../shared/subtensor/epoch.js';
import { type Sr25519Keypair, Wallet } from '../shared/wallet/index.js';
import { AuditLog, type AuditRecord } from './audit.js';
import { loadChallengeDataset, newRoundSecret } from './challenges.js';
import type { ValidatorConfig } from './config.js';
import { ValidatorError } from './errors.js';
import type { EmissionEpoch, GatewayMiner, GatewayView } from './gateway/types.js';
import { type MetagraphSnapshot, MetagraphSync, type MinerEntry } from './metagraph.js';
import { createValidatorMetrics, type ValidatorMetrics } from './metrics.js';
import { MinerConnections } from './miner-client.js';
import { type MinerRoundResult, mapBounded, type RoundSettings, scoreMiner, taskKey } from './round.js';
import { MovingAverageScores } from './scoring.js';
import { JsonStateFile } from './state.js';
import { WeightSetter, type WeightSetterSnapshot } from './weight-setter.js';
import { processWeights, rawWeights, toU16Weights } from './weights.js';

export interface ValidatorDependencies {
  logger?: Logger;
  /** A connected-or-not chain client (default: @polkadot/api on `config.endpoint`). */
  chain?: ChainClient;
  /** Metrics registry (default: a fresh one with the process metrics). */
  registry?: Registry;
  /** Run rounds by themselves (default). Tests and the bench turn it off and call `runRound()`. */
  autoRounds?: boolean;
}

export interface ValidatorState {
  /** Hex of the 32-byte secret the per-round challenge seeds derive from. */
  secret: string;
  round: number;
  scores: ReturnType<MovingAverageScores['toJSON']>;
  weightSetter: WeightSetterSnapshot | undefined;
}

export interface RoundSummary {
  round: number;
  block: number;
  results: MinerRoundResult[];
  /** u16 weights offered after the round; undefined when there was nothing to weigh. */
  weights: { uids: number[]; weights: number[] } | undefined;
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
  readonly metagraph: MetagraphSync;
  readonly connections: MinerConnections;
  readonly weightSetter: WeightSetter;
  /** Rounds completed (restored from state). */
  readonly round: number;
  /** What the gateway routes by (issue 8). */
  readonly gatewayView: GatewayView;
  runRound(): Promise<RoundSummary | undefined>;
  /** Latest processed weights from the current moving averages (undefined: nothing to weigh). */
  computeWeights(): { uids: number[]; weights: number[] } | undefined;
  saveState(): Promise<void>;
  close(): Promise<void>;
}

/** Pause between rounds when no new block arrives (a round per block otherwise). */
const MAX_ROUND_GAP_MS = 12_000;
const MIN_ROUND_GAP_MS = 250;
const EMISSION_HISTORY = 64;
const CLOSE_GRACE_MS = 5_000;

export function parseValidatorState(json: unknown): ValidatorState {
  const bad = (reason: string): never => {
    throw new ValidatorError({ code: 'BAD_STATE', reason }, `bad validator state: ${reason}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad('not an object');
  const value = json as Record<string, unknown>;
  if (typeof value.secret !== 'string' || !/^[0-9a-f]{64}$/.test(value.secret))
    bad('secret must be 64 hex characters');
  if (!Number.isSafeInteger(value.round) || (value.round as number) < 0) bad('round must be an integer ≥ 0');
  // Validates the scores here so a bad file is reported as such at load.
  MovingAverageScores.fromJSON(value.scores);
  return {
    secret: value.secret as string,
    round: value.round as number,
    scores: value.scores as ValidatorState['scores'],
    weightSetter: (value.weightSetter ?? undefined) as WeightSetterSnapshot | undefined,
  };
}

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
    const hotkey = await new Wallet(config.wallet).hotkey();
    log.info({ wallet: config.wallet.name, hotkey: hotkey.address, netuid: config.netuid }, 'wallet loaded');
    const datasets = await loadDatasets(config, log);

    const chain = deps.chain ?? new PolkadotChainClient({ endpoint: config.endpoint, logger: log });
    await chain.connect();
    cleanup.push(() => chain.close());
    log.info({ endpoint: chain.endpoint }, 'connected to the chain');
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
    const validator = new Validator({
      config,
      chain,
      hotkey,
      uid,
      log,
      datasets,
      saved,
      stateFile,
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
  saved: ValidatorState | undefined;
  stateFile: JsonStateFile<ValidatorState>;
  registry: Registry | undefined;
}

class Validator implements ValidatorHandle {
  readonly hotkey: string;
  readonly uid: number;
  readonly metrics: ValidatorMetrics;
  readonly registry: Registry;
  readonly scores: MovingAverageScores;
  readonly metagraph: MetagraphSync;
  readonly connections: MinerConnections;
  readonly weightSetter: WeightSetter;
  readonly gatewayView: GatewayView;
  readonly #parts: ValidatorParts;
  readonly #log: Logger;
  readonly #secret: Uint8Array;
  readonly #audit: AuditLog;
  readonly #settings: RoundSettings;
  readonly #emission: EmissionEpoch[] = [];
  #round: number;
  #metricsServer: MetricsServer | undefined;
  #gateway: { url: string; port: number; close(): Promise<void> } | undefined;
  #unsubscribeHeads: (() => void) | undefined;
  #offConnection: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #stopped = false;
  #closed: Promise<void> | undefined;
  /** Wakes the round loop early (a new block, or close). */
  #wake: (() => void) | undefined;
  #inRound: Promise<RoundSummary | undefined> | undefined;

  constructor(parts: ValidatorParts) {
    const { config, saved, log } = parts;
    this.#parts = parts;
    this.#log = log;
    this.hotkey = parts.hotkey.address;
    this.uid = parts.uid;
    this.metrics = createValidatorMetrics(parts.registry);
    this.registry = this.metrics.registry;
    this.#secret = saved ? Buffer.from(saved.secret, 'hex') : newRoundSecret();
    this.#round = saved?.round ?? 0;
    const restored = saved ? MovingAverageScores.fromJSON(saved.scores) : undefined;
    // The configured alpha wins over the saved one; the averages carry over.
    this.scores =
      restored && restored.alpha === config.neuron.movingAverageAlpha
        ? restored
        : MovingAverageScores.fromJSON({
            alpha: config.neuron.movingAverageAlpha,
            entries: restored?.entries() ?? [],
          });
    if (saved) log.info({ round: this.#round, scored: this.scores.entries().length }, 'state restored');
    this.#audit = new AuditLog(join(config.stateDir, 'audit'));
    this.#settings = {
      batchSize: config.neuron.batchSize,
      timeoutMs: config.neuron.timeoutMs,
      rule: config.neuron.scoringRule,
      datasets: parts.datasets,
      datasetShare: config.datasetShare,
    };
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
    this.weightSetter = new WeightSetter({
      chain: parts.chain,
      hotkey: parts.hotkey.toKeyringPair(),
      netuid: config.netuid,
      log,
      onSubmitted: (method, result) => {
        this.metrics.weightsSubmitted.inc({ method, result });
        this.#noteLandedWeights();
      },
      onChainError: (error) => this.metrics.chainErrors.inc({ error }),
      persist: () => this.saveState(),
      intervalBlocks: config.neuron.epochLength,
    });
    this.weightSetter.restore(saved?.weightSetter);
    this.#noteLandedWeights();
    this.gatewayView = {
      miners: () => this.#gatewayMiners(),
      block: () => this.metagraph.snapshot?.block ?? 0,
      emissionHistory: () => [...this.#emission],
    };
  }

  /** A set or revealed vector is on chain; a commit is not yet. */
  #noteLandedWeights(): void {
    const last = this.weightSetter?.lastWeights;
    if (last && last.method !== 'commit') this.metrics.lastWeightsBlock.set(last.block);
  }

  get round(): number {
    return this.#round;
  }

  get metricsPort(): number | undefined {
    return this.#metricsServer?.port;
  }

  get gatewayUrl(): string | undefined {
    return this.#gateway?.url;
  }

  async start(autoRounds: boolean): Promise<void> {
    const { config, chain } = this.#parts;
    if (config.metricsPort > 0) {
      this.#metricsServer = await startMetricsServer(this.registry, config.metricsPort);
      this.#log.info({ port: this.#metricsServer.port }, 'metrics at /metrics');
    }
    this.metrics.chainConnected.set(chain.isConnected ? 1 : 0);
    this.#offConnection = chain.onConnectionChange((up) => this.metrics.chainConnected.set(up ? 1 : 0));
    await this.metagraph.refresh();
    this.#unsubscribeHeads = await chain.subscribeNewHeads((head) => this.#onHead(head.number));
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
        log: this.#log.child({ component: 'gateway' }),
        registry: this.registry,
      });
    }
    this.#log.info({ uid: this.uid, round: this.#round, stateDir: config.stateDir }, 'validator ready');
    if (autoRounds) this.#loop = this.#runLoop();
  }

  #onHead(block: number): void {
    this.metagraph.onBlock(block);
    void this.weightSetter.onBlock(block).catch((err: unknown) => {
      // onBlock promises never to throw; count it if it ever does rather than lose the loop.
      this.#log.error({ err: errorMessage(err) }, 'weight setter failed on a block');
    });
    this.#wake?.();
  }

  #onSync(snapshot: MetagraphSnapshot): void {
    this.metrics.metagraphBlock.set(snapshot.block);
    this.metrics.miners.set(snapshot.miners.length);
    // A uid whose hotkey changed starts from zero; its old connection goes.
    for (const entry of this.scores.entries()) {
      if (snapshot.hotkeysByUid.get(entry.uid) !== entry.hotkey) this.connections.drop(entry.uid);
    }
    this.scores.prune(snapshot.hotkeysByUid);
    const { tempo, netuid } = snapshot.hyperparams;
    if (tempo > 0) {
      const epoch = epochIndex(netuid, tempo, snapshot.block);
      const last = this.#emission.at(-1);
      if (!last || epochIndex(netuid, tempo, last.block) !== epoch) {
        const byUid: Record<number, string> = {};
        snapshot.metagraph.uids.forEach((uid, i) => {
          byUid[uid] = (snapshot.metagraph.emission[i] ?? 0n).toString();
        });
        this.#emission.push({ block: snapshot.block, byUid });
        if (this.#emission.length > EMISSION_HISTORY) this.#emission.shift();
      }
    }
  }

  async #runLoop(): Promise<void> {
    while (!this.#stopped) {
      const started = Date.now();
      let sawBlock = false;
      const blockSeen = new Promise<void>((resolve) => {
        this.#wake = () => {
          sawBlock = true;
          resolve();
        };
      });
      await this.runRound().catch((err: unknown) => {
        this.#log.error({ err: errorMessage(err) }, 'round failed');
      });
      if (this.#stopped) break;
      // One round per block: wait for a head seen since the round started, or the longest gap.
      if (!sawBlock) await Promise.race([blockSeen, sleep(MAX_ROUND_GAP_MS)]);
      const elapsed = Date.now() - started;
      if (elapsed < MIN_ROUND_GAP_MS && !this.#stopped) await sleep(MIN_ROUND_GAP_MS - elapsed);
    }
  }

  runRound(): Promise<RoundSummary | undefined> {
    // Rounds never overlap (a manual call during an automatic round waits for it).
    const run = (this.#inRound ?? Promise.resolve(undefined)).then(() => this.#round1());
    this.#inRound = run.catch(() => undefined);
    return run;
  }

  async #round1(): Promise<RoundSummary | undefined> {
    const snapshot = this.metagraph.snapshot ?? (await this.metagraph.refresh());
    if (!snapshot || this.#stopped) return undefined;
    const round = this.#round + 1;
    const picked = this.#pick(snapshot.miners);
    const results = await mapBounded(picked, this.#parts.config.neuron.concurrency, (miner) =>
      scoreMiner({
        miner,
        connections: this.connections,
        secret: this.#secret,
        round,
        settings: this.#settings,
      }),
    );
    const records: AuditRecord[] = [];
    const time = new Date().toISOString();
    for (const result of results) {
      const { miner } = result;
      if (result.skipped) {
        this.#log.warn({ uid: miner.uid, reason: result.skipped }, 'could not challenge a miner this round');
        continue;
      }
      this.metrics.scoredItems.inc(result.items);
      if (result.latencyMs !== undefined) this.metrics.minerRequestDuration.observe(result.latencyMs / 1000);
      if (result.failure) {
        this.metrics.minerErrors.inc({ reason: result.failure });
        this.#log.debug({ uid: miner.uid, hotkey: miner.hotkey, failure: result.failure }, 'miner scored 0');
      }
      const average = this.scores.update(miner.uid, miner.hotkey, result.score, round);
      records.push({
        kind: 'miner',
        round,
        block: snapshot.block,
        time,
        uid: miner.uid,
        hotkey: miner.hotkey,
        domain: miner.domain,
        task: miner.task,
        modelSha256: miner.modelSha256,
        items: result.items,
        ...(result.evidence ?? {}),
        quality: result.quality,
        latencyMs: result.latencyMs === undefined ? undefined : Math.round(result.latencyMs * 100) / 100,
        latencyFactor: result.latencyFactor,
        score: result.score,
        average,
        failure: result.failure,
      });
    }
    this.#round = round;
    this.metrics.roundsTotal.inc();
    this.#updateScoreGauges(snapshot);
    const weights = this.#offerWeights(snapshot);
    records.push({
      kind: 'round',
      round,
      block: snapshot.block,
      time,
      validator: this.hotkey,
      miners: results.length,
      uids: weights?.uids ?? [],
      weights: weights?.weights ?? [],
    });
    await this.#audit.write(records).catch((err: unknown) => {
      this.#log.warn({ err: errorMessage(err) }, 'audit log write failed');
    });
    await this.saveState().catch((err: unknown) => {
      this.#log.warn({ err: errorMessage(err) }, 'state save failed');
    });
    const failed = results.filter((r) => r.failure).length;
    this.#log.info({ round, block: snapshot.block, miners: results.length, failed }, 'round done');
    return { round, block: snapshot.block, results, weights };
  }

  /** Up to `sample_size` miners, the least recently scored first (ties in random order). */
  #pick(miners: readonly MinerEntry[]): MinerEntry[] {
    const size = this.#parts.config.neuron.sampleSize;
    if (miners.length <= size) return [...miners];
    const last = (m: MinerEntry) => {
      const entry = this.scores.get(m.uid);
      return entry && entry.hotkey === m.hotkey ? entry.lastRound : -1;
    };
    return miners
      .map((m) => ({ m, last: last(m), tie: Math.random() }))
      .sort((a, b) => a.last - b.last || a.tie - b.tie)
      .slice(0, size)
      .map((x) => x.m);
  }

  #updateScoreGauges(snapshot: MetagraphSnapshot): void {
    this.metrics.minerScore.reset();
    for (const miner of snapshot.miners) {
      const entry = this.scores.get(miner.uid);
      if (!entry || entry.hotkey !== miner.hotkey) continue;
      this.metrics.minerScore.set(
        { uid: String(miner.uid), hotkey: miner.hotkey, domain: miner.domain },
        entry.score,
      );
    }
  }

  computeWeights(): { uids: number[]; weights: number[] } | undefined {
    const snapshot = this.metagraph.snapshot;
    return snapshot ? this.#weights(snapshot) : undefined;
  }

  #weights(snapshot: MetagraphSnapshot): { uids: number[]; weights: number[] } | undefined {
    const { neuron } = this.#parts.config;
    const scored = snapshot.miners.map((miner) => {
      const entry = this.scores.get(miner.uid);
      return {
        uid: miner.uid,
        domain: miner.domain,
        score: entry && entry.hotkey === miner.hotkey ? entry.score : 0,
      };
    });
    if (scored.length === 0) return undefined;
    const raw = rawWeights(scored, neuron.domainShares, neuron.scorePower);
    const uids = [...raw.keys()];
    const hp = snapshot.hyperparams;
    const processed = processWeights(
      uids,
      uids.map((uid) => raw.get(uid)!),
      {
        n: snapshot.metagraph.n,
        minAllowedWeights: hp.minAllowedWeights,
        maxWeightsLimit: hp.maxWeightsLimit,
        excludeQuantile: neuron.excludeQuantile,
      },
    );
    const u16 = toU16Weights(processed.uids, processed.weights, hp.maxWeightsLimit);
    return u16.uids.length > 0 ? u16 : undefined;
  }

  #offerWeights(snapshot: MetagraphSnapshot): { uids: number[]; weights: number[] } | undefined {
    try {
      const weights = this.#weights(snapshot);
      if (weights) this.weightSetter.offer(weights);
      return weights;
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, 'could not compute weights this round');
      return undefined;
    }
  }

  #gatewayMiners(): GatewayMiner[] {
    const snapshot = this.metagraph.snapshot;
    if (!snapshot) return [];
    const index = new Map(snapshot.metagraph.uids.map((uid, i) => [uid, i]));
    const out: GatewayMiner[] = [];
    for (const miner of snapshot.miners) {
      const entry = this.scores.get(miner.uid);
      const i = index.get(miner.uid) ?? -1;
      out.push({
        uid: miner.uid,
        hotkey: miner.hotkey,
        domain: miner.domain,
        task: miner.task,
        labels: miner.labels ?? [],
        modelSha256: miner.modelSha256,
        score: entry && entry.hotkey === miner.hotkey ? entry.score : 0,
        incentive: snapshot.metagraph.incentive[i] ?? 0,
        emission: snapshot.metagraph.emission[i] ?? 0n,
        endpoint: { uid: miner.uid, hotkey: miner.hotkey, ip: miner.ip, port: miner.port },
      });
    }
    return out;
  }

  saveState(): Promise<void> {
    return this.#parts.stateFile.save({
      secret: Buffer.from(this.#secret).toString('hex'),
      round: this.#round,
      scores: this.scores.toJSON(),
      weightSetter: this.weightSetter.snapshot(),
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#gateway?.close();
    this.#unsubscribeHeads?.();
    this.#offConnection?.();
    // Closing the sockets fails in-flight requests at once, so the running round ends quickly.
    this.connections.close();
    await this.#loop?.catch(() => undefined);
    await this.#inRound?.catch(() => undefined);
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
