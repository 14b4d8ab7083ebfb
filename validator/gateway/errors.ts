/** Typed gateway errors; each code maps to one HTTP status so the API answers are predictable. */
import { ExpertnetError } from '../../shared/errors.js';

export type GatewayErrorType =
  | { code: 'BAD_REQUEST'; field?: string }
  | { code: 'UNSUPPORTED_MEDIA_TYPE' }
  | { code: 'TOO_LARGE'; limit: number }
  | { code: 'UNAUTHORIZED' }
  | { code: 'RATE_LIMITED'; retryAfterMs: number }
  /** A WebSocket client with `limit` requests already in flight. */
  | { code: 'TOO_MANY_IN_FLIGHT'; limit: number }
  | { code: 'NOT_FOUND'; path: string }
  | { code: 'METHOD_NOT_ALLOWED'; allow: string[] }
  | { code: 'NO_MINERS'; domain: string; task?: string }
  | { code: 'ALL_MINERS_FAILED'; domain: string; attempts: number }
  | { code: 'KEYS_FILE'; path: string }
  | { code: 'UNKNOWN_KEY'; id: string }
  | { code: 'INTERNAL' };

export type GatewayErrorCode = GatewayErrorType['code'];

export class GatewayError extends ExpertnetError<GatewayErrorType> {}

const STATUS: Record<GatewayErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  TOO_MANY_IN_FLIGHT: 429,
  INTERNAL: 500,
  KEYS_FILE: 500,
  UNKNOWN_KEY: 500,
  ALL_MINERS_FAILED: 502,
  NO_MINERS: 503,
};

export function httpStatusOf(err: GatewayError): number {
  return STATUS[err.code];
}
