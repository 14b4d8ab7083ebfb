/**
 * Domain model benchmark: builds every default model (task × tier) from scratch and times the build, then
 * measures each model's accuracy, log loss and ECE on fresh generated items at every difficulty (new
 * seeds each run) and on every realistic held-out set present in `data/realistic/<domain>-<task>.jsonl`.
 * Per task it prints the accuracy gaps between neighbouring tiers and whether issue 13's targets hold.
 *
 * Flags (after `npm run bench:models --`): `--seed S` (default: from the clock), `--n N` items per
 * difficulty (default 300), `--repeats R` fresh seeds per difficulty, medians printed (default 1),
 * `--models DIR` measure existing models instead of building, `--tasks legal/clause,...`,
 * `--speed` also time inference (items/s at batch 1/8/64), `--json` a JSON line at the end.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DIFFICULTIES,
  type Difficulty,
  generateItems,
  type LabelledItem,
  listTasks,
  loadJsonlItems,
  type TaskSpec,
} from '../shared/domains/index.js';
import { buildDefaultModels } from '../shared/models/build.js';
import { DomainModel } from '../shared/models/domain-model.js';
import { evaluateModel } from '../shared/models/evaluate.js';
import { TIER_NAMES, type TierName, tierDirName } from '../shared/models/tiers.js';
import { fmt, median, medianOf } from './stats.js';

/** Issue 13's targets. */
const MIN_GAP = 0.05;
const STRONG_REALISTIC_MIN = 0.85;
const STRONG_HARD_MAX = 0.97;
const BUILD_SECONDS_MAX = 120;
const REALISTIC_DIR = fileURLToPath(new URL('../data/realistic/', import.meta.url));

interface Options {
  seed: string;
  n: number;
  repeats: number;
  models: string | undefined;
  tasks: TaskSpec[];
  speed: boolean;
  json: boolean;
}

function options(args: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: 'string' },
      n: { type: 'string', default: '300' },
      repeats: { type: 'string', default: '1' },
      models: { type: 'string' },
      tasks: { type: 'string' },
      speed: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const n = Number(values.n);
  const repeats = Number(values.repeats);
  if (!(Number.isInteger(n) && n >= 10)) throw new Error(`--n must be an integer ≥ 10, got ${values.n}`);
  if (!(Number.isInteger(repeats) && repeats >= 1))
    throw new Error(`--repeats must be ≥ 1, got ${values.repeats}`);
  const wanted = values.tasks?.split(',').map((t) => t.trim());
  const tasks = listTasks().filter((s) => !wanted || wanted.includes(`${s.domain}/${s.task}`));
  if (wanted && tasks.length !== wanted.length) throw new Error(`unknown task in --tasks ${values.tasks}`);
  return {
    seed: values.seed ?? `bench-${Date.now()}`,
    n,
    repeats,
    models: values.models,
    tasks,
    speed: values.speed,
    json: values.json,
  };
}

interface Figures {
  n: number;
  accuracy: number;
  logLoss: number;
  ece: number;
}
/** Evaluation sets: the three difficulties, then `realistic` when the task has a set. */
type SetName = Difficulty | 'realistic';
type TaskFigures = Record<TierName, Partial<Record<SetName, Figures>>>;

interface TaskReport {
  task: string;
  realisticItems: number | null;
  figures: TaskFigures;
  gaps: Partial<Record<'hard' | 'realistic', { mediumWeak: number; strongMedium: number }>>;
  targets: Record<string, boolean | null>;
}

async function realisticItems(spec: TaskSpec): Promise<LabelledItem[] | null> {
  const path = join(REALISTIC_DIR, `${spec.domain}-${spec.task}.jsonl`);
  try {
    await access(path);
  } catch {
    return null;
  }
  return loadJsonlItems(path, spec);
}

async function measure(model: DomainModel, sets: LabelledItem[][]): Promise<Figures> {
  const runs = [];
  for (const items of sets) runs.push(await evaluateModel({ model, items, batchSize: 64 }));
  return {
    n: runs.reduce((a, r) => a + r.n, 0),
    accuracy: median(runs.map((r) => r.accuracy)),
    logLoss: median(runs.map((r) => r.logLoss)),
    ece: median(runs.map((r) => r.ece)),
  };
}

