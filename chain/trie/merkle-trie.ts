/**
 * In-memory, incremental Substrate state trie (sp-trie `LayoutV0`/`LayoutV1`, blake2-256).
 *
 * Nodes cache how their parent refers to them (inline encoding or hash); a change clears the caches on
 * its path only, so `root()` after a block re-hashes O(changes × depth) nodes. `clone()` is O(1): the two tries share nodes, and a node
 * is copied the first time either side changes it (nodes record which trie may edit them in place).
 */
import { u8aCmp, u8aEq } from '@polkadot/util';
import {
  type BytesLike,
  bytesToNibbles,
  commonPrefix,
  concatNibbles,
  nibblesToBytes,
  toBytes,
  toKey,
} from './bytes.js';
import {
  blake2_256,
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  HASH_LENGTH,
  isHashedValue,
  NodeEncoder,
  type NodeValue,
  type StateVersion,
} from './codec.js';

export interface MerkleTrieOptions {
  /** Substrate state version (runtime `state_version`); default 1. */
  stateVersion?: StateVersion;
}

type Children = (TrieNode | undefined)[];

class TrieNode {
  /**
   * How the parent refers to this node, cached until the node changes: its encoding when under
   * 32 bytes (inline), else blake2_256 of it. Full encodings are not kept, to spare memory.
   */
  ref: Uint8Array | undefined = undefined;

  constructor(
    /** Partial key, one nibble per byte. Never mutated in place (it may be shared). */
    public partial: Uint8Array,
    public value: Uint8Array | undefined,
    /** 16 slots for a branch, undefined for a leaf. */
    public children: Children | undefined,
    /** Token of the trie allowed to edit this node in place. */
    public owner: object,
  ) {}
}

function emptySlots(): Children {
  return new Array<TrieNode | undefined>(16).fill(undefined);
}

export class MerkleTrie {
  readonly stateVersion: StateVersion;
  #root: TrieNode | undefined = undefined;
  #size = 0;
  #owner: object = {};
  /** Set by #insert/#remove when they changed something (a node edited in place keeps its identity). */
  #changed = false;
  readonly #encoder = new NodeEncoder();

  constructor(options: MerkleTrieOptions = {}) {
    this.stateVersion = options.stateVersion ?? 1;
  }

  static fromEntries(
    entries: Iterable<readonly [BytesLike, BytesLike]>,
    options: MerkleTrieOptions = {},
  ): MerkleTrie {
    const trie = new MerkleTrie(options);
    for (const [key, value] of entries) trie.set(key, value);
    return trie;
  }

  /** Number of keys stored. */
  get size(): number {
    return this.#size;
  }

  /** O(1) copy; later changes to either trie do not show in the other. */
  clone(): MerkleTrie {
    const copy = new MerkleTrie({ stateVersion: this.stateVersion });
    copy.#root = this.#root;
    copy.#size = this.#size;
    // Both sides get a new token, so every shared node is copied before it is edited.
    this.#owner = {};
    return copy;
  }

  /** The stored value, shared with the trie: do not modify it. */
  get(key: BytesLike): Uint8Array | undefined {
    const path = bytesToNibbles(toBytes(key, 'key'));
    let node = this.#root;
    let offset = 0;
    while (node !== undefined) {
      const partial = node.partial;
      if (commonPrefix(partial, path, offset) !== partial.length) return undefined;
      offset += partial.length;
      if (offset === path.length) return node.value;
      node = node.children?.[path[offset]!];
      offset++;
    }
    return undefined;
  }

  has(key: BytesLike): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Stores a copy of `value` under `key` (so a caller reusing its buffer cannot alter the state behind
   * the hash caches); an empty value is a stored value, distinct from `delete`.
   */
  set(key: BytesLike, value: BytesLike): void {
    const path = bytesToNibbles(toKey(key));
    const bytes = typeof value === 'string' ? toBytes(value, 'value') : toBytes(value, 'value').slice();
    this.#changed = false;
    this.#root = this.#insert(this.#root, path, 0, bytes);
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: BytesLike): boolean {
    const path = bytesToNibbles(toBytes(key, 'key'));
    this.#changed = false;
    this.#root = this.#remove(this.#root, path, 0);
    return this.#changed;
  }

  /** Removes every key starting with `prefix`; returns how many were removed. */
  deletePrefix(prefix: BytesLike): number {
    const keys = this.keys(prefix);
    for (const key of keys) this.delete(key);
    return keys.length;
  }

