import { hexToU8a, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import {
  blake2_256,
  decodeNode,
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  encodeNode,
  MerkleTrie,
  type TrieNodeParts,
} from '../../../chain/trie/index.js';
import { decodeProofVec, EMPTY_ROOT, POLKADOT_GENESIS_PROOF } from './vectors.js';

const nibbles = (...n: number[]) => new Uint8Array(n);
const inline = (...bytes: number[]) => ({ hashed: false as const, data: new Uint8Array(bytes) });

describe('node codec', () => {
  it('hashes the empty node to the well-known empty root', () => {
    expect(u8aToHex(EMPTY_NODE)).toBe('0x00');
    expect(u8aToHex(EMPTY_TRIE_ROOT)).toBe(EMPTY_ROOT);
    expect(u8aToHex(blake2_256(EMPTY_NODE))).toBe(EMPTY_ROOT);
  });

  it('encodes a single leaf as sp-trie codec_trie_single_tuple', () => {
    // Root of {0xaa: 0xbb}: leaf 0x40 | 2 nibbles, key, compact(1), value.
    const trie = new MerkleTrie();
    trie.set(hexToU8a('0xaa'), hexToU8a('0xbb'));
    expect(trie.readProof([hexToU8a('0xaa')]).map((n) => u8aToHex(n))).toEqual(['0x42aa04bb']);
    expect(u8aToHex(trie.root())).toBe(u8aToHex(blake2_256(hexToU8a('0x42aa04bb'))));
  });

  it('encodes two disjoint keys as sp-trie codec_trie_two_tuples_disjoint_keys', () => {
    const trie = new MerkleTrie();
    trie.set(hexToU8a('0x4819'), hexToU8a('0xfe'));
    trie.set(hexToU8a('0x1314'), hexToU8a('0xff'));
    // Branch without value, bitmap slots 1 and 4, two inline 5-byte leaves with 3-nibble keys.
    const expected = '0x801200' + '1443031404ff' + '1443081904fe';
    expect(trie.readProof([hexToU8a('0x1314')]).map((n) => u8aToHex(n))).toEqual([expected]);
  });

  it('continues the nibble count past the header bits', () => {
    const leaf = (n: number) =>
      encodeNode({ partial: new Uint8Array(n), value: inline(1), children: undefined });
    expect(leaf(62)[0]).toBe(0x40 | 62);
    expect([...leaf(63).subarray(0, 2)]).toEqual([0x7f, 0x00]);
    expect([...leaf(64).subarray(0, 2)]).toEqual([0x7f, 0x01]);
    expect([...leaf(63 + 255).subarray(0, 3)]).toEqual([0x7f, 0xff, 0x00]);
    expect([...leaf(63 + 256).subarray(0, 3)]).toEqual([0x7f, 0xff, 0x01]);
    // Hashed-value leaf keeps 5 bits, hashed-value branch 4 bits.
    const hashed = { hashed: true as const, hash: new Uint8Array(32).fill(7) };
    const hashedLeaf = encodeNode({ partial: new Uint8Array(31), value: hashed, children: undefined });
    expect([...hashedLeaf.subarray(0, 2)]).toEqual([0x3f, 0x00]);
    const slots = new Array<Uint8Array | undefined>(16).fill(undefined);
    slots[3] = hexToU8a('0x4100');
    const hashedBranch = encodeNode({ partial: new Uint8Array(14), value: hashed, children: slots });
    expect(hashedBranch[0]).toBe(0x10 | 14);
    expect([
      ...encodeNode({ partial: new Uint8Array(15), value: hashed, children: slots }).subarray(0, 2),
    ]).toEqual([0x1f, 0x00]);
  });

  it('round-trips every node kind', () => {
    const hash = { hashed: true as const, hash: blake2_256(new Uint8Array([1, 2, 3])) };
    const slots = new Array<Uint8Array | undefined>(16).fill(undefined);
    slots[0] = hexToU8a('0x410005');
    slots[15] = blake2_256(new Uint8Array([9]));
    const cases: TrieNodeParts[] = [
      { partial: nibbles(1, 2, 3), value: inline(4, 5), children: undefined },
      { partial: nibbles(), value: inline(), children: undefined },
      {
        partial: new Uint8Array(301).fill(0xa),
        value: inline(...new Array(70).fill(1)),
        children: undefined,
      },
      { partial: nibbles(7), value: hash, children: undefined },
      { partial: nibbles(), value: undefined, children: slots },
      { partial: nibbles(0xf, 0xe), value: inline(9), children: slots },
      { partial: nibbles(1, 2, 3, 4, 5), value: hash, children: slots },
    ];
    for (const parts of cases) {
      const encoded = encodeNode(parts);
      const decoded = decodeNode(encoded)!;
      expect(decoded.partial).toEqual(parts.partial);
      expect(decoded.value).toEqual(parts.value);
      expect(decoded.children?.map((c) => c && u8aToHex(c))).toEqual(
        parts.children?.map((c) => c && u8aToHex(c)),
      );
      expect(encodeNode(decoded)).toEqual(encoded);
    }
    expect(decodeNode(EMPTY_NODE)).toBeUndefined();
  });

  it('re-encodes real Polkadot trie nodes byte for byte', () => {
    const items = decodeProofVec(hexToU8a(POLKADOT_GENESIS_PROOF.proof));
    expect(items).toHaveLength(6);
    for (const item of items) expect(u8aToHex(encodeNode(decodeNode(item)!))).toBe(u8aToHex(item));
  });

  it.each([
    ['0x01', 'unknown node header'],
    ['0x0f', 'unknown node header'],
    ['0x4312', 'unexpected end'],
    ['0x431234', 'non-zero partial key padding'],
    ['0x4203', 'unexpected end'],
    ['0x42aa04bbcc', 'trailing bytes'],
    ['0x800000', 'branch without children'],
    ['0x42aa0100bb', 'non-canonical compact'],
    ['0x800100', 'unexpected end'],
    [`0x80010084${'00'.repeat(33)}`, 'child reference of 33 bytes'],
    ['0x0000', 'bytes after the empty node'],
  ])('rejects malformed node %s', (hex, reason) => {
    expect(() => decodeNode(hexToU8a(hex))).toThrowError(expect.objectContaining({ code: 'INVALID_NODE' }));
    expect(() => decodeNode(hexToU8a(hex))).toThrow(reason);
  });
});