async function measureTask(root: string, spec: TaskSpec, o: Options): Promise<TaskReport> {
  const generated = Object.fromEntries(
    DIFFICULTIES.map((d) => [
      d,
      Array.from({ length: o.repeats }, (_, r) =>
        generateItems({
          domain: spec.domain,
          task: spec.task,
          seed: `${o.seed}/${r}`,
          n: o.n,
          difficulty: d,
        }),
      ),
    ]),
  ) as Record<Difficulty, LabelledItem[][]>;
  const realistic = await realisticItems(spec);
  const figures = {} as TaskFigures;
  for (const tier of TIER_NAMES) {
    const model = await DomainModel.load(join(root, tierDirName(spec.domain, spec.task, tier)), {
      threads: 1,
    });
    try {
      const row: Partial<Record<SetName, Figures>> = {};
      for (const d of DIFFICULTIES) row[d] = await measure(model, generated[d]);
      if (realistic) row.realistic = await measure(model, [realistic]);
      figures[tier] = row;
    } finally {
      await model.close();
    }
  }
  const acc = (tier: TierName, set: SetName) => figures[tier][set]?.accuracy ?? Number.NaN;
  const gaps: TaskReport['gaps'] = {};
  for (const set of ['hard', 'realistic'] as const) {
    if (!figures.strong[set]) continue;
    gaps[set] = {
      mediumWeak: acc('medium', set) - acc('weak', set),
      strongMedium: acc('strong', set) - acc('medium', set),
    };
  }
  const separated = (set: 'hard' | 'realistic') => {
    const g = gaps[set];
    return g ? g.mediumWeak >= MIN_GAP && g.strongMedium >= MIN_GAP : null;
  };
  return {
    task: `${spec.domain}/${spec.task}`,
    realisticItems: realistic?.length ?? null,
    figures,
    gaps,
    targets: {
      separatedHard: separated('hard'),
      separatedRealistic: separated('realistic'),
      strongRealisticMin: realistic ? acc('strong', 'realistic') >= STRONG_REALISTIC_MIN : null,
      strongHardMax: acc('strong', 'hard') <= STRONG_HARD_MAX,
    },
  };
}

const mark = (ok: boolean | null) => (ok === null ? '—' : ok ? 'ok' : 'MISS');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

function printTask(r: TaskReport): void {
  const sets: SetName[] = [...DIFFICULTIES, ...(r.realisticItems ? (['realistic'] as const) : [])];
  console.log(
    `\n${r.task}${r.realisticItems ? ` (realistic: ${r.realisticItems} items)` : ' (no realistic set)'}`,
  );
  console.log(`tier    ${sets.map((s) => s.padEnd(20)).join('')}`);
  console.log(`        ${sets.map(() => 'acc   logloss ECE   ').join('')}`);
  for (const tier of TIER_NAMES) {
    const cells = sets.map((s) => {
      const f = r.figures[tier][s];
      return f
        ? `${f.accuracy.toFixed(3)} ${f.logLoss.toFixed(3).padStart(6)}  ${f.ece.toFixed(3)} `
        : ''.padEnd(20);
    });
    console.log(`${tier.padEnd(8)}${cells.join('')}`);
  }
  const gaps = Object.entries(r.gaps)
    .map(([set, g]) => `${set}: medium−weak ${signed(g.mediumWeak)}, strong−medium ${signed(g.strongMedium)}`)
    .join('; ');
  console.log(`gaps (accuracy) ${gaps}`);
  const t = r.targets;
  console.log(
    `targets: gaps ≥ ${MIN_GAP} on hard ${mark(t.separatedHard ?? null)}, on realistic ${mark(t.separatedRealistic ?? null)}; ` +
      `strong ≥ ${STRONG_REALISTIC_MIN} realistic ${mark(t.strongRealisticMin ?? null)}; ` +
      `strong ≤ ${STRONG_HARD_MAX} hard ${mark(t.strongHardMax ?? null)}`,
  );
}

