/**
 * Part of `npm run bench:validator` (issue 14): what verifying miners costs the validator.
 *  1. Cost at the default rate (`--verify.rate 0.02`, `--verify.min_per_epoch 2`, `--verify.cpu_share
 *     0.25`): 16 local miners (real `MinerServer`s on one inference worker, each committing its own copy
 *     of a trained legal/clause bundle on a fresh dev chain) scored for a few rounds by a validator
 *     without verification, then by one with it. Reported: items re-executed, their CPU time as a share
 *     of the process's CPU time over those rounds (the process also runs the chain and the miners, so the
 *     validator's own share is higher) and of one core, and the median round time with and without
 *     verification (the extra latency on scoring: downloads and re-execution run beside the rounds).
 *  2. Bundle download rate: one 64 MiB bundle fetched over the authenticated WebSocket (chunks of 1 MiB,
 *     hashed as they arrive) into an empty cache.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaticDirectory } from '../miner/validators.js';
import { AXON_PROTOCOL_WEBSOCKET, encodeModelCommitment } from '../shared/chain/index.js';
import { silentLogger } from '../shared/logger.js';
import { readBundle } from '../shared/models/bundle.js';
import { PROTOCOL_VERSION } from '../shared/protocol/index.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { writeRandomBagModel } from '../testkit/bag-model.js';
import { DOMAIN, startTestNet, TASK, type TestNet } from '../testkit/validator-net.js';
import type { VerifyConfig } from '../validator/config.js';
import { VERIFY_DEFAULTS } from '../validator/config-options.js';
import { MinerConnections } from '../validator/miners/index.js';
import { startValidator } from '../validator/validator.js';
import { BundleCache } from '../validator/verify/bundle-cache.js';
import { downloadBundle } from '../validator/verify/download.js';
import { benchBatcher, listenBenchMiner, startBenchWorker } from './local-miner.js';
import { fmt, median } from './stats.js';

const MINERS = 16;
const ITEMS_PER_MINER = 32;
const ROUNDS = 8;
const BLOCK_TIME_MS = 250;
const MIB = 1024 * 1024;

export const DEFAULT_VERIFY: VerifyConfig = {
  rate: VERIFY_DEFAULTS.rate,
  minPerEpoch: VERIFY_DEFAULTS.minPerEpoch,
  cpuShare: VERIFY_DEFAULTS.cpuShare,
  cacheBytes: VERIFY_DEFAULTS.cacheMb * MIB,
  maxBundleBytes: VERIFY_DEFAULTS.maxBundleMb * MIB,
  downloadTimeoutMs: VERIFY_DEFAULTS.downloadTimeoutS * 1000,
  duplicateModels: VERIFY_DEFAULTS.duplicateModels,
  unverifiable: VERIFY_DEFAULTS.unverifiable,
};

/** A copy of the bundle in `source` with its own digest (same ONNX, model.json naming the copy). */
async function copyBundle(source: string, out: string, name: string): Promise<string> {
  await cp(source, out, { recursive: true });
  const manifest = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(out, 'model.json'), JSON.stringify({ ...manifest, training: { copy: name } }));
  return out;
}

