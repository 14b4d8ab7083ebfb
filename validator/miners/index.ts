/**
 * The validator's miner client: one authenticated WebSocket per miner (./connection.ts), one connection
 * per uid (./pool.ts), and the signed evidence that lets anyone re-check offline who answered what
 * (./evidence.ts).
 */
export { blamesMiner, MinerClientError, type MinerFailure } from '../errors.js';
export { MinerConnection } from './connection.js';
export { type SignedEvidence, signingMessage, verifyEvidence } from './evidence.js';
export { MinerConnections, type MinerConnectionsOptions } from './pool.js';
export type {
  BundleChunkResult,
  BundleManifestResult,
  ClassifyResult,
  MinerConnectionOptions,
  MinerEndpoint,
  MinerInfo,
} from './types.js';
