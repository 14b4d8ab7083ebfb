import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import {
  evalCommand,
  parseCharNgrams,
  parseMix,
  parseSeed,
  trainCommand,
} from '../../../shared/models/cli.js';
import { Featuriser } from '../../../shared/models/featuriser.js';
import { readManifest } from '../../../shared/models/manifest.js';
import { TIERS } from '../../../shared/models/tiers.js';
import { matchesTrainingSettings, writeBagModel } from '../../../shared/models/train-model.js';
import { trainBag } from '../../../shared/models/trainer.js';
import { type CliRun, captureCli } from '../../helpers/cli-output.js';
import { keywordItems, SMALL_FEATURISER } from './fixtures.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `expertnet <argv>` in-process and returns what it wrote to stdout/stderr. */
async function expertnet(argv: string[]): Promise<CliRun> {
  return captureCli(() => yargs(argv).command(trainCommand).command(evalCommand).strict().parseAsync());
}

describe('argument parsers', () => {
  it('parseCharNgrams', () => {
    expect(parseCharNgrams('3-5')).toEqual([3, 5]);
    expect(parseCharNgrams('4')).toEqual([4, 4]);
    expect(parseCharNgrams('none')).toBeNull();
    expect(() => parseCharNgrams('three')).toThrow(/--char-ngrams/);
  });

  it('parseMix', () => {
    expect(parseMix('easy:1,standard:3')).toEqual({ easy: 1, standard: 3 });
    expect(parseMix('hard')).toEqual({ hard: 1 });
    expect(parseMix('standard:0.5, hard:2')).toEqual({ standard: 0.5, hard: 2 });
    expect(() => parseMix('brutal:1')).toThrow(/--mix/);
    expect(() => parseMix('easy:1,easy:2')).toThrow(/--mix/);
    expect(() => parseMix('easy:0')).toThrow(/positive/);
  });

  it('parseSeed keeps number and string seeds apart like the domains API', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('-7')).toBe(-7);
    expect(parseSeed('fresh-1')).toBe('fresh-1');
    expect(parseSeed(3)).toBe(3);
  });
});

