/**
 * `ChainClient` over `@polkadot/api`: everything is read from the chain's own metadata, so the same
 * code talks to the Expertnet dev chain and to a real subtensor node (local, test, finney).
 *
 * The WebSocket reconnects by itself (`WsProvider` autoConnect); while it is down, reads and
 * transactions fail fast with `NOT_CONNECTED` instead of queueing, so a daemon keeps serving on its
 * last known state. Subscriptions are re-established by polkadot-js after a reconnect.
 */
// Types of the substrate pallets (System, Balances) on api.query / api.tx.
import '@polkadot/api-augment';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { TypeRegistry } from '@polkadot/types';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { errorMessage } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { customErrorFromMessage } from '../subtensor/transaction-errors.js';
import { intToIp, ipToInt } from './axon.js';
import { ChainClientError } from './errors.js';
import type {
  AxonInfo,
  ChainClient,
  CommitmentField,
  Metagraph,
  NeuronLite,
  NewHead,
  RevealWeightsParams,
  ServeAxonParams,
  SetWeightsParams,
  SubnetHyperparams,
  TxOptions,
  TxResult,
  TxSigner,
  WeightCommitInfo,
} from './types.js';

export interface PolkadotChainClientOptions {
  endpoint: string;
  /** How long `connect()` waits for the first connection and metadata. Default 30 s. */
  connectTimeoutMs?: number;
  /** Delay between reconnection attempts. Default 2.5 s (polkadot-js default). */
  reconnectDelayMs?: number;
  logger?: Logger;
}

const DEFAULT_TX_TIMEOUT_MS = 120_000;
// Offline registry for the commit hash: the tuple only uses primitive types.
const hashRegistry = new TypeRegistry();

// biome-ignore lint/suspicious/noExplicitAny: storage/tx of subtensor pallets are untyped in api-augment.
type Untyped = any;

function big(codec: Codec | undefined): bigint {
  return codec === undefined ? 0n : BigInt(codec.toString());
}

function num(codec: Codec | undefined): number {
  return codec === undefined ? 0 : Number(codec.toString());
}

/** A u16 proportion (65535 = 1) as a float in [0, 1]. */
function fraction(codec: Codec | undefined): number {
  return num(codec) / 0xffff;
}

function checkNetuid(netuid: number): void {
  if (!Number.isInteger(netuid) || netuid < 0 || netuid > 0xffff) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'netuid', value: String(netuid) },
      'netuid must be an integer in [0, 65535]',
    );
  }
}

/** A `CommitmentOf` registration's `info.fields` as `CommitmentField`s (`Raw` for any `RawN`). */
function decodeCommitmentFields(registration: Untyped): CommitmentField[] {
  const fields = registration.info.fields as Untyped[];
  return fields.map((field) => {
    const variant: string = field.type;
    const kind: CommitmentField['kind'] = variant.startsWith('Raw')
      ? 'Raw'
      : ['None', 'BlakeTwo256', 'Sha256', 'Keccak256', 'ShaThree256'].includes(variant)
        ? (variant as CommitmentField['kind'])
        : 'Other';
    return { kind, bytes: variant === 'None' ? new Uint8Array() : (field.value as Codec).toU8a(true) };
  });
}

export class PolkadotChainClient implements ChainClient {
  readonly endpoint: string;
  readonly #connectTimeoutMs: number;
  readonly #reconnectDelayMs: number;
  readonly #log: Logger;
  #provider: WsProvider | undefined;
  #api: ApiPromise | undefined;

  constructor(options: PolkadotChainClientOptions) {
    this.endpoint = options.endpoint;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
    this.#reconnectDelayMs = options.reconnectDelayMs ?? 2_500;
    this.#log = options.logger ?? silentLogger();
  }

  get isConnected(): boolean {
    return this.#provider?.isConnected ?? false;
  }

