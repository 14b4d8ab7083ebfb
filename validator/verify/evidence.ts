/**
 * Fraud evidence: a self-contained, validator-signed record that a miner's signed answer differs from
 * what its committed bundle computes. Anyone can check it offline with the record alone (signatures,
 * consistency) and the bundle (a fresh re-run: check-evidence.ts). Format (docs/validator.md):
 *
 * - The file is the RFC 8785 canonical JSON of the whole record (canonical-json.ts) and one "\n".
 * - `body` = the record without `id` and `validatorSignature`; h = blake2b-256(canonical JSON of body).
 * - `id` = lowercase hex of h[0..16]; `validatorSignature` = the validator hotkey's sr25519 signature
 *   over UTF-8(`expertnet/fraud-evidence/v1`) ‖ h.
 * - `info`: the miner's signed answer to `info` (its payload binds the hotkey to `bundleDigest` and
 *   `executionProvider`); `classify`: the classify request frame bytes as sent and the miner's signed
 *   payload. Both signatures are the miner's over `expertnet/response/v1` ‖ blake2b-256(request bytes)
 *   ‖ blake2b-256(payload bytes) (shared/protocol/signing.ts).
 * - `items`: indices of the re-executed texts in the request; `recomputed`: the validator's
 *   probabilities for them (float32 values); `maxAbsDiff`: max |claimed − recomputed| over them.
 */
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ExpertnetError } from '../../shared/errors.js';
import type { Sr25519Signer } from '../../shared/wallet/index.js';
import { toPublicKey, toSs58, verifySr25519 } from '../../shared/wallet/index.js';
import { canonicalJson } from './canonical-json.js';
import { type EvidenceContents, peekInfo, readContents, readShape } from './evidence-checks.js';
import {
  EVIDENCE_CONTEXT,
  EVIDENCE_FORMAT,
  EVIDENCE_VERSION,
  type EvidenceProblem,
  type FraudEvidence,
  type FraudEvidenceBody,
  type HexBytes,
} from './evidence-format.js';
import { compareOutputs, toleranceFor } from './tolerance.js';

export type { EvidenceContents } from './evidence-checks.js';
export * from './evidence-format.js';

const CONTEXT_BYTES = new TextEncoder().encode(EVIDENCE_CONTEXT);

export type EvidenceErrorType =
  /** `createEvidence` refused to sign a record that would not verify. */
  { code: 'NOT_EVIDENCE'; problems: EvidenceProblem[] };
export class EvidenceError extends ExpertnetError<EvidenceErrorType> {}

export interface CreateEvidenceParameters {
  /** The validator hotkey. */
  signer: Sr25519Signer;
  netuid: number;
  block: number;
  time?: Date;
  miner: { uid: number; hotkey: string };
  /** The miner's info answer (a `MinerInfo` fits). */
  info: { payload: Uint8Array; evidence: { requestHash: string; signature: string } };
  /** The classify answer (a `ClassifyResult` fits) and the request frame bytes as sent. */
  classify: { request: Uint8Array; payload: Uint8Array; evidence: { signature: string } };
  items: number[];
  recomputed: number[][];
  /** Default and floor: `toleranceFor(info.executionProvider)`. */
  tolerance?: number;
}

/**
 * Builds and signs a record. Throws `EvidenceError` NOT_EVIDENCE (with the problems) when it would not
 * verify: a signature that is not the miner's, items outside the request, no difference over tolerance.
 */
export function createEvidence(params: CreateEvidenceParameters): FraudEvidence {
  const info = peekInfo(params.info.payload);
  const executionProvider = info?.executionProvider ?? '';
  const tolerance = Math.max(params.tolerance ?? 0, toleranceFor(executionProvider));
  const partial: FraudEvidenceBody = {
    format: EVIDENCE_FORMAT,
    version: EVIDENCE_VERSION,
    netuid: params.netuid,
    block: params.block,
    time: (params.time ?? new Date()).toISOString(),
    validator: toSs58(params.signer.publicKey),
    miner: { uid: params.miner.uid, hotkey: params.miner.hotkey },
    bundleDigest: info?.bundleDigest ?? '',
    executionProvider,
    info: {
      requestHash: params.info.evidence.requestHash as HexBytes,
      payload: u8aToHex(params.info.payload),
      signature: params.info.evidence.signature as HexBytes,
    },
    classify: {
      request: u8aToHex(params.classify.request),
      payload: u8aToHex(params.classify.payload),
      signature: params.classify.evidence.signature as HexBytes,
    },
    items: [...params.items],
    recomputed: params.recomputed.map((row) => [...row]),
    maxAbsDiff: 0,
    tolerance,
  };
  const shapeProblems: EvidenceProblem[] = [];
  const contents = readContents(partial, shapeProblems);
  if (contents) {
    partial.maxAbsDiff = compareOutputs(contents.claimed, partial.recomputed, tolerance).maxAbsDiff;
  }
  const hash = bodyHash(partial);
  const record: FraudEvidence = {
    ...partial,
    id: idOf(hash),
    validatorSignature: u8aToHex(params.signer.sign(signingMessage(hash))),
  };
  const problems = verifyEvidenceRecord(record);
  if (problems.length > 0) {
    throw new EvidenceError(
      { code: 'NOT_EVIDENCE', problems },
      `not evidence of a mismatch: ${problems.map((p) => p.message).join('; ')}`,
    );
  }
  return record;
}

