/**
 * Builds the default models: three tiers (weak, medium, strong) for every domain task, into
 * `<out>/<domain>-<task>-<tier>/` (model.onnx + model.json). A tier whose directory already holds a valid
 * model trained with the same settings on the same item generator is skipped, unless --force.
 *
 * Usage: node --import tsx scripts/build-models.ts [--out models] [--force] [--tiers weak,strong]
 *                                                  [--tasks finance/sentiment,legal/clause]
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stderr, stdout } from 'node:process';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { listTasks } from '../shared/domains/index.js';
import { ExpertnetError } from '../shared/errors.js';
import { readManifest, readVerifiedFile } from '../shared/models/manifest.js';
import { trainProgress } from '../shared/models/progress.js';
import { isTierName, TIER_NAMES, TIERS, type TierName, tierDirName } from '../shared/models/tiers.js';
import {
  type BagTrainingSettings,
  matchesTrainingSettings,
  trainModel,
} from '../shared/models/train-model.js';

async function upToDate(dir: string, settings: BagTrainingSettings, tier: string): Promise<boolean> {
  try {
    const manifest = await readManifest(dir);
    if (!matchesTrainingSettings(manifest, settings, tier)) return false;
    await readVerifiedFile(dir, manifest.onnx);
    return true;
  } catch {
    return false; // absent, stale or broken: rebuild
  }
}

const args = await yargs(hideBin(process.argv))
  .option('out', { type: 'string', default: 'models', describe: 'Root folder of the model directories' })
  .option('force', { type: 'boolean', default: false, describe: 'Rebuild tiers that are up to date' })
  .option('tiers', { type: 'string', default: TIER_NAMES.join(','), describe: 'Comma-separated tiers' })
  .option('tasks', { type: 'string', describe: 'Comma-separated domain/task ids (default: all)' })
  .strict()
  .help()
  .parseAsync();

const tiers = args.tiers.split(',').map((t) => t.trim());
const unknownTier = tiers.find((t) => !isTierName(t));
if (unknownTier) {
  stderr.write(`error: unknown tier "${unknownTier}" (known: ${TIER_NAMES.join(', ')})\n`);
  process.exit(2);
}
const wanted = args.tasks?.split(',').map((t) => t.trim());
const tasks = listTasks().filter((spec) => !wanted || wanted.includes(`${spec.domain}/${spec.task}`));
if (wanted && tasks.length !== wanted.length) {
  const known = listTasks().map((s) => `${s.domain}/${s.task}`);
  stderr.write(`error: unknown task in "${args.tasks}" (known: ${known.join(', ')})\n`);
  process.exit(2);
}

const started = performance.now();
let built = 0;
let skipped = 0;
try {
  for (const spec of tasks) {
    for (const tier of tiers as TierName[]) {
      const name = tierDirName(spec.domain, spec.task, tier);
      const dir = join(args.out, name);
      const settings = TIERS[tier];
      if (!args.force && (await upToDate(dir, settings, tier))) {
        skipped++;
        stderr.write(`${name}: up to date\n`);
        continue;
      }
      const progress = trainProgress(`${name} `);
      const result = await trainModel({
        ...settings,
        domain: spec.domain,
        task: spec.task,
        tier,
        out: dir,
        onProgress: progress.onProgress,
      });
      progress.stop();
      built++;
      const acc = result.manifest.metrics?.validAccuracy;
      stderr.write(
        `${name}: built in ${result.totalSeconds.toFixed(1)} s` +
          `${acc === undefined ? '' : `, validation accuracy ${acc.toFixed(3)}`}\n`,
      );
    }
  }
} catch (err) {
  if (!(err instanceof ExpertnetError)) throw err;
  stderr.write(`error: ${err.shortMessage}\n${err.metaMessages.map((m) => `  ${m}\n`).join('')}`);
  process.exit(1);
}
stdout.write(
  `models: ${built} built, ${skipped} up to date in ${((performance.now() - started) / 1000).toFixed(1)} s (${args.out})\n`,
);
