/**
 * `chainHead_v1_storage` operations: `value`, `hash`, `closestDescendantMerkleValue`, and the paginated
 * `descendantsValues` / `descendantsHashes` (a page of `storagePageItems` items, then
 * `operationWaitingForContinue` until `chainHead_v1_continue`). A block whose state was pruned while the
 * operation waited ends it with `operationInaccessible`. The node keeps no child tries, so a `childTrie`
 * query finds nothing.
 */
import type { Hex } from '../../runtime/interface.js';
import { decodeNode } from '../../trie/index.js';
import { blake2_256, fromHex, toHex } from '../bytes.js';
import type { BlockRecord, ChainStore } from '../chain.js';
import type { Follow, Operation } from './chain-head-follow.js';
import { hexParam } from './context.js';
import { invalidParams } from './errors.js';

export type StorageQueryType =
  | 'value'
  | 'hash'
  | 'closestDescendantMerkleValue'
  | 'descendantsValues'
  | 'descendantsHashes';

const QUERY_TYPES = new Set<string>([
  'value',
  'hash',
  'closestDescendantMerkleValue',
  'descendantsValues',
  'descendantsHashes',
]);

export interface StorageQuery {
  key: Hex;
  type: StorageQueryType;
}

interface StorageResultItem {
  key: Hex;
  value?: Hex;
  hash?: Hex;
  closestDescendantMerkleValue?: Hex;
}

/** The `items` parameter, or -32602. */
export function storageQueriesParam(value: unknown): StorageQuery[] {
  if (!Array.isArray(value)) throw invalidParams('items: expected an array of { key, type }');
  return value.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) throw invalidParams(`items[${i}]: expected { key, type }`);
    const { key, type } = item as Record<string, unknown>;
    if (typeof type !== 'string' || !QUERY_TYPES.has(type)) {
      throw invalidParams(`items[${i}].type: expected one of ${[...QUERY_TYPES].join(', ')}`);
    }
    return { key: hexParam(key, `items[${i}].key`), type: type as StorageQueryType };
  });
}

/**
 * Runs `queries` (already limited to the operation's accepted items) against `block`'s state, sending
 * pages through `follow`. Returns at each pause; `chainHead_v1_continue` calls the stored `resume`.
 */
export function runStorage(
  follow: Follow,
  op: Operation,
  chain: ChainStore,
  block: BlockRecord,
  queries: readonly StorageQuery[],
): void {
  const pageSize = Math.max(1, follow.limits.storagePageItems);
  // One read proof for every Merkle-value query of the operation (a block off the trie snapshots costs a
  // trie rebuild per proof).
  let proof: Uint8Array[] | undefined;
  const proofNodes = () => {
    proof ??= chain.readProof(
      block,
      queries.filter((q) => q.type === 'closestDescendantMerkleValue').map((q) => q.key),
    );
    return proof;
  };
  let index = 0;
  /** Last key sent for the descendants query at `index` (iteration resumes after it). */
  let cursor: Hex | undefined;

  const step = (): void => {
    if (op.done) return;
    if (chain.isStatePruned(block)) {
      follow.finish(op, { event: 'operationInaccessible' });
      return;
    }
    const page: StorageResultItem[] = [];
    try {
      while (index < queries.length && page.length < pageSize) {
        const query = queries[index] as StorageQuery;
        if (query.type === 'descendantsValues' || query.type === 'descendantsHashes') {
          const room = pageSize - page.length;
          const keys = chain.state.keys(block.number, query.key, cursor, room);
          for (const key of keys) {
            const value = chain.state.get(key, block.number);
            if (value !== undefined) page.push(itemOf(key, value, query.type === 'descendantsHashes'));
          }
          if (keys.length < room) {
            index++;
            cursor = undefined;
          } else cursor = keys[keys.length - 1];
          continue;
        }
        index++;
        const item = singleItem(chain, block, query, proofNodes);
        if (item !== undefined) page.push(item);
      }
    } catch (err) {
      follow.finish(op, { event: 'operationError', error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (page.length > 0) follow.emit(op, { event: 'operationStorageItems', items: page });
    if (index >= queries.length) {
      follow.finish(op, { event: 'operationStorageDone' });
      return;
    }
    op.resume = step;
    follow.emit(op, { event: 'operationWaitingForContinue' });
  };
  step();
}

function itemOf(key: Hex, value: Uint8Array, hashed: boolean): StorageResultItem {
  return hashed ? { key, hash: toHex(blake2_256(value)) } : { key, value: toHex(value) };
}

function singleItem(
  chain: ChainStore,
  block: BlockRecord,
  query: StorageQuery,
  proof: () => readonly Uint8Array[],
): StorageResultItem | undefined {
  if (query.type === 'closestDescendantMerkleValue') {
    const merkle = closestDescendantMerkleValue(proof(), block.header.stateRoot, fromHex(query.key));
    return merkle === undefined ? undefined : { key: query.key, closestDescendantMerkleValue: toHex(merkle) };
  }
  const value = chain.state.get(query.key, block.number);
  if (value === undefined) return undefined;
  return itemOf(query.key, value, query.type === 'hash');
}

/**
 * The Merkle value (the node's encoding when under 32 bytes, else its blake2-256 hash; the root's is the
 * state root) of the node at `key` or, if none, of the closest node below it, read from a read proof
 * covering `key` (which holds every node on its path). Undefined when nothing in the trie starts with `key`.
 */
export function closestDescendantMerkleValue(
  proof: readonly Uint8Array[],
  stateRoot: Uint8Array,
  key: Uint8Array,
): Uint8Array | undefined {
  const byHash = new Map<Hex, Uint8Array>(proof.map((node) => [toHex(blake2_256(node)), node]));
  const path = new Uint8Array(key.length * 2);
  key.forEach((byte, i) => {
    path[2 * i] = byte >> 4;
    path[2 * i + 1] = byte & 0x0f;
  });
  let merkle: Uint8Array = stateRoot;
  let encoded = byHash.get(toHex(stateRoot));
  let offset = 0;
  while (encoded !== undefined) {
    const node = decodeNode(encoded);
    if (node === undefined) return undefined; // the empty trie
    const { partial } = node;
    const rest = path.length - offset;
    const shared = Math.min(rest, partial.length);
    for (let i = 0; i < shared; i++) if (partial[i] !== path[offset + i]) return undefined;
    // The key ends inside (or at the end of) this node's partial key: this node is the closest.
    if (rest <= partial.length) return merkle;
    offset += partial.length;
    const child = node.children?.[path[offset] as number];
    if (child === undefined) return undefined;
    offset++;
    merkle = child;
    encoded = child.length === 32 ? byHash.get(toHex(child)) : child;
  }
  return undefined;
}
