/**
 * Trie benchmark: state root of 100k random keys from scratch, and the incremental root after a
 * block-sized batch of 1,000 changes on that state. Prints medians.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { MerkleTrie } from '../chain/trie/index.js';
import { fmt, medianOf } from './stats.js';

const STATE_KEYS = 100_000;
const CHANGES = 1_000;
const REPEATS = 5;

/** Deterministic bytes (xorshift32), so every run measures the same state. */
function makeRandom(seed: number): (length: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}

export async function run(): Promise<void> {
  await cryptoWaitReady();
  const bytes = makeRandom(2024);
  // Storage-map-like keys: 32-byte pallet/item prefix + 16-byte hash + 32-byte account.
  const keys = Array.from({ length: STATE_KEYS }, () => bytes(80));
  const values = Array.from({ length: STATE_KEYS }, (_, i) => bytes(i % 10 === 0 ? 64 : 16));

  let state = new MerkleTrie();
  const fromScratchMs = await medianOf(REPEATS, () => {
    const start = performance.now();
    const trie = new MerkleTrie();
    for (let i = 0; i < STATE_KEYS; i++) trie.set(keys[i]!, values[i]!);
    trie.root();
    state = trie;
    return performance.now() - start;
  });

  let round = 0;
  const incrementalMs = await medianOf(REPEATS, () => {
    const block = state.clone();
    const start = performance.now();
    for (let i = 0; i < CHANGES; i++) {
      const index = (round * 7919 + i * 104_729) % STATE_KEYS;
      if (i % 10 === 9) block.delete(keys[index]!);
      else block.set(i % 4 === 0 ? bytes(80) : keys[index]!, bytes(16));
    }
    block.root();
    round++;
    return performance.now() - start;
  });

  const proofKeys = keys.slice(0, 100);
  let proofBytes = 0;
  const proofMs = await medianOf(REPEATS, () => {
    const start = performance.now();
    const proof = state.readProof(proofKeys);
    const elapsed = performance.now() - start;
    proofBytes = proof.reduce((sum, item) => sum + item.length, 0);
    return elapsed;
  });

  console.log(
    `trie: root of ${STATE_KEYS.toLocaleString('en-US')} keys from scratch: ${fmt(fromScratchMs)} ms (median of ${REPEATS})`,
  );
  console.log(
    `trie: ${CHANGES.toLocaleString('en-US')} changes + root on that state: ${fmt(incrementalMs, 2)} ms (median of ${REPEATS})`,
  );
  console.log(
    `trie: read proof for 100 keys: ${fmt(proofMs, 2)} ms, ${proofBytes.toLocaleString('en-US')} bytes (median of ${REPEATS})`,
  );
}
