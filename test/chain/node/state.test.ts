import { describe, expect, it } from 'vitest';
import { StateHistory } from '../../../chain/node/state.js';
import type { Hex } from '../../../chain/runtime/interface.js';

const v = (n: number) => Uint8Array.of(n);

function history(): StateHistory {
  const h = new StateHistory();
  h.apply(0, [
    ['0xaa01', v(1)],
    ['0xaa02', v(2)],
    ['0xbb', v(3)],
  ]);
  h.apply(1, [
    ['0xaa01', null],
    ['0xaa03', v(4)],
  ]);
  h.apply(3, [
    ['0xaa01', v(5)],
    ['0xaa0201', v(6)],
  ]);
  return h;
}

describe('StateHistory', () => {
  it('reads each key as of any block', () => {
    const h = history();
    expect(h.get('0xaa01', 0)).toEqual(v(1));
    expect(h.get('0xaa01', 1)).toBeUndefined();
    expect(h.get('0xaa01', 2)).toBeUndefined();
    expect(h.get('0xaa01', 3)).toEqual(v(5));
    expect(h.get('0xaa03', 0)).toBeUndefined();
    expect(h.get('0xaa03', 9)).toEqual(v(4));
  });

  it('lists keys by prefix in byte order, after a start key, up to a limit, at a block', () => {
    const h = history();
    expect(h.keys(0, '0xaa')).toEqual(['0xaa01', '0xaa02']);
    expect(h.keys(1, '0xaa')).toEqual(['0xaa02', '0xaa03']);
    expect(h.keys(3, '0xaa')).toEqual(['0xaa01', '0xaa02', '0xaa0201', '0xaa03']);
    expect(h.keys(3, '0xaa', '0xaa02')).toEqual(['0xaa0201', '0xaa03']);
    expect(h.keys(3, '0xaa', '0xaa01', 2)).toEqual(['0xaa02', '0xaa0201']);
    expect(h.keys(3, '0xaa', '0x00')).toEqual(['0xaa01', '0xaa02', '0xaa0201', '0xaa03']);
    expect(h.keys(3, '0x')).toHaveLength(5);
  });

  it('rebuilds the same view from a bulk load as from block-by-block apply', () => {
    const a = history();
    const b = new StateHistory();
    const versions: Array<[Hex, number, Uint8Array | null]> = [
      ['0xbb', 0, v(3)],
      ['0xaa01', 0, v(1)],
      ['0xaa01', 1, null],
      ['0xaa01', 3, v(5)],
      ['0xaa02', 0, v(2)],
      ['0xaa03', 1, v(4)],
      ['0xaa0201', 3, v(6)],
    ];
    for (const [key, n, value] of versions) b.load(key, n, value);
    b.finishLoad(3, 0);
    for (const n of [0, 1, 2, 3]) expect([...b.entries(n)]).toEqual([...a.entries(n)]);
  });

  it('merges many new keys at once in order', () => {
    const h = new StateHistory();
    const keys = Array.from(
      { length: 50 },
      (_, i) => `0x${((997 * i) % 256).toString(16).padStart(2, '0')}` as Hex,
    );
    h.apply(
      0,
      keys.map((k) => [k, v(1)] as [Hex, Uint8Array]),
    );
    const listed = h.keys(0, '0x');
    expect(listed).toEqual([...new Set(keys)].sort());
  });
});

describe('StateHistory with state pruning', () => {
  /** Applies `blocks` (block n writes blocks[n]) with pruning after each, as the chain's commit does. */
  function run(keepBlocks: number, blocks: Array<Array<[Hex, Uint8Array | null]>>): StateHistory {
    const h = new StateHistory({ keepBlocks });
    blocks.forEach((changes, n) => {
      const plan = h.planPrune(n);
      h.apply(n, changes);
      if (plan !== undefined) h.applyPrune(plan);
    });
    return h;
  }

  it('keeps the latest N blocks readable and exact, and memory bounded', () => {
    const blocks = Array.from(
      { length: 100 },
      (_, n): Array<[Hex, Uint8Array | null]> => [
        ['0x01', v(n)],
        [`0x02${(n % 7).toString(16).padStart(2, '0')}` as Hex, v(n)],
      ],
    );
    const archive = new StateHistory();
    for (const [n, changes] of blocks.entries()) archive.apply(n, changes);
    const h = run(4, blocks);
    expect(h.oldest).toBe(96);
    for (const n of [96, 97, 98, 99]) expect([...h.entries(n)]).toEqual([...archive.entries(n)]);
    // One version per key at or before the diff base (block 95), plus what the kept blocks wrote.
    expect(h.versionCount).toBeLessThanOrEqual(8 + 2 * 5);
    expect(archive.versionCount).toBe(200);
  });

  it('forgets a deleted key once no kept block can see it', () => {
    const h = run(2, [[['0xaa', v(1)]], [['0xaa', null]], [['0xbb', v(2)]], [['0xbb', v(3)]], []]);
    expect(h.oldest).toBe(3);
    expect(h.keys(4, '0x')).toEqual(['0xbb']);
    expect(h.keyCount).toBe(1);
    expect(h.get('0xbb', 3)).toEqual(v(3));
  });

  it('prunes an archive history on load and reports what the database must delete', () => {
    const h = new StateHistory({ keepBlocks: 2 });
    for (let n = 0; n < 10; n++) h.load('0x01', n, v(n));
    h.load('0x02', 1, v(1));
    h.load('0x02', 3, null);
    const plan = h.finishLoad(9, 0);
    expect(plan.oldest).toBe(8);
    expect(plan.drop.get('0x01')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(plan.drop.get('0x02')).toEqual([1, 3]);
    expect(h.get('0x01', 8)).toEqual(v(8));
    expect(h.keys(9, '0x')).toEqual(['0x01']);
  });

  it('never serves blocks a previous run pruned, even as an archive', () => {
    const h = new StateHistory();
    h.load('0x01', 5, v(5));
    expect(h.finishLoad(9, 6).oldest).toBe(6);
    expect(h.oldest).toBe(6);
  });
});
