import { describe, expect, it } from 'vitest';
import type { Hex } from '../../../chain/runtime/interface.js';
import { AccountId32 } from '../../../chain/runtime/scale/substrate.js';
import { u32, vec } from '../../../chain/runtime/scale/ty.js';
import { mapState, Overlay, StorageMap, storagePrefix } from '../../../chain/runtime/storage.js';

const v = (n: number) => new Uint8Array([n]);

describe('Overlay', () => {
  it('layers writes, commits and rolls back', () => {
    const base = mapState(new Map<Hex, Uint8Array>([['0x01', v(1)]]));
    const o = new Overlay(base);
    o.set('0x02', v(2));
    o.begin();
    o.set('0x01', null);
    o.set('0x03', v(3));
    expect(o.get('0x01')).toBeUndefined();
    o.rollback();
    expect(o.get('0x01')).toEqual(v(1));
    expect(o.get('0x03')).toBeUndefined();
    o.begin();
    o.set('0x01', v(9));
    o.commit();
    expect([...o.changes()]).toEqual([
      ['0x02', v(2)],
      ['0x01', v(9)],
    ]);
  });

  it('merges keys of the base and the layers in byte order, without deleted ones, honouring limits', () => {
    const base = mapState(
      new Map<Hex, Uint8Array>([
        ['0xaa01', v(1)],
        ['0xaa03', v(3)],
        ['0xbb', v(0)],
      ]),
    );
    const o = new Overlay(base);
    o.set('0xaa02', v(2));
    o.set('0xaa03', null);
    o.set('0xaa00', v(0));
    expect(o.keys('0xaa')).toEqual(['0xaa00', '0xaa01', '0xaa02']);
    expect(o.keys('0xaa', '0xaa00', 1)).toEqual(['0xaa01']);
  });

  it('refuses commit or rollback without an open layer', () => {
    const o = new Overlay(mapState(new Map()));
    expect(() => o.commit()).toThrow();
    expect(() => o.rollback()).toThrow();
  });
});

describe('storage keys', () => {
  it('uses FRAME key layout (System.Account = twox128 ++ twox128 ++ blake2_128concat)', () => {
    expect(storagePrefix('System', 'Account')).toBe(
      '0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9',
    );
    const m = new StorageMap<[Uint8Array, number], number>(
      'Test',
      'Double',
      [
        { ty: AccountId32, hasher: 'Blake2_128Concat' },
        { ty: u32, hasher: 'Twox64Concat' },
      ],
      u32,
      { default: 0 },
    );
    const o = new Overlay(mapState(new Map()));
    const who = new Uint8Array(32).fill(1);
    m.put(o, 5, who, 7);
    m.put(o, 6, who, 8);
    expect(m.get(o, who, 7)).toBe(5);
    expect(m.get(o, who, 9)).toBe(0);
    expect(m.keyOf(who, 7).startsWith(m.prefixOf(who))).toBe(true);
    expect(m.values(o, [who]).sort()).toEqual([5, 6]);
  });
});

describe('StorageMap defaults', () => {
  it('hands out a new default each time, so changing one never changes another missing key', () => {
    const item = new StorageMap<[number], number[]>(
      'Test',
      'Vectors',
      [{ ty: u32, hasher: 'Identity' }],
      vec(u32),
      {
        default: [],
      },
    );
    const state = new Overlay(mapState(new Map()));
    const first = item.get(state, 1);
    first.push(7);
    expect(item.get(state, 2)).toEqual([]);
    expect(item.get(state, 1)).toEqual([]);
  });
});
