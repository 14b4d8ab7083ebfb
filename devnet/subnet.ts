/**
 * Subnet set-up on a fresh dev chain, with @polkadot/api as any subtensor client would do it: Alice
 * (sudo, genesis-funded) creates the subnet for the owner hotkey, sets a short tempo and the weights
 * hyperparameters through `Sudo.sudo(Utility.batch_all(AdminUtils.*))`, funds every coldkey, and each
 * validator and miner coldkey burned-registers its hotkey (validators first, in roster order, so uids are
 * predictable) and validators stake. Transactions of one step are all submitted before any is awaited,
 * so a step costs one block.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import type { SpRuntimeDispatchError } from '@polkadot/types/lookup';
import type { ISubmittableResult } from '@polkadot/types/types';
import '../shared/chain/augment/index.js';
import { errorMessage } from '../shared/errors.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { DevnetError } from './errors.js';
import type { NeuronPlan } from './roster.js';

export const RAO_PER_TAO = 1_000_000_000n;

export interface SubnetSettings {
  tempo: number;
  commitReveal: boolean;
  /** Alpha (= TAO here) each validator stakes on its hotkey. */
  validatorStakeTao: number;
}

export interface SubnetSetup {
  netuid: number;
  /** uid of every roster entry, by name. */
  uids: Map<string, number>;
}

type Tx = SubmittableExtrinsic<'promise'>;

