import { ExpertnetError } from '../errors.js';
import type { CloseReason, WireErrorCode } from './constants.js';

/**
 * A frame or payload that cannot be accepted. `code` is what goes back in the `error` frame; `id` is
 * the request id when it could be read, so the answer reaches the right caller. `closeReason` is how a
 * miner closes when the failure happens during the handshake (default BAD_FRAME), e.g. BAD_HOTKEY for
 * a hotkey that is not valid SS58.
 */
export type ProtocolErrorType = {
  code: WireErrorCode;
  id?: number;
  field?: string;
  closeReason?: CloseReason;
};

export class ProtocolError extends ExpertnetError<ProtocolErrorType> {}