/** Inference throughput per tier of one task through `DomainModel.predictFlat` (one ORT thread). */
async function speed(root: string, spec: TaskSpec): Promise<void> {
  const texts = generateItems({
    domain: spec.domain,
    task: spec.task,
    seed: 'bench',
    n: 2048,
    difficulty: 'hard',
  });
  console.log(`\ninference items/s, ${spec.domain}/${spec.task} hard items, one ORT thread, median of 5`);
  console.log('tier       b=1      b=8     b=64');
  for (const tier of TIER_NAMES) {
    const model = await DomainModel.load(join(root, tierDirName(spec.domain, spec.task, tier)), {
      threads: 1,
    });
    try {
      await model.predict(texts.slice(0, 64).map((i) => i.text)); // warm-up
      const rates: string[] = [];
      for (const [batch, n] of [
        [1, 256],
        [8, 1024],
        [64, 2048],
      ] as const) {
        const perSecond = await medianOf(5, async () => {
          const start = performance.now();
          for (let from = 0; from < n; from += batch)
            await model.predictFlat(texts.slice(from, from + batch).map((i) => i.text));
          return n / ((performance.now() - start) / 1000);
        });
        rates.push(fmt(perSecond, 0).padStart(8));
      }
      console.log(`${tier.padEnd(7)}${rates.join(' ')}`);
    } finally {
      await model.close();
    }
  }
}

export async function run(args: readonly string[] = []): Promise<void> {
  const o = options(args);
  const root = o.models ?? (await mkdtemp(join(tmpdir(), 'expertnet-bench-models-')));
  try {
    let buildSeconds: number | null = null;
    if (!o.models) {
      const perTier: Record<string, number> = {};
      const result = await buildDefaultModels({
        out: root,
        tasks: o.tasks,
        force: true,
        onModel: (m) => {
          perTier[m.tier] = (perTier[m.tier] ?? 0) + m.seconds;
        },
      });
      buildSeconds = result.seconds;
      console.log(
        `build: ${result.models.length} default models in ${result.seconds.toFixed(1)} s ` +
          `(${TIER_NAMES.map((t) => `${t} ${(perTier[t] ?? 0).toFixed(1)} s`).join(', ')}); ` +
          `target < ${BUILD_SECONDS_MAX} s: ${mark(result.seconds < BUILD_SECONDS_MAX)}`,
      );
    } else console.log(`models from ${o.models} (not built, no build time)`);
    console.log(
      `fresh items: seed ${o.seed}, ${o.n} per difficulty × ${o.repeats} seed(s)${o.repeats > 1 ? ' (medians)' : ''}`,
    );
    const reports: TaskReport[] = [];
    for (const spec of o.tasks) {
      const report = await measureTask(root, spec, o);
      printTask(report);
      reports.push(report);
    }
    console.log('\nsummary (accuracy weak / medium / strong; targets)');
    for (const r of reports) {
      const tiers = (set: SetName) =>
        r.figures.strong[set]
          ? TIER_NAMES.map((t) => r.figures[t][set]?.accuracy.toFixed(3)).join(' / ')
          : '—';
      const misses = Object.entries(r.targets)
        .filter(([, ok]) => ok === false)
        .map(([k]) => k);
      console.log(
        `${r.task.padEnd(18)} hard ${tiers('hard')}   realistic ${tiers('realistic')}   ${misses.length === 0 ? 'all targets ok' : `MISS: ${misses.join(', ')}`}`,
      );
    }
    if (o.speed) {
      const spec = o.tasks.find((s) => s.task === 'specialty') ?? o.tasks[0];
      if (spec) await speed(root, spec);
    }
    if (o.json)
      console.log(JSON.stringify({ seed: o.seed, n: o.n, repeats: o.repeats, buildSeconds, reports }));
  } finally {
    if (!o.models) await rm(root, { recursive: true, force: true });
  }
}
