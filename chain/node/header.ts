/**
 * Block header and body as Substrate encodes them (SCALE), their hashes and their JSON-RPC form.
 *
 * Header = parentHash ++ Compact<number> ++ stateRoot ++ extrinsicsRoot ++ Vec<DigestItem>;
 * block hash = blake2_256(SCALE(header)) (polkadot-js recomputes it to sign mortal transactions).
 * Digest items are kept encoded: the RPC serves each as a SCALE hex string.
 */
import { compactFromU8aLim, compactToU8a } from '@polkadot/util';
import type { Hex } from '../runtime/interface.js';
import { blake2_256, concatBytes, toHex, u64LE } from './bytes.js';
import { ChainError } from './errors.js';

export interface Header {
  parentHash: Uint8Array;
  number: number;
  stateRoot: Uint8Array;
  extrinsicsRoot: Uint8Array;
  /** SCALE-encoded `DigestItem`s. */
  digest: Uint8Array[];
}

export interface HeaderJson {
  parentHash: Hex;
  number: Hex;
  stateRoot: Hex;
  extrinsicsRoot: Hex;
  digest: { logs: Hex[] };
}

/** `DigestItem` variant indices (sp_runtime::generic::DigestItem). */
const DIGEST_OTHER = 0;
const DIGEST_CONSENSUS = 4;
const DIGEST_SEAL = 5;
const DIGEST_PRE_RUNTIME = 6;
const DIGEST_RUNTIME_ENVIRONMENT_UPDATED = 8;

const AURA_ENGINE = new TextEncoder().encode('aura');

/** Aura `PreRuntime` digest carrying the slot, so clients can infer the block time from headers. */
export function auraPreRuntimeDigest(slot: bigint): Uint8Array {
  return concatBytes([Uint8Array.of(DIGEST_PRE_RUNTIME), AURA_ENGINE, compactToU8a(8), u64LE(slot)]);
}

/** Marks a block whose runtime (`:code`) changed; polkadot-api watches for it. */
export function runtimeEnvironmentUpdatedDigest(): Uint8Array {
  return Uint8Array.of(DIGEST_RUNTIME_ENVIRONMENT_UPDATED);
}

export function encodeHeader(header: Header): Uint8Array {
  return concatBytes([
    header.parentHash,
    compactToU8a(header.number),
    header.stateRoot,
    header.extrinsicsRoot,
    compactToU8a(header.digest.length),
    ...header.digest,
  ]);
}

export function hashHeader(header: Header): Uint8Array {
  return blake2_256(encodeHeader(header));
}

function corrupt(detail: string): ChainError {
  return new ChainError({ code: 'CORRUPT_DATABASE', detail }, `cannot decode stored block: ${detail}`);
}

function readCompact(bytes: Uint8Array, offset: number): [number, number] {
  if (offset >= bytes.length) throw corrupt('truncated compact');
  const [len, value] = compactFromU8aLim(bytes.subarray(offset));
  return [offset + len, value];
}

/** Reads one encoded DigestItem at `offset`; returns the offset after it. */
function digestItemEnd(bytes: Uint8Array, offset: number): number {
  const kind = bytes[offset];
  let off = offset + 1;
  switch (kind) {
    case DIGEST_OTHER: {
      const [o, len] = readCompact(bytes, off);
      return o + len;
    }
    case DIGEST_CONSENSUS:
    case DIGEST_SEAL:
    case DIGEST_PRE_RUNTIME: {
      off += 4;
      const [o, len] = readCompact(bytes, off);
      return o + len;
    }
    case DIGEST_RUNTIME_ENVIRONMENT_UPDATED:
      return off;
    default:
      throw corrupt(`unknown digest item ${kind}`);
  }
}

export function decodeHeader(bytes: Uint8Array): Header {
  if (bytes.length < 32 + 1 + 64 + 1) throw corrupt('header too short');
  const parentHash = bytes.slice(0, 32);
  let [off, number] = readCompact(bytes, 32);
  const stateRoot = bytes.slice(off, off + 32);
  const extrinsicsRoot = bytes.slice(off + 32, off + 64);
  off += 64;
  const [afterLen, count] = readCompact(bytes, off);
  off = afterLen;
  const digest: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const end = digestItemEnd(bytes, off);
    if (end > bytes.length) throw corrupt('truncated digest');
    digest.push(bytes.slice(off, end));
    off = end;
  }
  if (off !== bytes.length) throw corrupt('trailing header bytes');
  return { parentHash, number, stateRoot, extrinsicsRoot, digest };
}

export function headerToJson(header: Header): HeaderJson {
  return {
    parentHash: toHex(header.parentHash),
    number: `0x${header.number.toString(16)}`,
    stateRoot: toHex(header.stateRoot),
    extrinsicsRoot: toHex(header.extrinsicsRoot),
    digest: { logs: header.digest.map(toHex) },
  };
}

/**
 * Body = Vec<OpaqueExtrinsic>. Each extrinsic is stored as submitted, i.e. already SCALE-encoded with its
 * compact length prefix, so the body is the count followed by the extrinsics back to back.
 */
export function encodeBody(extrinsics: readonly Uint8Array[]): Uint8Array {
  return concatBytes([compactToU8a(extrinsics.length), ...extrinsics]);
}

export function decodeBody(bytes: Uint8Array): Uint8Array[] {
  let [off, count] = readCompact(bytes, 0);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const [dataStart, len] = readCompact(bytes, off);
    const end = dataStart + len;
    if (end > bytes.length) throw corrupt('truncated extrinsic');
    out.push(bytes.slice(off, end));
    off = end;
  }
  if (off !== bytes.length) throw corrupt('trailing body bytes');
  return out;
}
