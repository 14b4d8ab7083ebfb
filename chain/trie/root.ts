/** One-shot roots: `sp_trie::trie_root` and `ordered_trie_root` (frame-system's extrinsics root). */
import { compactToU8a } from '@polkadot/util';
import type { BytesLike } from './bytes.js';
import type { StateVersion } from './codec.js';
import { MerkleTrie } from './merkle-trie.js';

/** Root of the trie holding `entries` (a later duplicate key wins). */
export function trieRoot(
  entries: Iterable<readonly [BytesLike, BytesLike]>,
  stateVersion: StateVersion,
): Uint8Array {
  return MerkleTrie.fromEntries(entries, { stateVersion }).root();
}

/**
 * Root of the trie mapping SCALE `Compact(index)` to each value, as `sp_trie::ordered_trie_root`.
 * For a block's extrinsics root pass each extrinsic's full SCALE encoding (with its length prefix)
 * and the runtime's extrinsics-root version (see `trieVersionsForSystemVersion`), as frame-system's
 * `extrinsics_data_root` does.
 */
export function orderedTrieRoot(values: Iterable<BytesLike>, stateVersion: StateVersion): Uint8Array {
  const trie = new MerkleTrie({ stateVersion });
  let index = 0;
  for (const value of values) trie.set(compactToU8a(index++), value);
  return trie.root();
}

/**
 * Trie versions implied by `RuntimeVersion.system_version` (sp-version): 0 → state V0, extrinsics V0;
 * 1 → state V1, extrinsics V0; 2 and above → both V1. Subtensor (spec 381) has system_version 1.
 */
export function trieVersionsForSystemVersion(systemVersion: number): {
  state: StateVersion;
  extrinsics: StateVersion;
} {
  return { state: systemVersion === 0 ? 0 : 1, extrinsics: systemVersion >= 2 ? 1 : 0 };
}
