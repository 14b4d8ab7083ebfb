/**
 * polkadot-api 2.x against the dev chain node on the new JSON-RPC spec only: its raw WebSocket provider
 * (`getWsRawProvider`, without the middleware that routes to legacy `chain_*` / `state_*` / `author_*`
 * methods when `rpc_methods` lacks the new ones), so a node without `chainHead_v1_*` fails these tests.
 * Every method the client sends is logged and checked. Also the transaction methods over raw JSON-RPC,
 * with transactions signed by polkadot-api.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import {
  type BlockInfo,
  createClient,
  type PolkadotClient,
  type PolkadotSigner,
  type TxFinalizedPayload,
} from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsRawProvider } from 'polkadot-api/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { toHex } from '../../../chain/node/bytes.js';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import { until } from '../../helpers/until.js';
import { connect, type RawClient } from './rpc-client.js';

const TAO = 1_000_000_000n;
const NEW_SPEC = /^(chainHead_v1_|transaction_v1_|transactionWatch_v1_|chainSpec_v1_)/;

type At = { at: string };
/** The parts of the dev chain's unsafe API these tests use, as its metadata defines them. */
interface DevChainApi {
  query: {
    System: {
      Number: { getValue(options: At): Promise<number> };
      Account: {
        getValue(address: string, options: At): Promise<{ data: { free: bigint } }>;
        getEntries(options: At): Promise<Array<{ keyArgs: [string] }>>;
      };
    };
    Balances: { TotalIssuance: { getValue(options: At): Promise<bigint> } };
  };
  tx: {
    Balances: {
      transfer_keep_alive(args: { dest: { type: 'Id'; value: string }; value: bigint }): {
        sign(signer: PolkadotSigner): Promise<Uint8Array>;
        signAndSubmit(signer: PolkadotSigner): Promise<TxFinalizedPayload>;
      };
    };
  };
}

type TxEvent = { event: string; block?: { hash: string; index: number }; error?: string };

