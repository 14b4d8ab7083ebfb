/**
 * `expertnet train ...` and `expertnet eval ...`: train an `expertnet-bag` model for a domain task, and
 * measure any model directory (bag or hf) on freshly generated items or on a JSONL file of labelled
 * items. Progress bars go to stderr.
 */
import { stdout } from 'node:process';
import type { Argv, CommandModule } from 'yargs';
import { reportCliError } from '../cli-errors.js';
import {
  DIFFICULTIES,
  type Difficulty,
  generateItems,
  isDifficulty,
  type LabelledItem,
  loadJsonlItems,
} from '../domains/index.js';
import { DEVICES, type Device, DomainModel } from './domain-model.js';
import { ModelError } from './errors.js';
import { evaluateModel } from './evaluate.js';
import { ECE_BINS } from './metrics.js';
import { progressBar, trainProgress } from './progress.js';
import { isTierName, TIER_NAMES, TIERS } from './tiers.js';
import { type DifficultyMix, mixCounts, trainModel } from './train-model.js';

/** `3-5` → [3, 5]; `none` → null. */
export function parseCharNgrams(value: string): [number, number] | null {
  if (value === 'none' || value === '0') return null;
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!m) {
    throw new ModelError(
      { code: 'INVALID_PARAMETER', parameter: 'char-ngrams', reason: `got "${value}"` },
      `--char-ngrams must look like 3-5, 4 or none, got "${value}"`,
    );
  }
  const min = Number(m[1]);
  return [min, m[2] === undefined ? min : Number(m[2])];
}

/** `easy:1,standard:3` → `{ easy: 1, standard: 3 }` (relative weights of the training difficulties). */
export function parseMix(value: string): DifficultyMix {
  const mix: Partial<Record<Difficulty, number>> = {};
  for (const part of value.split(',')) {
    const m = /^\s*([a-z]+)\s*(?::\s*(\d+(?:\.\d+)?))?\s*$/.exec(part);
    const name = m?.[1];
    if (!m || !isDifficulty(name) || mix[name] !== undefined) {
      throw new ModelError(
        { code: 'INVALID_PARAMETER', parameter: 'mix', reason: `got "${value}"` },
        `--mix must look like easy:1,standard:3,hard:1 (difficulties ${DIFFICULTIES.join(', ')}), got "${value}"`,
      );
    }
    mix[name] = m[2] === undefined ? 1 : Number(m[2]);
  }
  mixCounts(mix, 1); // rejects all-zero weights
  return mix;
}

/** Seeds given on the command line: digits become numbers (as in the domains API), anything else a string. */
export function parseSeed(value: string | number): number | string {
  if (typeof value === 'number') return value;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

interface TrainArgs {
  domain: string;
  task?: string;
  tier: string;
  dim?: number;
  ngrams?: number;
  'char-ngrams'?: string;
  buckets?: number;
  epochs?: number;
  lr?: number;
  seed?: number;
  'train-size'?: number;
  mix?: string;
  'valid-size': number;
  out: string;
  json: boolean;
}

export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train',
  describe: 'Train an expertnet-bag model for a domain task and write model.onnx + model.json',
  builder: (y) =>
    y
      .option('domain', { type: 'string', demandOption: true, describe: 'Domain (legal, medical, finance)' })
      .option('task', { type: 'string', describe: "Task id (default: the domain's first task)" })
      .option('tier', {
        type: 'string',
        default: 'strong',
        choices: [...TIER_NAMES],
        describe: 'Preset the other options start from',
      })
      .option('dim', { type: 'number', describe: 'Embedding dimension' })
      .option('ngrams', { type: 'number', describe: 'Longest word n-gram (1 = unigrams)' })
      .option('char-ngrams', { type: 'string', describe: 'Character n-gram lengths, e.g. 3-5, or none' })
      .option('buckets', { type: 'number', describe: 'Hash buckets (embedding rows)' })
      .option('epochs', { type: 'number', describe: 'Passes over the training items' })
      .option('lr', { type: 'number', describe: 'Initial learning rate (linear decay to 0)' })
      .option('seed', { type: 'number', describe: 'Seed of the training data, init and shuffling' })
      .option('train-size', { type: 'number', describe: 'Generated training items' })
      .option('mix', {
        type: 'string',
        describe: 'Difficulty weights of the training items, e.g. easy:1,standard:3,hard:1',
      })
      .option('valid-size', {
        type: 'number',
        default: 1000,
        describe: 'Held-out items for model.json metrics',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'Output directory' })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print the manifest as JSON',
      }) as unknown as Argv<TrainArgs>,
  handler: async (args) => {
    try {
      const preset = TIERS[isTierName(args.tier) ? args.tier : 'strong'];
      const overridden = (
        ['dim', 'ngrams', 'char-ngrams', 'buckets', 'epochs', 'lr', 'seed', 'train-size', 'mix'] as const
      ).some((key) => args[key] !== undefined);
      const progress = trainProgress();
      const result = await trainModel({
        domain: args.domain,
        task: args.task,
        dim: args.dim ?? preset.dim,
        wordNgrams: args.ngrams ?? preset.wordNgrams,
        charNgrams:
          args['char-ngrams'] === undefined ? preset.charNgrams : parseCharNgrams(args['char-ngrams']),
        buckets: args.buckets ?? preset.buckets,
        epochs: args.epochs ?? preset.epochs,
        lr: args.lr ?? preset.lr,
        seed: args.seed ?? preset.seed,
        trainSize: args['train-size'] ?? preset.trainSize,
        mix: args.mix === undefined ? preset.mix : parseMix(args.mix),
        validSize: args['valid-size'],
        out: args.out,
        tier: overridden ? `${args.tier}+custom` : args.tier,
        onProgress: progress.onProgress,
      });
      progress.stop();
      const m = result.manifest;
      if (args.json) stdout.write(`${JSON.stringify(m, null, 2)}\n`);
      else {
        const acc = m.metrics?.validAccuracy;
        stdout.write(
          `wrote ${result.dir} (${m.domain}/${m.task}, ${m.labels.length} labels) in ${result.totalSeconds.toFixed(1)} s` +
            `${acc === undefined ? '' : `, validation accuracy ${acc.toFixed(3)}`}\n`,
        );
      }
    } catch (err) {
      reportCliError(err);
    }
  },
};

