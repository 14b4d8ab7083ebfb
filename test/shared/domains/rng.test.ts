import { describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/domains/rng.js';

describe('Rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng('x');
    const b = new Rng('x');
    const c = new Rng('y');
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws integers in range, roughly uniformly', () => {
    const rng = new Rng('uniform');
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[rng.int(0, 5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
    for (const c of counts) expect(c).toBeLessThan(1150);
  });

  it('shuffles to a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5, 6, 7];
    const out = new Rng('s').shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...out].sort()).toEqual(input);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new Rng('e').pick([])).toThrow(RangeError);
  });
});
