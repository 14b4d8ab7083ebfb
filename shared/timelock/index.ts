/**
 * Drand timelock encryption, byte-compatible with subtensor (tle `TinyBLS381` + AES-GCM), the dev
 * beacon's BLS signatures in quicknet's scheme, and the weights payload the chain decrypts.
 * See docs/timelock.md.
 */
export {
  beaconPublicKey,
  QUICKNET_DST,
  randomnessOf,
  roundMessage,
  signRound,
  verifyBeaconSignature,
} from './beacon.js';
export { type BeaconPulse, verifyBeaconSignatures } from './beacon-batch.js';
export { deserializeTleCiphertext, serializeTleCiphertext, type TleCiphertext } from './ciphertext.js';
export {
  type DrandChainInfo,
  QUICKNET,
  type RevealRoundArgs,
  revealRoundFor,
  roundAt,
  roundTime,
  SECURITY_BLOCK_OFFSET,
} from './drand.js';
export { TimelockError, type TimelockErrorType } from './errors.js';
export {
  type DecodedWeightsPayload,
  decodeWeightsPayload,
  encodeWeightsPayload,
  type WeightsPayload,
} from './payload.js';
export { timelockDecrypt, timelockEncrypt } from './tlock.js';
