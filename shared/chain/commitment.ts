/**
 * What a miner publishes with `Commitments.set_commitment` so validators know what it serves before
 * connecting. Subtensor allows 3 fields (`MaxFields`) of `Data` (Raw up to 128 bytes, or 32-byte hashes):
 *
 *   field 0  Raw     "expertnet/1 <domain> <task>"            (UTF-8, ≤ 128 bytes)
 *   field 1  Sha256  sha256 of the served ONNX file            (32 bytes)
 *   field 2  Raw     labels joined by ","                     when that fits in 128 bytes,
 *            BlakeTwo256  blake2_256 of the same UTF-8 text     otherwise (full list via `info`)
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ChainClientError } from './errors.js';
import type { CommitmentField } from './types.js';

export const COMMITMENT_PREFIX = 'expertnet/1';
export const MAX_RAW_BYTES = 128;

export interface ModelCommitment {
  domain: string;
  task: string;
  labels: string[];
  /** Lowercase hex, 64 chars. */
  modelSha256: string;
}

/** A commitment read back from chain; `labels` is undefined when only their hash was published. */
export interface DecodedModelCommitment {
  domain: string;
  task: string;
  labels: string[] | undefined;
  labelsHash: Uint8Array;
  modelSha256: string;
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

export function encodeModelCommitment(commitment: ModelCommitment): CommitmentField[] {
  if (!NAME.test(commitment.domain)) bad('domain', commitment.domain, 'domain must match [A-Za-z0-9_.:-]+');
  if (!NAME.test(commitment.task)) bad('task', commitment.task, 'task must match [A-Za-z0-9_.:-]+');
  if (!/^[0-9a-f]{64}$/.test(commitment.modelSha256)) {
    bad('modelSha256', commitment.modelSha256, 'modelSha256 must be 64 lowercase hex characters');
  }
  for (const label of commitment.labels) {
    if (label.length === 0 || label.includes(','))
      bad('labels', label, 'labels must be non-empty without ","');
  }
  const head = utf8.encode(`${COMMITMENT_PREFIX} ${commitment.domain} ${commitment.task}`);
  if (head.length > MAX_RAW_BYTES) bad('domain', commitment.domain, 'domain and task are too long to commit');
  const labelBytes = utf8.encode(commitment.labels.join(','));
  return [
    { kind: 'Raw', bytes: head },
    { kind: 'Sha256', bytes: Buffer.from(commitment.modelSha256, 'hex') },
    labelBytes.length <= MAX_RAW_BYTES
      ? { kind: 'Raw', bytes: labelBytes }
      : { kind: 'BlakeTwo256', bytes: labelsHash(commitment.labels) },
  ];
}

/** Undefined when the fields are not an Expertnet model commitment (other subnets' miners, junk). */
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
  if (prefix !== COMMITMENT_PREFIX || !domain || !task || rest.length > 0) return undefined;
  const modelSha256 = Buffer.from(sha.bytes).toString('hex');
  if (labels?.kind === 'Raw') {
    let list: string[];
    try {
      list = fromUtf8.decode(labels.bytes).split(',');
    } catch {
      return undefined;
    }
    return { domain, task, labels: list, labelsHash: labelsHash(list), modelSha256 };
  }
  if (labels?.kind === 'BlakeTwo256' && labels.bytes.length === 32) {
    return { domain, task, labels: undefined, labelsHash: labels.bytes, modelSha256 };
  }
  return undefined;
}
