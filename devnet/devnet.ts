/**
 * `expertnet devnet`: the whole network on one machine. Builds missing models, starts the chain as its own
 * process, sets up a subnet (owner, validators with stake, one miner per domain × tier), starts every miner
 * and validator as its own process, then shows the subnet live every epoch. With `epochs`, waits for
 * weights to land, counts that many epochs, returns the final snapshot and stops.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { alphaToTao, PolkadotChainClient } from '../shared/chain/index.js';
import { errorMessage } from '../shared/errors.js';
import { epochIndex, isEpochBlock } from '../shared/subtensor/epoch.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { cheaterArgs, evidenceByUid, prepareCheatBundle } from './cheaters.js';
import { DevnetError, processExitedError } from './errors.js';
import { entryCommand, neuronArgs } from './launch.js';
import { ensureModels } from './models.js';
import { portAllocator, portIsFree } from './ports.js';
import { failOnExit, waitForHttp } from './readiness.js';
import { copierArgs, replayValidators } from './replay.js';
import { buildRoster } from './roster.js';
import { scrapeValidatorMetrics } from './scores.js';
import { buildSnapshot } from './snapshot.js';
import { setupSubnet, waitForRpc } from './subnet.js';
import { type ChildExit, type SupervisedProcess, Supervisor } from './supervisor.js';
import {
  commitRevealMode,
  type DevnetConfig,
  type DevnetHandle,
  type DevnetHooks,
  type DevnetSummary,
  type DevnetTimings,
} from './types.js';
import { writeRosterWallets } from './wallets.js';

export type { DevnetConfig, DevnetHandle, DevnetHooks, DevnetSummary, DevnetTimings } from './types.js';

/** The validators' `--weights.mode` for the devnet's commit-reveal mode (forced: the summary tells the truth). */
function weightsModeArgs(config: DevnetConfig): string[] {
  const mode = commitRevealMode(config.commitReveal);
  return ['--weights.mode', mode === 'off' ? 'set' : mode === 'hash' ? 'commit-reveal' : 'timelock'];
}

/** Blocks between two table refreshes inside an epoch. */
const REFRESH_EVERY_BLOCKS = 3;