  /** The underlying api, for reads this interface does not cover. */
  get api(): ApiPromise {
    if (!this.#api) {
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: this.endpoint },
        'chain client not connected',
      );
    }
    return this.#api;
  }

  async connect(): Promise<void> {
    if (this.#api) return;
    const provider = new WsProvider(this.endpoint, this.#reconnectDelayMs, {}, this.#connectTimeoutMs);
    // The provider retries forever; silence its per-attempt error logs and report transitions ourselves.
    provider.on('error', () => undefined);
    const api = new ApiPromise({ provider, noInitWarn: true });
    api.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        api.isReadyOrError,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no connection within ${this.#connectTimeoutMs} ms`)),
            this.#connectTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      await api.disconnect().catch(() => undefined);
      throw new ChainClientError(
        { code: 'CONNECT_FAILED', endpoint: this.endpoint },
        `cannot reach the chain at ${this.endpoint}: ${errorMessage(err)}`,
        {
          cause: err,
          metaMessages: ['Is the node running? Check --subtensor.network / --subtensor.chain_endpoint.'],
        },
      );
    } finally {
      clearTimeout(timer);
    }
    this.#provider = provider;
    this.#api = api;
    api.on('disconnected', () =>
      this.#log.warn({ endpoint: this.endpoint }, 'chain connection lost, reconnecting'),
    );
    api.on('connected', () => this.#log.info({ endpoint: this.endpoint }, 'chain connected'));
  }

  async close(): Promise<void> {
    const api = this.#api;
    this.#api = undefined;
    this.#provider = undefined;
    await api?.disconnect().catch(() => undefined);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    const api = this.api;
    const up = () => listener(true);
    const down = () => listener(false);
    api.on('connected', up);
    api.on('disconnected', down);
    return () => {
      api.off('connected', up);
      api.off('disconnected', down);
    };
  }

  /** The api, only while connected: reads fail fast instead of waiting for a reconnect. */
  #live(): ApiPromise {
    const api = this.api;
    if (!this.isConnected) {
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: this.endpoint },
        'chain is unreachable right now',
      );
    }
    return api;
  }

  #pallet(api: ApiPromise | { query: ApiPromise['query'] }, pallet: string): Untyped {
    const section = (api.query as Untyped)[pallet];
    if (!section) {
      throw new ChainClientError(
        { code: 'UNSUPPORTED', feature: pallet },
        `the chain has no ${pallet} pallet`,
      );
    }
    return section;
  }

  #tx(pallet: string, call: string): Untyped {
    const fn = (this.#live().tx as Untyped)[pallet]?.[call];
    if (!fn) {
      throw new ChainClientError(
        { code: 'UNSUPPORTED', feature: `${pallet}.${call}` },
        `the chain has no ${pallet}.${call} call`,
      );
    }
    return fn;
  }

  /** The header at `blockHash`, or the best one (an explicit `undefined` would ask for the zero hash). */
  #header(api: ApiPromise, blockHash: string | undefined) {
    return blockHash === undefined ? api.rpc.chain.getHeader() : api.rpc.chain.getHeader(blockHash);
  }

  async bestBlockNumber(): Promise<number> {
    const header = await this.#live().rpc.chain.getHeader();
    return header.number.toNumber();
  }

  async freeBalance(address: string): Promise<bigint> {
    const account = await this.#live().query.system.account(address);
    return account.data.free.toBigInt();
  }

  async burnCost(netuid: number): Promise<bigint> {
    return big(await this.#pallet(this.#live(), 'subtensorModule').burn(netuid));
  }

  async subnetExists(netuid: number): Promise<boolean> {
    const added = await this.#pallet(this.#live(), 'subtensorModule').networksAdded(netuid);
    return added.isTrue === true;
  }

  async getUid(netuid: number, hotkey: string): Promise<number | undefined> {
    const uid = await this.#pallet(this.#live(), 'subtensorModule').uids(netuid, hotkey);
    return uid.isSome ? num(uid.unwrap()) : undefined;
  }

  async getNeuron(netuid: number, hotkey: string): Promise<NeuronLite | undefined> {
    const api = this.#live();
    const hash = await api.rpc.chain.getBlockHash();
    const at = await api.at(hash);
    const st = this.#pallet(at, 'subtensorModule');
    const uidOpt = await st.uids(netuid, hotkey);
    if (!uidOpt.isSome) return undefined;
    const uid = num(uidOpt.unwrap());
    const [owner, stake, axon, permits, active, lastUpdate] = await Promise.all([
      st.owner(hotkey),
      st.totalHotkeyAlpha(hotkey, netuid),
      st.axons(netuid, hotkey),
      st.validatorPermit(netuid),
      st.active(netuid),
      st.lastUpdate(netuid),
    ]);
    return {
      netuid,
      uid,
      hotkey,
      coldkey: owner.toString(),
      stake: big(stake),
      validatorPermit: permits[uid]?.isTrue === true,
      active: active[uid]?.isTrue === true,
      axon: decodeAxon(axon),
      lastUpdate: num(lastUpdate[uid]),
    };
  }

  /**
   * The subnet at the best block: the runtime API when the chain has it, storage otherwise (older
   * runtimes, or a node whose metadata lists no runtime APIs).
   */
  async metagraph(netuid: number): Promise<Metagraph> {
    checkNetuid(netuid);
    const hash = await this.#live().rpc.chain.getBlockHash();
    try {
      const viaApi = await this.metagraphFromRuntimeApi(netuid, hash.toHex());
      if (viaApi) return viaApi;
    } catch (err) {
      if (err instanceof ChainClientError && err.code === 'NOT_CONNECTED') throw err;
      this.#log.debug(
        { netuid, err: errorMessage(err) },
        'get_neurons_lite failed, reading the metagraph from storage',
      );
    }
    return this.metagraphFromStorage(netuid, hash.toHex());
  }

  /**
   * `NeuronInfoRuntimeApi.get_neurons_lite(netuid)` at `blockHash` (default best), decoded with the
   * chain's own metadata; undefined when the chain does not expose that runtime API.
   */
  async metagraphFromRuntimeApi(netuid: number, blockHash?: string): Promise<Metagraph | undefined> {
    checkNetuid(netuid);
    const api = this.#live();
    const header = await this.#header(api, blockHash);
    const at = await api.at(header.hash);
    const getNeuronsLite = (at.call as Untyped).neuronInfoRuntimeApi?.getNeuronsLite;
    if (typeof getNeuronsLite !== 'function') return undefined;
    return metagraphFromNeuronInfoLite(netuid, header.number.toNumber(), await getNeuronsLite(netuid));
  }

  /** The metagraph from SubtensorModule storage items at `blockHash` (default best). */
  async metagraphFromStorage(netuid: number, blockHash?: string): Promise<Metagraph> {
    checkNetuid(netuid);
    const api = this.#live();
    const header = await this.#header(api, blockHash);
    const at = await api.at(header.hash);
    const st = this.#pallet(at, 'subtensorModule');
    const zeroes = async () => [] as Codec[];
    const [
      keyEntries,
      axonEntries,
      permits,
      active,
      lastUpdate,
      incentive,
      dividends,
      consensus,
      vtrust,
      emission,
      trust,
    ] = await Promise.all([
      st.keys.entries(netuid),
      st.axons.entries(netuid),
      st.validatorPermit(netuid),
      st.active(netuid),
      st.lastUpdate(netuid),
      st.incentive(netuid),
      st.dividends(netuid),
      st.consensus(netuid),
      st.validatorTrust(netuid),
      st.emission(netuid),
      // `Trust` is gone from current runtimes (it was always 0 there).
      st.trust ? st.trust(netuid) : zeroes(),
    ]);
    const byUid = (keyEntries as [Untyped, Codec][])
      .map(([key, value]) => ({ uid: num(key.args[1]), hotkey: value.toString() }))
      .sort((a, b) => a.uid - b.uid);
    const axonByHotkey = new Map<string, AxonInfo | undefined>();
    for (const [key, value] of axonEntries as [Untyped, Codec][]) {
      axonByHotkey.set(key.args[1].toString(), decodeAxon(value));
    }
    const hotkeys = byUid.map((e) => e.hotkey);
    const [owners, stakes] = await Promise.all([
      hotkeys.length ? st.owner.multi(hotkeys) : [],
      hotkeys.length ? st.totalHotkeyAlpha.multi(hotkeys.map((h) => [h, netuid])) : [],
    ]);
    const column = <T>(vector: Untyped, read: (c: Codec | undefined) => T) =>
      byUid.map((e) => read(vector[e.uid]));
    return {
      source: 'storage',
      netuid,
      block: header.number.toNumber(),
      n: byUid.length,
      uids: byUid.map((e) => e.uid),
      hotkeys,
      coldkeys: (owners as Codec[]).map((o) => o.toString()),
      stake: (stakes as Codec[]).map(big),
      validatorPermit: column(permits, (c) => (c as Untyped)?.isTrue === true),
      active: column(active, (c) => (c as Untyped)?.isTrue === true),
      axons: hotkeys.map((h) => axonByHotkey.get(h)),
      lastUpdate: column(lastUpdate, num),
      incentive: column(incentive, fraction),
      dividends: column(dividends, fraction),
      consensus: column(consensus, fraction),
      trust: column(trust, fraction),
      validatorTrust: column(vtrust, fraction),
      emission: column(emission, big),
    };
  }

  async getCommitment(netuid: number, hotkey: string): Promise<CommitmentField[] | undefined> {
    const reg = await this.#pallet(this.#live(), 'commitments').commitmentOf(netuid, hotkey);
    return reg.isSome ? decodeCommitmentFields(reg.unwrap()) : undefined;
  }

  async commitments(netuid: number): Promise<Map<string, CommitmentField[]>> {
    checkNetuid(netuid);
    const entries = await this.#pallet(this.#live(), 'commitments').commitmentOf.entries(netuid);
    const byHotkey = new Map<string, CommitmentField[]>();
    for (const [key, value] of entries as [Untyped, Untyped][]) {
      // Entries of an OptionQuery map come as Option on some versions and as the bare value on others.
      const registration = value?.isSome !== undefined ? (value.isSome ? value.unwrap() : undefined) : value;
      if (registration) byHotkey.set(key.args[1].toString(), decodeCommitmentFields(registration));
    }
    return byHotkey;
  }

  async weightCommits(netuid: number, hotkey: string): Promise<WeightCommitInfo[]> {
    checkNetuid(netuid);
    const stored = await this.#pallet(this.#live(), 'subtensorModule').weightCommits(netuid, hotkey);
    const commits = (
      stored?.isSome !== undefined ? (stored.isSome ? stored.unwrap() : []) : stored
    ) as Untyped[];
    // (hash, commit_block, first_reveal_block, last_reveal_block), oldest first (a VecDeque).
    return Array.from(commits, (c) => ({
      hash: (c[0] as Codec).toU8a(true),
      commitBlock: num(c[1]),
      firstRevealBlock: num(c[2]),
      lastRevealBlock: num(c[3]),
    }));
  }

  async hyperparams(netuid: number): Promise<SubnetHyperparams> {
    checkNetuid(netuid);
    const api = this.#live();
    const at = await api.at(await api.rpc.chain.getBlockHash());
    const st = this.#pallet(at, 'subtensorModule');
    const [
      added,
      tempo,
      minAllowedWeights,
      maxWeightsLimit,
      weightsSetRateLimit,
      weightsVersionKey,
      commitReveal,
      revealPeriod,
      immunityPeriod,
      activityCutoff,
      maxAllowedUids,
    ] = await Promise.all([
      st.networksAdded(netuid),
      st.tempo(netuid),
      st.minAllowedWeights(netuid),
      st.maxWeightsLimit(netuid),
      st.weightsSetRateLimit(netuid),
      st.weightsVersionKey(netuid),
      st.commitRevealWeightsEnabled(netuid),
      st.revealPeriodEpochs(netuid),
      st.immunityPeriod(netuid),
      st.activityCutoff(netuid),
      st.maxAllowedUids(netuid),
    ]);
    if (added.isTrue !== true) {
      throw new ChainClientError({ code: 'SUBNET_NOT_FOUND', netuid }, `subnet ${netuid} does not exist`);
    }
    return {
      netuid,
      tempo: num(tempo),
      minAllowedWeights: num(minAllowedWeights),
      maxWeightsLimit: num(maxWeightsLimit),
      weightsSetRateLimit: num(weightsSetRateLimit),
      weightsVersionKey: big(weightsVersionKey),
      commitRevealEnabled: commitReveal.isTrue === true,
      revealPeriodEpochs: num(revealPeriod),
      immunityPeriod: num(immunityPeriod),
      activityCutoff: num(activityCutoff),
      maxAllowedUids: num(maxAllowedUids),
    };
  }

  /** TAO issued so far, in rao (`SubtensorModule.TotalIssuance`; `Balances.TotalIssuance` without it). */
  async totalIssuance(): Promise<bigint> {
    const api = this.#live();
    const subtensor = (api.query as Untyped).subtensorModule?.totalIssuance;
    return big(await (subtensor ? subtensor() : api.query.balances.totalIssuance()));
  }

  /** TAO minted per block now, in rao (`SubtensorModule.BlockEmission`). */
  async blockEmission(): Promise<bigint> {
    return big(await this.#pallet(this.#live(), 'subtensorModule').blockEmission());
  }

  async weightsVersionKey(netuid: number): Promise<bigint> {
    return big(await this.#pallet(this.#live(), 'subtensorModule').weightsVersionKey(netuid));
  }

  burnedRegister(coldkey: TxSigner, netuid: number, hotkey: string, options?: TxOptions): Promise<TxResult> {
    const tx = this.#tx('subtensorModule', 'burnedRegister')(netuid, hotkey);
    return this.submit('SubtensorModule.burned_register', tx, coldkey, options);
  }

  serveAxon(hotkey: TxSigner, params: ServeAxonParams, options?: TxOptions): Promise<TxResult> {
    const { value, ipType } = ipToInt(params.ip);
    if (!Number.isInteger(params.port) || params.port < 1 || params.port > 65535) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'port', value: String(params.port) },
        'port must be 1-65535',
      );
    }
    const tx = this.#tx('subtensorModule', 'serveAxon')(
      params.netuid,
      params.version,
      value,
      params.port,
      ipType,
      params.protocol,
      params.placeholder1 ?? 0,
      params.placeholder2 ?? 0,
    );
    return this.submit('SubtensorModule.serve_axon', tx, hotkey, options);
  }

  setCommitment(
    hotkey: TxSigner,
    netuid: number,
    fields: CommitmentField[],
    options?: TxOptions,
  ): Promise<TxResult> {
    const encoded = fields.map((field) => {
      if (field.kind === 'None') return { None: null };
      if (field.kind === 'Raw') return { [`Raw${field.bytes.length}`]: u8aToHex(field.bytes) };
      if (field.kind === 'Other') {
        throw new ChainClientError(
          { code: 'BAD_INPUT', field: 'fields', value: 'Other' },
          'cannot commit an Other field',
        );
      }
      return { [field.kind]: u8aToHex(field.bytes) };
    });
    const tx = this.#tx('commitments', 'setCommitment')(netuid, { fields: encoded });
    return this.submit('Commitments.set_commitment', tx, hotkey, options);
  }

  setWeights(hotkey: TxSigner, params: SetWeightsParams, options?: TxOptions): Promise<TxResult> {
    checkWeights(params);
    const tx = this.#tx('subtensorModule', 'setWeights')(
      params.netuid,
      params.uids,
      params.weights,
      params.versionKey,
    );
    return this.submit('SubtensorModule.set_weights', tx, hotkey, options);
  }

  commitWeights(
    hotkey: TxSigner,
    params: { netuid: number; commitHash: Uint8Array },
    options?: TxOptions,
  ): Promise<TxResult> {
    if (params.commitHash.length !== 32) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'commitHash', value: u8aToHex(params.commitHash) },
        'commit hash must be 32 bytes',
      );
    }
    const tx = this.#tx('subtensorModule', 'commitWeights')(params.netuid, u8aToHex(params.commitHash));
    return this.submit('SubtensorModule.commit_weights', tx, hotkey, options);
  }

  revealWeights(hotkey: TxSigner, params: RevealWeightsParams, options?: TxOptions): Promise<TxResult> {
    checkWeights(params);
    const tx = this.#tx('subtensorModule', 'revealWeights')(
      params.netuid,
      params.uids,
      params.weights,
      params.salt,
      params.versionKey,
    );
    return this.submit('SubtensorModule.reveal_weights', tx, hotkey, options);
  }

  weightsCommitHash(hotkey: string, params: RevealWeightsParams): Uint8Array {
    checkWeights(params);
    const encoded = hashRegistry
      .createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [
        hotkey,
        params.netuid,
        params.uids,
        params.weights,
        params.salt,
        params.versionKey,
      ])
      .toU8a();
    return blake2AsU8a(encoded, 256);
  }

  async subscribeNewHeads(listener: (head: NewHead) => void): Promise<() => void> {
    const unsubscribe = await this.#live().rpc.chain.subscribeNewHeads((header) => {
      listener({ number: header.number.toNumber(), hash: header.hash.toHex() });
    });
    return unsubscribe;
  }

  /**
   * Signs and sends any extrinsic built on `api.tx`; resolves at inclusion (or finality) and turns a
   * failed dispatch into DISPATCH_FAILED with the decoded module error. `call` names it in errors.
   */
  submit(
    call: string,
    tx: SubmittableExtrinsic<'promise'>,
    signer: TxSigner,
    options: TxOptions = {},
  ): Promise<TxResult> {
    const waitFor = options.waitFor ?? 'inBlock';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TX_TIMEOUT_MS;
    const api = this.#live();
    return new Promise<TxResult>((resolve, reject) => {
      let unsubscribe: (() => void) | undefined;
      let settled = false;
      const finish = (err: Error | undefined, result?: TxResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe?.();
        if (err) reject(err);
        else resolve(result!);
      };
      const timer = setTimeout(
        () =>
          finish(
            new ChainClientError(
              { code: 'TX_TIMEOUT', call, timeoutMs },
              `${call}: no ${waitFor} status within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      const onStatus = (result: ISubmittableResult) => {
        const { status } = result;
        if (status.isDropped || status.isInvalid || status.isUsurped || status.isFinalityTimeout) {
          finish(
            new ChainClientError(
              { code: 'TX_DROPPED', call, status: status.type },
              `${call}: transaction ${status.type}`,
            ),
          );
          return;
        }
        const blockHash = status.isInBlock
          ? status.asInBlock.toHex()
          : status.isFinalized
            ? status.asFinalized.toHex()
            : undefined;
        if (blockHash === undefined) return;
        if (waitFor === 'finalized' && !status.isFinalized) return;
        if (result.dispatchError) {
          finish(dispatchFailure(api, call, result, blockHash));
          return;
        }
        finish(undefined, {
          call,
          blockHash,
          txHash: result.txHash.toHex(),
          events: result.events.map(({ event }) => `${event.section}.${event.method}`),
        });
      };
      tx.signAndSend(signer, { nonce: -1 }, onStatus)
        .then((unsub) => {
          if (settled) unsub();
          else unsubscribe = unsub;
        })
        .catch((err: unknown) => {
          const reason = errorMessage(err);
          const customError = customErrorFromMessage(reason);
          finish(
            new ChainClientError(
              { code: 'TX_REJECTED', call, reason, ...(customError && { customError }) },
              `${call} rejected: ${reason}${customError ? ` (${customError})` : ''}`,
              { cause: err },
            ),
          );
        });
    });
  }
}

function dispatchFailure(
  api: ApiPromise,
  call: string,
  result: ISubmittableResult,
  blockHash: string,
): ChainClientError {
  const dispatchError = result.dispatchError!;
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    const docs = meta.docs.join(' ').trim();
    // polkadot-js gives the camelCase section; report the pallet as metadata names it (SubtensorModule).
    const pallet = meta.section.charAt(0).toUpperCase() + meta.section.slice(1);
    return new ChainClientError(
      { code: 'DISPATCH_FAILED', call, pallet, error: meta.name, docs, blockHash },
      `${call} failed: ${pallet}.${meta.name}${docs ? ` (${docs})` : ''}`,
    );
  }
  const text = dispatchError.type;
  return new ChainClientError(
    {
      code: 'DISPATCH_FAILED',
      call,
      pallet: 'System',
      error: text,
      docs: dispatchError.toString(),
      blockHash,
    },
    `${call} failed: ${text}`,
  );
}

function checkWeights(params: SetWeightsParams): void {
  if (params.uids.length !== params.weights.length) {
    throw new ChainClientError(
      {
        code: 'BAD_INPUT',
        field: 'weights',
        value: `${params.uids.length} uids, ${params.weights.length} weights`,
      },
      'uids and weights must have the same length',
    );
  }
  for (const w of [...params.uids, ...params.weights]) {
    if (!Number.isInteger(w) || w < 0 || w > 0xffff) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'weights', value: String(w) },
        'uids and weights must be u16',
      );
    }
  }
}

/**
 * A decoded `Vec<NeuronInfoLite>` (the result of `get_neurons_lite`, decoded with the chain's metadata)
 * as a Metagraph. Field names are those of subtensor's `NeuronInfoLite`, camelCased by polkadot-js.
 */
export function metagraphFromNeuronInfoLite(netuid: number, block: number, result: Codec): Metagraph {
  const list = result as Untyped;
  if (typeof list?.map !== 'function') {
    throw new ChainClientError(
      { code: 'BAD_RESPONSE', what: 'NeuronInfoRuntimeApi_get_neurons_lite' },
      'get_neurons_lite did not return a list',
    );
  }
  const neurons = (list.map((n: Untyped) => n) as Untyped[])
    .map((n) => ({
      uid: num(n.uid),
      hotkey: n.hotkey.toString() as string,
      coldkey: n.coldkey.toString() as string,
      // One (coldkey, alpha on the subnet) entry on current subtensor; older runtimes list nominators.
      stake: (n.stake as Untyped[]).reduce((sum: bigint, entry: Untyped) => sum + big(entry[1]), 0n),
      validatorPermit: n.validatorPermit.isTrue === true,
      active: n.active.isTrue === true,
      axon: decodeAxon(n.axonInfo),
      lastUpdate: num(n.lastUpdate),
      incentive: fraction(n.incentive),
      dividends: fraction(n.dividends),
      consensus: fraction(n.consensus),
      trust: fraction(n.trust),
      validatorTrust: fraction(n.validatorTrust),
      emission: big(n.emission),
    }))
    .sort((a, b) => a.uid - b.uid);
  return {
    source: 'runtime-api',
    netuid,
    block,
    n: neurons.length,
    uids: neurons.map((e) => e.uid),
    hotkeys: neurons.map((e) => e.hotkey),
    coldkeys: neurons.map((e) => e.coldkey),
    stake: neurons.map((e) => e.stake),
    validatorPermit: neurons.map((e) => e.validatorPermit),
    active: neurons.map((e) => e.active),
    axons: neurons.map((e) => e.axon),
    lastUpdate: neurons.map((e) => e.lastUpdate),
    incentive: neurons.map((e) => e.incentive),
    dividends: neurons.map((e) => e.dividends),
    consensus: neurons.map((e) => e.consensus),
    trust: neurons.map((e) => e.trust),
    validatorTrust: neurons.map((e) => e.validatorTrust),
    emission: neurons.map((e) => e.emission),
  };
}

/** Decodes an `Option<AxonInfo>` (or a bare AxonInfo); undefined when absent or never served (ip 0). */
export function decodeAxon(codec: Codec): AxonInfo | undefined {
  const opt = codec as Untyped;
  const info = opt.isSome !== undefined ? (opt.isSome ? opt.unwrap() : undefined) : opt;
  if (!info) return undefined;
  const ip = big(info.ip);
  if (ip === 0n) return undefined;
  const ipType = num(info.ipType) === 6 ? 6 : 4;
  return {
    block: num(info.block),
    version: num(info.version),
    ip: intToIp(ip, ipType),
    port: num(info.port),
    ipType,
    protocol: num(info.protocol),
    placeholder1: num(info.placeholder1),
    placeholder2: num(info.placeholder2),
  };
}
