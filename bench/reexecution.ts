/**
 * Re-execution figures behind `toleranceFor` and `--verify.cpu_share` (run: `npm run bench reexecution`):
 *
 * - |Δp| between the miner's path (inference worker, ORT's default thread count, the whole request
 *   in one batch, probabilities rounded to float32 on the wire) and the validator's (re-execution
 *   worker, one thread, only the spot-checked items in their own batch), per model;
 * - |Δp| between two re-executions of the same batch;
 * - the cost: loading a bundle, and worker time per re-executed item.
 *
 * Models: the built defaults in `models/` (`npm run build:models`; skipped when absent) and a small
 * random bag model. Flags: `--items N` per model (default 512), `--request N` texts per request (32).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InferenceWorker } from '../miner/inference/inference-worker.js';
import { generateItems, isDomainName } from '../shared/domains/index.js';
import { readManifest } from '../shared/models/manifest.js';
import { decodeClassifyPayload, encodeClassifyPayload } from '../shared/protocol/index.js';
import { writeRandomBagModel } from '../testkit/bag-model.js';
import { Reexecutor } from '../validator/verify/reexecute.js';
import { compareOutputs, toleranceFor } from '../validator/verify/tolerance.js';
import { fmt, median, percentile } from './stats.js';

const MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));
const BACKEND = new URL('../miner/inference/domain-model-backend.ts', import.meta.url);

interface ModelFigures {
  name: string;
  items: number;
  /** Miner wire output vs re-execution. */
  minerMax: number;
  /** Re-execution twice on the same batch. */
  repeatMax: number;
  loadMs: number;
  perItemMs: number;
}

export async function run(args: readonly string[] = []): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: { items: { type: 'string', default: '512' }, request: { type: 'string', default: '32' } },
    strict: false,
  });
  const items = Number(values.items);
  const request = Number(values.request);
  const scratch = await mkdtemp(join(tmpdir(), 'expertnet-reexec-'));
  const dirs: { name: string; dir: string }[] = [];
  const random = join(scratch, 'random-bag');
  await writeRandomBagModel(random, 7);
  dirs.push({ name: 'random-bag (testkit)', dir: random });
  const built = await readdir(MODELS_DIR).catch(() => [] as string[]);
  for (const name of built.sort()) dirs.push({ name, dir: join(MODELS_DIR, name) });

  const figures: ModelFigures[] = [];
  try {
    for (const { name, dir } of dirs) figures.push(await measure(name, dir, items, request));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(`max |Δp| per model (${items} items, requests of ${request}, spot checks of 1..4 items):`);
  console.log('model                          miner→reexec   reexec×2   load ms   ms/item');
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(30)} ${f.minerMax.toExponential(2).padStart(12)} ${f.repeatMax.toExponential(2).padStart(10)} ` +
        `${fmt(f.loadMs, 0).padStart(9)} ${fmt(f.perItemMs, 3).padStart(9)}`,
    );
  }
  const worst = Math.max(...figures.map((f) => f.minerMax));
  console.log(`worst miner→reexec |Δp| on CPU: ${worst.toExponential(2)}`);
  await substitutions(built, items);
}

/**
 * What a substituted model looks like: per item, max |Δp| between the committed tier and another tier
 * of the same task; the share of items within the CPU tolerance is the chance one checked item misses it.
 */
async function substitutions(built: string[], n: number): Promise<void> {
  const pairs: [string, string][] = [];
  for (const strong of built.filter((b) => b.endsWith('-strong'))) {
    const task = strong.slice(0, -'-strong'.length);
    for (const other of [`${task}-medium`, `${task}-weak`])
      if (built.includes(other)) pairs.push([strong, other]);
  }
  if (pairs.length === 0) return;
  const tolerance = toleranceFor('cpu');
  console.log(`\nsubstituted model, per-item max |Δp| (${n} items; tolerance ${tolerance}):`);
  console.log('committed → served                                   min        p5    median  ≤tol');
  const reexec = new Reexecutor({ cpuShare: 1 });
  try {
    for (const [a, b] of pairs) {
      const manifest = await readManifest(join(MODELS_DIR, a));
      if (!isDomainName(manifest.domain)) continue;
      const texts = generateItems({
        domain: manifest.domain,
        task: manifest.task,
        seed: 'reexec-sub',
        n,
      }).map((i) => i.text);
      const x = (await reexec.run(join(MODELS_DIR, a), texts)).probabilities;
      const y = (await reexec.run(join(MODELS_DIR, b), texts)).probabilities;
      const diffs = x
        .map((row, i) => compareOutputs([row], [y[i] ?? []], 1).maxAbsDiff)
        .sort((p, q) => p - q);
      const within = diffs.filter((d) => d <= tolerance).length;
      console.log(
        `${`${a} → ${b}`.padEnd(50)} ${fmt(diffs[0] ?? 0, 4).padStart(8)} ${fmt(percentile(diffs, 5), 4).padStart(9)} ` +
          `${fmt(median(diffs), 4).padStart(9)} ${String(within).padStart(5)}`,
      );
    }
  } finally {
    await reexec.close();
  }
}

async function measure(name: string, dir: string, n: number, request: number): Promise<ModelFigures> {
  const manifest = await readManifest(dir);
  const texts = isDomainName(manifest.domain)
    ? generateItems({ domain: manifest.domain, task: manifest.task, seed: 'reexec-bench', n }).map(
        (i) => i.text,
      )
    : Array.from({ length: n }, (_, i) => `item ${i}`);
  const miner = await InferenceWorker.start({ backendModule: BACKEND, modelDir: dir, maxBatch: request });
  const reexec = new Reexecutor({ cpuShare: 1 });
  let minerMax = 0;
  let repeatMax = 0;
  const perItem: number[] = [];
  let loadMs = 0;
  try {
    for (let from = 0; from + request <= texts.length; from += request) {
      const batch = texts.slice(from, from + request);
      const { probs } = await miner.classify(batch);
      const classes = manifest.labels.length;
      const probabilities = Array.from({ length: batch.length }, (_, i) =>
        Array.from(probs.subarray(i * classes, (i + 1) * classes)),
      );
      // What the validator decodes: the float32 wire values.
      const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 1 });
      const claimed = decodeClassifyPayload(payload, { items: batch.length, labels: classes }).probabilities;
      const picks = pick(batch.length, 1 + (from % 4), from);
      const first = await reexec.run(
        dir,
        picks.map((i) => batch[i] ?? ''),
      );
      if (from === 0) loadMs = first.cpuMs;
      else perItem.push(first.cpuMs / picks.length);
      const again = await reexec.run(
        dir,
        picks.map((i) => batch[i] ?? ''),
      );
      minerMax = Math.max(
        minerMax,
        compareOutputs(
          picks.map((i) => claimed[i] ?? []),
          first.probabilities,
          1,
        ).maxAbsDiff,
      );
      repeatMax = Math.max(repeatMax, compareOutputs(first.probabilities, again.probabilities, 1).maxAbsDiff);
    }
  } finally {
    await reexec.close();
    await miner.close();
  }
  return { name, items: n, minerMax, repeatMax, loadMs, perItemMs: median(perItem) };
}

/** `k` distinct indices below `n`, spread by `salt` (deterministic). */
function pick(n: number, k: number, salt: number): number[] {
  const out = new Set<number>();
  for (let i = 0; out.size < Math.min(k, n); i++) out.add((salt * 7 + i * 13) % n);
  return [...out];
}