export async function startDevnet(config: DevnetConfig, hooks: DevnetHooks = {}): Promise<DevnetHandle> {
  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  const status = hooks.status ?? (() => {});
  await cryptoWaitReady();
  const roster = buildRoster(config);
  const dir = resolve(config.dir);
  const walletPath = resolve(config.walletPath ?? join(dir, 'wallets'));
  const runDir = join(dir, 'run');
  const logDir = join(dir, 'logs');
  const modelsDir = resolve(config.modelsDir);

  const timings: DevnetTimings = {
    modelsMs: 0,
    chainReadyMs: 0,
    subnetReadyMs: 0,
    minersReadyMs: 0,
    validatorsReadyMs: 0,
  };

  // Dev keys written as ordinary unencrypted wallets: the daemons load them like any wallet.
  await writeRosterWallets(roster, walletPath);
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });

  const ports = portAllocator(config.basePort);
  const chainPort = config.chainPort === 0 ? await portAllocator(0).next() : config.chainPort;
  if (config.chainPort !== 0 && !(await portIsFree(chainPort)))
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: 'chain.port', reason: `port ${chainPort} is in use` },
      `port ${chainPort} is in use (another chain or devnet?)`,
      { metaMessages: ['pass --chain.port 0 for a free port, or another port'] },
    );
  const endpoint = `ws://127.0.0.1:${chainPort}`;
  const supervisor = await Supervisor.create(logDir);
  const processes = new Map<string, SupervisedProcess>();
  const exits: ChildExit[] = [];
  let chain: PolkadotChainClient | undefined;
  let unsubscribeHeads: (() => void) | undefined;
  let stopped: Promise<void> | undefined;
  let finish!: { resolve: (s: DevnetSummary) => void; reject: (e: unknown) => void };
  const finished = new Promise<DevnetSummary>((resolve, reject) => {
    finish = { resolve, reject };
  });
  let lastSummary: DevnetSummary | undefined;

  const modelsAbort = new AbortController();
  const stop = (reason?: string): Promise<void> => {
    stopped ??= (async () => {
      if (reason) status(`stopping: ${reason}`);
      modelsAbort.abort();
      unsubscribeHeads?.();
      await chain?.close().catch(() => {});
      await supervisor.stopAll(5_000);
      await rm(runDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const abortable = <T>(work: Promise<T>): Promise<T> => {
    const signal = hooks.signal;
    if (!signal) return work;
    return Promise.race([
      work,
      new Promise<never>((_, reject) => {
        const abort = () =>
          reject(
            new DevnetError(
              { code: 'ABORTED', reason: String(signal.reason ?? 'stopped') },
              'devnet start-up stopped',
            ),
          );
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort, { once: true });
      }),
    ]);
  };

  try {
    // Models are only needed by the miners: build them while the chain starts and the subnet is set up.
    status(`checking models in ${modelsDir} (missing ones are built)`);
    const models = ensureModels(roster, modelsDir, modelsAbort.signal).then(() => {
      timings.modelsMs = since();
    });
    models.catch(() => {}); // awaited below; not unhandled meanwhile
    status(`starting the chain on ${endpoint}`);
    const chainProc = supervisor.start({
      name: 'chain',
      ...entryCommand('chain/cli', [
        '--dev',
        '--base-path',
        join(runDir, 'chain'),
        '--rpc-port',
        String(chainPort),
        '--block-time',
        String(config.blockTimeMs),
        '--prometheus-port',
        String(await ports.next()),
      ]),
      stopPriority: 0,
    });
    processes.set('chain', chainProc);
    await abortable(Promise.race([waitForRpc(endpoint, config.startTimeoutMs), failOnExit(chainProc)]));
    timings.chainReadyMs = since();

    chain = new PolkadotChainClient({ endpoint, reconnectDelayMs: 500 });
    await abortable(chain.connect());
    status('creating the subnet, funding and registering neurons');
    const setup = await abortable(
      setupSubnet(chain.api, roster, {
        tempo: config.tempo,
        commitReveal: commitRevealMode(config.commitReveal) !== 'off',
        validatorStakeTao: config.validatorStakeTao,
      }),
    );
    const { netuid } = setup;
    timings.subnetReadyMs = since();

    await abortable(models);
    const miners = roster.filter((n) => n.role === 'miner');
    status(`starting ${miners.length} miners`);
    const minerReady: Promise<unknown>[] = [];
    for (const m of miners) {
      // A cheater commits its own copy of the strong bundle (devnet/cheaters.ts).
      const model = m.cheat
        ? cheaterArgs(m, modelsDir, await prepareCheatBundle(m, modelsDir, join(runDir, 'cheats')))
        : ['--model', join(modelsDir, m.modelName ?? '')];
      const proc = supervisor.start({
        name: m.name,
        ...entryCommand('miner/cli', [
          ...neuronArgs(m, netuid, endpoint, walletPath),
          ...model,
          '--axon.port',
          String(await ports.next()),
          '--axon.ip',
          '127.0.0.1',
          '--axon.external_ip',
          '127.0.0.1',
          '--metrics.port',
          String(await ports.next()),
        ]),
      });
      processes.set(m.name, proc);
      minerReady.push(proc.waitForLine((r) => r.msg === 'miner ready', config.startTimeoutMs));
    }
    // Validators start once every miner serves: a validator's first rounds would otherwise score the
    // slower-loading (bigger, stronger) models 0 and its moving average would carry that for epochs.
    await abortable(Promise.all(minerReady));
    timings.minersReadyMs = since();

    const validators = roster.filter((n) => n.role === 'validator');
    status(`starting ${validators.length} validators`);
    const metricsUrls = new Map<string, string>();
    const validatorReady: Promise<unknown>[] = [];
    let gatewayUrl: string | null = null;
    for (const [i, v] of validators.entries()) {
      const metricsPort = await ports.next();
      metricsUrls.set(v.name, `http://127.0.0.1:${metricsPort}/metrics`);
      const gateway =
        i === 0 && config.gatewayPort !== 0 ? ['--gateway.port', String(config.gatewayPort)] : [];
      const proc = supervisor.start({
        name: v.name,
        ...entryCommand('validator/cli', [
          ...neuronArgs(v, netuid, endpoint, walletPath),
          '--state.dir',
          join(runDir, v.name),
          '--metrics.port',
          String(metricsPort),
          ...gateway,
          ...copierArgs(v, roster),
          ...weightsModeArgs(config),
        ]),
      });
      processes.set(v.name, proc);
      validatorReady.push(
        Promise.race([
          waitForHttp(metricsUrls.get(v.name) ?? '', v.name, config.startTimeoutMs),
          failOnExit(proc),
        ]),
      );
    }
    await abortable(Promise.all(validatorReady));
    timings.validatorsReadyMs = since();
    if (config.gatewayPort !== 0) {
      // Shown once it answers: the gateway comes up after the validator's first metagraph sync.
      const url = `http://127.0.0.1:${config.gatewayPort}/`;
      waitForHttp(`${url}healthz`, 'gateway', config.startTimeoutMs, () => stopped !== undefined).then(
        () => {
          gatewayUrl = url;
          status(`gateway: ${url}`);
        },
        () => {
          if (!stopped)
            status(`the gateway did not answer at ${url} (see ${join(logDir, 'validator-1.log')})`);
        },
      );
    }
    status(`devnet up: chain ${endpoint}, logs in ${logDir}`);

    // From here on, an exit is shown in the table; in `epochs` mode it fails the run.
    // Nothing is restarted: every exit is said in a status line (the CLI shows it under the table).
    supervisor.onExit((exit) => {
      exits.push(exit);
      const log = join(logDir, `${exit.name}.log`);
      const error = processExitedError(exit, log);
      const fatal = exit.name === 'chain' || config.epochs !== undefined;
      status(`${error.shortMessage}; not restarted${fatal ? ', stopping the devnet' : ''} (log: ${log})`);
      if (fatal) finish.reject(error);
    });

    const names = new Map(roster.map((n) => [Sr25519Keypair.fromUri(n.hotkeyUri).address, n.name]));
    const validatorUids = validators.map((v) => setup.uids.get(v.name) ?? -1);
    const emissionTotals = new Map<number, bigint>();
    // Dynamic TAO: each counted epoch's alpha also valued in TAO at that epoch's pool price.
    const emissionTotalsTao = new Map<number, bigint>();
    let firstWeightsBlock: number | undefined;
    let epochsWithWeights = 0;
    let lastEpoch = -1;
    let lastRefresh = 0;
    let busy = false;
    const weightsDeadline = Date.now() + config.weightsTimeoutMs;
    const query = chain.api.query;
    const client = chain;

    let judgedBlock: number | undefined;
    const everyMinerJudged = async () => {
      const running = miners.filter((m) => processes.get(m.name)?.running);
      const uids = running.map((m) => setup.uids.get(m.name) ?? -1);
      const scraped = await Promise.all([...metricsUrls.values()].map((url) => scrapeValidatorMetrics(url)));
      return scraped.every((m) =>
        uids.every((uid) => {
          const status = m?.verification.get(uid);
          return status !== undefined && status !== 'PENDING';
        }),
      );
    };

    const processStates = () =>
      new Map(
        [...processes].map(([name, proc]) => {
          const exit = exits.find((e) => e.name === name);
          return [name, proc.running ? 'up' : `exited ${exit?.signal ?? exit?.code ?? ''}`.trim()];
        }),
      );

    const weightsAppliedAfter = async (block: number) => {
      const scraped = await Promise.all([...metricsUrls.values()].map((url) => scrapeValidatorMetrics(url)));
      return scraped.every((m) => (m?.lastWeightsBlock ?? 0) > block);
    };
    let replayed = false;
    const onHead = async (block: number) => {
      if (firstWeightsBlock === undefined) {
        // Epochs count from weights set after every validator has a verdict on every running miner
        // (issue 14: a miner's weight waits for its first passed spot check, cheaters are caught first).
        if (judgedBlock === undefined && (await everyMinerJudged())) judgedBlock = block;
        // Landed = applied on chain, not just committed: under commit-reveal a commit moves LastUpdate an
        // epoch before the chain applies its vector, so the validators' own last-weights block decides.
        const landed =
          judgedBlock !== undefined &&
          (await weightsAppliedAfter(judgedBlock)) &&
          (await Promise.all(
            validatorUids.map(async (uid) => (await query.subtensorModule.weights(netuid, uid)).length > 0),
          ).then((ok) => ok.every(Boolean)));
        if (landed) {
          firstWeightsBlock = block;
          timings.firstWeightsMs = since();
          status(`weights from every validator on chain at block ${block}`);
        } else if (config.epochs !== undefined && Date.now() > weightsDeadline) {
          throw new DevnetError(
            { code: 'TIMEOUT', what: 'weights from every validator', waitedMs: config.weightsTimeoutMs },
            `weights did not land within ${Math.round(config.weightsTimeoutMs / 1000)} s`,
            { metaMessages: [`logs: ${logDir}`] },
          );
        }
      }
      const epoch = epochIndex(netuid, config.tempo, block);
      const newEpoch = epoch !== lastEpoch;
      if (!newEpoch && block - lastRefresh < REFRESH_EVERY_BLOCKS) return;
      lastRefresh = block;
      const [metagraph, pool] = await Promise.all([client.metagraph(netuid), client.subnetPool(netuid)]);
      if (newEpoch) {
        lastEpoch = epoch;
        // The epoch ran at its first block; count it when weights were on chain before it.
        const epochBlock = metagraph.block - ((metagraph.block + netuid + 1) % (config.tempo + 1));
        if (
          firstWeightsBlock !== undefined &&
          epochBlock > firstWeightsBlock &&
          isEpochBlock(netuid, config.tempo, epochBlock)
        ) {
          epochsWithWeights++;
          for (const uid of metagraph.uids) {
            const alpha = metagraph.emission[uid] ?? 0n;
            emissionTotals.set(uid, (emissionTotals.get(uid) ?? 0n) + alpha);
            const tao = alphaToTao(alpha, pool.priceRao);
            emissionTotalsTao.set(uid, (emissionTotalsTao.get(uid) ?? 0n) + tao);
          }
        }
      }
      const scraped = new Map(
        await Promise.all(
          [...metricsUrls].map(async ([name, url]) => [name, await scrapeValidatorMetrics(url)] as const),
        ),
      );
      const scores = new Map([...scraped].map(([name, m]) => [name, m?.scores]));
      const verification = new Map([...scraped].map(([name, m]) => [name, m?.verification]));
      const evidence = await evidenceByUid(validators.map((v) => join(runDir, v.name, 'evidence')));
      const snapshot = buildSnapshot({
        metagraph,
        tempo: config.tempo,
        epoch,
        epochsWithWeights,
        roster,
        names,
        scores,
        verification,
        evidence,
        emissionTotals,
        emissionTotalsTao,
        pool,
        processes: processStates(),
      });
      lastSummary = {
        ...snapshot,
        blockTimeMs: config.blockTimeMs,
        commitReveal: commitRevealMode(config.commitReveal) !== 'off',
        commitRevealMode: commitRevealMode(config.commitReveal),
        endpoint,
        gatewayUrl,
        firstWeightsBlock: firstWeightsBlock ?? null,
        timings: { ...timings, totalMs: since() },
        logs: logDir,
      };
      const notes = [
        ...(firstWeightsBlock === undefined ? ['waiting for every validator to set weights…'] : []),
        ...(gatewayUrl ? [`gateway: ${gatewayUrl}`] : []),
        `chain: ${endpoint} · logs: ${logDir} · Ctrl-C stops everything`,
      ];
      hooks.snapshot?.(snapshot, notes);
      if (config.epochs !== undefined && epochsWithWeights >= config.epochs && !replayed) {
        replayed = true;
        // Issue 15: replay every validator's closed epochs since weights first landed.
        const replay = await replayValidators({
          endpoint,
          netuid,
          validators,
          runDir,
          from: epochIndex(netuid, config.tempo, firstWeightsBlock ?? block) + 1,
          to: epoch - 1,
        });
        finish.resolve({ ...lastSummary, replay });
      }
    };

    unsubscribeHeads = await client.subscribeNewHeads((head) => {
      if (busy) return; // a slow refresh skips heads; epochs are found by index, not by count
      busy = true;
      onHead(head.number)
        .catch((err: unknown) => {
          if (err instanceof DevnetError) finish.reject(err);
          else status(`refresh failed: ${errorMessage(err)}`);
        })
        .finally(() => {
          busy = false;
        });
    });
  } catch (err) {
    await stop();
    throw err;
  }

  const done = finished.finally(() => stop());
  done.catch(() => {}); // a caller that only calls stop() never sees an unhandled rejection
  return {
    endpoint,
    processes,
    finished: done,
    stop: async (reason) => {
      await stop(reason);
      if (lastSummary) finish.resolve(lastSummary);
      else
        finish.reject(
          new DevnetError(
            { code: 'TIMEOUT', what: 'a first snapshot', waitedMs: since() },
            'stopped before the first snapshot',
          ),
        );
    },
  };
}
