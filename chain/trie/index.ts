/**
 * Substrate's base-16 Patricia–Merkle trie (sp-trie LayoutV0/V1, blake2-256): roots, proofs, iteration.
 *
 * - `MerkleTrie`: incremental state trie; `root()` re-hashes only changed paths; `clone()` is O(1)
 *   (keep one per block); `keys`/`entries`/`nextKey` iterate in byte order; `readProof` builds
 *   `state_getReadProof` proofs.
 * - `verifyReadProof`: checks such a proof against a root (values and absences).
 * - `trieRoot` / `orderedTrieRoot`: one-shot roots; extrinsics roots use `trieVersionsForSystemVersion`.
 * Call `cryptoWaitReady()` (from @polkadot/util-crypto) once at start-up so hashing uses WASM.
 */
export { type BytesLike, MAX_KEY_BYTES, toBytes } from './bytes.js';
export {
  blake2_256,
  type DecodedNode,
  decodeNode,
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  encodeNode,
  isHashedValue,
  type NodeValue,
  type StateVersion,
  type TrieNodeParts,
  VALUE_HASH_THRESHOLD,
} from './codec.js';
export { TrieError, type TrieErrorType } from './errors.js';
export { MerkleTrie, type MerkleTrieOptions } from './merkle-trie.js';
export { verifyReadProof } from './proof.js';
export { orderedTrieRoot, trieRoot, trieVersionsForSystemVersion } from './root.js';
