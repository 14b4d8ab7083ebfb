import { ExpertnetError } from '../errors.js';
import type { WireErrorCode } from './constants.js';

/**
 * A frame or payload that cannot be accepted. `code` is what goes back in the `error` frame; `id` is
 * the request id when it could be read, so the answer reaches the right caller.
 */
export type ProtocolErrorType = { code: WireErrorCode; id?: number; field?: string };

export class ProtocolError extends ExpertnetError<ProtocolErrorType> {}
