import { describe, expect, it } from 'vitest';
import { Featuriser, type FeaturiserSettings, fnv1a32, tokenize } from '../../../shared/models/featuriser.js';

const SETTINGS: FeaturiserSettings = {
  buckets: 1 << 16,
  wordNgrams: 2,
  charNgrams: [3, 5],
  maxTokens: 256,
  maxWordChars: 32,
};

/** Straightforward FNV-1a over the UTF-8 bytes Node's Buffer produces, to check the incremental one. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32 test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes UTF-8 bytes, including 2-, 3- and 4-byte characters', () => {
    for (const s of ['é', 'naïve café', '€100', '日本語', 'emoji 😀 text'])
      expect(fnv1a32(s)).toBe(referenceFnv(s));
  });
});

describe('tokenize', () => {
  it('lower-cases and keeps runs of letters and digits only', () => {
    expect(tokenize("The Buyer's NET-30 invoice, Ünïcode!")).toEqual([
      'the',
      'buyer',
      's',
      'net',
      '30',
      'invoice',
      'ünïcode',
    ]);
  });
});

/** The features of a text computed from the documented algorithm with plain strings, slowly. */
function referenceFeatures(text: string, s: FeaturiserSettings): Map<number, number> {
  const words = tokenize(text)
    .slice(0, s.maxTokens)
    .map((w) => Array.from(w).slice(0, s.maxWordChars).join(''));
  const out = new Map<number, number>();
  const add = (key: string, w: number) => {
    const id = fnv1a32(key) % s.buckets;
    out.set(id, (out.get(id) ?? 0) + w);
  };
  let units = 0;
  const raw: [string, number][] = [];
  words.forEach((w, t) => {
    const keys = [`w1:${w}`];
    if (s.charNgrams) {
      const cps = Array.from(`<${w}>`);
      for (let n = s.charNgrams[0]; n <= s.charNgrams[1]; n++) {
        for (let i = 0; i + n <= cps.length; i++) keys.push(`c:${cps.slice(i, i + n).join('')}`);
      }
    }
    for (const k of keys) raw.push([k, 1 / keys.length]);
    units++;
    for (let g = 2; g <= s.wordNgrams && g <= t + 1; g++) {
      raw.push([`w${g}:${words.slice(t - g + 1, t + 1).join(' ')}`, 1]);
      units++;
    }
  });
  for (const [k, w] of raw) add(k, w / units);
  return out;
}

function asMap(ids: Int32Array, weights: Float32Array): Map<number, number> {
  const out = new Map<number, number>();
  ids.forEach((id, i) => {
    out.set(id, (out.get(id) ?? 0) + weights[i]!);
  });
  return out;
}

describe('Featuriser', () => {
  const texts = [
    'The Supplier shall indemnify the Customer against third-party claims.',
    'Revenue rose 12% while costs fell; shares jumped after the beat.',
    'Pt denies chest pain. ECG shows atrial fibrillation, naïve to anticoagulation.',
    'a',
    '',
    '!!! ...',
  ];

  it('follows the documented algorithm (ids and weights)', () => {
    const f = new Featuriser(SETTINGS);
    for (const text of texts) {
      const bag = f.featurise(text);
      const expected = referenceFeatures(text, SETTINGS);
      const actual = asMap(bag.ids, bag.weights);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [id, w] of expected) expect(actual.get(id)).toBeCloseTo(w, 6);
    }
  });

  it('is deterministic across instances and unaffected by earlier (longer) texts', () => {
    const a = new Featuriser(SETTINGS);
    const b = new Featuriser(SETTINGS);
    const short = texts[1]!;
    const before = a.featurise(short);
    a.featurise(`${texts[0]!} `.repeat(200));
    expect(a.featurise(short)).toEqual(before);
    expect(b.featurise(short)).toEqual(before);
  });

  it('encode() and featurise() agree', () => {
    const f = new Featuriser(SETTINGS);
    const n = f.encode(texts[2]!);
    const ids = f.ids.slice(0, n);
    const weights = f.weights.slice(0, n);
    expect(f.featurise(texts[2]!)).toEqual({ ids, weights });
  });

  it('weights sum to 1, ids stay inside the buckets, case does not matter', () => {
    const f = new Featuriser({ ...SETTINGS, buckets: 97 });
    const bag = f.featurise(texts[0]!);
    expect(bag.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
    expect(Math.max(...bag.ids)).toBeLessThan(97);
    expect(Math.min(...bag.ids)).toBeGreaterThanOrEqual(0);
    expect(f.featurise(texts[0]!.toUpperCase())).toEqual(bag);
  });

  it('has no features for text without words', () => {
    const f = new Featuriser(SETTINGS);
    expect(f.encode('')).toBe(0);
    expect(f.encode(' ,.;!? ')).toBe(0);
  });

  it('truncates to maxTokens and maxWordChars', () => {
    const f = new Featuriser({ ...SETTINGS, maxTokens: 3, maxWordChars: 4, charNgrams: null, wordNgrams: 1 });
    expect(f.featurise('alpha beta gamma delta epsilon')).toEqual(f.featurise('alph beta gamm'));
    expect(f.featurise('one two three four').ids.length).toBe(3);
    expect(f.maxFeatures()).toBe(3);
  });

  it('rejects bad settings with a typed error', () => {
    expect(() => new Featuriser({ ...SETTINGS, buckets: 0 })).toThrow(/buckets/);
    expect(() => new Featuriser({ ...SETTINGS, charNgrams: [5, 3] })).toThrow(/charNgrams/);
    expect(() => new Featuriser({ ...SETTINGS, wordNgrams: 1.5 })).toThrow(/wordNgrams/);
  });
});
