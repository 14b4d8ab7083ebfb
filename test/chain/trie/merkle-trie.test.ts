import { compactToU8a, stringToU8a, u8aCmp, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import {
  MerkleTrie,
  orderedTrieRoot,
  TrieError,
  trieRoot,
  trieVersionsForSystemVersion,
} from '../../../chain/trie/index.js';
import {
  EMPTY_ROOT,
  HOST_API_ORDERED_ROOTS,
  HOST_API_TRIE_ROOTS,
  HOST_API_TWO_PAIR_ROOTS,
  randomBytes,
  SUBSTRATE_STATE_ROOTS,
  seededRandom,
  VERSIONED_ROOTS,
} from './vectors.js';

const utf8 = (entries: [string, string][]) =>
  entries.map(([k, v]) => [stringToU8a(k), stringToU8a(v)] as [Uint8Array, Uint8Array]);
const hex = (bytes: Uint8Array) => u8aToHex(bytes);

describe('known roots', () => {
  it('empty trie', () => {
    expect(hex(new MerkleTrie().root())).toBe(EMPTY_ROOT);
    expect(hex(trieRoot([], 0))).toBe(EMPTY_ROOT);
    expect(hex(orderedTrieRoot([], 1))).toBe(EMPTY_ROOT);
  });

  it('Substrate state-machine roots, both versions', () => {
    for (const { entries, root } of SUBSTRATE_STATE_ROOTS) {
      expect(hex(trieRoot(utf8(entries), 0))).toBe(root);
      expect(hex(trieRoot(utf8(entries), 1))).toBe(root);
    }
  });

  it('V0 and V1 roots with a value over 32 bytes', () => {
    expect(hex(trieRoot(utf8(VERSIONED_ROOTS.entries), 0))).toBe(VERSIONED_ROOTS.v0);
    expect(hex(trieRoot(utf8(VERSIONED_ROOTS.entries), 1))).toBe(VERSIONED_ROOTS.v1);
  });

  it('Polkadot Host conformance roots (V0)', () => {
    for (const { entries, root } of [...HOST_API_TWO_PAIR_ROOTS, ...HOST_API_TRIE_ROOTS]) {
      expect(hex(trieRoot(utf8(entries), 0))).toBe(root);
    }
    for (const { values, root } of HOST_API_ORDERED_ROOTS) {
      expect(
        hex(
          orderedTrieRoot(
            values.map((v) => stringToU8a(v)),
            0,
          ),
        ),
      ).toBe(root);
    }
  });

  it('maps system_version to state and extrinsics trie versions', () => {
    expect(trieVersionsForSystemVersion(0)).toEqual({ state: 0, extrinsics: 0 });
    expect(trieVersionsForSystemVersion(1)).toEqual({ state: 1, extrinsics: 0 });
    expect(trieVersionsForSystemVersion(2)).toEqual({ state: 1, extrinsics: 1 });
  });

  it('ordered root keys values by SCALE compact index', () => {
    const values = Array.from({ length: 70 }, (_, i) => stringToU8a(`extrinsic-${i}`));
    const byHand = trieRoot(
      values.map((v, i) => [compactToU8a(i), v]),
      1,
    );
    expect(hex(orderedTrieRoot(values, 1))).toBe(hex(byHand));
  });
});

describe('state versions', () => {
  const base = utf8([
    ['alpha', 'short'],
    ['alphabet', 'x'.repeat(32)],
    ['beta', ''],
  ]);

  it('agree while every value is at most 32 bytes', () => {
    expect(hex(trieRoot(base, 0))).toBe(hex(trieRoot(base, 1)));
  });

  it('differ once a value reaches 33 bytes', () => {
    const withLong = [...base, [stringToU8a('gamma'), new Uint8Array(33)] as [Uint8Array, Uint8Array]];
    expect(hex(trieRoot(withLong, 0))).not.toBe(hex(trieRoot(withLong, 1)));
  });
});

describe('MerkleTrie', () => {
  it('gets, sets, deletes and counts', () => {
    const trie = new MerkleTrie();
    trie.set('0x0102', '0xaa');
    trie.set(new Uint8Array([1, 2, 3]), new Uint8Array());
    trie.set('0x01', '0xbb');
    expect(trie.size).toBe(3);
    expect(hex(trie.get('0x0102')!)).toBe('0xaa');
    expect(trie.get('0x010203')).toEqual(new Uint8Array());
    expect(trie.has('0x010203')).toBe(true);
    expect(trie.get('0x0103')).toBeUndefined();
    expect(trie.get('0x')).toBeUndefined();

    trie.set('0x0102', '0xcc');
    expect(trie.size).toBe(3);
    expect(hex(trie.get('0x0102')!)).toBe('0xcc');

    expect(trie.delete('0x0102')).toBe(true);
    expect(trie.delete('0x0102')).toBe(false);
    expect(trie.delete('0x09')).toBe(false);
    expect(trie.size).toBe(2);
    expect(trie.get('0x0102')).toBeUndefined();
    expect(trie.get('0x010203')).toEqual(new Uint8Array());
  });

  it('treats an empty value as stored, unlike a deletion', () => {
    const trie = new MerkleTrie();
    trie.set('0x10', '0x01');
    const before = hex(trie.root());
    trie.set('0x20', '0x');
    expect(hex(trie.root())).not.toBe(before);
    trie.delete('0x20');
    expect(hex(trie.root())).toBe(before);
  });

  it('matches the one-shot root after seeded random inserts and deletes', () => {
    for (const [seed, version] of [
      [1, 1],
      [2, 0],
      [3, 1],
    ] as const) {
      const random = seededRandom(seed);
      const trie = new MerkleTrie({ stateVersion: version });
      const model = new Map<string, Uint8Array>();
      for (let step = 0; step < 3000; step++) {
        // Small alphabet and short keys force shared prefixes, splits and merges.
        const key = randomBytes(random, 1 + Math.floor(random() * 4), 4);
        if (random() < 0.35) {
          expect(trie.delete(key)).toBe(model.delete(hex(key)));
        } else {
          const value = randomBytes(random, Math.floor(random() * 48));
          trie.set(key, value);
          model.set(hex(key), value);
        }
        if (step % 97 === 0) {
          expect(hex(trie.root())).toBe(
            hex(
              trieRoot(
                [...model].map(([k, v]) => [k as `0x${string}`, v]),
                version,
              ),
            ),
          );
        }
      }
      expect(trie.size).toBe(model.size);
      expect(hex(trie.root())).toBe(
        hex(
          trieRoot(
            [...model].map(([k, v]) => [k as `0x${string}`, v]),
            version,
          ),
        ),
      );
      for (const [k, v] of model) expect(trie.get(k as `0x${string}`)).toEqual(v);
      for (const k of [...model.keys()]) trie.delete(k as `0x${string}`);
      expect(trie.size).toBe(0);
      expect(hex(trie.root())).toBe(EMPTY_ROOT);
    }
  });

  it('gives the same root whatever the insertion order', () => {
    const random = seededRandom(7);
    const entries = Array.from(
      { length: 500 },
      () => [randomBytes(random, 32), randomBytes(random, 40)] as [Uint8Array, Uint8Array],
    );
    const forward = trieRoot(entries, 1);
    const backward = trieRoot([...entries].reverse(), 1);
    expect(hex(forward)).toBe(hex(backward));
  });

  it('keeps a clone independent of later changes on either side', () => {
    const trie = MerkleTrie.fromEntries(utf8(SUBSTRATE_STATE_ROOTS[0]!.entries));
    const rootBefore = hex(trie.root());
    const copy = trie.clone();
    copy.set(stringToU8a('doug2'), stringToU8a('yes'));
    copy.delete(stringToU8a('dog'));
    expect(hex(trie.root())).toBe(rootBefore);
    expect(trie.get(stringToU8a('dog'))).toEqual(stringToU8a('puppy'));

    trie.set(stringToU8a('doug2'), stringToU8a('yes'));
    expect(hex(trie.root())).toBe(SUBSTRATE_STATE_ROOTS[1]!.root);
    expect(copy.get(stringToU8a('dog'))).toBeUndefined();
    expect(hex(copy.root())).toBe(
      hex(
        trieRoot(
          utf8([
            ['doe', 'reindeer'],
            ['dogglesworth', 'cat'],
            ['doug2', 'yes'],
          ]),
          1,
        ),
      ),
    );
  });

  it('rejects keys and values that are not bytes', () => {
    const trie = new MerkleTrie();
    expect(() => trie.set('nothex' as `0x${string}`, '0x00')).toThrowError(TrieError);
    expect(() => trie.set('0x00', 42 as unknown as Uint8Array)).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => trie.set(new Uint8Array(4096), '0x01')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(trie.size).toBe(0);
    // A key too long to insert simply cannot be there.
    expect(trie.get(new Uint8Array(4096))).toBeUndefined();
    expect(trie.delete(new Uint8Array(4096))).toBe(false);
  });
});

describe('ordered iteration', () => {
  const random = seededRandom(11);
  const trie = new MerkleTrie();
  const all: Uint8Array[] = [];
  for (let i = 0; i < 400; i++) {
    const key = randomBytes(random, 1 + Math.floor(random() * 5), 6);
    if (!trie.has(key)) all.push(key);
    trie.set(key, randomBytes(random, 3));
  }
  all.sort(u8aCmp);
  const startsWith = (key: Uint8Array, prefix: Uint8Array) => prefix.every((b, i) => key[i] === b);

  it('lists every key in ascending byte order', () => {
    expect(trie.keys().map(hex)).toEqual(all.map(hex));
    const entries = trie.entries();
    expect(entries.map(([k]) => hex(k))).toEqual(all.map(hex));
    for (const [k, v] of entries) expect(v).toEqual(trie.get(k));
  });

  it('filters by prefix, start key and limit like state_getKeysPaged', () => {
    for (let i = 0; i < 200; i++) {
      const prefix = randomBytes(random, Math.floor(random() * 3), 6);
      const startAfter = random() < 0.7 ? randomBytes(random, Math.floor(random() * 5), 6) : undefined;
      const limit = 1 + Math.floor(random() * 30);
      const expected = all
        .filter((k) => startsWith(k, prefix) && (startAfter === undefined || u8aCmp(k, startAfter) > 0))
        .slice(0, limit);
      expect(trie.keys(prefix, startAfter, limit).map(hex)).toEqual(expected.map(hex));
    }
  });

  it('starts strictly after an existing key and finds the next key', () => {
    const middle = all[200]!;
    expect(hex(trie.keys(new Uint8Array(), middle, 1)[0]!)).toBe(hex(all[201]!));
    expect(hex(trie.nextKey(middle)!)).toBe(hex(all[201]!));
    expect(trie.nextKey(all[all.length - 1]!)).toBeUndefined();
    expect(hex(trie.nextKey(new Uint8Array())!)).toBe(hex(all[0]!));
  });

  it('deletes a whole prefix', () => {
    const copy = trie.clone();
    const prefix = new Uint8Array([2]);
    const doomed = all.filter((k) => startsWith(k, prefix));
    expect(copy.deletePrefix(prefix)).toBe(doomed.length);
    expect(copy.keys(prefix)).toEqual([]);
    expect(copy.size).toBe(all.length - doomed.length);
    expect(trie.size).toBe(all.length);
  });
});
