/**
 * The validator's miner client: one authenticated WebSocket per miner (connection), one connection per
 * uid (pool), and the signed evidence that lets anyone re-check offline who answered what (evidence).
 */
export {
  type ClassifyResult,
  MinerClientError,
  MinerConnection,
  type MinerConnectionOptions,
  MinerConnections,
  type MinerConnectionsOptions,
  type MinerEndpoint,
  type MinerFailure,
  type MinerInfo,
  type SignedEvidence,
  signingMessage,
  verifyEvidence,
} from '../miner-client.js';
