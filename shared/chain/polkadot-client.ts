/**
 * `ChainClient` over `@polkadot/api`: a thin facade over the actions (`actions/`, one read or write
 * each) and one `ChainConnection`. Everything is read from the chain's own metadata, so the same code
 * talks to the Expertnet dev chain and to a real subtensor node (local, test, finney).
 *
 * The connection reconnects by itself, and its watchdog replaces a link that stops delivering heads;
 * while down, reads and transactions fail fast with `NOT_CONNECTED` instead of queueing, so a daemon
 * keeps serving on its last known state. New-head subscriptions survive reconnects.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import * as actions from './actions/index.js';
import { ChainConnection, type ChainConnectionOptions } from './connection.js';
import type {
  BeaconConfig,
  ChainClient,
  CommitmentField,
  CommitmentRecord,
  CommitRevealSettings,
  CommitTimelockedWeightsParams,
  Metagraph,
  NeuronLite,
  NewHead,
  RevealWeightsParams,
  ServeAxonParams,
  SetWeightsParams,
  SubnetHyperparams,
  TimelockedCommitInfo,
  TxOptions,
  TxResult,
  TxSigner,
  WeightCommitInfo,
} from './types.js';

/** Endpoint, separate connect and request timeouts, reconnect delay, watchdog (see `ChainConnection`). */
export type PolkadotChainClientOptions = ChainConnectionOptions;

export class PolkadotChainClient implements ChainClient {
  readonly connection: ChainConnection;

  constructor(options: PolkadotChainClientOptions) {
    this.connection = new ChainConnection(options);
  }

  get endpoint(): string {
    return this.connection.endpoint;
  }

  get isConnected(): boolean {
    return this.connection.isConnected;
  }

  /** The underlying api, for reads this interface does not cover. */
  get api(): ApiPromise {
    return this.connection.api;
  }

  connect(): Promise<void> {
    return this.connection.connect();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    return this.connection.onConnectionChange(listener);
  }

  async subscribeNewHeads(listener: (head: NewHead) => void): Promise<() => void> {
    return this.connection.subscribeNewHeads(listener);
  }

  bestBlockNumber(): Promise<number> {
    return actions.getBestBlockNumber(this.connection);
  }

  blockNumber(hash: string): Promise<number> {
    return actions.getBlockNumber(this.connection, { hash });
  }

  freeBalance(address: string): Promise<bigint> {
    return actions.getFreeBalance(this.connection, { address });
  }

  burnCost(netuid: number): Promise<bigint> {
    return actions.getBurnCost(this.connection, { netuid });
  }

  subnetExists(netuid: number): Promise<boolean> {
    return actions.getSubnetExists(this.connection, { netuid });
  }

  getUid(netuid: number, hotkey: string): Promise<number | undefined> {
    return actions.getUid(this.connection, { netuid, hotkey });
  }

  getNeuron(netuid: number, hotkey: string): Promise<NeuronLite | undefined> {
    return actions.getNeuron(this.connection, { netuid, hotkey });
  }

  metagraph(netuid: number): Promise<Metagraph> {
    return actions.getMetagraph(this.connection, { netuid });
  }

  metagraphFromRuntimeApi(netuid: number, blockHash?: string): Promise<Metagraph | undefined> {
    return actions.getMetagraphFromRuntimeApi(this.connection, { netuid, blockHash });
  }

  metagraphFromStorage(netuid: number, blockHash?: string): Promise<Metagraph> {
    return actions.getMetagraphFromStorage(this.connection, { netuid, blockHash });
  }

  subnetPool(netuid: number): Promise<actions.SubnetPool> {
    return actions.getSubnetPool(this.connection, { netuid });
  }

  getCommitment(netuid: number, hotkey: string): Promise<CommitmentField[] | undefined> {
    return actions.getCommitment(this.connection, { netuid, hotkey });
  }

