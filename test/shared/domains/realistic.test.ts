/**
 * The hand-written realistic sets (data/realistic/) are held out: balanced, big enough to measure, and
 * independent of the generator. Independence is checked two ways: no 8-word sequence of a realistic
 * item appears in a literal stretch of any template or phrase list, nor in a few thousand generated
 * items of every difficulty (which covers sequences that span alternatives and slots).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../../../shared/domains/definition.js';
import { DIFFICULTIES, generateItems, loadJsonlItems } from '../../../shared/domains/index.js';
import { TASK_DEFINITIONS } from '../../../shared/domains/tasks/index.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const DIR = join(ROOT, 'data/realistic');
const N = 8;
const GENERATED_PER_DIFFICULTY = 1_500;

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function ngrams(tokens: readonly string[], into: Set<string> = new Set()): Set<string> {
  for (let i = 0; i + N <= tokens.length; i++) into.add(tokens.slice(i, i + N).join(' '));
  return into;
}

/** Every template and phrase of a task, as written (before expansion). */
function templateTexts(def: TaskDefinition): string[] {
  const perLabel = [def.decisive, def.support, def.mentions, def.decoys];
  return [
    ...perLabel.flatMap((table) => Object.values(table ?? {}).flat()),
    ...def.boilerplate,
    ...(def.openers ?? []),
    ...Object.values(def.slots).flatMap((v) => (typeof v === 'function' ? [] : v)),
  ];
}

/** 8-grams of the literal stretches of templates (split at `[`, `|`, `]`, `{`, `}`). */
function templateNgrams(def: TaskDefinition): Set<string> {
  const out = new Set<string>();
  for (const template of templateTexts(def)) {
    for (const literal of template.split(/[[\]|{}]/)) ngrams(words(literal), out);
  }
  return out;
}

function generatedNgrams(def: TaskDefinition): Set<string> {
  const out = new Set<string>();
  for (const difficulty of DIFFICULTIES) {
    const items = generateItems({
      domain: def.spec.domain,
      task: def.spec.task,
      seed: `overlap-check/${difficulty}`,
      n: GENERATED_PER_DIFFICULTY,
      difficulty,
    });
    for (const item of items) ngrams(words(item.text), out);
  }
  return out;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.jsonl'));

describe('realistic held-out sets', () => {
  it('exist for every task', () => {
    expect(files.sort()).toEqual(TASK_DEFINITIONS.map((d) => `${d.spec.domain}-${d.spec.task}.jsonl`).sort());
  });

  describe.each(TASK_DEFINITIONS.map((d) => [`${d.spec.domain}/${d.spec.task}`, d] as const))(
    '%s',
    (_id, def) => {
      const path = join(DIR, `${def.spec.domain}-${def.spec.task}.jsonl`);

      it('has at least 120 valid items, balanced over the labels, no duplicates', async () => {
        const items = await loadJsonlItems(path, def.spec);
        expect(items.length).toBeGreaterThanOrEqual(120);
        const counts = def.spec.labels.map((label) => items.filter((i) => i.label === label).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(new Set(items.map((i) => i.text.trim().toLowerCase())).size).toBe(items.length);
      });

      it('shares no 8-word sequence with the generator (templates, phrase lists, generated items)', async () => {
        const items = await loadJsonlItems(path, def.spec);
        const templates = templateNgrams(def);
        const generated = generatedNgrams(def);
        const shared: string[] = [];
        for (const item of items) {
          for (const gram of ngrams(words(item.text))) {
            if (templates.has(gram) || generated.has(gram))
              shared.push(`"${gram}" in: ${item.text.slice(0, 80)}…`);
          }
        }
        expect(shared).toEqual([]);
      }, 60_000);
    },
  );

  it('is never read by code that trains or serves models', () => {
    // Held out means held out: only benches, tests and docs may name the folder (`realistic/...`).
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const rel = join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts') && /realistic\//.test(readFileSync(join(ROOT, rel), 'utf8'))) {
          offenders.push(rel);
        }
      }
    };
    for (const dir of ['shared', 'miner', 'validator', 'scripts']) walk(dir);
    expect(offenders).toEqual([]);
  });
});
