/**
 * PolkadotChainClient against the in-process dev chain: connect, reads, new heads, a failed dispatch
 * decoded to pallet + error name, a pool rejection decoded to subtensor's custom error, and an outage: calls fail fast with
 * NOT_CONNECTED while the node is down, and the client reconnects and resumes heads when it is back.
 */
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { ChainClientError, type NewHead, PolkadotChainClient } from '../../../shared/chain/index.js';
import { silentLogger } from '../../../shared/logger.js';
import { until } from '../../helpers/until.js';

describe('PolkadotChainClient on the dev chain', () => {
  let node: NodeHandle;
  let client: PolkadotChainClient;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

  beforeAll(async () => {
    await cryptoWaitReady();
    node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
    client = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await node?.close();
  });

  it('reads balances and block numbers', async () => {
    const alice = keyring.addFromUri('//Alice');
    expect(client.isConnected).toBe(true);
    expect(await client.freeBalance(alice.address)).toBeGreaterThan(0n);
    expect(await client.freeBalance(keyring.addFromUri('//Nobody').address)).toBe(0n);
    expect(await client.bestBlockNumber()).toBeGreaterThanOrEqual(0);
  });

  it('turns a failed dispatch into DISPATCH_FAILED with the pallet and error name', async () => {
    // Only the sudo key may call sudo: Bob's call is included, pays its fee, and fails in Sudo.
    const bob = keyring.addFromUri('//Bob');
    const api = client.api;
    const tx = api.tx.sudo.sudo(api.tx.system.remark('0x00'));
    const err = await client.submit('Sudo.sudo', tx, bob).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainClientError);
    const e = err as ChainClientError;
    expect(e.code).toBe('DISPATCH_FAILED');
    expect(e.type).toMatchObject({ pallet: 'Sudo', error: 'RequireSudo', call: 'Sudo.sudo' });
    expect(e.isModuleError('Sudo', 'RequireSudo')).toBe(true);
    expect(e.shortMessage).toContain('Sudo.RequireSudo');
  });

  it('names the inner variant of a non-module dispatch error (Token(FundsUnavailable))', async () => {
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const free = await client.freeBalance(alice.address);
    const tx = client.api.tx.balances.transferKeepAlive(bob.address, free * 2n);
    const err = await client.submit('Balances.transfer_keep_alive', tx, alice).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainClientError);
    const e = err as ChainClientError;
    expect(e.type).toMatchObject({ code: 'DISPATCH_FAILED', pallet: 'System', error: 'Token' });
    expect(e.shortMessage).toBe('Balances.transfer_keep_alive failed: Token(FundsUnavailable)');
  });

  it('includes a good transaction and reports its events', async () => {
    const alice = keyring.addFromUri('//Alice');
    const dave = keyring.addFromUri('//Dave');
    const result = await client.submit(
      'Balances.transfer_keep_alive',
      client.api.tx.balances.transferKeepAlive(dave.address, 10n ** 12n),
      alice,
    );
    expect(result.blockHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(result.events).toContain('system.ExtrinsicSuccess');
  });

  it("decodes a pool rejection of a fee-free subnet call to subtensor's custom error name", async () => {
    // serve_axon is Pays::No, so the pool refuses an unregistered hotkey (custom code 10) before inclusion.
    const stranger = keyring.addFromUri('//Stranger');
    const netuid = 1;
    const err = await client
      .serveAxon(stranger, { netuid, version: 1, ip: '127.0.0.1', port: 8091, protocol: 2 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainClientError);
    const e = err as ChainClientError;
    expect(e.code).toBe('TX_REJECTED');
    expect(e.isCustomRejection('HotKeyNotRegisteredInNetwork')).toBe(true);
    expect(e.isCustomRejection('ServingRateLimitExceeded')).toBe(false);
    expect(e.shortMessage).toContain('HotKeyNotRegisteredInNetwork');
  });

  it('survives an outage: NOT_CONNECTED while down, reconnects and resumes new heads', async () => {
    const port = node.rpcPort;
    const heads: NewHead[] = [];
    const transitions: boolean[] = [];
    const off = client.onConnectionChange((up) => transitions.push(up));
    const unsubscribe = await client.subscribeNewHeads((h) => heads.push(h));
    await node.sealBlock();
    await until(() => heads.length > 0, 'a first head');

    await node.close();
    await until(() => !client.isConnected, 'the client to notice the outage');
    await expect(client.bestBlockNumber()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });

    node = await startNode({
      instantSeal: true,
      rpcPort: port,
      prometheusPort: null,
      logger: silentLogger(),
    });
    await until(() => client.isConnected, 'the reconnection');
    expect(await client.bestBlockNumber()).toBeGreaterThanOrEqual(0);
    const seen = heads.length;
    await node.sealBlock();
    await until(() => heads.length > seen, 'a head after reconnecting');
    expect(transitions).toEqual(expect.arrayContaining([false, true]));
    unsubscribe();
    off();
  });

  it('fails to connect with CONNECT_FAILED within the timeout', async () => {
    const nowhere = new PolkadotChainClient({ endpoint: 'ws://127.0.0.1:1', connectTimeoutMs: 500 });
    await expect(nowhere.connect()).rejects.toMatchObject({ code: 'CONNECT_FAILED' });
    expect(() => nowhere.api).toThrow(/not connected/);
  });
});
