/**
 * What a miner publishes with `Commitments.set_commitment` so validators know what it serves before
 * connecting. Subtensor allows 3 fields (`MaxFields`) of `Data` (Raw up to 128 bytes, or 32-byte hashes):
 *
 *   field 0  Raw     "expertnet/2 <domain> <task>"            (UTF-8, ≤ 128 bytes)
 *   field 1  Sha256  the model bundle digest                    (32 bytes; shared/models/bundle.ts)
 *   field 2  Raw     labels joined by ","                     when that fits in 128 bytes,
 *            BlakeTwo256  blake2_256 of the same UTF-8 text     otherwise (full list via `info`)
 *
 * The bundle digest covers every file that determines outputs, so validators can download the bundle and
 * re-run it. Commitments of the older `expertnet/1` layout (field 1 = sha256 of the ONNX file alone) are
 * still read, as `verifiable: false`: nothing can be checked against them.
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ChainClientError } from './errors.js';
import type { CommitmentField } from './types.js';

export const COMMITMENT_PREFIX = 'expertnet/2';
/** The layout before bundle digests (field 1 = ONNX sha256): read, never written by this build. */
export const LEGACY_COMMITMENT_PREFIX = 'expertnet/1';
export const MAX_RAW_BYTES = 128;

export interface ModelCommitment {
  domain: string;
  task: string;
  labels: string[];
  /** The model bundle digest (`readBundle(dir).digest`), lowercase hex, 64 chars. */
  bundleDigest: string;
}

/** A commitment read back from chain; `labels` is undefined when only their hash was published. */
export interface DecodedModelCommitment {
  domain: string;
  task: string;
  labels: string[] | undefined;
  labelsHash: Uint8Array;
  /** The committed 32-byte hash, lowercase hex: the bundle digest (v2) or the ONNX sha256 (v1). */
  modelSha256: string;
  /** Layout version: 2 commits the bundle digest, 1 only the ONNX file. */
  version: 1 | 2;
  /** True for v2: a bundle can be downloaded and checked against `bundleDigest`. */
  verifiable: boolean;
  /** The bundle digest for v2 commitments; undefined for v1. */
  bundleDigest: string | undefined;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const NAME = /^[A-Za-z0-9_.:-]+$/;

function bad(field: string, value: string, message: string): never {
  throw new ChainClientError({ code: 'BAD_INPUT', field, value }, message);
}

export function labelsHash(labels: readonly string[]): Uint8Array {
  return blake2AsU8a(utf8.encode(labels.join(',')), 256);
}

/** The 3 fields of an `expertnet/2` commitment; throws `ChainClientError` BAD_INPUT on bad input. */
export function encodeModelCommitment(commitment: ModelCommitment): CommitmentField[] {
  return encodeFields(COMMITMENT_PREFIX, commitment, commitment.bundleDigest, 'bundleDigest');
}

/**
 * An old `expertnet/1` commitment (field 1 = ONNX sha256). Only for tests and tools that must produce
 * what older miners published; validators read it as unverifiable.
 */
export function encodeLegacyModelCommitment(
  commitment: Omit<ModelCommitment, 'bundleDigest'> & { modelSha256: string },
): CommitmentField[] {
  return encodeFields(LEGACY_COMMITMENT_PREFIX, commitment, commitment.modelSha256, 'modelSha256');
}

function encodeFields(
  prefix: string,
  commitment: Omit<ModelCommitment, 'bundleDigest'>,
  hash: string,
  hashField: string,
): CommitmentField[] {
  if (!NAME.test(commitment.domain)) bad('domain', commitment.domain, 'domain must match [A-Za-z0-9_.:-]+');
  if (!NAME.test(commitment.task)) bad('task', commitment.task, 'task must match [A-Za-z0-9_.:-]+');
  if (!/^[0-9a-f]{64}$/.test(hash)) bad(hashField, hash, `${hashField} must be 64 lowercase hex characters`);
  for (const label of commitment.labels) {
    if (label.length === 0 || label.includes(','))
      bad('labels', label, 'labels must be non-empty without ","');
  }
  const head = utf8.encode(`${prefix} ${commitment.domain} ${commitment.task}`);
  if (head.length > MAX_RAW_BYTES) bad('domain', commitment.domain, 'domain and task are too long to commit');
  const labelBytes = utf8.encode(commitment.labels.join(','));
  return [
    { kind: 'Raw', bytes: head },
    { kind: 'Sha256', bytes: Buffer.from(hash, 'hex') },
    labelBytes.length <= MAX_RAW_BYTES
      ? { kind: 'Raw', bytes: labelBytes }
      : { kind: 'BlakeTwo256', bytes: labelsHash(commitment.labels) },
  ];
}

/**
 * Undefined when the fields are not an Expertnet model commitment (other subnets' miners, junk). Reads
 * `expertnet/2` (verifiable) and `expertnet/1` (not).
 */
export function decodeModelCommitment(
  fields: readonly CommitmentField[],
): DecodedModelCommitment | undefined {
  const [head, sha, labels] = fields;
  if (fields.length !== 3 || head?.kind !== 'Raw' || sha?.kind !== 'Sha256' || sha.bytes.length !== 32) {
    return undefined;
  }
  let text: string;
  try {
    text = fromUtf8.decode(head.bytes);
  } catch {
    return undefined;
  }
  const [prefix, domain, task, ...rest] = text.split(' ');
  const version = prefix === COMMITMENT_PREFIX ? 2 : prefix === LEGACY_COMMITMENT_PREFIX ? 1 : undefined;
  if (version === undefined || !domain || !task || rest.length > 0) return undefined;
  const modelSha256 = Buffer.from(sha.bytes).toString('hex');
  const model = {
    domain,
    task,
    modelSha256,
    version,
    verifiable: version === 2,
    bundleDigest: version === 2 ? modelSha256 : undefined,
  } as const;
  if (labels?.kind === 'Raw') {
    let list: string[];
    try {
      list = fromUtf8.decode(labels.bytes).split(',');
    } catch {
      return undefined;
    }
    return { ...model, labels: list, labelsHash: labelsHash(list) };
  }
  if (labels?.kind === 'BlakeTwo256' && labels.bytes.length === 32) {
    return { ...model, labels: undefined, labelsHash: labels.bytes };
  }
  return undefined;
}
