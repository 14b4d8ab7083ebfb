/**
 * Chain actions, one read or write each, over a `ChainConnection` (viem style):
 * `await getMetagraph(connection, { netuid })`. `PolkadotChainClient` is a thin facade over them.
 */

export { alphaToTao, fixedToNumber, priceToTao, RAO_PER_TAO } from './alpha.js';
export { type BurnedRegisterParameters, burnedRegister } from './burned-register.js';
export { checkWeights } from './check-weights.js';
export {
  type CommitTimelockedWeightsParameters,
  commitTimelockedWeights,
  MAX_TIMELOCKED_COMMIT_BYTES,
} from './commit-timelocked-weights.js';
export { type CommitWeightsParameters, commitWeights } from './commit-weights.js';
export { decodeAxon } from './decode.js';
export {
  type AlphaPrice,
  alphaPriceAt,
  type GetAlphaPriceParameters,
  getAlphaPrice,
} from './get-alpha-price.js';
export { decodeBeaconConfig, getBeaconConfig } from './get-beacon-config.js';
export { getBestBlockNumber } from './get-best-block-number.js';
export { getBlockEmission } from './get-block-emission.js';
export { type GetBlockNumberParameters, getBlockNumber } from './get-block-number.js';
export { type GetBurnCostParameters, getBurnCost } from './get-burn-cost.js';
export {
  type GetCommitRevealSettingsParameters,
  getCommitRevealSettings,
} from './get-commit-reveal-settings.js';
export { type GetCommitmentParameters, getCommitment } from './get-commitment.js';
export {
  type GetCommitmentsParameters,
  getCommitmentRecords,
  getCommitments,
} from './get-commitments.js';
export { type GetFreeBalanceParameters, getFreeBalance } from './get-free-balance.js';
export { type GetHotkeyAlphaParameters, getHotkeyAlpha } from './get-hotkey-alpha.js';
export { type GetHyperparamsParameters, getHyperparams } from './get-hyperparams.js';
export { type GetMetagraphParameters, getMetagraph } from './get-metagraph.js';
export {
  type GetMetagraphFromRuntimeApiParameters,
  getMetagraphFromRuntimeApi,
  metagraphFromNeuronInfoLite,
} from './get-metagraph-from-runtime-api.js';
export {
  type GetMetagraphFromStorageParameters,
  getMetagraphFromStorage,
} from './get-metagraph-from-storage.js';
export { type GetNeuronParameters, getNeuron } from './get-neuron.js';
export { type GetSubnetExistsParameters, getSubnetExists } from './get-subnet-exists.js';
export { type GetSubnetPoolParameters, getSubnetPool, type SubnetPool } from './get-subnet-pool.js';
export {
  decodeTimelockedCommits,
  type GetTimelockedWeightCommitsParameters,
  getTimelockedWeightCommits,
} from './get-timelocked-weight-commits.js';
export { getTotalIssuance } from './get-total-issuance.js';
export { type GetUidParameters, getUid } from './get-uid.js';
export {
  type GetValidatorAtParameters,
  getValidatorAt,
  type ValidatorAtBlock,
} from './get-validator-at.js';
export { type GetWeightCommitsParameters, getWeightCommits } from './get-weight-commits.js';
export { type GetWeightsVersionKeyParameters, getWeightsVersionKey } from './get-weights-version-key.js';
export { type RevealWeightsParameters, revealWeights } from './reveal-weights.js';
export { type ServeAxonParameters, serveAxon } from './serve-axon.js';
export { type SetCommitmentParameters, setCommitment } from './set-commitment.js';
export { type SetWeightsParameters, setWeights } from './set-weights.js';
export {
  DEFAULT_TX_TIMEOUT_MS,
  type SubmitExtrinsicParameters,
  submitExtrinsic,
} from './submit-extrinsic.js';
export { weightsCommitHash } from './weights-commit-hash.js';
