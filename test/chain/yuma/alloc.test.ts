import { describe, expect, it } from 'vitest';
import { EpochArena, HEAP_ALLOCATOR } from '../../../chain/yuma/alloc.js';

describe('row allocators', () => {
  it('the arena hands out consecutive, non-overlapping rows and reuses them after reset', () => {
    const arena = new EpochArena();
    const a = arena.reserve(10);
    a.val.fill(1);
    arena.commit(4); // only 4 kept: the next row starts right after them
    const b = arena.reserve(3);
    b.val.fill(2);
    arena.commit(3);
    expect(Array.from(a.val.subarray(0, 4))).toEqual([1, 1, 1, 1]);
    expect(b.val.byteOffset).toBe(a.val.byteOffset + 4 * 8);
    arena.reset();
    const c = arena.reserve(2);
    expect(c.val.buffer).toBe(a.val.buffer);
    expect(c.val.byteOffset).toBe(a.val.byteOffset);
  });

  it('grows past its slab without disturbing rows already handed out', () => {
    const arena = new EpochArena();
    const first = arena.reserve(5);
    first.val.set([1, 2, 3, 4, 5]);
    arena.commit(5);
    const big = arena.reserve(1 << 20);
    big.val.fill(9);
    arena.commit(1 << 20);
    expect(Array.from(first.val)).toEqual([1, 2, 3, 4, 5]);
    expect(big.val.length).toBe(1 << 20);
  });

  it('the heap allocator returns fresh zeroed arrays', () => {
    const r = HEAP_ALLOCATOR.reserve(3);
    expect(Array.from(r.val)).toEqual([0, 0, 0]);
    expect(HEAP_ALLOCATOR.reserve(3).val).not.toBe(r.val);
  });
});
