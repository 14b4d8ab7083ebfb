import { hexToU8a, stringToU8a, u8aCmp, u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import {
  blake2_256,
  EMPTY_TRIE_ROOT,
  MerkleTrie,
  type StateVersion,
  TrieError,
  verifyReadProof,
} from '../../../chain/trie/index.js';
import { decodeProofVec, POLKADOT_GENESIS_PROOF, randomBytes, seededRandom } from './vectors.js';

const hex = (bytes: Uint8Array) => u8aToHex(bytes);

function expectTrieError(fn: () => unknown, code: string): TrieError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TrieError);
    expect((err as TrieError).code).toBe(code);
    return err as TrieError;
  }
  throw new Error(`expected TrieError ${code}`);
}

describe('verifyReadProof on a real Polkadot genesis proof', () => {
  const { root, key, value, absentKey, unprovableKey } = POLKADOT_GENESIS_PROOF;
  const items = decodeProofVec(hexToU8a(POLKADOT_GENESIS_PROOF.proof));

  it('reads the proven value and proves a neighbour absent', () => {
    const result = verifyReadProof(root, items, [key, absentKey]);
    expect(hex(result.get(key)!)).toBe(value);
    expect(result.has(absentKey)).toBe(true);
    expect(result.get(absentKey)).toBeUndefined();
  });

  it('refuses to answer for a key outside the proven part', () => {
    const err = expectTrieError(() => verifyReadProof(root, items, [unprovableKey]), 'INCOMPLETE_PROOF');
    expect(err.type).toMatchObject({ key: unprovableKey });
  });

  it('refuses a proof checked against another root', () => {
    expectTrieError(() => verifyReadProof(new Uint8Array(32), items, [key]), 'INCOMPLETE_PROOF');
  });
});

describe('readProof → verifyReadProof', () => {
  function buildTrie(version: StateVersion, seed: number): { trie: MerkleTrie; keys: Uint8Array[] } {
    const random = seededRandom(seed);
    const trie = new MerkleTrie({ stateVersion: version });
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 600; i++) {
      const key = randomBytes(random, 2 + Math.floor(random() * 30), i % 2 === 0 ? 256 : 3);
      keys.push(key);
      // A mix of short values and values long enough to be hashed in V1.
      trie.set(key, randomBytes(random, i % 3 === 0 ? 40 + (i % 50) : i % 20));
    }
    return { trie, keys };
  }

  for (const version of [0, 1] as const) {
    it(`proves present and absent keys (V${version})`, () => {
      const { trie, keys } = buildTrie(version, 100 + version);
      const root = trie.root();
      const random = seededRandom(5);
      const absent = Array.from({ length: 20 }, () => randomBytes(random, 5));
      const wanted = [...keys.slice(0, 25), ...absent, keys[0]!.subarray(0, 1), new Uint8Array()];
      const proof = trie.readProof(wanted);
      const result = verifyReadProof(root, proof, wanted);
      for (const key of wanted) expect(result.get(hex(key))).toEqual(trie.get(key));
      // Each item appears once and they come sorted, like Substrate's StorageProof.
      const sorted = [...proof].sort(u8aCmp);
      expect(proof.map(hex)).toEqual(sorted.map(hex));
      expect(new Set(proof.map(hex)).size).toBe(proof.length);
    });
  }

  it('includes a V1 hashed value as its own item, and fails without it', () => {
    const trie = new MerkleTrie({ stateVersion: 1 });
    const longValue = new Uint8Array(100).fill(0xab);
    trie.set(stringToU8a('big'), longValue);
    trie.set(stringToU8a('bin'), stringToU8a('small'));
    const proof = trie.readProof([stringToU8a('big')]);
    expect(proof.map(hex)).toContain(hex(longValue));
    expect(verifyReadProof(trie.root(), proof, [stringToU8a('big')]).get(hex(stringToU8a('big')))).toEqual(
      longValue,
    );

    const withoutValue = proof.filter((item) => hex(item) !== hex(longValue));
    const err = expectTrieError(
      () => verifyReadProof(trie.root(), withoutValue, [stringToU8a('big')]),
      'INCOMPLETE_PROOF',
    );
    expect(err.type).toMatchObject({ missing: hex(blake2_256(longValue)) });

    // V0 keeps the same value inline: no separate item.
    const v0 = MerkleTrie.fromEntries([[stringToU8a('big'), longValue]], { stateVersion: 0 });
    expect(v0.readProof([stringToU8a('big')]).map(hex)).not.toContain(hex(longValue));
  });

  it('fails when any needed node is missing or altered', () => {
    const { trie, keys } = buildTrie(1, 9);
    const root = trie.root();
    const key = keys[2]!;
    const proof = trie.readProof([key]);
    expect(proof.length).toBeGreaterThan(1);
    for (let i = 0; i < proof.length; i++) {
      const missing = proof.filter((_, j) => j !== i);
      expectTrieError(() => verifyReadProof(root, missing, [key]), 'INCOMPLETE_PROOF');

      const tampered = proof.map((item) => item.slice());
      const victim = tampered[i]!;
      victim[victim.length - 1]! ^= 0x01;
      expectTrieError(() => verifyReadProof(root, tampered, [key]), 'INCOMPLETE_PROOF');
    }
  });

  it('reports a malformed node that matches its hash', () => {
    const garbage = hexToU8a('0x01020304');
    expectTrieError(() => verifyReadProof(blake2_256(garbage), [garbage], ['0x00']), 'INVALID_NODE');
  });

  it('rejects a root that is not 32 bytes', () => {
    expectTrieError(() => verifyReadProof('0x1234', [], ['0x00']), 'INVALID_ROOT');
  });

  it('proves absence in an empty trie', () => {
    const trie = new MerkleTrie();
    const proof = trie.readProof(['0x0102']);
    expect(proof.map(hex)).toEqual(['0x00']);
    expect(verifyReadProof(EMPTY_TRIE_ROOT, proof, ['0x0102']).get('0x0102')).toBeUndefined();
    expect(verifyReadProof(EMPTY_TRIE_ROOT, [], ['0x0102']).get('0x0102')).toBeUndefined();
  });

  it('leaves nodes of under 32 bytes inside their parent', () => {
    const trie = new MerkleTrie();
    trie.set('0x4819', '0xfe');
    trie.set('0x1314', '0xff');
    // The two leaves are inline, so the root node alone proves both keys.
    const proof = trie.readProof(['0x4819', '0x1314']);
    expect(proof).toHaveLength(1);
    const result = verifyReadProof(trie.root(), proof, ['0x4819', '0x1314', '0x1315']);
    expect([...result.values()].map((v) => v && hex(v))).toEqual(['0xfe', '0xff', undefined]);
  });
});
