/**
 * What miners and validators need from subtensor (or the Expertnet dev chain, which mirrors it), as one
 * typed seam: `ChainClient`. The production implementation is `PolkadotChainClient` (@polkadot/api,
 * a facade over `actions/` and one `ChainConnection`);
 * tests of other modules can implement the parts they need.
 */
import type { KeyringPair } from '@polkadot/keyring/types';

/** Signs extrinsics: a polkadot-js pair, e.g. `wallet.coldkey().toKeyringPair()`. */
export type TxSigner = KeyringPair;

/** `Axons[netuid, hotkey]`, decoded: the IP as text, as Bittensor's `AxonInfo` shows it. */
export interface AxonInfo {
  block: number;
  version: number;
  ip: string;
  port: number;
  ipType: 4 | 6;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

export interface NeuronLite {
  netuid: number;
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Alpha staked on the hotkey on this subnet, in rao. */
  stake: bigint;
  validatorPermit: boolean;
  active: boolean;
  /** Undefined when the neuron never served (ip 0). */
  axon: AxonInfo | undefined;
  lastUpdate: number;
}

/** Column view of a subnet at one block (index = uid). */
export interface Metagraph {
  /** Where the columns came from: `NeuronInfoRuntimeApi.get_neurons_lite`, or storage items. */
  source?: 'runtime-api' | 'storage';
  netuid: number;
  /** Block number the snapshot was read at. */
  block: number;
  n: number;
  uids: number[];
  hotkeys: string[];
  coldkeys: string[];
  stake: bigint[];
  validatorPermit: boolean[];
  active: boolean[];
  axons: (AxonInfo | undefined)[];
  lastUpdate: number[];
  /** Last epoch's results, 0..1 (the chain's u16 / 65535). */
  incentive: number[];
  dividends: number[];
  consensus: number[];
  /** 0 on runtimes that removed `Trust` (subtensor since 2026-04, and the dev chain). */
  trust: number[];
  validatorTrust: number[];
  /** Alpha emitted to each uid at the last epoch, in rao. */
  emission: bigint[];
}

/** The subnet hyperparameters a validator obeys, read from storage at one block. */
export interface SubnetHyperparams {
  netuid: number;
  tempo: number;
  minAllowedWeights: number;
  /** u16 fraction of 65535: the largest share one uid may get (MaxWeightsLimit). */
  maxWeightsLimit: number;
  /** Blocks between two weight submissions (or commits) of one hotkey. */
  weightsSetRateLimit: number;
  weightsVersionKey: bigint;
  commitRevealEnabled: boolean;
  revealPeriodEpochs: number;
  immunityPeriod: number;
  activityCutoff: number;
  maxAllowedUids: number;
}

/** One pending hash commit (`WeightCommits[netuid, hotkey]` entry): reveal in `[firstRevealBlock, lastRevealBlock]`. */
export interface WeightCommitInfo {
  hash: Uint8Array;
  commitBlock: number;
  firstRevealBlock: number;
  lastRevealBlock: number;
}

/**
 * The subnet's commit-reveal settings and what the round computation needs, all read at one (best) block:
 * `CommitRevealWeightsEnabled`, `RevealPeriodEpochs`, `CommitRevealWeightsVersion`, `Tempo`, and whether
 * the chain has timelocked commits at all (the `Drand` pallet and `commit_timelocked_weights`).
 */
export interface CommitRevealSettings {
  netuid: number;
  /** The block these were read at, and its `Timestamp.Now` (unix ms): the "now" of the round computation. */
  block: number;
  timestampMs: number;
  enabled: boolean;
  revealPeriodEpochs: number;
  /** `CommitRevealWeightsVersion`: what `commit_timelocked_weights` must be sent with; undefined when absent. */
  version: number | undefined;
  tempo: number;
  /** Expected block time (`2 × Timestamp.MinimumPeriod`), ms. */
  blockTimeMs: number;
  /** The chain has the `Drand` pallet and `SubtensorModule.commit_timelocked_weights`. */
  timelock: boolean;
}

/** `Drand.BeaconConfig` (the beacon the chain verifies pulses of) and `Drand.LastStoredRound`. */
export interface BeaconConfig {
  /** G2 public key, 96 bytes compressed. */
  publicKey: Uint8Array;
  /** Seconds between rounds. */
  period: number;
  /** Unix seconds of round 1. */
  genesisTime: number;
  /** Chain hash, 0x-hex. */
  chainHash: string;
  schemeId: string;
  /** The latest pulse the chain holds (0: none yet). */
  lastStoredRound: bigint;
}

/** One `TimelockedWeightCommits[netuid, epoch]` entry: applied by the chain once `revealRound`'s pulse is in. */
export interface TimelockedCommitInfo {
  hotkey: string;
  commitBlock: number;
  /** The ciphertext as committed (unreadable before the round). */
  commit: Uint8Array;
  revealRound: bigint;
}

export interface CommitTimelockedWeightsParams {
  netuid: number;
  /** `timelockEncrypt(encodeWeightsPayload(...), revealRound, beaconPublicKey)`. */
  commit: Uint8Array;
  revealRound: bigint;
  /** Must equal the chain's `CommitRevealWeightsVersion`. */
  commitRevealVersion: number;
}

export interface ServeAxonParams {
  netuid: number;
  /** Software version (Bittensor: major*100+minor*10+patch style integer). */
  version: number;
  ip: string;
  port: number;
  protocol: number;
  placeholder1?: number;
  placeholder2?: number;
}

/** One `Commitments` field: the `Data` enum variant and its bytes (`Raw` for any `RawN`). */
export interface CommitmentField {
  kind: 'None' | 'Raw' | 'BlakeTwo256' | 'Sha256' | 'Keccak256' | 'ShaThree256' | 'Other';
  bytes: Uint8Array;
}

/** A `CommitmentOf` registration: its fields and the block it was made in (ordering, copies). */
export interface CommitmentRecord {
  block: number;
  fields: CommitmentField[];
}

export interface SetWeightsParams {
  netuid: number;
  uids: number[];
  /** u16 weights, same length as `uids`. */
  weights: number[];
  versionKey: bigint | number;
}

export interface RevealWeightsParams extends SetWeightsParams {
  salt: number[];
}

export interface TxResult {
  call: string;
  blockHash: string;
  txHash: string;
  /** `section.method` of every event the extrinsic emitted. */
  events: string[];
}

export interface NewHead {
  number: number;
  hash: string;
}

export interface TxOptions {
  /** Resolve once included in a block (default) or once finalized. */
  waitFor?: 'inBlock' | 'finalized';
  /** Give up waiting after this long (the transaction may still land). Default 120 s. */
  timeoutMs?: number;
}

export interface ChainClient {
  readonly endpoint: string;
  /**
   * True while the link is up; the client reconnects by itself when the socket drops, and its
   * block-staleness watchdog replaces a link that stops delivering heads.
   */
  readonly isConnected: boolean;
  /** Connects and waits for metadata; `CONNECT_FAILED` after `connectTimeoutMs`. */
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Called on every transition (a stale link reports false); returns an unsubscribe function. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;

