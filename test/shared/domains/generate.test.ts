import { describe, expect, it } from 'vitest';
import {
  DomainError,
  generateItems,
  getTask,
  iterateItems,
  listTasks,
  MAX_GENERATE_ITEMS,
} from '../../../shared/domains/index.js';

const tasks = listTasks();

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('listTasks / getTask', () => {
  it('lists the required tasks with enough labels and a doc line per label', () => {
    const ids = tasks.map((t) => `${t.domain}/${t.task}`);
    expect(ids).toEqual(
      expect.arrayContaining(['legal/clause', 'medical/specialty', 'finance/sentiment', 'finance/event']),
    );
    expect(getTask('legal', 'clause').labels.length).toBeGreaterThanOrEqual(10);
    expect(getTask('medical', 'specialty').labels.length).toBeGreaterThanOrEqual(10);
    expect(getTask('finance', 'sentiment').labels).toEqual(['positive', 'negative', 'neutral']);
    expect(getTask('finance', 'event').labels.length).toBeGreaterThanOrEqual(6);
    for (const t of tasks) {
      expect(new Set(t.labels).size).toBe(t.labels.length);
      expect(Object.keys(t.labelDocs).sort()).toEqual([...t.labels].sort());
      for (const doc of Object.values(t.labelDocs)) expect(doc.length).toBeGreaterThan(10);
    }
  });

  it('defaults to the first task of a domain', () => {
    expect(getTask('finance').task).toBe(tasks.find((t) => t.domain === 'finance')!.task);
  });

  it('rejects an unknown domain, listing the valid ones', () => {
    const err = caught(() => getTask('astrology'));
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).type).toEqual({
      code: 'UNKNOWN_DOMAIN',
      domain: 'astrology',
      valid: ['legal', 'medical', 'finance'],
    });
    expect((err as DomainError).message).toContain('legal, medical, finance');
  });

  it('rejects an unknown task, listing the domain’s tasks', () => {
    const err = caught(() => getTask('finance', 'horoscope')) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.type).toMatchObject({ code: 'UNKNOWN_TASK', domain: 'finance', task: 'horoscope' });
    if (err.type.code !== 'UNKNOWN_TASK') throw err;
    expect(err.type.valid).toEqual(expect.arrayContaining(['sentiment', 'event']));
    expect(err.message).toContain('sentiment');
  });
});

describe.each(tasks.map((t) => [`${t.domain}/${t.task}`, t] as const))('generateItems %s', (_id, spec) => {
  const params = { domain: spec.domain, task: spec.task };
  const items = generateItems({ ...params, seed: 42, n: 2000 });

  it('is deterministic for a seed', () => {
    expect(generateItems({ ...params, seed: 42, n: 50 })).toEqual(items.slice(0, 50));
  });

  it('gives different items for a different seed', () => {
    const other = generateItems({ ...params, seed: 43, n: 200 });
    const mine = new Set(items.slice(0, 200).map((i) => i.text));
    const shared = other.filter((i) => mine.has(i.text)).length;
    expect(shared).toBeLessThan(10);
  });

  it('is diverse: ≥ 95 % distinct texts in 2,000 items', () => {
    expect(new Set(items.map((i) => i.text)).size).toBeGreaterThanOrEqual(1900);
  });

  it('generates every label, balanced to within one item per label', () => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...spec.labels].sort());
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
  });

  it('produces clean, non-empty text without template syntax left over', () => {
    for (const { text } of items) {
      expect(text.trim().length).toBeGreaterThan(20);
      expect(text).not.toMatch(/[{}[\]|]|\s{2,}|undefined|NaN/);
    }
  });

  it('varies text length (distractors and optional detail)', () => {
    const lengths = items.map((i) => i.text.length).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length * 0.9)]!).toBeGreaterThan(
      1.8 * lengths[Math.floor(lengths.length * 0.1)]!,
    );
  });
});

describe('generation parameters', () => {
  it('keeps a short run a prefix of a longer one (stream form)', () => {
    const stream = iterateItems({ domain: 'legal', seed: 'abc' });
    const first = Array.from({ length: 30 }, () => stream.next().value);
    expect(first).toEqual(generateItems({ domain: 'legal', seed: 'abc', n: 30 }));
  });

  it('separates tasks and seed types', () => {
    const a = generateItems({ domain: 'finance', task: 'sentiment', seed: 1, n: 20 });
    const b = generateItems({ domain: 'finance', task: 'sentiment', seed: '1', n: 20 });
    expect(a).not.toEqual(b);
  });

  it('accepts n = 0', () => {
    expect(generateItems({ domain: 'medical', seed: 1, n: 0 })).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN, MAX_GENERATE_ITEMS + 1])('rejects n = %s', (n) => {
    const err = caught(() => generateItems({ domain: 'medical', seed: 1, n })) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.type).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'n' });
  });

  it.each([Number.POSITIVE_INFINITY, Number.NaN, null])('rejects seed %s', (seed) => {
    const err = caught(() => generateItems({ domain: 'medical', seed: seed as number, n: 1 })) as DomainError;
    expect(err.type).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'seed' });
  });

  it('rejects an unknown domain through generateItems too', () => {
    const err = caught(() => generateItems({ domain: 'nope' as 'legal', seed: 1, n: 1 })) as DomainError;
    expect(err.code).toBe('UNKNOWN_DOMAIN');
  });
});
