/** Typed errors of the dev chain runtime (decoding, bad input to runtime APIs, bad configuration). */
import { ExpertnetError, type ExpertnetErrorOptions } from '../../shared/errors.js';

export type RuntimeErrorType =
  | { code: 'DECODE'; what: string; reason: string }
  | { code: 'BAD_INPUT'; what: string; reason: string }
  | { code: 'UNKNOWN_TYPE'; name: string }
  | { code: 'DEFINITION'; reason: string }
  | { code: 'NOT_READY'; what: string; reason: string };

function describe(type: RuntimeErrorType): string {
  switch (type.code) {
    case 'DECODE':
      return `cannot decode ${type.what}: ${type.reason}`;
    case 'BAD_INPUT':
      return `bad ${type.what}: ${type.reason}`;
    case 'UNKNOWN_TYPE':
      return `unknown type ${type.name}`;
    case 'DEFINITION':
      return `runtime definition error: ${type.reason}`;
    case 'NOT_READY':
      return `${type.what} not ready: ${type.reason}`;
  }
}

export class RuntimeError extends ExpertnetError<RuntimeErrorType> {
  constructor(type: RuntimeErrorType, shortMessage?: string, options?: ExpertnetErrorOptions) {
    super(type, shortMessage ?? describe(type), options);
  }
}
