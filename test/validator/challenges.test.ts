/** Private round seeds and challenge building (generated items mixed with a validator's data set). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChallengePackError,
  DatasetError,
  DIFFICULTIES,
  DomainError,
  generateItems,
  getTask,
  type LabelledItem,
  listTasks,
  parseChallengePack,
} from '../../shared/domains/index.js';
import { DEFAULT_LIMITS } from '../../shared/protocol/index.js';
import {
  buildChallenge,
  DEFAULT_DIFFICULTY_MIX,
  loadChallengeDataset,
  loadChallengePacks,
  newRoundSecret,
  parseDifficultyMix,
  roundSeed,
} from '../../validator/challenges.js';
import { ValidatorError } from '../../validator/errors.js';
import { MinerConnection } from '../../validator/miners/index.js';
import { runTsx } from '../helpers/run-tsx.js';
import { expectedProbabilities } from '../miner/fixtures/hash-backend.js';
import { minerKey, startTestMiner, type TestMiner, validatorKey } from '../miner/helpers.js';

const CLI = new URL('../../validator/cli.ts', import.meta.url).pathname;
const EXAMPLE_PACK = new URL('../../examples/challenge-packs/legal-clause.example.json', import.meta.url)
  .pathname;

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

describe('difficulty mix', () => {
  const count = (c: { difficulties: unknown[] }, d: unknown) => c.difficulties.filter((x) => x === d).length;

  it("is deterministic per seed, records each item's difficulty and follows the proportions", () => {
    const mix = parseDifficultyMix('easy=0.2,standard=0.3,hard=0.5');
    expect(mix).toEqual(DEFAULT_DIFFICULTY_MIX);
    const params = { domain: 'finance', task: 'event', size: 16, difficultyMix: mix };
    const a = buildChallenge({ ...params, seed: 41 });
    expect(buildChallenge({ ...params, seed: 41 })).toEqual(a);
    expect(a.difficulties).toHaveLength(16);
    expect(a.templates).toBe('builtin');
    // 16 × (0.2, 0.3, 0.5) = 3.2, 4.8, 8: floor or ceiling of each, 16 in all.
    expect(count(a, 'easy')).toBeGreaterThanOrEqual(3);
    expect(count(a, 'easy')).toBeLessThanOrEqual(4);
    expect(count(a, 'standard')).toBeGreaterThanOrEqual(4);
    expect(count(a, 'standard')).toBeLessThanOrEqual(5);
    expect(count(a, 'hard')).toBe(8);
    // Difficulties are interleaved, not in blocks.
    expect(a.difficulties.slice(0, 8).every((d) => d === 'hard')).toBe(false);

    // Over many rounds every share is met on average (systematic rounding), and each item is the one
    // its difficulty's generator makes at this seed.
    const totals = { easy: 0, standard: 0, hard: 0 };
    for (let round = 0; round < 200; round++) {
      const c = buildChallenge({ ...params, seed: roundSeed(secret, round, 7) });
      for (const d of DIFFICULTIES) totals[d] += count(c, d);
    }
    expect(totals.easy / 3200).toBeCloseTo(0.2, 2);
    expect(totals.standard / 3200).toBeCloseTo(0.3, 2);
    expect(totals.hard / 3200).toBeCloseTo(0.5, 2);
    for (const d of DIFFICULTIES) {
      const expected = generateItems({
        domain: 'finance',
        task: 'event',
        seed: 41,
        n: count(a, d),
        difficulty: d,
      });
      expect(a.texts.filter((_, i) => a.difficulties[i] === d)).toEqual(expected.map((item) => item.text));
    }
  });

  it("another seed gives another plan; a single difficulty is that generator's stream", () => {
    const plans = new Set(
      Array.from({ length: 8 }, (_, seed) =>
        buildChallenge({ domain: 'legal', seed, size: 16 }).difficulties.join(),
      ),
    );
    expect(plans.size).toBeGreaterThan(1);
    const standard = buildChallenge({
      domain: 'legal',
      seed: 5,
      size: 10,
      difficultyMix: parseDifficultyMix('standard=1'),
    });
    expect(standard.texts).toEqual(generateItems({ domain: 'legal', seed: 5, n: 10 }).map((i) => i.text));
    const hard = buildChallenge({
      domain: 'legal',
      seed: 5,
      size: 10,
      difficultyMix: parseDifficultyMix('hard=3'),
    });
    expect(hard.difficulties.every((d) => d === 'hard')).toBe(true);
  });

  it('data set items carry no difficulty', () => {
    const dataset = getTask('legal', 'clause').labels.map((label) => ({ text: `clause on ${label}`, label }));
    const c = buildChallenge({ domain: 'legal', seed: 3, size: 20, dataset, datasetShare: 0.5 });
    c.sources.forEach((source, i) => {
      expect(c.difficulties[i] === null).toBe(source === 'dataset');
    });
    expect(c.difficulties.filter((d) => d !== null)).toHaveLength(10);
  });

  it('refuses a bad mix naming the fault', () => {
    for (const [text, reason] of [
      ['easy=0.5,medium=0.5', /medium/],
      ['easy=0.5,easy=0.5', /twice/],
      ['hard=-1', /≥ 0/],
      ['hard=x', /≥ 0/],
      ['hard', /≥ 0/],
      ['easy=0,hard=0', /at least one above 0/],
    ] as const) {
      expect(() => parseDifficultyMix(text), text).toThrow(reason);
      expect(() => parseDifficultyMix(text), text).toThrow(ValidatorError);
    }
    expect(() =>
      buildChallenge({ domain: 'legal', seed: 1, size: 4, difficultyMix: { easy: 0, standard: 0, hard: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CHALLENGE' }));
  });
});

describe('private challenge packs in challenges', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-packs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generated items come from the pack, at every difficulty of the mix', async () => {
    const packs = await loadChallengePacks([EXAMPLE_PACK]);
    const definition = packs.get('legal/clause');
    expect(definition).toBeDefined();
    const params = { domain: 'legal', task: 'clause', size: 40, definition };
    const a = buildChallenge({ ...params, seed: 11 });
    expect(buildChallenge({ ...params, seed: 11 })).toEqual(a);
    expect(a.templates).toBe('pack');
    const builtin = buildChallenge({ domain: 'legal', task: 'clause', size: 40, seed: 11 });
    expect(new Set(a.labels)).toEqual(new Set(getTask('legal', 'clause').labels));
    expect(a.texts).not.toEqual(builtin.texts);
    // Easy items are the pack's decisive sentences; the pack's own slot {deal} shows up in them.
    const easy = a.texts.filter((_, i) => a.difficulties[i] === 'easy');
    expect(easy.length).toBeGreaterThan(0);
    expect(a.texts.join(' ')).toMatch(
      /Master Services Agreement|Supply Contract|these Terms|Order Form|Framework/,
    );
  });

  it('refuses a pack of another task, and two packs for one task', async () => {
    const other = parseChallengePack(
      JSON.stringify({
        format: 'expertnet-challenge-pack',
        version: 1,
        domain: 'finance',
        task: 'sentiment',
        decisive: Object.fromEntries(
          getTask('finance', 'sentiment').labels.map((l) => [l, [`${l} a.`, `${l} b.`, `${l} c.`]]),
        ),
        boilerplate: ['Nothing else.'],
      }),
      'other.json',
    );
    expect(() => buildChallenge({ domain: 'legal', seed: 1, size: 4, definition: other.definition })).toThrow(
      expect.objectContaining({ code: 'INVALID_CHALLENGE' }),
    );
    const copy = join(dir, 'copy.json');
    await writeFile(copy, await readFile(EXAMPLE_PACK, 'utf8'));
    const error = await loadChallengePacks([EXAMPLE_PACK, copy]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChallengePackError);
    expect(error).toMatchObject({ code: 'DUPLICATE_TASK', type: { source: copy, other: EXAMPLE_PACK } });
  });

  it('the validator CLI refuses a bad pack at start: exit 1, the file and the reason, no stack trace', async () => {
    const bad = join(dir, 'bad.json');
    const pack = JSON.parse(await readFile(EXAMPLE_PACK, 'utf8'));
    pack.decisive.warranties = ['Only one {deal} warranty.'];
    await writeFile(bad, JSON.stringify(pack));
    const run = await runTsx(CLI, [
      '--netuid',
      '1',
      '--challenges.pack',
      bad,
      '--wallet.path',
      join(dir, 'none'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr.startsWith(`error: ${bad}: /decisive/warranties has 1 template(s)`)).toBe(true);
    expect(run.stderr).not.toMatch(/^\s+at /m);

    const flag = await runTsx(CLI, ['--netuid', '1', '--challenges.difficulty', 'easy=1,tricky=1']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toMatch(/^error: --challenges\.difficulty is not valid: .*tricky/m);
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