  commitments(netuid: number): Promise<Map<string, CommitmentField[]>> {
    return actions.getCommitments(this.connection, { netuid });
  }

  commitmentRecords(netuid: number): Promise<Map<string, CommitmentRecord>> {
    return actions.getCommitmentRecords(this.connection, { netuid });
  }

  weightCommits(netuid: number, hotkey: string): Promise<WeightCommitInfo[]> {
    return actions.getWeightCommits(this.connection, { netuid, hotkey });
  }

  hyperparams(netuid: number): Promise<SubnetHyperparams> {
    return actions.getHyperparams(this.connection, { netuid });
  }

  commitRevealSettings(netuid: number): Promise<CommitRevealSettings> {
    return actions.getCommitRevealSettings(this.connection, { netuid });
  }

  beaconConfig(): Promise<BeaconConfig> {
    return actions.getBeaconConfig(this.connection);
  }

  validatorAt(netuid: number, hotkey: string, block: number): Promise<actions.ValidatorAtBlock> {
    return actions.getValidatorAt(this.connection, { netuid, hotkey, block });
  }

  timelockedWeightCommits(netuid: number, epoch: number): Promise<TimelockedCommitInfo[]> {
    return actions.getTimelockedWeightCommits(this.connection, { netuid, epoch });
  }

  totalIssuance(): Promise<bigint> {
    return actions.getTotalIssuance(this.connection);
  }

  blockEmission(): Promise<bigint> {
    return actions.getBlockEmission(this.connection);
  }

  weightsVersionKey(netuid: number): Promise<bigint> {
    return actions.getWeightsVersionKey(this.connection, { netuid });
  }

  burnedRegister(coldkey: TxSigner, netuid: number, hotkey: string, options?: TxOptions): Promise<TxResult> {
    return actions.burnedRegister(this.connection, { coldkey, netuid, hotkey, ...options });
  }

  serveAxon(hotkey: TxSigner, params: ServeAxonParams, options?: TxOptions): Promise<TxResult> {
    return actions.serveAxon(this.connection, { hotkey, ...params, ...options });
  }

  setCommitment(
    hotkey: TxSigner,
    netuid: number,
    fields: CommitmentField[],
    options?: TxOptions,
  ): Promise<TxResult> {
    return actions.setCommitment(this.connection, { hotkey, netuid, fields, ...options });
  }

  setWeights(hotkey: TxSigner, params: SetWeightsParams, options?: TxOptions): Promise<TxResult> {
    return actions.setWeights(this.connection, { hotkey, ...params, ...options });
  }

  commitWeights(
    hotkey: TxSigner,
    params: { netuid: number; commitHash: Uint8Array },
    options?: TxOptions,
  ): Promise<TxResult> {
    return actions.commitWeights(this.connection, { hotkey, ...params, ...options });
  }

  revealWeights(hotkey: TxSigner, params: RevealWeightsParams, options?: TxOptions): Promise<TxResult> {
    return actions.revealWeights(this.connection, { hotkey, ...params, ...options });
  }

  commitTimelockedWeights(
    hotkey: TxSigner,
    params: CommitTimelockedWeightsParams,
    options?: TxOptions,
  ): Promise<TxResult> {
    return actions.commitTimelockedWeights(this.connection, { hotkey, ...params, ...options });
  }

  weightsCommitHash(hotkey: string, params: RevealWeightsParams): Uint8Array {
    return actions.weightsCommitHash(hotkey, params);
  }

  /**
   * Signs and sends any extrinsic built on `api.tx`; resolves at inclusion (or finality) and turns a
   * failed dispatch into DISPATCH_FAILED with the decoded module error. `call` names it in errors.
   */
  async submit(
    call: string,
    tx: SubmittableExtrinsic<'promise'>,
    signer: TxSigner,
    options: TxOptions = {},
  ): Promise<TxResult> {
    return actions.submitExtrinsic(this.connection, { call, tx, signer, ...options });
  }
}
