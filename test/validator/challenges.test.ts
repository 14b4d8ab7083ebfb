/** Private round seeds and challenge building (generated items mixed with a validator's data set). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  DomainError,
  getTask,
  type LabelledItem,
  listTasks,
} from '../../shared/domains/index.js';
import { DEFAULT_LIMITS } from '../../shared/protocol/index.js';
import {
  buildChallenge,
  loadChallengeDataset,
  newRoundSecret,
  roundSeed,
} from '../../validator/challenges.js';
import { ValidatorError } from '../../validator/errors.js';
import { MinerConnection } from '../../validator/miners/index.js';
import { expectedProbabilities } from '../miner/fixtures/hash-backend.js';
import { minerKey, startTestMiner, type TestMiner, validatorKey } from '../miner/helpers.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

describe('roundSeed', () => {
  it('is deterministic and changes with the secret, the round and the uid', () => {
    const seed = roundSeed(secret, 10, 4);
    expect(roundSeed(Uint8Array.from(secret), 10, 4)).toBe(seed);
    const others = [
      roundSeed(secret, 11, 4),
      roundSeed(secret, 10, 5),
      roundSeed(newRoundSecret(), 10, 4),
      roundSeed(
        secret.map((b, i) => (i === 31 ? b ^ 1 : b)),
        10,
        4,
      ),
    ];
    expect(new Set([seed, ...others]).size).toBe(5);
  });

  it('spans 53 bits (a seed space too large to search from the texts)', () => {
    const seeds = Array.from({ length: 64 }, (_, round) => roundSeed(secret, round, 0));
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(seeds.some((s) => s >= 2 ** 32)).toBe(true);
  });

  it('refuses a short secret and bad round/uid with typed errors', () => {
    expect(() => roundSeed(new Uint8Array(8), 1, 0)).toThrow(ValidatorError);
    expect(() => roundSeed(secret, -1, 0)).toThrow(expect.objectContaining({ code: 'INVALID_CHALLENGE' }));
    expect(() => roundSeed(secret, 1, 1.5)).toThrow(ValidatorError);
  });
});

describe('buildChallenge', () => {
  const dataset: LabelledItem[] = getTask('legal', 'clause').labels.flatMap((label, i) =>
    Array.from({ length: 3 }, (_, j) => ({ text: `private clause ${i}-${j} about ${label}`, label })),
  );

  it('same seed → same challenge; another round → other items; labels are the task ids', () => {
    for (const spec of listTasks()) {
      const params = { domain: spec.domain, task: spec.task, size: 24 };
      const a = buildChallenge({ ...params, seed: roundSeed(secret, 1, 2) });
      expect(buildChallenge({ ...params, seed: roundSeed(secret, 1, 2) })).toEqual(a);
      const b = buildChallenge({ ...params, seed: roundSeed(secret, 2, 2) });
      expect(b.texts).not.toEqual(a.texts);
      expect(a.texts).toHaveLength(24);
      expect(a.labels).toHaveLength(24);
      for (const label of [...a.labels, ...b.labels]) expect(spec.labels).toContain(label);
      expect(a.source).toBe('generated');
      expect(a.sources.every((s) => s === 'generated')).toBe(true);
      for (const text of a.texts) expect(text.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextChars);
    }
  });

  it('mixes the data set share, sampled without replacement, shuffled among generated items', () => {
    const challenge = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: 77,
      size: 40,
      dataset,
      datasetShare: 0.25,
    });
    const fromData = challenge.sources.flatMap((s, i) => (s === 'dataset' ? [i] : []));
    expect(fromData).toHaveLength(10);
    expect(challenge.source).toBe('dataset');
    const byText = new Map(dataset.map((item) => [item.text, item.label]));
    for (const i of fromData) expect(byText.get(challenge.texts[i]!)).toBe(challenge.labels[i]);
    expect(new Set(fromData.map((i) => challenge.texts[i])).size).toBe(10);
    // Data set items are spread through the challenge, not stacked at one end.
    expect(fromData).not.toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(fromData).not.toEqual(Array.from({ length: 10 }, (_, i) => 30 + i));
    // Another seed draws other data set items.
    const other = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: 78,
      size: 40,
      dataset,
      datasetShare: 0.25,
    });
    const pick = (c: typeof challenge) => c.texts.filter((_, i) => c.sources[i] === 'dataset').sort();
    expect(pick(other)).not.toEqual(pick(challenge));
  });

  it('uses what the data set has, skipping items of other labels or over the wire limit', () => {
    const bad: LabelledItem[] = [
      { text: 'not a legal label', label: 'positive' },
      { text: 'x'.repeat(DEFAULT_LIMITS.maxTextChars + 1), label: dataset[0]!.label },
    ];
    const small = [...dataset.slice(0, 5), ...bad];
    const challenge = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: 5,
      size: 20,
      dataset: small,
      datasetShare: 1,
    });
    expect(challenge.sources.filter((s) => s === 'dataset')).toHaveLength(5);
    expect(challenge.texts).toHaveLength(20);
    expect(challenge.texts).not.toContain(bad[0]!.text);
    expect(challenge.texts).not.toContain(bad[1]!.text);
    const none = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: 5,
      size: 20,
      dataset,
      datasetShare: 0,
    });
    expect(none.source).toBe('generated');
  });

  it('refuses bad parameters with typed errors', () => {
    expect(() => buildChallenge({ domain: 'legal', seed: 1, size: 0 })).toThrow(ValidatorError);
    expect(() => buildChallenge({ domain: 'legal', seed: 1, size: 4, datasetShare: 2 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CHALLENGE' }),
    );
    expect(() => buildChallenge({ domain: 'cooking', seed: 1, size: 4 })).toThrow(DomainError);
  });
});

describe('loadChallengeDataset', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-challenges-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a task data set and refuses texts the wire would refuse', async () => {
    const good = join(dir, 'good.jsonl');
    await writeFile(
      good,
      `${dataset3()
        .map((i) => JSON.stringify(i))
        .join('\n')}\n`,
    );
    expect(await loadChallengeDataset(good, 'finance', 'sentiment')).toEqual(dataset3());
    const long = join(dir, 'long.jsonl');
    await writeFile(
      long,
      JSON.stringify({ text: 'y'.repeat(DEFAULT_LIMITS.maxTextChars + 1), label: 'positive' }),
    );
    await expect(loadChallengeDataset(long, 'finance', 'sentiment')).rejects.toMatchObject({
      code: 'TEXT_TOO_LONG',
    });
    await expect(loadChallengeDataset(long, 'finance', 'sentiment')).rejects.toBeInstanceOf(DatasetError);
  });

  function dataset3(): LabelledItem[] {
    return getTask('finance', 'sentiment').labels.map((label) => ({ text: `quarter was ${label}`, label }));
  }
});

describe('a challenge over the wire', () => {
  let miner: TestMiner;
  beforeAll(async () => {
    miner = await startTestMiner();
  });
  afterAll(async () => {
    await miner?.close();
  });

  it('a full batch of generated items is accepted and answered by a real miner', async () => {
    const challenge = buildChallenge({
      domain: 'finance',
      task: 'sentiment',
      seed: roundSeed(secret, 3, 1),
      size: DEFAULT_LIMITS.maxBatch,
    });
    const connection = await MinerConnection.open(
      { uid: 1, hotkey: minerKey.address, ip: '127.0.0.1', port: miner.server.port },
      validatorKey,
    );
    try {
      const result = await connection.classify(challenge.texts);
      expect(result.probabilities).toEqual(challenge.texts.map((t) => Array.from(expectedProbabilities(t))));
    } finally {
      connection.close();
    }
  });
});
