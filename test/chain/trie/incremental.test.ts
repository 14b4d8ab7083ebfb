import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MerkleTrie, trieRoot } from '../../../chain/trie/index.js';
import { randomBytes, seededRandom } from './vectors.js';

// Count hash computations: the point of the cache is to hash only the changed paths.
// The trie imports the blake2 module directly (not the package root, which loads far more at start-up).
vi.mock('@polkadot/util-crypto/blake2/asU8a', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@polkadot/util-crypto/blake2/asU8a')>();
  return { ...actual, blake2AsU8a: vi.fn(actual.blake2AsU8a) };
});
const hashCalls = () => vi.mocked(blake2AsU8a).mock.calls.length;

describe('incremental root', () => {
  const random = seededRandom(42);
  const entries = Array.from(
    { length: 5000 },
    () => [randomBytes(random, 32), randomBytes(random, 8)] as [Uint8Array, Uint8Array],
  );
  let trie: MerkleTrie;
  let fullBuildHashes: number;

  beforeEach(() => {
    trie = MerkleTrie.fromEntries(entries);
    vi.mocked(blake2AsU8a).mockClear();
    trie.root();
    fullBuildHashes = hashCalls();
    vi.mocked(blake2AsU8a).mockClear();
  });

  it('re-hashes only the paths of changed keys', () => {
    expect(fullBuildHashes).toBeGreaterThan(entries.length);
    for (let i = 0; i < 10; i++) trie.set(entries[i * 400]![0], randomBytes(random, 8));
    const root = trie.root();
    // 5,000 random keys give paths of about 4 hashed nodes; allow a margin, far below a rebuild.
    expect(hashCalls()).toBeGreaterThan(0);
    expect(hashCalls()).toBeLessThanOrEqual(10 * 6);
    const model = new Map(entries.map(([k, v]) => [u8aToHex(k), v]));
    for (const [k] of entries) model.set(u8aToHex(k), trie.get(k)!);
    expect(u8aToHex(root)).toBe(u8aToHex(trieRoot([...model] as [`0x${string}`, Uint8Array][], 1)));
  });

  it('hashes nothing when a write leaves the value unchanged or deletes a missing key', () => {
    trie.set(entries[7]![0], entries[7]![1].slice());
    trie.delete(randomBytes(random, 32));
    trie.root();
    expect(hashCalls()).toBe(0);
  });

  it('shares cached hashes with a clone', () => {
    const copy = trie.clone();
    copy.delete(entries[3]![0]);
    copy.root();
    expect(hashCalls()).toBeLessThanOrEqual(6);
    vi.mocked(blake2AsU8a).mockClear();
    trie.root();
    expect(hashCalls()).toBe(0);
  });
});