  /** The state root: blake2-256 of the root node's encoding. */
  root(): Uint8Array {
    const root = this.#root;
    if (root === undefined) return EMPTY_TRIE_ROOT.slice();
    const ref = this.#reference(root);
    // The root is hashed even when its encoding is short enough to be inlined.
    return ref.length < HASH_LENGTH ? blake2_256(ref) : ref.slice();
  }

  /**
   * Keys starting with `prefix`, ascending byte order, strictly after `startAfter` when given
   * (`state_getKeysPaged` semantics), at most `limit` of them.
   */
  keys(
    prefix: BytesLike = new Uint8Array(),
    startAfter?: BytesLike,
    limit = Number.POSITIVE_INFINITY,
  ): Uint8Array[] {
    const out: Uint8Array[] = [];
    this.#walk(prefix, startAfter, limit, (key) => out.push(key));
    return out;
  }

  /** Entries whose key starts with `prefix`, ascending key order. */
  entries(
    prefix: BytesLike = new Uint8Array(),
    startAfter?: BytesLike,
    limit = Number.POSITIVE_INFINITY,
  ): [Uint8Array, Uint8Array][] {
    const out: [Uint8Array, Uint8Array][] = [];
    this.#walk(prefix, startAfter, limit, (key, value) => out.push([key, value]));
    return out;
  }

  /** Smallest key strictly greater than `key` (the `next_key` host function). */
  nextKey(key: BytesLike): Uint8Array | undefined {
    return this.keys(new Uint8Array(), key, 1)[0];
  }

