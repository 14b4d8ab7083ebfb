import { ExpertnetError } from '../errors.js';

/**
 * What can go wrong with a timelock ciphertext, a beacon signature or a weights payload. Decryption
 * failures never throw anything else, so a chain that decrypts untrusted commits only catches this.
 */
export type TimelockErrorType =
  /** The bytes end before a field does (`field` names it, `offset` is where it started). */
  | { code: 'TRUNCATED'; field: string; offset: number; need: number; have: number }
  /** A field has a length the format does not allow. */
  | { code: 'BAD_LENGTH'; field: string; length: number; expected: number }
  /** A curve point does not decode (not compressed, not on the curve, or not in the subgroup). */
  | { code: 'BAD_POINT'; field: string }
  /** The IBE header does not open with this signature (the wrong round, or a forged header). */
  | { code: 'WRONG_SIGNATURE' }
  /** AES-GCM rejected the body (tampered, or encrypted under another key). */
  | { code: 'BODY_DECRYPTION_FAILED' }
  /** A secret key that is not a usable BLS scalar. */
  | { code: 'BAD_SECRET_KEY'; length: number }
  /** A round number outside u64. */
  | { code: 'BAD_ROUND'; round: string }
  /** A clock or epoch input that is not a finite (or not a non-negative integer) number. */
  | { code: 'BAD_INPUT'; field: string; value: string }
  /** A SCALE payload that neither the current nor the legacy weights layout decodes. */
  | { code: 'BAD_PAYLOAD'; reason: string }
  /** A payload that cannot be encoded (a uid or weight outside u16, a version key outside u64). */
  | { code: 'BAD_PAYLOAD_VALUE'; field: string; value: string };

export class TimelockError extends ExpertnetError<TimelockErrorType> {}