async function rounds(net: TestNet, stateDir: string, verify: VerifyConfig | undefined) {
  const base = net.validatorConfig();
  const validator = await startValidator(
    {
      ...base,
      stateDir,
      neuron: { ...base.neuron, sampleSize: MINERS, concurrency: MINERS, batchSize: ITEMS_PER_MINER },
      ...(verify ? { verify } : {}),
    },
    { logger: silentLogger(), autoRounds: false },
  );
  try {
    await validator.metagraph.refresh();
    await validator.runRound(); // connections opened, bundles fetched: not timed
    await validator.verification?.verifier.whenIdle();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const metric = async (name: string) =>
      ((await validator.registry.getSingleMetric(name)?.get())?.values ?? []).reduce(
        (s, v) => s + v.value,
        0,
      );
    const verifyCpu0 = await metric('expertnet_validator_verification_cpu_seconds_total');
    const checks0 = await metric('expertnet_validator_spot_checks_total');
    const times: number[] = [];
    let failed = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const summary = await validator.runRound();
      times.push(performance.now() - started);
      failed += summary?.results.filter((x) => x.failure).length ?? 0;
    }
    await validator.verification?.verifier.whenIdle();
    const cpu = process.cpuUsage(cpu0);
    return {
      times,
      wallS: (performance.now() - wall0) / 1000,
      processCpuS: (cpu.user + cpu.system) / 1e6,
      verifyCpuS: (await metric('expertnet_validator_verification_cpu_seconds_total')) - verifyCpu0,
      checked: (await metric('expertnet_validator_spot_checks_total')) - checks0,
      failed,
      statuses: validator.verification?.verifier.statuses().map((s) => s.status) ?? [],
    };
  } finally {
    await validator.close();
  }
}

async function costAtDefaultRate(dir: string, modelDir: string): Promise<void> {
  const net = await startTestNet(join(dir, 'chain'), { blockTimeMs: BLOCK_TIME_MS });
  const worker = await startBenchWorker(modelDir);
  const servers: Awaited<ReturnType<typeof listenBenchMiner>>[] = [];
  try {
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    // A long epoch, as on a real subnet: the per-epoch minimum is met once, then the rate samples.
    await net.sudo('sudoSetTempo', 1000);
    const batcher = benchBatcher(worker);
    const directory = new StaticDirectory([
      [net.validatorHotkey.address, { uid: 0, validatorPermit: true, stake: 10n ** 12n }],
    ]);
    const hotkeys = Array.from({ length: MINERS }, (_, i) => Sr25519Keypair.fromUri(`//VerifyBench${i}`));
    const tx = net.chain.api.tx;
    await net.chain.submit(
      'Utility.batch_all',
      tx.utility.batchAll(hotkeys.map((h) => tx.subtensorModule.burnedRegister(net.netuid, h.address))),
      net.alice,
    );
    for (const [i, hotkey] of hotkeys.entries()) {
      const bundle = await readBundle(await copyBundle(modelDir, join(dir, `bundle-${i}`), hotkey.address));
      const server = await listenBenchMiner({ hotkey, directory, batcher, model: worker.info, bundle });
      servers.push(server);
      await net.chain.serveAxon(hotkey.toKeyringPair(), {
        netuid: net.netuid,
        version: 100,
        ip: '127.0.0.1',
        port: server.port,
        protocol: AXON_PROTOCOL_WEBSOCKET,
        placeholder1: PROTOCOL_VERSION,
      });
      await net.chain.setCommitment(
        hotkey.toKeyringPair(),
        net.netuid,
        encodeModelCommitment({
          domain: DOMAIN,
          task: TASK.task,
          labels: [...TASK.labels],
          bundleDigest: bundle.digest,
        }),
      );
    }
    // Alternating, so warm-up and drift fall on both sides.
    const runs: ({ verify: VerifyConfig | undefined } & Awaited<ReturnType<typeof rounds>>)[] = [];
    for (const [i, verify] of [
      undefined,
      DEFAULT_VERIFY,
      undefined,
      DEFAULT_VERIFY,
      undefined,
      DEFAULT_VERIFY,
    ].entries()) {
      runs.push({ verify, ...(await rounds(net, join(dir, `state-${i}`), verify)) });
    }
    const off = runs.filter((r) => !r.verify);
    const on = runs.filter((r) => r.verify);
    const sum = (xs: typeof runs, f: (r: (typeof runs)[number]) => number) =>
      xs.reduce((s, r) => s + f(r), 0);
    const checked = sum(on, (r) => r.checked);
    const verifyCpuS = sum(on, (r) => r.verifyCpuS);
    const processCpuS = sum(on, (r) => r.processCpuS);
    const wallS = sum(on, (r) => r.wallS);
    const roundOn = median(on.flatMap((r) => r.times));
    const roundOff = median(off.flatMap((r) => r.times));
    const verified = on.at(-1)?.statuses.filter((s) => s === 'VERIFIED').length ?? 0;
    console.log(
      `verification at the default rate (${DEFAULT_VERIFY.rate}, min ${DEFAULT_VERIFY.minPerEpoch}/epoch, cpu_share ` +
        `${DEFAULT_VERIFY.cpuShare}), ${MINERS} miners (each its own bundle) × ${ITEMS_PER_MINER} items, ` +
        `${on.length} × ${ROUNDS} rounds: ${checked} items re-executed (${fmt((checked / (on.length * ROUNDS * MINERS * ITEMS_PER_MINER)) * 100, 2)} % of answered), ` +
        `${fmt((verifyCpuS * 1000) / Math.max(checked, 1), 1)} ms CPU per item (model loads included), ` +
        `${fmt((100 * verifyCpuS) / Math.max(processCpuS, 1e-9), 1)} % of the process's CPU time ` +
        `(chain, miners and validator together) = ${fmt((100 * verifyCpuS) / wallS, 1)} % of one core; ` +
        `${verified}/${MINERS} miners VERIFIED`,
    );
    console.log(
      `  round time (median of ${on.length} × ${ROUNDS} rounds each way, runs alternating): ${fmt(roundOn, 1)} ms with verification vs ` +
        `${fmt(roundOff, 1)} ms without (${roundOn >= roundOff ? '+' : ''}${fmt(roundOn - roundOff, 1)} ms; ` +
        `${sum(runs, (r) => r.failed)} failed answers)`,
    );
  } finally {
    for (const server of servers) await server.close();
    await worker.close();
    await net.close();
  }
}

