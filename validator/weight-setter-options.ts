/** What a `WeightSetter` is built with (weight-setter.ts). */
import type { ChainClient, TxSigner } from '../shared/chain/types.js';
import type { Logger } from '../shared/logger.js';
import type { WeightSnapshotSink, WeightsMethod } from './weight-store.js';
import type { WeightsMode } from './weights-mode.js';

export interface WeightSetterOptions {
  chain: ChainClient;
  hotkey: TxSigner;
  netuid: number;
  log: Logger;
  /** Where `snapshot()` is saved durably: before every commit is sent, and after each change. */
  store: WeightSnapshotSink;
  /** The validator's own version key; default the chain's `WeightsVersionKey` (always accepted). */
  versionKey?: bigint;
  onSubmitted?: (method: WeightsMethod, result: 'ok' | string) => void;
  onChainError?: (errorName: string) => void;
  /** Blocks between submissions; default the subnet's tempo. Never below `WeightsSetRateLimit`. */
  intervalBlocks?: number;
  /** How long one extrinsic may wait for inclusion. Default 60 s. */
  txTimeoutMs?: number;
  /** Re-read the hyperparameters after this many blocks (sooner after errors that hint at a change). Default 20. */
  hyperparamsRefreshBlocks?: number;
  /** u16 values in a commit's salt. Default 8, as the Bittensor SDK. */
  saltLength?: number;
  /** `--weights.mode`; default `auto` (timelock where the chain has it and commit-reveal is on). */
  mode?: WeightsMode;
  /** A public network (finney, test): timelocked commits go to quicknet's published key, not the chain's. */
  publicNetwork?: boolean;
  /** The chain applied our timelocked weights in `block` (`lastWeights` now holds them, method `reveal`). */
  onApplied?: (block: number) => void;
}
