import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { evalCommand, parseCharNgrams, parseSeed, trainCommand } from '../../../shared/models/cli.js';
import { readManifest } from '../../../shared/models/manifest.js';
import { TIERS } from '../../../shared/models/tiers.js';
import { matchesTrainingSettings } from '../../../shared/models/train-model.js';
import { type CliRun, captureCli } from '../../helpers/cli-output.js';

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
    expect(matchesTrainingSettings(manifest, TIERS.weak, 'medium')).toBe(false);

    const custom = join(root, 'custom');
    const args = ['train', '--domain', 'finance', '--task', 'sentiment', '--tier', 'weak', '--out', custom];
    await expertnet([...args, '--dim', '4', '--char-ngrams', '3-4', '--valid-size', '0', '--json']);
    const customManifest = JSON.parse(await readFile(join(custom, 'model.json'), 'utf8'));
    expect(customManifest.training).toMatchObject({ tier: 'weak+custom', dim: 4 });
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