/** The record's file bytes: canonical JSON and a newline. */
export function encodeEvidence(record: FraudEvidence): Uint8Array {
  return new TextEncoder().encode(`${canonicalJson(record)}\n`);
}

/** Parses file bytes strictly (canonical form only: one record, one byte string), then checks it. */
export function parseEvidence(bytes: Uint8Array): { record?: FraudEvidence; problems: EvidenceProblem[] } {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch (err) {
    return { problems: [{ code: 'FORMAT', message: `not UTF-8 JSON: ${(err as Error).message}` }] };
  }
  let canonical: string;
  try {
    canonical = canonicalJson(value);
  } catch (err) {
    return { problems: [{ code: 'FORMAT', message: (err as Error).message }] };
  }
  if (text !== canonical && text !== `${canonical}\n`) {
    return {
      problems: [{ code: 'FORMAT', message: 'not in canonical form (RFC 8785 JSON, one trailing newline)' }],
    };
  }
  const problems = verifyEvidenceRecord(value);
  return problems.length === 0 ? { record: value as FraudEvidence, problems } : { problems };
}

/**
 * Every check that needs only the record: form, id, the validator's and the miner's signatures, the info
 * naming this digest and provider, the request and payload decoding, items in range, `maxAbsDiff` equal
 * to what the numbers give and over the tolerance. Empty = a well-formed, signed claim of a mismatch
 * (proving it needs the bundle: `checkEvidence`). Never throws.
 */
export function verifyEvidenceRecord(record: unknown): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  const body = readShape(record, problems);
  if (!body) return problems;
  const hash = bodyHash(body);
  if ((record as FraudEvidence).id !== idOf(hash)) {
    problems.push({ code: 'ID', message: 'id is not the hash of the record body' });
  }
  if (!verifyHex(signingMessage(hash), (record as FraudEvidence).validatorSignature, body.validator)) {
    problems.push({ code: 'VALIDATOR_SIGNATURE', message: `not signed by the validator ${body.validator}` });
  }
  const contents = readContents(body, problems);
  if (!contents) return problems;
  const tolerance = Math.max(body.tolerance, toleranceFor(body.executionProvider));
  const { maxAbsDiff } = compareOutputs(contents.claimed, body.recomputed, tolerance);
  if (maxAbsDiff !== body.maxAbsDiff) {
    problems.push({
      code: 'DIFF',
      message: `maxAbsDiff is ${body.maxAbsDiff}, the numbers give ${maxAbsDiff}`,
    });
  }
  if (!(maxAbsDiff > tolerance)) {
    problems.push({
      code: 'NO_MISMATCH',
      message: `max |Δp| ${maxAbsDiff} is within the tolerance ${tolerance}`,
    });
  }
  return problems;
}

/** The decoded parts of a verified record: info, the request's texts, the miner's values for `items`. */
export function evidenceContents(record: FraudEvidence): EvidenceContents | undefined {
  return readContents(record, []);
}

/** The body of a record (what the id and signature cover). */
export function evidenceBody(record: FraudEvidence): FraudEvidenceBody {
  const { id: _id, validatorSignature: _sig, ...body } = record;
  return body;
}

function bodyHash(body: FraudEvidenceBody): Uint8Array {
  return blake2AsU8a(new TextEncoder().encode(canonicalJson(body)), 256);
}

function idOf(hash: Uint8Array): string {
  return Buffer.from(hash.subarray(0, 16)).toString('hex');
}

function signingMessage(hash: Uint8Array): Uint8Array {
  const out = new Uint8Array(CONTEXT_BYTES.length + hash.length);
  out.set(CONTEXT_BYTES, 0);
  out.set(hash, CONTEXT_BYTES.length);
  return out;
}

function verifyHex(message: Uint8Array, signature: string, signer: string): boolean {
  try {
    return verifySr25519(message, hexToU8a(signature), toPublicKey(signer));
  } catch {
    return false;
  }
}
