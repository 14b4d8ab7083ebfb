/** The typed chain seam for miners and validators, and its @polkadot/api implementation. */

export {
  blocksUntilNextEpoch,
  epochIndex,
  firstBlockOfEpoch,
  isEpochBlock,
  lastBlockOfEpoch,
} from '../subtensor/epoch.js';
export { AXON_PROTOCOL_WEBSOCKET, intToIp, ipToInt } from './axon.js';
export {
  COMMITMENT_PREFIX,
  type DecodedModelCommitment,
  decodeModelCommitment,
  encodeModelCommitment,
  labelsHash,
  type ModelCommitment,
} from './commitment.js';
export {
  isNetworkName,
  NETWORK_ENDPOINTS,
  NETWORK_NAMES,
  type NetworkName,
  resolveEndpoint,
} from './endpoints.js';
export { ChainClientError, type ChainClientErrorType, chainErrorName } from './errors.js';
export {
  decodeAxon,
  metagraphFromNeuronInfoLite,
  PolkadotChainClient,
  type PolkadotChainClientOptions,
} from './polkadot-client.js';
export type * from './types.js';
