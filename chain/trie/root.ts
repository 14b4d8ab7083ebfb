/** One-shot roots: `sp_trie::trie_root` and `ordered_trie_root` (frame-system's extrinsics root). */
import { compactToU8a } from '@polkadot/util';
import type { BytesLike } from './bytes.js';
import type { StateVersion } from './codec.js';
import { MerkleTrie } from './merkle-trie.js';

/** Root of the trie holding `entries` (a later duplicate key wins). */
export function trieRoot(
  entries: Iterable<readonly [BytesLike, BytesLike]>,
  stateVersion: StateVersion = 1,
): Uint8Array {
  return MerkleTrie.fromEntries(entries, { stateVersion }).root();
}

/**
 * Root of the trie mapping SCALE `Compact(index)` to each value, as `sp_trie::ordered_trie_root`.
 * For a block's extrinsics root pass each extrinsic's full SCALE encoding (with its length prefix)
 * and the runtime's state version, as frame-system's `extrinsics_data_root` does.
 */
export function orderedTrieRoot(values: Iterable<BytesLike>, stateVersion: StateVersion = 1): Uint8Array {
  const trie = new MerkleTrie({ stateVersion });
  let index = 0;
  for (const value of values) trie.set(compactToU8a(index++), value);
  return trie.root();
}
