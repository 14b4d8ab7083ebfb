import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../../../validator/verify/duplicates.js';

const D1 = 'a1'.repeat(32);
const D2 = 'b2'.repeat(32);

describe('findDuplicates', () => {
  it('keeps the earliest commitment of each digest, by block then uid', () => {
    const dups = findDuplicates([
      { uid: 5, bundleDigest: D1, commitBlock: 10 },
      { uid: 3, bundleDigest: D1, commitBlock: 12 },
      { uid: 7, bundleDigest: D1, commitBlock: 10 },
      { uid: 1, bundleDigest: D2, commitBlock: 40 },
    ]);
    expect([...dups].sort()).toEqual([
      [3, 5],
      [7, 5],
    ]);
  });

  it('compares digests case-insensitively and ignores old commitments', () => {
    const dups = findDuplicates([
      { uid: 1, bundleDigest: D1, commitBlock: 3 },
      { uid: 2, bundleDigest: D1.toUpperCase(), commitBlock: 4 },
      { uid: 3, bundleDigest: undefined, commitBlock: 1 },
      { uid: 4, bundleDigest: undefined, commitBlock: 1 },
    ]);
    expect([...dups]).toEqual([[2, 1]]);
  });

  it('allows every copy under `allow`', () => {
    const miners = [
      { uid: 1, bundleDigest: D1, commitBlock: 3 },
      { uid: 2, bundleDigest: D1, commitBlock: 4 },
    ];
    expect(findDuplicates(miners, 'allow').size).toBe(0);
    expect(findDuplicates(miners).get(2)).toBe(1);
  });

  it('a later re-commit loses priority to an earlier copier', () => {
    // uid 1 committed D1 first, then re-committed at block 50: uid 2 (block 20) is now the earliest.
    const dups = findDuplicates([
      { uid: 1, bundleDigest: D1, commitBlock: 50 },
      { uid: 2, bundleDigest: D1, commitBlock: 20 },
    ]);
    expect([...dups]).toEqual([[1, 2]]);
  });
});