describe('expertnet train / eval', () => {
  it('trains a model, records the tier only without overrides, and evaluates it as JSON', async () => {
    const dir = join(root, 'weak');
    const trained = await expertnet([
      'train',
      '--domain',
      'finance',
      '--task',
      'sentiment',
      '--tier',
      'weak',
      '--out',
      dir,
    ]);
    expect(trained.exitCode).toBe(0);
    expect(trained.out).toMatch(/wrote .* \(finance\/sentiment, 3 labels\)/);
    const manifest = await readManifest(dir);
    expect(manifest.training?.tier).toBe('weak');
    expect(matchesTrainingSettings(manifest, TIERS.weak, 'weak')).toBe(true);
    expect(matchesTrainingSettings(manifest, { ...TIERS.weak, epochs: 4 }, 'weak')).toBe(false);
    expect(matchesTrainingSettings(manifest, { ...TIERS.weak, mix: { hard: 1 } }, 'weak')).toBe(false);
    expect(matchesTrainingSettings(manifest, TIERS.weak, 'medium')).toBe(false);

    const custom = join(root, 'custom');
    const args = ['train', '--domain', 'finance', '--task', 'sentiment', '--tier', 'weak', '--out', custom];
    await expertnet([
      ...args,
      ...['--dim', '4', '--char-ngrams', '3-4', '--mix', 'hard:1', '--valid-size', '0', '--json'],
    ]);
    const customManifest = JSON.parse(await readFile(join(custom, 'model.json'), 'utf8'));
    expect(customManifest.training).toMatchObject({ tier: 'weak+custom', dim: 4, mix: 'hard:1' });
    expect(customManifest.featuriser.charNgrams).toEqual([3, 4]);

    const evaluated = await expertnet(['eval', '--model', dir, '--n', '60', '--seed', '9', '--json']);
    expect(evaluated.exitCode).toBe(0);
    const report = JSON.parse(evaluated.out);
    expect(report).toMatchObject({ domain: 'finance', task: 'sentiment', n: 60, eceBins: 15, seed: '9' });
    expect(report.accuracy).toBeGreaterThanOrEqual(0);
    expect(report.accuracy).toBeLessThanOrEqual(1);
  });

  it('prints typed errors on stderr and sets a failing exit code', async () => {
    const missing = await expertnet(['eval', '--model', join(root, 'nope')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toMatch(/^error: cannot read .*model\.json/);
    const badTask = await expertnet([
      'train',
      '--domain',
      'legal',
      '--task',
      'nope',
      '--out',
      join(root, 'x'),
    ]);
    expect(badTask.exitCode).toBe(1);
    expect(badTask.err).toContain("unknown task 'nope'");
  });
});

describe('expertnet eval --data', () => {
  let model: string;
  let data: string;
  beforeAll(async () => {
    // A real bag model trained on the keyword fixture; it learns the keywords perfectly.
    const featuriser = new Featuriser(SMALL_FEATURISER);
    const train = keywordItems(90);
    const { parameters } = trainBag({
      features: train.map((it) => featuriser.featurise(it.text)),
      targets: train.map((it) => it.target),
      classes: 3,
      buckets: SMALL_FEATURISER.buckets,
      dim: 16,
      epochs: 8,
      lr: 1,
      seed: 3,
    });
    model = join(root, 'keywords');
    await writeBagModel({
      dir: model,
      parameters,
      domain: 'finance',
      task: 'sentiment',
      featuriser: SMALL_FEATURISER,
    });
    // Held-out fixture items plus one item whose label the model surely misses (no keyword at all).
    const lines = keywordItems(12, 500).map(({ text, label }) => JSON.stringify({ text, label }));
    lines.push('', JSON.stringify({ text: 'the firm on tuesday', label: 'negative' }));
    data = join(root, 'set.jsonl');
    await writeFile(data, `${lines.join('\n')}\n`);
  });

  it('measures the model on the file: n, accuracy, per-label figures, source fields', async () => {
    const run = await expertnet(['eval', '--model', model, '--data', data, '--json']);
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.out);
    expect(report).toMatchObject({
      domain: 'finance',
      task: 'sentiment',
      source: 'file',
      data,
      n: 13,
      eceBins: 15,
    });
    expect(report.seed).toBeUndefined();
    expect(report.accuracy).toBeCloseTo(12 / 13, 6);
    for (const key of ['logLoss', 'brier', 'ece', 'itemsPerSecond']) expect(report[key]).toBeGreaterThan(0);
    expect(Object.keys(report.perLabel)).toEqual(['positive', 'negative', 'neutral']);
    expect(report.perLabel.positive).toEqual({ n: 4, recall: 1, precision: expect.any(Number) });
    expect(report.perLabel.negative.n).toBe(5);
    expect(report.perLabel.negative.recall).toBeCloseTo(4 / 5, 6);

    const text = await expertnet(['eval', '--model', model, '--data', data]);
    expect(text.exitCode).toBe(0);
    expect(text.out).toContain(`13 items from ${data}`);
    expect(text.out).toMatch(/accuracy\s+0\.9231/);
    expect(text.out).toMatch(/negative\s+5\s+0\.800/);
  });

  it('generates items at the asked difficulty', async () => {
    const run = await expertnet(['eval', '--model', model, '--difficulty', 'hard', '--n', '9', '--json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      source: 'generated',
      difficulty: 'hard',
      seed: 'eval',
      n: 9,
    });
  });

  it('refuses a bad file with its line and reason, and a missing file', async () => {
    const bad = join(root, 'bad.jsonl');
    await writeFile(
      bad,
      `${JSON.stringify({ text: 'shares soared', label: 'positive' })}\n{"text": "x", "label": "bullish"}\n`,
    );
    const badRun = await expertnet(['eval', '--model', model, '--data', bad, '--json']);
    expect(badRun.exitCode).toBe(1);
    expect(badRun.out).toBe('');
    expect(badRun.err).toContain(`error: ${bad}:2: unknown label "bullish" for finance/sentiment`);
    expect(badRun.err).toContain('valid labels: positive, negative, neutral');

    const notJson = join(root, 'notjson.jsonl');
    await writeFile(notJson, 'text,label\n');
    expect((await expertnet(['eval', '--model', model, '--data', notJson])).err).toContain(
      `${notJson}:1: not valid JSON`,
    );

    const missing = await expertnet(['eval', '--model', model, '--data', join(root, 'absent.jsonl')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toMatch(/^error: cannot read .*absent\.jsonl/);
  });
});
