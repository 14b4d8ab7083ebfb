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
import { intToIp, ipToInt } from './axon.js';
import { ChainClientError } from './errors.js';
import { customErrorFromMessage } from './transaction-errors.js';
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
  TxOptions,
  TxResult,
  TxSigner,
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

  async metagraph(netuid: number): Promise<Metagraph> {
    const api = this.#live();
    const header = await api.rpc.chain.getHeader();
    const at = await api.at(header.hash);
    const st = this.#pallet(at, 'subtensorModule');
    const [keyEntries, axonEntries, permits, active, lastUpdate] = await Promise.all([
      st.keys.entries(netuid),
      st.axons.entries(netuid),
      st.validatorPermit(netuid),
      st.active(netuid),
      st.lastUpdate(netuid),
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
    return {
      netuid,
      block: header.number.toNumber(),
      n: byUid.length,
      uids: byUid.map((e) => e.uid),
      hotkeys,
      coldkeys: (owners as Codec[]).map((o) => o.toString()),
      stake: (stakes as Codec[]).map(big),
      validatorPermit: byUid.map((e) => permits[e.uid]?.isTrue === true),
      active: byUid.map((e) => active[e.uid]?.isTrue === true),
      axons: hotkeys.map((h) => axonByHotkey.get(h)),
      lastUpdate: byUid.map((e) => num(lastUpdate[e.uid])),
    };
  }

  async getCommitment(netuid: number, hotkey: string): Promise<CommitmentField[] | undefined> {
    const reg = await this.#pallet(this.#live(), 'commitments').commitmentOf(netuid, hotkey);
    if (!reg.isSome) return undefined;
    const fields = reg.unwrap().info.fields as Untyped[];
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
