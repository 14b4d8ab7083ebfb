/** The fraud evidence record: its fields and problem codes (format rules in evidence.ts and docs/validator.md). */

export const EVIDENCE_FORMAT = 'expertnet-fraud-evidence';
export const EVIDENCE_VERSION = 1;
export const EVIDENCE_CONTEXT = 'expertnet/fraud-evidence/v1';

/** `0x`-prefixed lowercase hex of bytes. */
export type HexBytes = `0x${string}`;

/** What the validator signs (every field of a record but `id` and `validatorSignature`). */
export interface FraudEvidenceBody {
  format: typeof EVIDENCE_FORMAT;
  version: typeof EVIDENCE_VERSION;
  netuid: number;
  /** Chain head when the mismatch was found. */
  block: number;
  /** ISO 8601 UTC, milliseconds (`Date.toISOString`). */
  time: string;
  /** SS58 of the validator hotkey that signs the record. */
  validator: string;
  miner: { uid: number; hotkey: string };
  /** The bundle digest the miner declared in `info` (and committed): 64 lowercase hex. */
  bundleDigest: string;
  executionProvider: string;
  /** The miner's signed `info` answer: hash of the request frame, payload bytes, signature. */
  info: { requestHash: HexBytes; payload: HexBytes; signature: HexBytes };
  /** The classify request frame as sent, the miner's payload as received, its signature. */
  classify: { request: HexBytes; payload: HexBytes; signature: HexBytes };
  /** Re-executed texts: indices into the request's `texts`, ascending. */
  items: number[];
  /** The validator's probabilities for `items`, in order, over the info's labels. */
  recomputed: number[][];
  maxAbsDiff: number;
  /** The tolerance the validator applied (at least `toleranceFor(executionProvider)`). */
  tolerance: number;
}

export interface FraudEvidence extends FraudEvidenceBody {
  /** 32 lowercase hex: the first 16 bytes of blake2b-256 of the canonical body. */
  id: string;
  validatorSignature: HexBytes;
}

export type EvidenceProblemCode =
  /** Not UTF-8 canonical JSON, or a field missing, extra or of the wrong form. */
  | 'FORMAT'
  | 'ID'
  | 'VALIDATOR_SIGNATURE'
  | 'INFO_SIGNATURE'
  /** The info payload does not decode, or names another digest or execution provider. */
  | 'INFO_PAYLOAD'
  | 'CLASSIFY_SIGNATURE'
  | 'CLASSIFY_REQUEST'
  | 'CLASSIFY_PAYLOAD'
  /** Item indices outside the request, or recomputed vectors of the wrong shape. */
  | 'ITEMS'
  /** `maxAbsDiff` is not what the recorded numbers give. */
  | 'DIFF'
  /** The recorded numbers show no difference over the tolerance. */
  | 'NO_MISMATCH'
  // Offline re-check (check-evidence.ts):
  | 'NO_BUNDLE'
  | 'BUNDLE_DIGEST'
  | 'BUNDLE_LABELS'
  | 'REEXECUTION_FAILED'
  | 'NOT_REPRODUCED';

export interface EvidenceProblem {
  code: EvidenceProblemCode;
  message: string;
}
