/**
 * `npm run bench:validator`: the validator daemon end to end on the in-process dev chain.
 *  1. scored items/s: one validator (`startValidator`, real connections, signature checks, scoring,
 *     moving averages, audit log, state save) running rounds against 16 and 64 local miners; every miner
 *     is a real `MinerServer` with its own hotkey, registered and advertised on chain, all sharing one
 *     inference worker with a trained legal/clause ONNX model. Median over rounds after the first (which
 *     also opens the connections; reported separately).
 *  2. epoch start → weights on chain: commit-reveal on (the dev chain's default), tempo 10, 250 ms
 *     blocks, the validator running its own loop; for each epoch, blocks and ms from the epoch's first
 *     block to the block its revealed weights landed in (the reveal is due from the epoch's first block).
 *     Median over epochs.
 *     Then replay speed (issue 15, ./replay-speed.ts): `audit replay` over the epochs that run wrote.
 *  3. cold start → weights (set_weights): a fresh validator started at an epoch's first block, until its
 *     first weights are on chain. Median over starts.
 *  4. the audit trail's cost (issue 15, ./audit-cost.ts): CPU and bytes per round at 9 and 256 miners,
 *     storage per day at 12 s blocks.
 *  4. verification (issue 14, `bench/verification.ts`): its cost at the default rate and the bundle
 *     download rate.
 * Everything shares this process and the machine's cores, so the figures are a floor, not a ceiling.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinerServer } from '../miner/server.js';
import { StaticDirectory } from '../miner/validators.js';
import { silentLogger } from '../shared/logger.js';
import { epochIndex, firstBlockOfEpoch } from '../shared/subtensor/epoch.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { startTestNet, type TestNet, trainLegalModel } from '../testkit/validator-net.js';
import { startValidator, type ValidatorHandle } from '../validator/validator.js';
import { auditCost } from './audit-cost.js';
import { benchBatcher, listenBenchMiner, startBenchWorker } from './local-miner.js';
import { replaySpeed } from './replay-speed.js';
import { fmt, median } from './stats.js';
import { benchVerification } from './verification.js';

const MINER_COUNTS = [16, 64] as const;
const ITEMS_PER_MINER = 32;
const ROUNDS = 6;
const BLOCK_TIME_MS = 250;
const EPOCHS = 5;
const COLD_STARTS = 3;

interface LocalMiners {
  servers: MinerServer[];
  uids: number[];
  close(): Promise<void>;
}

/** `count` miners on chain (one batched registration), each a MinerServer on the shared worker. */
async function startMiners(
  net: TestNet,
  modelDir: string,
  count: number,
  firstIndex: number,
): Promise<LocalMiners> {
  const worker = await startBenchWorker(modelDir);
  const batcher = benchBatcher(worker);
  const directory = new StaticDirectory([
    [net.validatorHotkey.address, { uid: 0, validatorPermit: true, stake: 10n ** 12n }],
  ]);
  const hotkeys = Array.from({ length: count }, (_, i) =>
    Sr25519Keypair.fromUri(`//BenchMiner${firstIndex + i}`),
  );
  const tx = net.chain.api.tx;
  await net.chain.submit(
    'Utility.batch_all',
    tx.utility.batchAll(hotkeys.map((h) => tx.subtensorModule.burnedRegister(net.netuid, h.address))),
    net.alice,
  );
  const servers = await Promise.all(
    hotkeys.map((hotkey) =>
      listenBenchMiner({
        hotkey,
        directory,
        batcher,
        model: worker.info,
        policy: { requirePermit: false, minStake: 0n, blacklist: [] },
        rateLimit: { perSecond: 100_000 },
      }),
    ),
  );
  await Promise.all(hotkeys.map((h, i) => net.advertise(h, servers[i]!.port, worker.info.sha256)));
  const uids = await Promise.all(hotkeys.map((h) => net.chain.getUid(net.netuid, h.address)));
  return {
    servers,
    uids: uids.map((u) => u!),
    async close() {
      await Promise.all(servers.map((s) => s.close(1_000)));
      await batcher.drain();
      await worker.close();
    },
  };
}

async function itemsPerSecond(net: TestNet, count: number, stateDir: string): Promise<void> {
  const base = net.validatorConfig();
  const validator = await startValidator(
    {
      ...base,
      stateDir,
      neuron: {
        ...base.neuron,
        sampleSize: count,
        concurrency: count,
        batchSize: ITEMS_PER_MINER,
        timeoutMs: 30_000,
      },
    },
    { logger: silentLogger(), autoRounds: false },
  );
  try {
    await validator.metagraph.refresh();
    const rates: number[] = [];
    let first = 0;
    let failures = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      const summary = await validator.runRound();
      const seconds = (performance.now() - started) / 1000;
      const results = summary?.results ?? [];
      const scored = results.filter((x) => !x.failure).reduce((n, x) => n + x.items, 0);
      failures += results.filter((x) => x.failure).length;
      if (r === 0) first = scored / seconds;
      else rates.push(scored / seconds);
    }
    console.log(
      `${String(count).padStart(3)} miners × ${ITEMS_PER_MINER} items: ${fmt(median(rates), 0)} scored items/s ` +
        `(median of ${ROUNDS - 1} rounds; first round with connection set-up ${fmt(first, 0)}/s; ` +
        `${failures} failed answers; ${validator.scores.entries().length} uids scored)`,
    );
  } finally {
    await validator.close();
  }
}

