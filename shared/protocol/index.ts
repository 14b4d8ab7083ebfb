/** The miner–validator wire protocol: frames, strict codec, handshake, response signatures, limits. */
export {
  type ClassifyExpectation,
  decodeClassifyPayload,
  decodeInfoPayload,
  decodeMinerFrame,
  decodeValidatorFrame,
  encodeClassifyPayload,
  encodeFrame,
  encodeInfoPayload,
  errorFrame,
  errorFrameFor,
} from './codec.js';
export {
  CLOSE_CODES,
  CLOSE_REASON_TEXT,
  type CloseReason,
  closeReasonOf,
  DEFAULT_LIMITS,
  PROTOCOL_VERSION,
  type ProtocolLimits,
  SUPPORTED_PROTOCOL_VERSIONS,
  WIRE_ERROR_CODES,
  type WireErrorCode,
} from './constants.js';
export { ProtocolError, type ProtocolErrorType } from './errors.js';
export {
  buildHandshakeMessage,
  type ChallengeCheck,
  checkChallenge,
  closeFor,
  createChallenge,
  HANDSHAKE_CONTEXT,
  type HandshakeFailure,
  type HandshakeFields,
  type HandshakeResult,
  NonceCache,
  signHandshake,
  type VerifyHandshakeParameters,
  verifyHandshake,
} from './handshake.js';
export type * from './messages.js';
export {
  buildResponseFrame,
  hashBytes,
  RESPONSE_CONTEXT,
  responseSigningMessage,
  type SignedAnswer,
  signedAnswer,
  signResponse,
  verifyResponse,
  verifySignedAnswer,
} from './signing.js';
