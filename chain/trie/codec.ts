/**
 * sp-trie's node codec (`NodeCodec` + `node_header.rs`) for the base-16 Patricia–Merkle trie
 * without extension nodes, hashed with blake2-256.
 *
 * Node = header ‖ partial key ‖ [bitmap u16 LE] ‖ [value] ‖ children.
 * Header high bits: 01 leaf, 10 branch, 11 branch+value, 001 leaf with hashed value (V1),
 * 0001 branch with hashed value (V1); the remaining low bits start the partial key's nibble count,
 * continued by 255-bytes when they overflow. `0x00` is the empty trie.
 */
import { compactFromU8aLim, compactToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { TrieError } from './errors.js';

/** Substrate's `StateVersion`: V1 stores values longer than 32 bytes as their hash. */
export type StateVersion = 0 | 1;

export const HASH_LENGTH = 32;
/** V1 (`TRIE_VALUE_NODE_THRESHOLD` = 33): values of this many bytes or more are stored by hash. */
export const VALUE_HASH_THRESHOLD = 33;
/** sp-trie's `NIBBLE_SIZE_BOUND`: the most nibbles a partial key header can count. */
export const MAX_PARTIAL_NIBBLES = 65_535;

const LEAF = 0b01 << 6;
const BRANCH_WITHOUT_VALUE = 0b10 << 6;
const BRANCH_WITH_VALUE = 0b11 << 6;
const HASHED_VALUE_LEAF = 0b001 << 5;
const HASHED_VALUE_BRANCH = 0b0001 << 4;

export const EMPTY_NODE: Uint8Array = new Uint8Array([0]);

export function blake2_256(data: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 256);
}

/** blake2_256(0x00) = 0x03170a2e…1314, the root of a trie with no keys. */
export const EMPTY_TRIE_ROOT: Uint8Array = blake2_256(EMPTY_NODE);

/** True when `version` stores `value` in a separate node referenced by its hash. */
export function isHashedValue(value: Uint8Array, version: StateVersion): boolean {
  return version === 1 && value.length >= VALUE_HASH_THRESHOLD;
}

/** A node's stored value: the bytes themselves, or (V1, long values) their blake2-256 hash. */
export type NodeValue = { hashed: false; data: Uint8Array } | { hashed: true; hash: Uint8Array };

/** What a node encodes: its partial key as nibbles, optional value, and for branches 16 child slots. */
export interface TrieNodeParts {
  partial: Uint8Array;
  value: NodeValue | undefined;
  /** Child references (inline encoding when < 32 bytes, else the 32-byte hash); undefined for leaves. */
  children: readonly (Uint8Array | undefined)[] | undefined;
}

function headerLength(nibbles: number, prefixBits: number): number {
  const max = 0xff >> prefixBits;
  if (nibbles < max) return 1;
  return 2 + Math.floor((nibbles - max) / 255);
}

function writeHeader(out: Uint8Array, prefix: number, prefixBits: number, nibbles: number): number {
  const max = 0xff >> prefixBits;
  if (nibbles < max) {
    out[0] = prefix | nibbles;
    return 1;
  }
  out[0] = prefix | max;
  let pos = 1;
  let rest = nibbles - max;
  while (rest >= 255) {
    out[pos++] = 255;
    rest -= 255;
  }
  out[pos++] = rest;
  return pos;
}

function compactLength(n: number): number {
  if (n < 1 << 6) return 1;
  if (n < 1 << 14) return 2;
  if (n < 2 ** 30) return 4;
  return compactToU8a(n).length;
}

function writeCompact(out: Uint8Array, pos: number, n: number): number {
  if (n < 1 << 6) {
    out[pos] = n << 2;
    return pos + 1;
  }
  if (n < 1 << 14) {
    const v = (n << 2) | 0b01;
    out[pos] = v & 0xff;
    out[pos + 1] = v >> 8;
    return pos + 2;
  }
  if (n < 2 ** 30) {
    const v = n * 4 + 0b10;
    out[pos] = v & 0xff;
    out[pos + 1] = (v >>> 8) & 0xff;
    out[pos + 2] = (v >>> 16) & 0xff;
    out[pos + 3] = (v >>> 24) & 0xff;
    return pos + 4;
  }
  const big = compactToU8a(n);
  out.set(big, pos);
  return pos + big.length;
}

