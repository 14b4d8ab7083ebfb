/**
 * Checks a `state_getReadProof`-style proof against a state root, as sp-trie's `read_proof_check`:
 * every node is found by its blake2-256 hash, so a tampered or missing node cannot be used.
 */
import { u8aEq, u8aToHex } from '@polkadot/util';
import { type BytesLike, bytesToNibbles, commonPrefix, toBytes } from './bytes.js';
import { blake2_256, decodeNode, EMPTY_TRIE_ROOT, HASH_LENGTH } from './codec.js';
import { TrieError } from './errors.js';

/**
 * Looks up `keys` in the trie with root `root` using only the nodes in `proof`.
 * Returns a map from each key (lowercase 0x-hex, as `u8aToHex` writes it) to its value, or undefined when the proof shows the key is absent.
 * Throws `TrieError` INCOMPLETE_PROOF when a needed node or hashed value is missing (or was altered),
 * INVALID_NODE when a node is malformed, INVALID_ROOT when `root` is not 32 bytes.
 * Extra, unused proof items are ignored, as in Substrate.
 */
export function verifyReadProof(
  root: BytesLike,
  proof: Iterable<BytesLike>,
  keys: Iterable<BytesLike>,
): Map<`0x${string}`, Uint8Array | undefined> {
  const rootHash = toBytes(root, 'root');
  if (rootHash.length !== HASH_LENGTH) throw new TrieError({ code: 'INVALID_ROOT', length: rootHash.length });
  const db = new Map<string, Uint8Array>();
  for (const item of proof) {
    const bytes = toBytes(item, 'proof item');
    db.set(u8aToHex(blake2_256(bytes)), bytes);
  }
  const result = new Map<`0x${string}`, Uint8Array | undefined>();
  for (const keyInput of keys) {
    const key = toBytes(keyInput, 'key');
    const keyHex = u8aToHex(key);
    result.set(keyHex, u8aEq(rootHash, EMPTY_TRIE_ROOT) ? undefined : lookup(db, rootHash, key, keyHex));
  }
  return result;
}

function fetch(db: Map<string, Uint8Array>, hash: Uint8Array, keyHex: string, what: string): Uint8Array {
  const hex = u8aToHex(hash);
  const found = db.get(hex);
  if (found === undefined) {
    throw new TrieError(
      { code: 'INCOMPLETE_PROOF', key: keyHex, missing: hex },
      `proof lacks the ${what} ${hex} needed for key ${keyHex}`,
    );
  }
  return found;
}

function lookup(
  db: Map<string, Uint8Array>,
  root: Uint8Array,
  key: Uint8Array,
  keyHex: string,
): Uint8Array | undefined {
  const path = bytesToNibbles(key);
  let encoded = fetch(db, root, keyHex, 'root node');
  let offset = 0;
  for (;;) {
    const node = decodeNode(encoded);
    if (node === undefined) return undefined;
    const partial = node.partial;
    if (commonPrefix(partial, path, offset) !== partial.length) return undefined;
    offset += partial.length;
    if (offset === path.length) {
      const value = node.value;
      if (value === undefined) return undefined;
      return value.hashed ? fetch(db, value.hash, keyHex, 'value') : value.data;
    }
    const child = node.children?.[path[offset]!];
    if (child === undefined) return undefined;
    encoded = child.length === HASH_LENGTH ? fetch(db, child, keyHex, 'node') : child;
    offset++;
  }
}
