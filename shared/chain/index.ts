/**
 * The typed chain seam for miners and validators, and its @polkadot/api implementation: actions (one
 * read or write each) over one connection, behind the `PolkadotChainClient` facade.
 */

export {
  blocksUntilNextEpoch,
  epochIndex,
  firstBlockOfEpoch,
  isEpochBlock,
  lastBlockOfEpoch,
} from '../subtensor/epoch.js';
export * as actions from './actions/index.js';
export {
  type AlphaPrice,
  alphaToTao,
  decodeAxon,
  metagraphFromNeuronInfoLite,
  priceToTao,
  type SubnetPool,
} from './actions/index.js';
export { AXON_PROTOCOL_WEBSOCKET, intToIp, ipToInt } from './axon.js';
export {
  COMMITMENT_PREFIX,
  type DecodedModelCommitment,
  decodeModelCommitment,
  encodeLegacyModelCommitment,
  encodeModelCommitment,
  LEGACY_COMMITMENT_PREFIX,
  labelsHash,
  type ModelCommitment,
} from './commitment.js';
export {
  ChainConnection,
  type ChainConnectionOptions,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STALE_AFTER_BLOCKS,
} from './connection.js';
export { connectDaemonChain, type DaemonChainConfig } from './daemon-client.js';
export {
  isNetworkName,
  NETWORK_ENDPOINTS,
  NETWORK_NAMES,
  type NetworkName,
  resolveEndpoint,
} from './endpoints.js';
export { ChainClientError, type ChainClientErrorType, chainErrorName } from './errors.js';
export { PolkadotChainClient, type PolkadotChainClientOptions } from './polkadot-client.js';
export type * from './types.js';