  bestBlockNumber(): Promise<number>;
  /** The number of the block with this hash (where a `TxResult` was included). */
  blockNumber(hash: string): Promise<number>;
  freeBalance(address: string): Promise<bigint>;
  /** Current `Burn[netuid]` in rao: what `burnedRegister` costs now. */
  burnCost(netuid: number): Promise<bigint>;
  subnetExists(netuid: number): Promise<boolean>;
  getUid(netuid: number, hotkey: string): Promise<number | undefined>;
  getNeuron(netuid: number, hotkey: string): Promise<NeuronLite | undefined>;
  /**
   * The subnet at the best block, from the runtime API `NeuronInfoRuntimeApi.get_neurons_lite` when the
   * chain has it (dev chain, subtensor), from storage otherwise; same shape either way.
   */
  metagraph(netuid: number): Promise<Metagraph>;
  getCommitment(netuid: number, hotkey: string): Promise<CommitmentField[] | undefined>;
  /**
   * Dynamic TAO: the subnet's pool (SubnetTAO / SubnetAlphaIn / SubnetAlphaOut), alpha price, moving price
   * and emission per block (`actions/get-subnet-pool.ts`). Optional: test doubles may leave it out.
   */
  subnetPool?(netuid: number): Promise<SubnetPool>;
  /** `WeightsVersionKey[netuid]`: the minimum `versionKey` `setWeights` accepts. */
  weightsVersionKey(netuid: number): Promise<bigint>;
  /** The subnet's hyperparameters at the best block; `SUBNET_NOT_FOUND` when it does not exist. */
  hyperparams(netuid: number): Promise<SubnetHyperparams>;
  /** Every commitment on the subnet, by hotkey (one storage query, not one per miner). */
  commitments(netuid: number): Promise<Map<string, CommitmentField[]>>;
  /** `commitments` with the block of each registration (one storage query). */
  commitmentRecords(netuid: number): Promise<Map<string, CommitmentRecord>>;
  /**
   * Pending (unrevealed) weight commits of this hotkey, oldest first. Includes expired ones the chain
   * has not dropped yet (it prunes on the hotkey's next commit or reveal): `lastRevealBlock` < now.
   */
  weightCommits(netuid: number, hotkey: string): Promise<WeightCommitInfo[]>;