/** Encodes one node exactly as sp-trie's `NodeCodec` does (no extension nodes). */
export function encodeNode(parts: TrieNodeParts): Uint8Array {
  return new NodeEncoder().encode(parts).slice();
}

/**
 * Encodes nodes into one reusable buffer: hashing a large state encodes ~10^5 nodes, and allocating
 * each encoding would mostly feed the garbage collector. `encode` returns a view valid until the next call.
 */
export class NodeEncoder {
  #buffer = new Uint8Array(1024);

  encode(parts: TrieNodeParts): Uint8Array {
    const size = encodedSize(parts);
    if (size > this.#buffer.length) this.#buffer = new Uint8Array(Math.max(size, this.#buffer.length * 2));
    const out = this.#buffer.subarray(0, size);
    writeNode(out, parts);
    return out;
  }
}

function nodePrefix(value: NodeValue | undefined, isBranch: boolean): number {
  if (!isBranch) return value!.hashed ? HASHED_VALUE_LEAF : LEAF;
  if (value === undefined) return BRANCH_WITHOUT_VALUE;
  return value.hashed ? HASHED_VALUE_BRANCH : BRANCH_WITH_VALUE;
}

function prefixBitsOf(prefix: number): number {
  return prefix === HASHED_VALUE_LEAF ? 3 : prefix === HASHED_VALUE_BRANCH ? 4 : 2;
}

function encodedSize({ partial, value, children }: TrieNodeParts): number {
  const nibbles = partial.length;
  if (nibbles > MAX_PARTIAL_NIBBLES) {
    throw new TrieError({ code: 'INVALID_INPUT', reason: `partial key of ${nibbles} nibbles` });
  }
  if (children === undefined && value === undefined) return 1;
  const prefixBits = prefixBitsOf(nodePrefix(value, children !== undefined));
  let size = headerLength(nibbles, prefixBits) + ((nibbles + 1) >> 1);
  if (children !== undefined) {
    size += 2;
    for (let slot = 0; slot < 16; slot++) {
      const child = children[slot];
      if (child !== undefined) size += compactLength(child.length) + child.length;
    }
  }
  if (value !== undefined) {
    size += value.hashed ? HASH_LENGTH : compactLength(value.data.length) + value.data.length;
  }
  return size;
}

function writeNode(out: Uint8Array, { partial, value, children }: TrieNodeParts): void {
  const nibbles = partial.length;
  if (children === undefined && value === undefined) {
    out[0] = 0;
    return;
  }
  const prefix = nodePrefix(value, children !== undefined);
  let pos = writeHeader(out, prefix, prefixBitsOf(prefix), nibbles);
  // Partial key: odd counts are left-padded with a zero nibble.
  let i = 0;
  if (nibbles % 2 === 1) out[pos++] = partial[i++]!;
  for (; i < nibbles; i += 2) out[pos++] = (partial[i]! << 4) | partial[i + 1]!;

  let bitmapAt = -1;
  if (children !== undefined) {
    bitmapAt = pos;
    pos += 2;
  }
  if (value !== undefined) {
    if (value.hashed) {
      out.set(value.hash, pos);
      pos += HASH_LENGTH;
    } else {
      pos = writeCompact(out, pos, value.data.length);
      out.set(value.data, pos);
      pos += value.data.length;
    }
  }
  if (children !== undefined) {
    let bitmap = 0;
    for (let slot = 0; slot < 16; slot++) {
      const child = children[slot];
      if (child === undefined) continue;
      bitmap |= 1 << slot;
      pos = writeCompact(out, pos, child.length);
      out.set(child, pos);
      pos += child.length;
    }
    out[bitmapAt] = bitmap & 0xff;
    out[bitmapAt + 1] = bitmap >> 8;
  }
}

/** A node read back from its encoding; children are references (inline node or 32-byte hash). */
export interface DecodedNode {
  partial: Uint8Array;
  value: NodeValue | undefined;
  children: (Uint8Array | undefined)[] | undefined;
}

class Reader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}

  fail(reason: string): never {
    throw new TrieError({ code: 'INVALID_NODE', reason, offset: this.pos }, `invalid trie node: ${reason}`);
  }

  byte(): number {
    if (this.pos >= this.data.length) this.fail('unexpected end of node');
    return this.data[this.pos++]!;
  }

  take(length: number): Uint8Array {
    if (this.pos + length > this.data.length) this.fail('unexpected end of node');
    const out = this.data.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** SCALE compact, canonical form only (as parity-scale-codec requires). */
  compact(): number {
    const rest = this.data.subarray(this.pos);
    if (rest.length === 0) this.fail('unexpected end of node');
    const mode = rest[0]! & 0b11;
    const need = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : (rest[0]! >>> 2) + 5;
    if (need > rest.length) this.fail('truncated compact length');
    if (need > 7) this.fail('compact length too large');
    const [read, value] = compactFromU8aLim(rest);
    const minimum = mode === 0 ? 0 : mode === 1 ? 1 << 6 : mode === 2 ? 1 << 14 : 2 ** 30;
    if (value < minimum) this.fail('non-canonical compact length');
    this.pos += read;
    return value;
  }
}

