/**
 * The audit trail's cost (issue 15), a section of `npm run bench:validator`: per round, the CPU the
 * validator spends writing its `round` record (building it, JSON, the append) and closing the epoch
 * (gzip), and the bytes on disk, at 9 and 256 miners with the default settings (`--neuron.sample_size`,
 * batch 16, 12 labels: legal/clause, the widest task). Every miner answer is a real signed classify
 * payload (float32 probabilities from a softmax of random logits: as incompressible as a model's) for a
 * real challenge; the epoch records (start with the averages, metagraph, end) are counted once per
 * epoch at tempo 360. Storage per day assumes a round per 12 s block (7,200 rounds).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTask } from '../shared/domains/index.js';
import { encodeClassifyPayload, encodeFrame, signResponse } from '../shared/protocol/index.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { AuditStore } from '../validator/accountability/audit-store.js';
import type { AuditRecordV2 } from '../validator/accountability/audit-types.js';
import { roundRecord } from '../validator/accountability/round-record.js';
import { auditConfig } from '../validator/accountability/setup.js';
import { buildChallenge, epochSeed, roundSeed } from '../validator/challenges.js';
import { DEFAULT_SAMPLE_SIZE } from '../validator/config-options.js';
import type { MinerEntry } from '../validator/metagraph.js';
import { answerEvidence } from '../validator/miners/evidence.js';
import type { MinerRoundResult } from '../validator/round.js';
import { fmt, median } from './stats.js';

const MINERS = [9, 256] as const;
const BATCH = 16;
const ROUNDS = 20;
const ROUNDS_PER_DAY = 86_400 / 12;
const TEMPO = 360;

function softmax(n: number, rng: () => number): number[] {
  const logits = Array.from({ length: n }, () => (rng() + rng() + rng() - 1.5) * 4);
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}

/** One round's results for `count` miners: real challenges, real signed payloads. */
function roundResults(
  count: number,
  round: number,
  keys: Sr25519Keypair[],
  rng: () => number,
): MinerRoundResult[] {
  const task = getTask('legal', 'clause');
  const seed = epochSeed(new Uint8Array(32).fill(1), 1, 1);
  return keys.slice(0, count).map((key, uid) => {
    const challenge = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: roundSeed(seed, round, uid),
      size: BATCH,
    });
    const request = encodeFrame({ type: 'classify', texts: challenge.texts, id: round * 4 + 1 });
    const payload = encodeClassifyPayload({
      kind: 'classify',
      probabilities: challenge.texts.map(() => softmax(task.labels.length, rng)),
      inferenceMs: 3.2 + rng(),
    });
    const evidence = answerEvidence(request, payload, signResponse(key, request, payload), key.publicKey);
    const miner = { uid, hotkey: key.address, domain: 'legal', task: 'clause' } as MinerEntry;
    const quality = 0.5 + rng() / 2;
    return {
      miner,
      items: BATCH,
      quality,
      latencyFactor: 1,
      score: quality,
      latencyMs: 20 + rng() * 200,
      evidence,
      failure: undefined,
      trail: {
        items: challenge.difficulties.map((d) => (d ?? 's')[0]).join(''),
        dataset: [],
        requestId: round * 4 + 1,
        payload,
      },
    };
  });
}

function epochRecords(count: number): AuditRecordV2[] {
  const hotkey = Sr25519Keypair.fromUri('//Bench').address;
  const config = auditConfig(
    {
      neuron: {
        sampleSize: DEFAULT_SAMPLE_SIZE,
        timeoutMs: 5000,
        batchSize: BATCH,
        movingAverageAlpha: 0.1,
        domainShares: { legal: 1, medical: 1, finance: 1 },
        scorePower: 1,
        excludeQuantile: 0,
        concurrency: 32,
        scoringRule: 'brier',
        epochLength: undefined,
      },
      datasetShare: 0.5,
    },
    new Map(),
  );
  const hash = `0x${'ab'.repeat(32)}`;
  const base = { v: 2 as const, epoch: 1, block: 1, time: new Date().toISOString() };
  return [
    {
      ...base,
      kind: 'epoch_start',
      netuid: 1,
      validator: hotkey,
      tempo: TEMPO,
      commitment: { hash, block: 1 },
      auditable: true,
      config,
      scores: Array.from({ length: count }, (_, uid) => ({
        uid,
        hotkey,
        score: 0.123456789,
        rounds: 100,
        lastRound: 1000,
      })),
    },
    {
      ...base,
      kind: 'metagraph',
      n: count + 1,
      minAllowedWeights: 1,
      maxWeightsLimit: 65535,
      miners: Array.from({ length: count }, (_, uid): [number, string, string, string] => [
        uid,
        hotkey,
        'legal',
        'clause',
      ]),
    },
    { ...base, kind: 'epoch_end', rounds: TEMPO + 1, seed: hash, datasetHash: hash, dataset: null },
  ];
}

export async function auditCost(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'expertnet-bench-audit-'));
  let seed = 42;
  const rng = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const keys = Array.from({ length: Math.max(...MINERS) }, (_, i) =>
    Sr25519Keypair.fromUri(`//AuditBench${i}`),
  );
  try {
    console.log(
      `audit trail v2 cost per round (batch ${BATCH}, 12 labels, sample_size ${DEFAULT_SAMPLE_SIZE}; ${ROUNDS_PER_DAY} rounds/day at 12 s blocks):`,
    );
    for (const miners of MINERS) {
      const sampled = Math.min(miners, DEFAULT_SAMPLE_SIZE);
      const rounds = Array.from({ length: ROUNDS }, (_, r) => roundResults(sampled, r, keys, rng));
      const store = new AuditStore(join(dir, String(miners)), 1);
      const cpu: number[] = [];
      let raw = 0;
      for (const [r, results] of rounds.entries()) {
        const averages = new Map(results.map((x) => [x.miner.uid, 0.5]));
        const uids = results.map((x) => x.miner.uid);
        const started = performance.now();
        const record = roundRecord(
          { epoch: 1, roundIndex: r },
          { block: r, results, averages, weights: { uids, weights: uids.map(() => 255) } },
        );
        raw += await store.append(1, [record]);
        cpu.push(performance.now() - started);
      }
      const gzipStarted = performance.now();
      await store.close(1, { firstBlock: 0, lastBlock: ROUNDS, rounds: ROUNDS });
      const gzipMs = (performance.now() - gzipStarted) / ROUNDS;
      const gz = (await stat(store.closedPath(1))).size / ROUNDS;
      const epochExtra =
        Buffer.byteLength(
          epochRecords(miners)
            .map((r) => JSON.stringify(r))
            .join('\n'),
        ) /
        (TEMPO + 1);
      const perRound = raw / ROUNDS;
      const perDayGz = ((gz + epochExtra / 3) * ROUNDS_PER_DAY) / 1e9; // epoch records gzip ≥ 3×
      console.log(
        `  ${String(miners).padStart(3)} miners (${sampled} per round): ${fmt(perRound / 1024)} KiB/round raw, ` +
          `${fmt(gz / 1024)} KiB/round gzip (${fmt(perRound / gz, 2)}×), ` +
          `CPU ${fmt(median(cpu), 2)} ms/round to write + ${fmt(gzipMs, 2)} ms/round to gzip at close; ` +
          `storage ${fmt(perDayGz, 3)} GB/day (closed epochs), ${fmt((perRound * ROUNDS_PER_DAY) / 1e9, 2)} GB/day uncompressed`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