describe('polkadot-api with the new JSON-RPC spec (no legacy fallback)', () => {
  let node: NodeHandle;
  let client: PolkadotClient;
  let raw: RawClient;
  let alice: KeyringPair;
  let bob: KeyringPair;
  let aliceSigner: PolkadotSigner;
  const sentMethods = new Set<string>();

  beforeAll(async () => {
    await cryptoWaitReady();
    node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
    const provider = getWsRawProvider(node.rpcUrl, {
      websocketClass: WebSocket as unknown as typeof globalThis.WebSocket,
      logger: (event) => {
        if (event.type !== 'OUT') return;
        const { method } = JSON.parse(event.msg) as { method?: string };
        if (method !== undefined) sentMethods.add(method);
      },
    });
    client = createClient(provider);
    raw = await connect(node.rpcUrl);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    aliceSigner = getPolkadotSigner(alice.publicKey, 'Sr25519', (payload) => alice.sign(payload));
  });
  afterAll(async () => {
    client?.destroy();
    raw?.close();
    await node?.close();
  });

  const devApi = () => client.getUnsafeApi() as unknown as DevChainApi;
  const transfer = (to: KeyringPair, value: bigint) =>
    devApi().tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: to.address }, value });

  const freeOf = async (who: KeyringPair, at: string) => {
    return (await devApi().query.System.Account.getValue(who.address, { at })).data.free;
  };

  it('reads the chain spec and follows finalized blocks', async () => {
    const spec = await client.getChainSpecData();
    expect(spec).toMatchObject({ name: 'Expertnet Development', genesisHash: node.genesisHash });
    expect(spec.properties).toMatchObject({ ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' });

    const first = await client.getFinalizedBlock();
    expect(first.hash).toBe(node.chain.finalized.hashHex);
    const seen: BlockInfo[] = [];
    const subscription = client.finalizedBlock$.subscribe((block) => seen.push(block));
    const sealed: string[] = [];
    for (let i = 0; i < 2; i++) sealed.push((await node.sealBlock()) ?? 'no block');
    await until(
      () => seen.some((b) => b.hash === sealed[1]),
      'polkadot-api to see the sealed blocks finalized',
    );
    subscription.unsubscribe();
    const after = seen.filter((b) => b.number > first.number);
    expect(after.map((b) => b.hash)).toEqual(sealed);
    expect(after[0]?.parent).toBe(first.hash);
    const header = await client.getBlockHeader(sealed[1] ?? '');
    expect(header.number).toBe(first.number + 2);
    expect(header.parentHash).toBe(sealed[0]);
  });

  it('reads storage through the metadata (System.Number, System.Account entries, Balances.TotalIssuance)', async () => {
    const api = devApi();
    const finalized = await client.getFinalizedBlock();
    expect(await api.query.System.Number.getValue({ at: finalized.hash })).toBe(finalized.number);
    expect(await freeOf(alice, finalized.hash)).toBeGreaterThan(900_000n * TAO);
    const entries = await api.query.System.Account.getEntries({ at: finalized.hash });
    const holders = entries.map((e) => e.keyArgs[0]);
    expect(holders).toEqual(expect.arrayContaining([alice.address, bob.address]));
    expect(holders.length).toBeGreaterThanOrEqual(6);
    const issuance = await api.query.Balances.TotalIssuance.getValue({ at: finalized.hash });
    expect(issuance).toBeGreaterThanOrEqual(6_000_000n * TAO);
    // The same bytes as the legacy read.
    const key = '0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac';
    const legacy = await raw.call('state_getStorage', [key, finalized.hash]);
    expect(await client.rawQuery(key, { at: finalized.hash })).toBe(legacy.result);
  });

  it('submits a signed Balances transfer that reaches a finalized block', async () => {
    const before = await client.getFinalizedBlock();
    const bobBefore = await freeOf(bob, before.hash);
    const result = await transfer(bob, 7n * TAO).signAndSubmit(aliceSigner);
    expect(result.ok).toBe(true);
    expect(result.block.number).toBeGreaterThan(before.number);
    const transfer_ = result.events.find((e) => e.type === 'Balances' && e.value.type === 'Transfer');
    expect(transfer_?.value.value).toMatchObject({ from: alice.address, to: bob.address, amount: 7n * TAO });
    expect(await freeOf(bob, result.block.hash)).toBe(bobBefore + 7n * TAO);
  });

  it('watches a transaction with transactionWatch_v1 (validated, included, finalized; then invalid)', async () => {
    const signed = toHex(await transfer(bob, TAO).sign(aliceSigner));
    const sub = (await raw.call('transactionWatch_v1_submitAndWatch', [signed])).result as string;
    await until(
      () => raw.notifications(sub).some((e) => (e as TxEvent).event === 'finalized'),
      'the watched transaction to finalize',
    );
    const events = raw.notifications(sub) as TxEvent[];
    expect(events.map((e) => e.event)).toEqual(['validated', 'bestChainBlockIncluded', 'finalized']);
    const { hash, index } = events[2]?.block ?? { hash: '', index: -1 };
    expect(events[1]?.block).toEqual({ hash, index });
    const block = (await raw.call('chain_getBlock', [hash])).result as { block: { extrinsics: string[] } };
    expect(block.block.extrinsics[index]).toBe(signed);
    // The watch ended with `finalized`: unwatching it now is an error.
    expect((await raw.call('transactionWatch_v1_unwatch', [sub])).error?.code).toBe(-32602);

    // The same bytes again: its nonce is used, so the runtime calls it invalid.
    const again = (await raw.call('transactionWatch_v1_submitAndWatch', [signed])).result as string;
    const [ended] = (await raw.waitFor(again, 1)) as TxEvent[];
    expect(ended).toMatchObject({ event: 'invalid', error: expect.stringContaining('outdated') });
    // Bytes that are no extrinsic: a subscription that reports `invalid`; bytes that are no hex: -32602.
    const junk = (await raw.call('transactionWatch_v1_submitAndWatch', ['0x00'])).result as string;
    expect(((await raw.waitFor(junk, 1)) as TxEvent[])[0]?.event).toBe('invalid');
    expect((await raw.call('transactionWatch_v1_submitAndWatch', ['0xzz'])).error?.code).toBe(-32602);
    expect((await raw.call('transactionWatch_v1_unwatch', ['nope'])).error?.code).toBe(-32602);
  });

  it('broadcasts with transaction_v1_broadcast until stopped, within a per-connection limit', async () => {
    const bobBefore = await freeOf(bob, (await client.getFinalizedBlock()).hash);
    const signed = toHex(await transfer(bob, 3n * TAO).sign(aliceSigner));
    const id = (await raw.call('transaction_v1_broadcast', [signed])).result;
    expect(typeof id).toBe('string');
    // Read at the client's own finalized block, not `node.chain.finalized`: a new-spec client may only name
    // blocks its follow announced, and the node's in-process head is ahead of the events still in flight
    // (polkadot-api rejects such a hash as not pinned and falls back to `archive_v1_storage`).
    await until(async () => (await freeOf(bob, 'finalized')) === bobBefore + 3n * TAO, 'the transfer');
    expect((await raw.call('transaction_v1_stop', [id])).result).toBeNull();
    expect((await raw.call('transaction_v1_stop', [id])).error?.code).toBe(-32602);
    expect((await raw.call('transaction_v1_broadcast', ['nothex'])).error?.code).toBe(-32602);

    // Invalid transactions count too (the spec): 16 at once, the 17th gets null.
    const ids: unknown[] = [];
    for (let i = 0; i < 16; i++) ids.push((await raw.call('transaction_v1_broadcast', ['0x00'])).result);
    expect(ids.every((x) => typeof x === 'string')).toBe(true);
    expect((await raw.call('transaction_v1_broadcast', ['0x00'])).result).toBeNull();
    for (const x of ids) await raw.call('transaction_v1_stop', [x]);
    expect(typeof (await raw.call('transaction_v1_broadcast', ['0x00'])).result).toBe('string');
  });

  it('sent only new-spec methods: no legacy fallback', () => {
    const methods = [...sentMethods];
    expect(methods.filter((m) => m !== 'rpc_methods' && !NEW_SPEC.test(m))).toEqual([]);
    for (const m of [
      'chainHead_v1_follow',
      'chainHead_v1_call',
      'chainHead_v1_storage',
      'chainHead_v1_body',
    ]) {
      expect(methods).toContain(m);
    }
    expect(methods).toContain('transaction_v1_broadcast');
    expect(methods).toContain('chainHead_v1_unpin');
  });
});
