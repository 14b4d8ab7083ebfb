/**
 * One miner's part of a round (`scoreMiner`) against protocol-level miners on loopback (no chain needed
 * on this side), and the bounded concurrency helper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsHash } from '../../shared/chain/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { FakeMiner, TASK } from '../../testkit/validator-net.js';
import {
  buildChallenge,
  loadChallengePacks,
  parseDifficultyMix,
  roundSeed,
} from '../../validator/challenges.js';
import type { MinerEntry } from '../../validator/metagraph.js';
import { MinerConnections } from '../../validator/miners/index.js';
import { mapBounded, type RoundSettings, scoreMiner } from '../../validator/round.js';

const EXAMPLE_PACK = new URL('../../examples/challenge-packs/legal-clause.example.json', import.meta.url)
  .pathname;

const validatorKey = Sr25519Keypair.fromUri('//RoundValidator');
const SETTINGS: RoundSettings = {
  batchSize: 12,
  timeoutMs: 3000,
  rule: 'brier',
  datasets: new Map(),
  datasetShare: 0.5,
};

describe('scoreMiner', () => {
  const miners: Record<string, { key: Sr25519Keypair; fake: FakeMiner }> = {};
  let connections: MinerConnections;

  beforeAll(async () => {
    for (const mode of ['uniform', 'garbage', 'bad-signature'] as const) {
      const key = Sr25519Keypair.fromUri(`//Round-${mode}`);
      miners[mode] = { key, fake: await FakeMiner.start(key, mode) };
    }
    connections = new MinerConnections(validatorKey, { connectTimeoutMs: 3000 });
  });
  afterAll(async () => {
    connections.close();
    for (const { fake } of Object.values(miners)) await fake.close();
  });

  function entry(mode: string, uid: number, overrides: Partial<MinerEntry> = {}): MinerEntry {
    const { key, fake } = miners[mode]!;
    return {
      uid,
      hotkey: key.address,
      coldkey: key.address,
      ip: '127.0.0.1',
      port: fake.port,
      domain: TASK.domain,
      task: TASK.task,
      labels: [...TASK.labels],
      labelsHash: labelsHash(TASK.labels),
      modelSha256: 'cd'.repeat(32),
      bundleDigest: 'cd'.repeat(32),
      commitBlock: 1,
      ...overrides,
    };
  }

  const score = (miner: MinerEntry, round = 1) =>
    scoreMiner({
      miner,
      connections,
      seed: new Uint8Array(32).fill(7),
      roundIndex: round,
      settings: SETTINGS,
    });

  it('scores uniform answers at exactly the Brier score of a uniform guess', async () => {
    const result = await score(entry('uniform', 1));
    const k = TASK.labels.length;
    expect(result.failure).toBeUndefined();
    expect(result.items).toBe(12);
    expect(result.latencyFactor).toBe(1);
    // float32 probabilities on the wire: close to, not exactly, 1/k.
    expect(result.quality).toBeCloseTo(1 - (k - 1) / (2 * k), 6);
    expect(result.score).toBe(result.quality);
    expect(result.evidence?.signature).toMatch(/^0x[0-9a-f]{128}$/);
  });

  it("mixes the validator's private dataset items into the challenge", async () => {
    const { fake } = miners.uniform!;
    const secretItems = TASK.labels.map((label, i) => ({ text: `private item ${i} for ${label}`, label }));
    const datasets = new Map([[`${TASK.domain}/${TASK.task}`, secretItems]]);
    fake.received.length = 0;
    const result = await scoreMiner({
      miner: entry('uniform', 6),
      connections,
      seed: new Uint8Array(32).fill(9),
      roundIndex: 1,
      settings: { ...SETTINGS, datasets, datasetShare: 0.5 },
    });
    expect(result.failure).toBeUndefined();
    const fromDataset = fake.received.filter((t) => t.startsWith('private item '));
    expect(fromDataset).toHaveLength(SETTINGS.batchSize / 2);
    expect(fake.received).toHaveLength(SETTINGS.batchSize);
  });

  it("sends a private pack's items in the difficulty mix and scores each item by difficulty", async () => {
    const { fake } = miners.uniform!;
    const packs = await loadChallengePacks([EXAMPLE_PACK]);
    const difficultyMix = parseDifficultyMix('easy=1,hard=2');
    const secret = new Uint8Array(32).fill(11);
    fake.received.length = 0;
    const result = await scoreMiner({
      miner: entry('uniform', 7),
      connections,
      seed: secret,
      roundIndex: 2,
      settings: { ...SETTINGS, packs, difficultyMix },
    });
    expect(result.failure).toBeUndefined();
    const expected = buildChallenge({
      domain: TASK.domain,
      task: TASK.task,
      seed: roundSeed(secret, 2, 7),
      size: SETTINGS.batchSize,
      difficultyMix,
      definition: packs.get(`${TASK.domain}/${TASK.task}`),
    });
    expect(expected.templates).toBe('pack');
    expect(fake.received).toEqual(expected.texts);
    expect(result.itemScores?.map((s) => s.difficulty)).toEqual(expected.difficulties);
    expect(result.itemScores?.filter((s) => s.difficulty === 'hard')).toHaveLength(8);
    const mean = (result.itemScores ?? []).reduce((sum, s) => sum + s.score, 0) / SETTINGS.batchSize;
    expect(mean).toBeCloseTo(result.quality, 9);
  });

  it.each([
    ['garbage', 'MALFORMED'],
    ['bad-signature', 'BAD_SIGNATURE'],
  ])('scores a %s miner 0 with reason %s', async (mode, failure) => {
    const result = await score(entry(mode, 2));
    expect(result).toMatchObject({ failure, score: 0, quality: 0 });
  });

  it('scores 0 an unreachable axon, an unknown task and labels that do not match the commitment', async () => {
    expect((await score(entry('uniform', 3, { port: 1 }))).failure).toBe('UNREACHABLE');
    expect((await score(entry('uniform', 4, { task: 'astrology' }))).failure).toBe('UNKNOWN_TASK');
    const other = labelsHash(['x', 'y']);
    expect((await score(entry('uniform', 5, { labelsHash: other }))).failure).toBe('LABELS_MISMATCH');
  });
});

describe('mapBounded', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('handles an empty list', async () => {
    expect(await mapBounded([], 4, async (x: number) => x)).toEqual([]);
  });
});