/** Polls the node's HTTP JSON-RPC (same port as the WebSocket) until it answers `system_health`. */
export async function waitForRpc(endpoint: string, timeoutMs: number): Promise<void> {
  const url = endpoint.replace(/^ws/, 'http');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
        signal: AbortSignal.timeout(1_000),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new DevnetError(
        { code: 'CHAIN_UNREACHABLE', endpoint, waitedMs: timeoutMs },
        `the chain did not answer at ${endpoint} within ${Math.round(timeoutMs / 1000)} s`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function connectApi(endpoint: string): Promise<ApiPromise> {
  return ApiPromise.create({
    provider: new WsProvider(endpoint, 500),
    noInitWarn: true,
    throwOnConnect: true,
  });
}

function pair(uri: string): KeyringPair {
  return Sr25519Keypair.fromUri(uri).toKeyringPair();
}

/**
 * Submits `tx` (resolves once the pool accepted it, so the next submission lands after it) and returns
 * a promise of its inclusion, rejected with the dispatch error's name.
 */
async function submit(
  api: ApiPromise,
  step: string,
  tx: Tx,
  signer: KeyringPair,
  nonce?: number,
): Promise<{ included: Promise<ISubmittableResult> }> {
  let settle!: { resolve: (r: ISubmittableResult) => void; reject: (e: unknown) => void };
  const included = new Promise<ISubmittableResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const fail = (reason: string) =>
    settle.reject(
      new DevnetError({ code: 'SETUP_FAILED', step, reason }, `devnet set-up: ${step}: ${reason}`),
    );
  try {
    const unsubscribe = await tx.signAndSend(signer, nonce === undefined ? {} : { nonce }, (result) => {
      if (result.status.isInBlock || result.status.isFinalized) {
        unsubscribe();
        const error = dispatchErrorName(api, result);
        if (error) fail(error);
        else settle.resolve(result);
      } else if (result.isError) {
        unsubscribe();
        fail(result.status.type);
      }
    });
  } catch (err) {
    fail(errorMessage(err));
  }
  // Not awaited here: the caller submits more first. Handled, so a failure is not "unhandled" meanwhile.
  included.catch(() => {});
  return { included };
}

function dispatchErrorName(api: ApiPromise, result: ISubmittableResult): string | undefined {
  const named = (err: DispatchError | SpRuntimeDispatchError) => {
    if (!err.isModule) return err.type;
    const meta = api.registry.findMetaError(err.asModule);
    return `${meta.section}.${meta.name}`;
  };
  if (result.dispatchError) return named(result.dispatchError);
  for (const { event } of result.events) {
    // Sudo reports the inner call's failure in its event, the extrinsic itself succeeds.
    if (api.events.sudo.Sudid.is(event) && event.data.sudoResult.isErr)
      return named(event.data.sudoResult.asErr);
    if (api.events.utility.BatchInterrupted.is(event)) return 'utility.BatchInterrupted';
  }
  return undefined;
}

async function all(pending: Promise<ISubmittableResult>[]): Promise<ISubmittableResult[]> {
  return Promise.all(pending);
}

/** Runs the whole set-up; returns the netuid and every neuron's uid. */
export async function setupSubnet(
  api: ApiPromise,
  roster: readonly NeuronPlan[],
  settings: SubnetSettings,
): Promise<SubnetSetup> {
  const tx = api.tx;
  const owner = roster.find((n) => n.role === 'owner');
  if (!owner) throw new Error('roster has no owner');
  const alice = pair(owner.coldkeyUri);
  const ownerHotkey = Sr25519Keypair.fromUri(owner.hotkeyUri).address;

  const created = await (
    await submit(api, 'register_network', tx.subtensorModule.registerNetwork(ownerHotkey), alice)
  ).included;
  const added = created.events
    .map(({ event }) => event)
    .find((event) => api.events.subtensorModule.NetworkAdded.is(event));
  if (!added)
    throw new DevnetError(
      { code: 'SETUP_FAILED', step: 'register_network', reason: 'no NetworkAdded event' },
      'devnet set-up: register_network emitted no NetworkAdded',
    );
  const netuid = added.data[0].toNumber();

  const admin = [
    tx.adminUtils.sudoSetTempo(netuid, settings.tempo),
    tx.adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, settings.commitReveal),
    // Validators submit once per tempo; no extra rate limit on a devnet.
    tx.adminUtils.sudoSetWeightsSetRateLimit(netuid, 0),
  ];
  if (settings.commitReveal) admin.push(tx.adminUtils.sudoSetCommitRevealWeightsInterval(netuid, 1));
  const stakeRao = BigInt(settings.validatorStakeTao) * RAO_PER_TAO;
  const transfers: Tx[] = [];
  // The burn starts at 1 TAO and rises ×1.26 per registration up to MaxBurn; the rest pays fees.
  const maxBurn = (await api.query.subtensorModule.maxBurn(netuid)).toBigInt();
  for (const n of roster) {
    if (n.role === 'owner') continue;
    const amount = maxBurn + 10n * RAO_PER_TAO + (n.role === 'validator' ? stakeRao : 0n);
    transfers.push(tx.balances.transferKeepAlive(Sr25519Keypair.fromUri(n.coldkeyUri).address, amount));
  }
  // Two of Alice's transactions in one block: explicit nonces (the pool may not have imported the
  // first one yet when the second asks for the next index).
  const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
  await all([
    (await submit(api, 'hyperparameters', tx.sudo.sudo(tx.utility.batchAll(admin)), alice, nonce)).included,
    (await submit(api, 'funding', tx.utility.batchAll(transfers), alice, nonce + 1)).included,
  ]);

  const pending: Promise<ISubmittableResult>[] = [];
  const ordered = [
    ...roster.filter((n) => n.role === 'validator'),
    ...roster.filter((n) => n.role === 'miner'),
  ];
  // A validator's register and stake go into one block: explicit nonces, as above.
  const nonces = new Map<string, number>();
  for (const n of ordered)
    nonces.set(n.name, (await api.rpc.system.accountNextIndex(pair(n.coldkeyUri).address)).toNumber());
  for (const n of ordered) {
    const hotkey = Sr25519Keypair.fromUri(n.hotkeyUri).address;
    const step = `burned_register ${n.name}`;
    const call = tx.subtensorModule.burnedRegister(netuid, hotkey);
    pending.push((await submit(api, step, call, pair(n.coldkeyUri), nonces.get(n.name))).included);
  }
  for (const n of ordered) {
    if (n.role !== 'validator') continue;
    const hotkey = Sr25519Keypair.fromUri(n.hotkeyUri).address;
    const call = tx.subtensorModule.addStake(hotkey, netuid, stakeRao);
    const nonce = (nonces.get(n.name) ?? 0) + 1;
    pending.push((await submit(api, `add_stake ${n.name}`, call, pair(n.coldkeyUri), nonce)).included);
  }
  await all(pending);

  const uids = new Map<string, number>();
  for (const n of roster) {
    const hotkey = Sr25519Keypair.fromUri(n.hotkeyUri).address;
    const uid = (await api.query.subtensorModule.uids(netuid, hotkey)).unwrapOr(undefined)?.toNumber();
    if (uid === undefined)
      throw new DevnetError(
        { code: 'SETUP_FAILED', step: 'uids', reason: `${n.name} not registered` },
        `devnet set-up: ${n.name} is not registered`,
      );
    uids.set(n.name, uid);
  }
  return { netuid, uids };
}
