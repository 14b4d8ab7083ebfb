/**
 * What miners and validators need from subtensor (or the Expertnet dev chain, which mirrors it), as one
 * typed seam: `ChainClient`. The production implementation is `PolkadotChainClient` (@polkadot/api);
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
  /** True while the WebSocket is up; the client reconnects by itself when it drops. */
  readonly isConnected: boolean;
  /** Connects and waits for metadata; `CONNECT_FAILED` after `connectTimeoutMs`. */
  connect(): Promise<void>;
  close(): Promise<void>;
  /** Called on every transition; returns an unsubscribe function. */
  onConnectionChange(listener: (connected: boolean) => void): () => void;

  bestBlockNumber(): Promise<number>;
  freeBalance(address: string): Promise<bigint>;
  /** Current `Burn[netuid]` in rao: what `burnedRegister` costs now. */
  burnCost(netuid: number): Promise<bigint>;
  subnetExists(netuid: number): Promise<boolean>;
  getUid(netuid: number, hotkey: string): Promise<number | undefined>;
  getNeuron(netuid: number, hotkey: string): Promise<NeuronLite | undefined>;
  metagraph(netuid: number): Promise<Metagraph>;
  getCommitment(netuid: number, hotkey: string): Promise<CommitmentField[] | undefined>;
  /** `WeightsVersionKey[netuid]`: the minimum `versionKey` `setWeights` accepts. */
  weightsVersionKey(netuid: number): Promise<bigint>;

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
  /** The v2 commit hash subtensor checks on reveal: blake2_256(SCALE(hotkey, netuid, uids, values, salt, versionKey)). */
  weightsCommitHash(hotkey: string, params: RevealWeightsParams): Uint8Array;

  /** Best (not finalized) heads; the subscription survives reconnects. Returns an unsubscribe function. */
  subscribeNewHeads(listener: (head: NewHead) => void): Promise<() => void>;
}