interface EvalArgs {
  model: string;
  domain?: string;
  task?: string;
  data?: string;
  difficulty?: string;
  n: number;
  seed: string;
  batch: number;
  bins: number;
  device: string;
  json: boolean;
}

/** What `eval` measured on: generated items (seed, difficulty) or a JSONL file. */
type EvalSource =
  | { source: 'generated'; seed: string; difficulty: Difficulty }
  | { source: 'file'; data: string };

function describeSource(s: EvalSource, n: number): string {
  return s.source === 'file' ? `${n} items from ${s.data}` : `${n} ${s.difficulty} items (seed ${s.seed})`;
}

export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe:
    'Measure a model directory on generated items or a JSONL file (accuracy, log loss, Brier, ECE, per label, items/s)',
  builder: (y) =>
    y
      .option('model', { type: 'string', demandOption: true, describe: 'Model directory (with model.json)' })
      .option('domain', { type: 'string', describe: "Domain (default: the model's)" })
      .option('task', { type: 'string', describe: "Task id (default: the model's, or the domain's first)" })
      .option('data', {
        type: 'string',
        describe: 'JSONL file of {"text","label"} items of the model\'s task (instead of generated items)',
      })
      .option('difficulty', {
        type: 'string',
        choices: [...DIFFICULTIES],
        describe: 'Difficulty of generated items (default standard)',
      })
      .option('n', { type: 'number', default: 2000, describe: 'Items to generate' })
      .option('seed', { type: 'string', default: 'eval', describe: 'Seed of the items (use a fresh one)' })
      .option('batch', { type: 'number', default: 64, describe: 'Texts per inference call' })
      .option('bins', { type: 'number', default: ECE_BINS, describe: 'Equal-width bins of the ECE' })
      .option('device', {
        type: 'string',
        default: 'cpu',
        choices: [...DEVICES],
        describe: 'Execution provider',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print JSON',
      })
      .conflicts('data', 'difficulty') as unknown as Argv<EvalArgs>,
  handler: async (args) => {
    try {
      if (!Number.isInteger(args.n) || args.n < 1) {
        throw new ModelError(
          { code: 'INVALID_PARAMETER', parameter: 'n', reason: `got ${args.n}` },
          '--n must be a positive integer',
        );
      }
      const model = await DomainModel.load(args.model, {
        device: args.device as Device,
        expect: args.domain === undefined ? undefined : { domain: args.domain, task: args.task },
      });
      try {
        const { domain, task } = model.manifest;
        let items: LabelledItem[];
        let source: EvalSource;
        if (args.data !== undefined) {
          // The task comes from the model's manifest: every label must be one the model knows.
          items = await loadJsonlItems(args.data, { domain, task });
          source = { source: 'file', data: args.data };
        } else {
          const difficulty = (args.difficulty ?? 'standard') as Difficulty;
          items = generateItems({ domain, task, seed: parseSeed(args.seed), n: args.n, difficulty });
          source = { source: 'generated', seed: args.seed, difficulty };
        }
        const bar = progressBar();
        bar.start(items.length, 0, { phase: 'eval    ' });
        const report = await evaluateModel({
          model,
          items,
          batchSize: args.batch,
          eceBins: args.bins,
          onProgress: (done) => bar.update(done),
        });
        bar.stop();
        const out = { model: args.model, domain, task, ...source, device: model.device, ...report };
        if (args.json) stdout.write(`${JSON.stringify(out)}\n`);
        else {
          const width = Math.max(...model.labels.map((l) => l.length));
          stdout.write(
            [
              `${domain}/${task} · ${args.model} · ${describeSource(source, report.n)} on ${model.device}`,
              `  accuracy   ${report.accuracy.toFixed(4)}`,
              `  log loss   ${report.logLoss.toFixed(4)}`,
              `  Brier      ${report.brier.toFixed(4)}`,
              `  ECE        ${report.ece.toFixed(4)} (${report.eceBins} bins)`,
              `  items/s    ${report.itemsPerSecond.toFixed(0)} (batch ${report.batchSize})`,
              '  per label  (n, recall, precision)',
              ...model.labels.map((label) => {
                const l = report.perLabel[label];
                const f = (x: number | undefined) =>
                  x === undefined || Number.isNaN(x) ? '    -' : x.toFixed(3);
                return `    ${label.padEnd(width)}  ${String(l?.n ?? 0).padStart(5)}  ${f(l?.recall)}  ${f(l?.precision)}`;
              }),
              '',
            ].join('\n'),
          );
        }
      } finally {
        await model.close();
      }
    } catch (err) {
      reportCliError(err);
    }
  },
};
