/** Substrate's base-16 Patricia–Merkle trie (sp-trie LayoutV0/V1, blake2-256): roots, proofs, iteration. */
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