async function downloadRate(dir: string): Promise<void> {
  // 2^20 buckets × 16 dims of float32: a 64 MiB ONNX graph.
  const bundleDir = join(dir, 'big');
  await writeRandomBagModel(
    bundleDir,
    7,
    { buckets: 1 << 20, wordNgrams: 1, charNgrams: [3, 3], maxTokens: 32, maxWordChars: 16 },
    16,
  );
  const bundle = await readBundle(bundleDir);
  const validatorKey = Sr25519Keypair.fromUri('//Alice//hotkey');
  const minerKey = Sr25519Keypair.fromUri('//DownloadBench');
  const worker = await startBenchWorker(bundleDir);
  const server = await listenBenchMiner({
    hotkey: minerKey,
    directory: new StaticDirectory([
      [validatorKey.address, { uid: 0, validatorPermit: true, stake: 10n ** 12n }],
    ]),
    batcher: benchBatcher(worker),
    model: worker.info,
    bundle,
  });
  const pool = new MinerConnections(validatorKey, { logger: silentLogger() });
  try {
    const connection = await pool.get({
      uid: 1,
      hotkey: minerKey.address,
      ip: '127.0.0.1',
      port: server.port,
    });
    const cache = new BundleCache({ dir: join(dir, 'cache'), budgetBytes: 256 * MIB });
    const started = performance.now();
    const outcome = await downloadBundle(connection, bundle.digest, cache, {
      maxBytes: 256 * MIB,
      deadlineMs: 120_000,
    });
    const seconds = (performance.now() - started) / 1000;
    if (!outcome.ok) {
      console.log(`bundle download: failed (${outcome.reason}: ${outcome.detail})`);
      return;
    }
    console.log(
      `bundle download: ${fmt(outcome.bytes / MIB, 1)} MiB in ${fmt(seconds, 2)} s = ` +
        `${fmt(outcome.bytes / MIB / seconds, 1)} MiB/s (1 MiB chunks over the authenticated WebSocket, loopback, digest checked)`,
    );
  } finally {
    pool.close();
    await server.close();
    await worker.close();
  }
}

/** Both parts; `modelDir` is a trained legal/clause model. */
export async function benchVerification(modelDir: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'expertnet-bench-verify-'));
  try {
    await costAtDefaultRate(dir, modelDir);
    await downloadRate(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