function readNibbleCount(reader: Reader, first: number, prefixBits: number): number {
  const max = 0xff >> prefixBits;
  let count = first & max;
  if (count < max) return count;
  for (;;) {
    const next = reader.byte();
    count += next;
    if (next < 255) return count;
  }
}

/**
 * Decodes one node; returns undefined for the empty-trie node `0x00`. Strict like trie-db:
 * unknown headers, non-zero key padding, branches without children and trailing bytes are errors.
 */
export function decodeNode(data: Uint8Array): DecodedNode | undefined {
  const reader: Reader = new Reader(data);
  const first = reader.byte();
  if (first === 0) {
    if (data.length !== 1) reader.fail('bytes after the empty node');
    return undefined;
  }
  let isBranch: boolean;
  let valueKind: 'none' | 'inline' | 'hashed';
  let prefixBits: number;
  switch (first >> 6) {
    case 0b01:
      [isBranch, valueKind, prefixBits] = [false, 'inline', 2];
      break;
    case 0b10:
      [isBranch, valueKind, prefixBits] = [true, 'none', 2];
      break;
    case 0b11:
      [isBranch, valueKind, prefixBits] = [true, 'inline', 2];
      break;
    default:
      if (first >> 5 === 0b001) [isBranch, valueKind, prefixBits] = [false, 'hashed', 3];
      else if (first >> 4 === 0b0001) [isBranch, valueKind, prefixBits] = [true, 'hashed', 4];
      else reader.fail(`unknown node header 0x${first.toString(16).padStart(2, '0')}`);
  }

  const nibbles = readNibbleCount(reader, first, prefixBits);
  if (nibbles > MAX_PARTIAL_NIBBLES) reader.fail('partial key too long');
  const packed = reader.take((nibbles + 1) >> 1);
  const partial = new Uint8Array(nibbles);
  let p = 0;
  let b = 0;
  if (nibbles % 2 === 1) {
    if (packed[0]! >> 4 !== 0) reader.fail('non-zero partial key padding');
    partial[p++] = packed[b++]! & 0x0f;
  }
  for (; p < nibbles; b++) {
    partial[p++] = packed[b]! >> 4;
    partial[p++] = packed[b]! & 0x0f;
  }

  let bitmap = 0;
  if (isBranch) {
    bitmap = reader.byte() | (reader.byte() << 8);
    if (bitmap === 0) reader.fail('branch without children');
  }
  let value: NodeValue | undefined;
  if (valueKind === 'inline') value = { hashed: false, data: reader.take(reader.compact()) };
  else if (valueKind === 'hashed') value = { hashed: true, hash: reader.take(HASH_LENGTH) };

  let children: (Uint8Array | undefined)[] | undefined;
  if (isBranch) {
    children = new Array<Uint8Array | undefined>(16).fill(undefined);
    for (let slot = 0; slot < 16; slot++) {
      if ((bitmap & (1 << slot)) === 0) continue;
      const length = reader.compact();
      if (length > HASH_LENGTH) reader.fail(`child reference of ${length} bytes`);
      children[slot] = reader.take(length);
    }
  }
  if (reader.pos !== data.length) reader.fail('trailing bytes after node');
  return { partial, value, children };
}
