/** Typed errors of the dev chain runtime (decoding, bad input to runtime APIs, bad configuration). */
import { ExpertnetError } from '../../shared/errors.js';

export type RuntimeErrorType =
  | { code: 'DECODE'; what: string; reason: string }
  | { code: 'BAD_INPUT'; what: string; reason: string }
  | { code: 'UNKNOWN_TYPE'; name: string }
  | { code: 'DEFINITION'; reason: string };

export class RuntimeError extends ExpertnetError<RuntimeErrorType> {}
