/**
 * The data set items of an epoch. `--dataset` items cannot be regenerated from a seed, so at epoch
 * start the validator draws, with the epoch seed, up to `DATASET_ITEMS_PER_EPOCH` usable items per task
 * (`epochDatasets`), commits their hash with the seed (`datasetHash`) and uses only those in the
 * epoch's challenges. After the epoch it reveals them (default) so replay can rebuild those challenges,
 * or keeps them secret (`--audit.reveal_dataset false`: replay is PARTIAL). Revealed items are spent:
 * a small draw per epoch keeps most of the data set private.
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { getTaskDefinition, type LabelledItem } from '../../shared/domains/index.js';
import { Rng } from '../../shared/domains/rng.js';
import { DEFAULT_LIMITS } from '../../shared/protocol/index.js';
import type { DatasetReveal } from './audit-types.js';

/** Items drawn per task and epoch. */
export const DATASET_ITEMS_PER_EPOCH = 64;
export const ZERO_HASH = new Uint8Array(32);

/**
 * Per `domain/task`, the epoch's items: a seed-ordered draw without replacement of the task's usable
 * items (label of the task, 1..maxTextChars characters). Deterministic in (seed, items).
 */
export function epochDatasets(
  datasets: ReadonlyMap<string, readonly LabelledItem[]>,
  seed: Uint8Array,
  perTask = DATASET_ITEMS_PER_EPOCH,
): Map<string, LabelledItem[]> {
  const out = new Map<string, LabelledItem[]>();
  const seedHex = Buffer.from(seed).toString('hex');
  for (const key of [...datasets.keys()].sort()) {
    const [domain, task] = key.split('/');
    let labels: Set<string>;
    try {
      labels = new Set(getTaskDefinition(domain ?? '', task).spec.labels);
    } catch {
      continue; // a task this build does not know is never challenged
    }
    const usable = (datasets.get(key) ?? []).filter(
      (item) =>
        labels.has(item.label) && item.text.length > 0 && item.text.length <= DEFAULT_LIMITS.maxTextChars,
    );
    if (usable.length === 0) continue;
    const rng = new Rng(`expertnet/epoch-dataset/v1/${seedHex}/${key}`);
    const n = Math.min(perTask, usable.length);
    // Partial Fisher–Yates: the first n of a seed-shuffled copy.
    const copy = [...usable];
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rng.next() * (copy.length - i));
      const a = copy[i];
      const b = copy[j];
      if (a === undefined || b === undefined) break;
      copy[i] = b;
      copy[j] = a;
    }
    out.set(
      key,
      copy.slice(0, n).map((item) => ({ text: item.text, label: item.label })),
    );
  }
  return out;
}

/** The reveal form: tasks sorted, items in their draw order, only text and label. */
export function datasetReveal(items: ReadonlyMap<string, readonly LabelledItem[]>): DatasetReveal[] {
  return [...items.keys()].sort().map((task) => ({
    task,
    items: (items.get(task) ?? []).map((item) => ({ text: item.text, label: item.label })),
  }));
}

/**
 * blake2_256 of the canonical JSON of a reveal: tasks sorted, keys in the order task, items / text,
 * label, no spaces (`JSON.stringify` of `datasetReveal`); 32 zero bytes when it holds no item.
 */
export function datasetHash(reveal: readonly DatasetReveal[]): Uint8Array {
  const canonical = [...reveal]
    .sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : 0))
    .map((r) => ({ task: r.task, items: r.items.map((item) => ({ text: item.text, label: item.label })) }));
  if (canonical.every((r) => r.items.length === 0)) return ZERO_HASH;
  return blake2AsU8a(new TextEncoder().encode(JSON.stringify(canonical)), 256);
}

/** A reveal back into the map `buildChallenge` takes (`domain/task` → items). */
export function revealedDatasets(reveal: readonly DatasetReveal[]): Map<string, LabelledItem[]> {
  return new Map(
    reveal.map((r) => [r.task, r.items.map((item) => ({ text: item.text, label: item.label }))]),
  );
}