  /**
   * Storage proof for `keys` as `state_getReadProof` returns it: the encoded nodes on each key's
   * path (the root and every hash-referenced node; inline nodes travel inside their parent) and,
   * in V1, the hashed values read. Also proves absence. Sorted, like Substrate's `StorageProof`.
   */
  readProof(keys: Iterable<BytesLike>): Uint8Array[] {
    const root = this.#root;
    if (root === undefined) return [EMPTY_NODE.slice()];
    const nodes = new Set<TrieNode>([root]);
    const values: Uint8Array[] = [];
    this.#reference(root);
    for (const key of keys) {
      const path = bytesToNibbles(toBytes(key, 'key'));
      let node: TrieNode | undefined = root;
      let offset = 0;
      while (node !== undefined) {
        const partial: Uint8Array = node.partial;
        if (commonPrefix(partial, path, offset) !== partial.length) break;
        offset += partial.length;
        if (offset === path.length) {
          if (node.value !== undefined && isHashedValue(node.value, this.stateVersion))
            values.push(node.value);
          break;
        }
        node = node.children?.[path[offset]!];
        offset++;
        if (node !== undefined && node.ref!.length === HASH_LENGTH) nodes.add(node);
      }
    }
    const items = [...[...nodes].map((node) => this.#encode(node).slice()), ...values];
    items.sort(u8aCmp);
    return items.filter((item, i) => i === 0 || !u8aEq(item, items[i - 1]!));
  }

  #own(node: TrieNode): TrieNode {
    if (node.owner === this.#owner) {
      node.ref = undefined;
      return node;
    }
    return new TrieNode(node.partial, node.value, node.children?.slice(), this.#owner);
  }

  #insert(node: TrieNode | undefined, path: Uint8Array, offset: number, value: Uint8Array): TrieNode {
    if (node === undefined) {
      this.#size++;
      this.#changed = true;
      return new TrieNode(path.subarray(offset), value, undefined, this.#owner);
    }
    const partial = node.partial;
    const common = commonPrefix(partial, path, offset);
    const at = offset + common;
    if (common === partial.length) {
      if (at === path.length) {
        if (node.value !== undefined && u8aEq(node.value, value)) return node;
        if (node.value === undefined) this.#size++;
        this.#changed = true;
        const owned = this.#own(node);
        owned.value = value;
        return owned;
      }
      const slot = path[at]!;
      const child = node.children?.[slot];
      const updated = this.#insert(child, path, at + 1, value);
      if (!this.#changed) return node;
      const owned = this.#own(node);
      owned.children ??= emptySlots();
      owned.children[slot] = updated;
      return owned;
    }
    // The key leaves this node's partial key: a new branch takes the shared part.
    const moved = this.#own(node);
    moved.partial = partial.subarray(common + 1);
    const branch = new TrieNode(partial.subarray(0, common), undefined, emptySlots(), this.#owner);
    branch.children![partial[common]!] = moved;
    this.#size++;
    this.#changed = true;
    if (at === path.length) branch.value = value;
    else branch.children![path[at]!] = new TrieNode(path.subarray(at + 1), value, undefined, this.#owner);
    return branch;
  }

  /** Leaves `#changed` false (and every cache intact) when the key was not there. */
  #remove(node: TrieNode | undefined, path: Uint8Array, offset: number): TrieNode | undefined {
    if (node === undefined) return undefined;
    const partial = node.partial;
    if (commonPrefix(partial, path, offset) !== partial.length) return node;
    const at = offset + partial.length;
    if (at === path.length) {
      if (node.value === undefined) return node;
      this.#size--;
      this.#changed = true;
      if (node.children === undefined) return undefined;
      const owned = this.#own(node);
      owned.value = undefined;
      return this.#normalize(owned);
    }
    const child = node.children?.[path[at]!];
    if (child === undefined) return node;
    const updated = this.#remove(child, path, at + 1);
    if (!this.#changed) return node;
    const owned = this.#own(node);
    owned.children![path[at]!] = updated;
    return this.#normalize(owned);
  }

  /** Restores the trie's shape after a removal: no empty branches, no valueless single-child branches. */
  #normalize(node: TrieNode): TrieNode | undefined {
    const children = node.children!;
    let count = 0;
    let last = -1;
    for (let slot = 0; slot < 16; slot++) {
      if (children[slot] !== undefined) {
        count++;
        last = slot;
      }
    }
    if (count === 0) {
      if (node.value === undefined) return undefined;
      node.children = undefined;
      return node;
    }
    if (count === 1 && node.value === undefined) {
      const child = this.#own(children[last]!);
      child.partial = concatNibbles(node.partial, last, child.partial);
      return child;
    }
    return node;
  }

  /** Encodes `node` into the shared buffer (valid until the next encode); children get their refs first. */
  #encode(node: TrieNode): Uint8Array {
    const children = node.children?.map((child) =>
      child === undefined ? undefined : this.#reference(child),
    );
    let value: NodeValue | undefined;
    if (node.value !== undefined) {
      value = isHashedValue(node.value, this.stateVersion)
        ? { hashed: true, hash: blake2_256(node.value) }
        : { hashed: false, data: node.value };
    }
    return this.#encoder.encode({ partial: node.partial, value, children });
  }

  /** How a parent refers to `node`: its encoding when shorter than a hash, else its hash. */
  #reference(node: TrieNode): Uint8Array {
    if (node.ref !== undefined) return node.ref;
    const encoded = this.#encode(node);
    node.ref = encoded.length < HASH_LENGTH ? encoded.slice() : blake2_256(encoded);
    return node.ref;
  }

  /** Ordered depth-first walk: a node's own key sorts before all keys below it. */
  #walk(
    prefixInput: BytesLike,
    startAfterInput: BytesLike | undefined,
    limit: number,
    emit: (key: Uint8Array, value: Uint8Array) => void,
  ): void {
    if (this.#root === undefined || limit <= 0) return;
    const prefix = bytesToNibbles(toBytes(prefixInput, 'prefix'));
    const bound =
      startAfterInput === undefined ? undefined : bytesToNibbles(toBytes(startAfterInput, 'startAfter'));
    const path: number[] = [];
    let emitted = 0;

    // `bounded`: the path so far equals `bound`'s first nibbles, so keys here may still be <= bound.
    const visit = (node: TrieNode, bounded: boolean): boolean => {
      const start = path.length;
      for (const nibble of node.partial) path.push(nibble);
      const depth = path.length;
      try {
        for (let i = start; i < Math.min(depth, prefix.length); i++) if (path[i] !== prefix[i]) return true;
        if (bounded && bound !== undefined) {
          for (let i = start; i < Math.min(depth, bound.length); i++) {
            if (path[i]! < bound[i]!) return true;
            if (path[i]! > bound[i]!) {
              bounded = false;
              break;
            }
          }
          if (bounded && depth > bound.length) bounded = false;
        }
        if (node.value !== undefined && depth >= prefix.length && !bounded) {
          emit(nibblesToBytes(path), node.value);
          if (++emitted >= limit) return false;
        }
        const children = node.children;
        if (children === undefined) return true;
        for (let slot = 0; slot < 16; slot++) {
          const child = children[slot];
          if (child === undefined) continue;
          if (depth < prefix.length && slot !== prefix[depth]) continue;
          let childBounded = false;
          if (bounded && bound !== undefined && depth < bound.length) {
            if (slot < bound[depth]!) continue;
            childBounded = slot === bound[depth];
          }
          path.push(slot);
          const more = visit(child, childBounded);
          path.pop();
          if (!more) return false;
        }
        return true;
      } finally {
        path.length = start;
      }
    };
    visit(this.#root, bound !== undefined);
  }
}
