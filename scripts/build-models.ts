/**
 * Builds the default models: three tiers (weak, medium, strong) for every domain task, into
 * `<out>/<domain>-<task>-<tier>/` (model.onnx + model.json). A tier whose directory already holds a valid
 * model trained with the same settings on the same item generator is skipped, unless --force.
 *
 * Usage: node --import tsx scripts/build-models.ts [--out models] [--force] [--tiers weak,strong]
 *                                                  [--tasks finance/sentiment,legal/clause]
 */
import { stderr, stdout } from 'node:process';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { listTasks } from '../shared/domains/index.js';
import { ExpertnetError } from '../shared/errors.js';
import { buildDefaultModels } from '../shared/models/build.js';
import { trainProgress } from '../shared/models/progress.js';
import { isTierName, TIER_NAMES, type TierName } from '../shared/models/tiers.js';

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

try {
  const result = await buildDefaultModels({
    out: args.out,
    tiers: tiers as TierName[],
    tasks,
    force: args.force,
    progress: (name) => trainProgress(`${name} `),
    onModel: (m) => {
      if (m.status === 'up-to-date') stderr.write(`${m.name}: up to date\n`);
      else {
        const acc = m.validAccuracy;
        stderr.write(
          `${m.name}: built in ${m.seconds.toFixed(1)} s` +
            `${acc === undefined ? '' : `, validation accuracy ${acc.toFixed(3)}`}\n`,
        );
      }
    },
  });
  const built = result.models.filter((m) => m.status === 'built').length;
  stdout.write(
    `models: ${built} built, ${result.models.length - built} up to date in ${result.seconds.toFixed(1)} s (${args.out})\n`,
  );
} catch (err) {
  if (!(err instanceof ExpertnetError)) throw err;
  stderr.write(`error: ${err.shortMessage}\n${err.metaMessages.map((m) => `  ${m}\n`).join('')}`);
  process.exit(1);
}