  burnedRegister(coldkey: TxSigner, netuid: number, hotkey: string, options?: TxOptions): Promise<TxResult>;
  serveAxon(hotkey: TxSigner, params: ServeAxonParams, options?: TxOptions): Promise<TxResult>;
  setCommitment(
    hotkey: TxSigner,
    netuid: number,
    fields: CommitmentField[],
    options?: TxOptions,
  ): Promise<TxResult>;
  setWeights(hotkey: TxSigner, params: SetWeightsParams, options?: TxOptions): Promise<TxResult>;
  commitWeights(
    hotkey: TxSigner,
    params: { netuid: number; commitHash: Uint8Array },
    options?: TxOptions,
  ): Promise<TxResult>;
  revealWeights(hotkey: TxSigner, params: RevealWeightsParams, options?: TxOptions): Promise<TxResult>;
  /** Commit-reveal settings of the subnet and the inputs of the reveal-round computation, at the best block. */
  commitRevealSettings(netuid: number): Promise<CommitRevealSettings>;
  /** `Drand.BeaconConfig` and `Drand.LastStoredRound`; `UNSUPPORTED` on a chain without the Drand pallet. */
  beaconConfig(): Promise<BeaconConfig>;
  /** A hotkey's uid, weights row (as stored), LastUpdate and commitment at one block. */
  validatorAt(netuid: number, hotkey: string, block: number): Promise<ValidatorAtBlock>;
  /** `TimelockedWeightCommits[netuid, epoch]` (mechanism 0), in commit order. */
  timelockedWeightCommits(netuid: number, epoch: number): Promise<TimelockedCommitInfo[]>;
  /** `SubtensorModule.commit_timelocked_weights`: weights encrypted to a drand round, applied by the chain then. */
  commitTimelockedWeights(
    hotkey: TxSigner,
    params: CommitTimelockedWeightsParams,
    options?: TxOptions,
  ): Promise<TxResult>;
  /** The v2 commit hash subtensor checks on reveal: blake2_256(SCALE(hotkey, netuid, uids, values, salt, versionKey)). */
  weightsCommitHash(hotkey: string, params: RevealWeightsParams): Uint8Array;

  /** Best (not finalized) heads; the subscription survives reconnects. Returns an unsubscribe function. */
  subscribeNewHeads(listener: (head: NewHead) => void): Promise<() => void>;
}

/** A subnet's alpha price and where it came from. */
export interface AlphaPrice {
  /** Rao of TAO per alpha (u64), as `SwapRuntimeApi.current_alpha_price`. */
  priceRao: bigint;
  /**
   * `runtime-api`: the chain's own answer (the swap pallet's weighted pool); `reserves`: SubnetTAO /
   * SubnetAlphaIn (a runtime without SwapRuntimeApi); `stable`: root or a SubnetMechanism 0 subnet, or a
   * chain without dynamic TAO, where 1 alpha is 1 TAO.
   */
  source: 'runtime-api' | 'reserves' | 'stable';
}

/** A subnet's TAO/alpha pool and emission per block, as token holders read them (rao throughout). */
export interface SubnetPool extends AlphaPrice {
  netuid: number;
  block: number;
  /** False on a chain without dynamic TAO (no `SubnetAlphaIn`): then every amount below is 0. */
  dynamic: boolean;
  /** `SubnetTAO`: TAO in the pool. */
  taoIn: bigint;
  /** `SubnetAlphaIn`: alpha in the pool. */
  alphaIn: bigint;
  /** `SubnetAlphaOut`: alpha outside the pool (staked, owned by neurons and stakers). */
  alphaOut: bigint;
  /** `SubnetMovingPrice` (I96F32): the EMA of the price the coinbase splits TAO emission by, TAO per alpha. */
  movingPrice: number;
  /** `SubnetTaoInEmission`: TAO the last block injected into the pool. */
  taoInEmission: bigint;
  /** `SubnetAlphaInEmission`: alpha the last block injected into the pool beside that TAO. */
  alphaInEmission: bigint;
  /** `SubnetAlphaOutEmission`: alpha the last block emitted to the subnet (owner, miners, validators). */
  alphaOutEmission: bigint;
}

/** What one hotkey had on chain at one block: the facts `expertnet audit replay` compares with. */
export interface ValidatorAtBlock {
  block: number;
  blockHash: string;
  /** Undefined when the hotkey was not registered on the subnet at that block. */
  uid: number | undefined;
  /** `Weights[netuid, uid]`: the row as stored (max-upscaled), sorted by uid; empty when none. */
  weights: { uids: number[]; weights: number[] };
  /** `LastUpdate[netuid][uid]`: the block of its last `set_weights` / reveal (0: never). */
  lastUpdate: number;
  /** `Commitments.CommitmentOf[netuid, hotkey]` at that block, undefined when none. */
  commitment: CommitmentRecord | undefined;
}