/** Epoch start → the block our revealed weights land in, with the validator's own loop running. */
async function epochToWeights(net: TestNet, stateDir: string, miners: number): Promise<void> {
  const hp = await net.chain.hyperparams(net.netuid);
  const headAt = new Map<number, number>();
  const unsubscribe = await net.chain.subscribeNewHeads((head) => headAt.set(head.number, performance.now()));
  const base = net.validatorConfig();
  const validator: ValidatorHandle = await startValidator(
    { ...base, stateDir, neuron: { ...base.neuron, sampleSize: miners, batchSize: 16, timeoutMs: 10_000 } },
    { logger: silentLogger() },
  );
  const samples: { blocks: number; ms: number }[] = [];
  try {
    const gauge = validator.registry.getSingleMetric('expertnet_validator_last_weights_block')!;
    let seen = 0;
    const deadline = performance.now() + (EPOCHS + 4) * (hp.tempo + 1) * BLOCK_TIME_MS * 3;
    while (samples.length < EPOCHS && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, BLOCK_TIME_MS / 2));
      const landed = (await gauge.get()).values[0]?.value ?? 0;
      if (landed <= seen) continue;
      seen = landed;
      const start = firstBlockOfEpoch(net.netuid, hp.tempo, epochIndex(net.netuid, hp.tempo, landed));
      const t0 = headAt.get(start);
      const t1 = headAt.get(landed);
      if (t0 !== undefined && t1 !== undefined) samples.push({ blocks: landed - start, ms: t1 - t0 });
    }
  } finally {
    await validator.close();
    unsubscribe();
  }
  if (samples.length === 0) {
    console.log('epoch start → revealed weights on chain: no reveal landed (see the validator logs)');
    return;
  }
  console.log(
    `epoch start → revealed weights on chain (commit-reveal, tempo ${hp.tempo}, ${BLOCK_TIME_MS} ms blocks, ` +
      `${miners} miners): ${fmt(median(samples.map((s) => s.blocks)), 1)} blocks, ` +
      `${fmt(median(samples.map((s) => s.ms)), 0)} ms (median of ${samples.length} epochs)`,
  );
}

/**
 * Cold start with set_weights (commit-reveal off): a validator with fresh state started at an epoch's
 * first block; blocks and ms until its first weights land (sync, a round against every miner, weights,
 * inclusion).
 */
async function coldStartToWeights(net: TestNet, dir: string, miners: number): Promise<void> {
  await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
  const hp = await net.chain.hyperparams(net.netuid);
  const headAt = new Map<number, number>();
  let epochStart: ((block: number) => void) | undefined;
  const unsubscribe = await net.chain.subscribeNewHeads((head) => {
    headAt.set(head.number, performance.now());
    if (
      firstBlockOfEpoch(net.netuid, hp.tempo, epochIndex(net.netuid, hp.tempo, head.number)) === head.number
    ) {
      epochStart?.(head.number);
    }
  });
  const samples: { blocks: number; ms: number }[] = [];
  try {
    for (let trial = 0; trial < COLD_STARTS; trial++) {
      const start = await new Promise<number>((resolve) => {
        epochStart = resolve;
      });
      epochStart = undefined;
      const base = net.validatorConfig();
      const validator = await startValidator(
        {
          ...base,
          stateDir: join(dir, `cold-${trial}`),
          neuron: {
            ...base.neuron,
            sampleSize: miners,
            concurrency: miners,
            batchSize: 16,
            timeoutMs: 10_000,
          },
        },
        { logger: silentLogger() },
      );
      try {
        const gauge = validator.registry.getSingleMetric('expertnet_validator_last_weights_block')!;
        const deadline = performance.now() + 60_000;
        let landed = 0;
        while (landed === 0 && performance.now() < deadline) {
          await new Promise((r) => setTimeout(r, BLOCK_TIME_MS / 4));
          landed = (await gauge.get()).values[0]?.value ?? 0;
        }
        const t1 = headAt.get(landed);
        if (landed > 0 && t1 !== undefined)
          samples.push({ blocks: landed - start, ms: t1 - headAt.get(start)! });
      } finally {
        await validator.close();
      }
    }
  } finally {
    unsubscribe();
  }
  console.log(
    `cold start at an epoch's first block → first weights on chain (set_weights, ${miners} miners): ` +
      `${fmt(median(samples.map((s) => s.blocks)), 1)} blocks, ${fmt(median(samples.map((s) => s.ms)), 0)} ms ` +
      `(median of ${samples.length} starts)`,
  );
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'expertnet-bench-validator-'));
  let net: TestNet | undefined;
  const fleets: LocalMiners[] = [];
  try {
    const [started] = await Promise.all([
      startTestNet(dir, { blockTimeMs: BLOCK_TIME_MS }),
      trainLegalModel(join(dir, 'model'), 'good'),
    ]);
    net = started;
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    let total = 0;
    for (const count of MINER_COUNTS) {
      fleets.push(await startMiners(net, join(dir, 'model'), count - total, total));
      total = count;
      await itemsPerSecond(net, count, join(dir, `state-${count}`));
    }
    await epochToWeights(net, join(dir, 'state-epochs'), MINER_COUNTS[0]);
    await replaySpeed(net, join(dir, 'state-epochs'));
    await coldStartToWeights(net, dir, MINER_COUNTS[0]);
    await benchVerification(join(dir, 'model'));
    await auditCost();
  } finally {
    for (const fleet of fleets) await fleet.close();
    await net?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
