/**
 * chainHead_v1 over raw JSON-RPC on a real dev chain node: the follow's events, operations (header, body,
 * call, storage with pagination and continue, Merkle values), every error path of the spec, the pin
 * limit's `stop`, and a closed socket freeing its follows. State pruning is 16 blocks so a block left
 * pinned falls out of the window in a few sealed blocks.
 */
import { xxhashAsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake2_256, fromHex, toHex } from '../../../chain/node/bytes.js';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import { until } from '../../helpers/until.js';
import { connect, type RawClient } from './rpc-client.js';

type Ev = {
  event: string;
  operationId?: string;
  items?: Array<{ key: string; value?: string; hash?: string; closestDescendantMerkleValue?: string }>;
  [k: string]: unknown;
};

const SYSTEM_NUMBER = `${xxhashAsHex('System', 128)}${xxhashAsHex('Number', 128).slice(2)}`;
const SYSTEM_ACCOUNT = `${xxhashAsHex('System', 128)}${xxhashAsHex('Account', 128).slice(2)}`;
const METADATA_API = '0x37e397fc7c91f5e4';

describe('chainHead_v1 over raw JSON-RPC (real dev chain)', () => {
  let node: NodeHandle;
  let client: RawClient;

  beforeAll(async () => {
    node = await startNode({
      instantSeal: true,
      rpcPort: 0,
      prometheusPort: 0,
      statePruning: 16,
      logger: silentLogger(),
    });
    client = await connect(node.rpcUrl);
  });
  afterAll(async () => {
    client?.close();
    await node?.close();
  });

  const follow = async (c: RawClient, withRuntime = true) => {
    const sub = (await c.call('chainHead_v1_follow', [withRuntime])).result as string;
    expect(typeof sub).toBe('string');
    const initialized = ((await c.waitFor(sub, 2)) as Ev[])[0] as Ev;
    const finalized = (initialized.finalizedBlockHashes as string[])[0] as string;
    return { sub, initialized, finalized };
  };
  const events = (c: RawClient, sub: string) => c.notifications(sub) as Ev[];
  /** Events of operation `id`, once one matching `last` arrived. */
  const opEvents = async (c: RawClient, sub: string, id: string, last: (e: Ev) => boolean) => {
    await until(() => events(c, sub).some((e) => e.operationId === id && last(e)), `operation ${id}`);
    return events(c, sub).filter((e) => e.operationId === id);
  };
  const start = async (c: RawClient, method: string, params: unknown[]) => {
    const reply = await c.call(method, params);
    const result = reply.result as { result: string; operationId: string; discardedItems?: number };
    expect(result?.result, JSON.stringify(reply)).toBe('started');
    return result;
  };
  /** Runs a storage operation to its end, calling continue at each pause; returns its events. */
  const storage = async (c: RawClient, sub: string, hash: string, items: unknown[]) => {
    const { operationId } = await start(c, 'chainHead_v1_storage', [sub, hash, items, null]);
    let seen = 0;
    for (;;) {
      await until(() => events(c, sub).filter((e) => e.operationId === operationId).length > seen, 'storage');
      const mine = events(c, sub).filter((e) => e.operationId === operationId);
      const last = mine[mine.length - 1] as Ev;
      seen = mine.length;
      if (last.event === 'operationWaitingForContinue') {
        expect((await c.call('chainHead_v1_continue', [sub, operationId])).result).toBeNull();
      } else if (last.event !== 'operationStorageItems') return mine;
    }
  };

  it('follows: initialized with the runtime, then each block as new, best and finalized', async () => {
    const { sub, initialized, finalized } = await follow(client);
    expect(finalized).toBe((await client.call('chain_getFinalizedHead')).result);
    const runtime = initialized.finalizedBlockRuntime as { type: string; spec: Record<string, unknown> };
    expect(runtime.type).toBe('valid');
    expect(runtime.spec).toMatchObject({ specName: 'expertnet', transactionVersion: expect.any(Number) });
    expect((runtime.spec.apis as Record<string, number>)[METADATA_API]).toBeGreaterThanOrEqual(1);
    expect(events(client, sub)[1]).toEqual({ event: 'bestBlockChanged', bestBlockHash: finalized });

    const sealed = await node.sealBlock();
    await until(() => events(client, sub).some((e) => e.event === 'finalized'), 'finalized event');
    expect(events(client, sub).slice(2)).toEqual([
      { event: 'newBlock', blockHash: sealed, parentBlockHash: finalized, newRuntime: null },
      { event: 'bestBlockChanged', bestBlockHash: sealed },
      { event: 'finalized', finalizedBlockHashes: [sealed], prunedBlockHashes: [] },
    ]);
    const header = (await client.call('chainHead_v1_header', [sub, sealed])).result as string;
    expect(toHex(blake2_256(fromHex(header)))).toBe(sealed);
    expect((await client.call('chainHead_v1_unpin', [sub, [finalized, sealed]])).result).toBeNull();

    // withRuntime false: no runtime in the events, and no runtime calls.
    const bare = await follow(client, false);
    expect(bare.initialized).not.toHaveProperty('finalizedBlockRuntime');
    const call = await client.call('chainHead_v1_call', [bare.sub, bare.finalized, 'Core_version', '0x']);
    expect(call.error?.code).toBe(-32802);
    for (const s of [sub, bare.sub])
      expect((await client.call('chainHead_v1_unfollow', [s])).result).toBeNull();
    expect((await client.call('chainHead_v1_header', [sub, sealed])).result).toBeNull();

    const methods = ((await client.call('rpc_methods')).result as { methods: string[] }).methods;
    for (const m of [
      'follow',
      'unfollow',
      'header',
      'body',
      'call',
      'storage',
      'continue',
      'stopOperation',
      'unpin',
    ]) {
      expect(methods).toContain(`chainHead_v1_${m}`);
    }
    expect(methods).toEqual(
      expect.arrayContaining(['transaction_v1_broadcast', 'transactionWatch_v1_unwatch']),
    );
    expect((await client.call('chainSpec_v1_genesisHash')).result).toBe(node.genesisHash);
    expect((await client.call('chainSpec_v1_chainName')).result).toBe('Expertnet Development');
  });

  it('answers bad input with the spec errors and keeps serving', async () => {
    const { sub, finalized } = await follow(client);
    const unknownHash = `0x${'ab'.repeat(32)}`;
    const code = async (method: string, params: unknown[]) => (await client.call(method, params)).error?.code;
    expect(await code('chainHead_v1_follow', ['yes'])).toBe(-32602);
    expect(await code('chainHead_v1_follow', [])).toBe(-32602);
    // An unknown followSubscription: null, limitReached, or nothing, never an error.
    expect((await client.call('chainHead_v1_header', ['nope', finalized])).result).toBeNull();
    for (const [method, extra] of [
      ['chainHead_v1_body', []],
      ['chainHead_v1_call', ['Core_version', '0x']],
      ['chainHead_v1_storage', [[{ key: SYSTEM_NUMBER, type: 'value' }], null]],
    ] as const) {
      expect((await client.call(method, ['nope', finalized, ...extra])).result).toEqual({
        result: 'limitReached',
      });
    }
    for (const method of ['chainHead_v1_continue', 'chainHead_v1_stopOperation']) {
      expect((await client.call(method, ['nope', '0'])).result).toBeNull();
    }
    expect((await client.call('chainHead_v1_unpin', ['nope', unknownHash])).result).toBeNull();
    expect((await client.call('chainHead_v1_unfollow', ['nope'])).result).toBeNull();
    // Malformed parameters: -32602.
    expect(await code('chainHead_v1_header', [sub, '0x1234'])).toBe(-32602);
    expect(await code('chainHead_v1_header', [sub, 42])).toBe(-32602);
    expect(await code('chainHead_v1_header', [42, finalized])).toBe(-32602);
    expect(await code('chainHead_v1_storage', [sub, finalized, [{ key: '0xzz', type: 'value' }], null])).toBe(
      -32602,
    );
    expect(await code('chainHead_v1_storage', [sub, finalized, [{ key: '0x00', type: 'all' }], null])).toBe(
      -32602,
    );
    expect(await code('chainHead_v1_storage', [sub, finalized, 'items', null])).toBe(-32602);
    expect(await code('chainHead_v1_call', [sub, finalized, 7, '0x'])).toBe(-32602);
    // A block the follow never reported, or no longer pins: -32801.
    expect(await code('chainHead_v1_header', [sub, unknownHash])).toBe(-32801);
    expect(await code('chainHead_v1_body', [sub, unknownHash])).toBe(-32801);
    expect(await code('chainHead_v1_unpin', [sub, [finalized, finalized]])).toBe(-32804);
    expect(await code('chainHead_v1_unpin', [sub, [finalized, unknownHash]])).toBe(-32801);
    // A failed unpin unpins nothing.
    expect(typeof (await client.call('chainHead_v1_header', [sub, finalized])).result).toBe('string');
    expect((await client.call('chainHead_v1_unpin', [sub, finalized])).result).toBeNull();
    expect(await code('chainHead_v1_header', [sub, finalized])).toBe(-32801);
    expect(await code('chainHead_v1_unpin', [sub, finalized])).toBe(-32801);
    // Four follows per connection; the fifth is -32800.
    const more = [];
    for (let i = 0; i < 3; i++) more.push((await follow(client)).sub);
    expect(await code('chainHead_v1_follow', [true])).toBe(-32800);
    for (const s of [sub, ...more]) await client.call('chainHead_v1_unfollow', [s]);
    expect((await client.call('system_health')).result).toMatchObject({ isSyncing: false });
  });

  it('runs calls and bodies as operations, with their results or errors as events', async () => {
    const { sub, finalized } = await follow(client);
    const versions = await start(client, 'chainHead_v1_call', [
      sub,
      finalized,
      'Metadata_metadata_versions',
      '',
    ]);
    const [done] = await opEvents(client, sub, versions.operationId, (e) => e.event === 'operationCallDone');
    const legacy = await client.call('state_call', ['Metadata_metadata_versions', '0x', finalized]);
    expect(done?.output).toBe(legacy.result);
    const missing = await start(client, 'chainHead_v1_call', [sub, finalized, 'No_such_api', '0x']);
    const [error] = await opEvents(client, sub, missing.operationId, (e) => e.event === 'operationError');
    expect(error?.error).toEqual(expect.any(String));
    const body = await start(client, 'chainHead_v1_body', [sub, finalized]);
    const [bodyDone] = await opEvents(client, sub, body.operationId, (e) => e.event === 'operationBodyDone');
    const block = (await client.call('chain_getBlock', [finalized])).result as {
      block: { extrinsics: string[] };
    };
    expect(bodyDone?.value).toEqual(block.block.extrinsics);
    expect(new Set([versions.operationId, missing.operationId, body.operationId]).size).toBe(3);
    await client.call('chainHead_v1_unfollow', [sub]);
  });

  it('reads storage: value, hash, Merkle values, and descendants page by page with continue', async () => {
    const { sub, finalized } = await follow(client);
    const header = (await client.call('chain_getHeader', [finalized])).result as { stateRoot: string };
    const number = (await client.call('state_getStorage', [SYSTEM_NUMBER, finalized])).result as string;
    const single = await storage(client, sub, finalized, [
      { key: SYSTEM_NUMBER, type: 'value' },
      { key: SYSTEM_NUMBER, type: 'hash' },
      { key: '0xfefefefe', type: 'value' },
      { key: '0x', type: 'closestDescendantMerkleValue' },
      { key: '0xfefefefe', type: 'closestDescendantMerkleValue' },
      { key: SYSTEM_ACCOUNT, type: 'closestDescendantMerkleValue' },
    ]);
    expect(single.map((e) => e.event)).toEqual(['operationStorageItems', 'operationStorageDone']);
    const items = single[0]?.items ?? [];
    expect(items.slice(0, 3)).toEqual([
      { key: SYSTEM_NUMBER, value: number },
      { key: SYSTEM_NUMBER, hash: toHex(blake2_256(fromHex(number))) },
      { key: '0x', closestDescendantMerkleValue: header.stateRoot },
    ]);
    // The closest node under System.Account is a node on the path to any account: its hash is in their proof.
    const merkle = items[3]?.closestDescendantMerkleValue as string;
    expect(items[3]?.key).toBe(SYSTEM_ACCOUNT);
    const accountKey = (
      (await client.call('state_getKeysPaged', [SYSTEM_ACCOUNT, 1, null, finalized])).result as string[]
    )[0];
    const proof = (await client.call('state_getReadProof', [[accountKey], finalized])).result as {
      proof: string[];
    };
    expect(proof.proof.map((n) => toHex(blake2_256(fromHex(n))))).toContain(merkle);

    // Descendants of the empty prefix: the whole state, in pages.
    const all = await storage(client, sub, finalized, [{ key: '0x', type: 'descendantsValues' }]);
    const pages = all.filter((e) => e.event === 'operationStorageItems');
    expect(pages.length).toBeGreaterThan(1);
    expect(all.filter((e) => e.event === 'operationWaitingForContinue').length).toBeGreaterThan(0);
    const got = pages.flatMap((e) => e.items ?? []);
    const keys = (await client.call('state_getKeysPaged', ['0x', 1000, null, finalized])).result as string[];
    expect(got.map((i) => i.key)).toEqual(keys);
    const values = (await client.call('state_queryStorageAt', [keys, finalized])).result as [
      { changes: Array<[string, string]> },
    ];
    expect(got.map((i) => [i.key, i.value])).toEqual(values[0].changes);
    const hashes = await storage(client, sub, finalized, [
      { key: SYSTEM_ACCOUNT, type: 'descendantsHashes' },
    ]);
    const accounts = hashes.flatMap((e) => e.items ?? []);
    expect(accounts.length).toBeGreaterThanOrEqual(6);
    const first = accounts[0] as { key: string; hash: string };
    const firstValue = (await client.call('state_getStorage', [first.key, finalized])).result as string;
    expect(first.hash).toBe(toHex(blake2_256(fromHex(firstValue))));
    await client.call('chainHead_v1_unfollow', [sub]);
  });

  it('pauses, refuses a continue it is not waiting for, stops operations, and discards items past 16', async () => {
    const { sub, finalized } = await follow(client);
    const paged = await start(client, 'chainHead_v1_storage', [
      sub,
      finalized,
      [{ key: '0x', type: 'descendantsHashes' }],
      null,
    ]);
    const id = paged.operationId;
    await opEvents(client, sub, id, (e) => e.event === 'operationWaitingForContinue');
    const ofOp = (op: string) => events(client, sub).filter((e) => e.operationId === op);
    const paused = ofOp(id).length;
    // Two continues in one batch: the first resumes, the second finds it running (-32803).
    const batch = (await client.raw(
      JSON.stringify(
        [1, 2].map((n) => ({
          jsonrpc: '2.0',
          id: 900 + n,
          method: 'chainHead_v1_continue',
          params: [sub, id],
        })),
      ),
    )) as Array<{ id: number; result?: null; error?: { code: number } }>;
    expect(batch.find((r) => r.id === 901)?.result).toBeNull();
    expect(batch.find((r) => r.id === 902)?.error?.code).toBe(-32803);
    await until(() => ofOp(id).length > paused, 'the resumed operation');

    // Stopped while it waits: a continue does nothing, and no event of it follows.
    const stopped = await start(client, 'chainHead_v1_storage', [
      sub,
      finalized,
      [{ key: '0x', type: 'descendantsHashes' }],
      null,
    ]);
    await opEvents(client, sub, stopped.operationId, (e) => e.event === 'operationWaitingForContinue');
    expect((await client.call('chainHead_v1_stopOperation', [sub, stopped.operationId])).result).toBeNull();
    const count = events(client, sub).length;
    expect((await client.call('chainHead_v1_continue', [sub, stopped.operationId])).result).toBeNull();
    await node.sealBlock();
    await until(() => events(client, sub).some((e) => e.event === 'finalized'), 'a block after the stop');
    expect(
      events(client, sub)
        .slice(count)
        .filter((e) => e.operationId === id),
    ).toEqual([]);

    const twenty = Array.from({ length: 20 }, () => ({ key: SYSTEM_NUMBER, type: 'hash' }));
    const crowded = await start(client, 'chainHead_v1_storage', [sub, finalized, twenty, null]);
    expect(crowded.discardedItems).toBe(4);
    const done = await opEvents(client, sub, crowded.operationId, (e) => e.event === 'operationStorageDone');
    expect(done[0]?.items?.length).toBe(16);
    await client.call('chainHead_v1_unfollow', [sub]);
  });

  it('stops a follow that keeps a block pinned past the state window; a closed socket frees its follows', async () => {
    const other = await connect(node.rpcUrl);
    const { sub, finalized } = await follow(other);
    for (let i = 0; i < 18; i++) await node.sealBlock();
    await until(() => events(other, sub).some((e) => e.event === 'stop'), 'stop');
    expect(events(other, sub).at(-1)).toEqual({ event: 'stop' });
    expect((await other.call('chainHead_v1_header', [sub, finalized])).result).toBeNull();

    const gauge = async () => {
      const text = await (await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`)).text();
      return Number(/^substrate_rpc_subscriptions_active (\S+)$/m.exec(text)?.[1]);
    };
    const before = await gauge();
    await follow(other);
    await follow(other, false);
    expect(await gauge()).toBe(before + 2);
    other.close();
    await until(async () => (await gauge()) === before, 'the closed connection to free its follows');
    // The node keeps following for everyone else.
    const { sub: mine } = await follow(client);
    const sealed = await node.sealBlock();
    await until(() => events(client, mine).some((e) => e.blockHash === sealed), 'a new block');
    await client.call('chainHead_v1_unfollow', [mine]);
  });
});
