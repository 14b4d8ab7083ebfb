/**
 * The node's JSON-RPC surface against a toy runtime: transport errors, batches, limits, blocks, storage
 * (history, subscriptions, proofs), transaction watch statuses, HTTP, persistence across restarts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TypeRegistry } from '@polkadot/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../chain/node/bytes.js';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { verifyReadProof } from '../../../chain/trie/index.js';
import { silentLogger } from '../../../shared/logger.js';
import { until } from '../../helpers/until.js';
import { connect, type RawClient } from './rpc-client.js';
import { createToyRuntime, nonceKey, toyTx } from './toy-runtime.js';

async function startToy(extra: Parameters<typeof startNode>[0] = {}): Promise<NodeHandle> {
  return startNode({
    runtime: createToyRuntime(),
    instantSeal: true,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger(),
    ...extra,
  });
}

describe('dev chain node JSON-RPC (toy runtime)', () => {
  let node: NodeHandle;
  let client: RawClient;

  beforeAll(async () => {
    node = await startToy({ prometheusPort: 0, rpcMaxRequestBytes: 12 * 1024 * 1024 });
    client = await connect(node.rpcUrl);
  });
  afterAll(async () => {
    client?.close();
    await node?.close();
  });

  it('answers malformed input with the standard errors and stays up', async () => {
    expect(await client.raw('{not json')).toMatchObject({ error: { code: -32700 }, id: null });
    expect(await client.raw('42')).toMatchObject({ error: { code: -32600 }, id: null });
    expect(await client.raw('[]')).toMatchObject({ error: { code: -32600 }, id: null });
    expect(await client.raw(JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'system_chain' }))).toMatchObject(
      {
        error: { code: -32600 },
        id: 7,
      },
    );
    expect(await client.raw(JSON.stringify({ jsonrpc: '2.0', id: { x: 1 }, method: 'x' }))).toMatchObject({
      error: { code: -32600 },
    });
    expect((await client.call('no_suchMethod')).error).toMatchObject({
      code: -32601,
      message: 'Method not found',
    });
    expect((await client.call('chain_getBlockHash', [-1])).error?.code).toBe(-32602);
    expect((await client.call('state_getStorage', ['0xzz'])).error?.code).toBe(-32602);
    expect((await client.call('state_getKeysPaged', ['0x', 1001])).error).toMatchObject({ code: 4002 });
    expect((await client.call('state_getStorage', ['0x00', `0x${'ab'.repeat(32)}`])).error?.code).toBe(4003);
    expect((await client.call('system_chain')).result).toBe('Toy');
  });

  it('handles a 10 MB frame with an error and keeps serving', async () => {
    const big = `{"jsonrpc":"2.0","id":1,"method":"system_chain","params":["${'a'.repeat(10_000_000)}"`;
    expect(await client.raw(big)).toMatchObject({ error: { code: -32700 } });
    const tenMbParam = JSON.stringify({
      jsonrpc: '2.0',
      id: 99,
      method: 'author_submitExtrinsic',
      params: [`0x${'00'.repeat(5_000_000)}`],
    });
    // The envelope is a valid opaque extrinsic (length 0, trailing bytes); the runtime cannot decode it.
    const reply = (await client.raw(tenMbParam)) as { error?: { code: number } };
    expect(reply.error?.code).toBe(1002);
    expect((await client.call('system_health')).result).toEqual({
      peers: 0,
      isSyncing: false,
      shouldHavePeers: false,
    });
  });

  it('closes a connection whose frame exceeds the limit, other clients unaffected', async () => {
    const victim = await connect(node.rpcUrl);
    victim.ws.send('x'.repeat(13 * 1024 * 1024));
    expect((await victim.closed).code).toBe(1009);
    expect((await client.call('system_name')).result).toBe('Expertnet Node');
  });

  it('runs batches and skips answers to notifications', async () => {
    const reply = (await client.raw(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'system_chain' },
        { jsonrpc: '2.0', method: 'system_chain' },
        { jsonrpc: '2.0', id: 'b', method: 'nope' },
        5,
      ]),
    )) as Array<{ id: unknown; result?: unknown; error?: { code: number } }>;
    expect(reply).toHaveLength(3);
    expect(reply.find((r) => r.id === 'a')?.result).toBe('Toy');
    expect(reply.find((r) => r.id === 'b')?.error?.code).toBe(-32601);
    expect(reply.find((r) => r.id === null)?.error?.code).toBe(-32600);
  });

  it('survives a little fuzzing', async () => {
    const samples = [
      '',
      ' ',
      'null',
      '{}',
      '[1,2]',
      '"x"',
      '{"jsonrpc":"2.0","id":1}',
      '{"jsonrpc":"2.0","id":1,"method":5}',
    ];
    const methods = [
      'chain_getBlock',
      'state_call',
      'state_queryStorageAt',
      'author_submitAndWatchExtrinsic',
      'state_getReadProof',
      'chain_getBlockHash',
      'system_accountNextIndex',
      'state_subscribeStorage',
    ];
    const junk = [
      null,
      1,
      -1,
      'x',
      '0x',
      '0x1',
      [],
      {},
      ['0x00'],
      [1, 2],
      true,
      1e308,
      `0x${'ff'.repeat(32)}`,
    ];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (const s of samples) await client.raw(s).catch(() => undefined);
    for (let i = 0; i < 120; i++) {
      const params = Array.from({ length: rand(4) }, () => junk[rand(junk.length)]);
      const reply = await client.call(methods[rand(methods.length)]!, params);
      expect(reply.result !== undefined || reply.error !== undefined).toBe(true);
    }
    expect((await client.call('system_chain')).result).toBe('Toy');
  });

  it('serves JSON-RPC over HTTP POST on the same port', async () => {
    const res = await fetch(node.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getBlockHash', params: [0] }),
    });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: node.genesisHash });
    const sub = await fetch(node.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'chain_subscribeNewHeads' }),
    });
    expect(((await sub.json()) as { error: { code: number } }).error.code).toBe(-32601);
  });

  it('hashes headers as blake2_256(SCALE(header)), like polkadot-js', async () => {
    await client.call('author_submitExtrinsic', [toHex(toyTx(9, 0))]);
    await waitUntil(async () => node.chain.best.number >= 1);
    const header = (await client.call('chain_getHeader')).result as Record<string, unknown>;
    expect(typeof header.number).toBe('string');
    const registry = new TypeRegistry();
    const hash = registry.createType('Header', header).hash.toHex();
    expect((await client.call('chain_getBlockHash', [header.number])).result).toBe(hash);
    const logs = (header.digest as { logs: string[] }).logs;
    expect(logs[0]!.startsWith('0x0661757261')).toBe(true); // PreRuntime 'aura'
  });

  it('watches a transaction: ready, inBlock, finalized; storage reflects it at that block only', async () => {
    const sub = (await client.call('author_submitAndWatchExtrinsic', [toHex(toyTx(1, 0))])).result as string;
    const statuses = await client.waitFor(sub, 3);
    expect(statuses[0]).toBe('ready');
    const inBlock = (statuses[1] as { inBlock: string }).inBlock;
    expect(statuses[2]).toEqual({ finalized: inBlock });
    const block = (await client.call('chain_getBlock', [inBlock])).result as {
      block: { extrinsics: string[] };
    };
    expect(block.block.extrinsics).toContain(toHex(toyTx(1, 0)));
    const before = (await client.call('state_getStorage', [nonceKey(1), node.genesisHash])).result;
    const after = (await client.call('state_getStorage', [nonceKey(1), inBlock])).result;
    expect(before).toBe('0x00000000');
    expect(after).toBe('0x01000000');
    expect((await client.call('author_submitExtrinsic', [toHex(toyTx(1, 0))])).error).toMatchObject({
      code: 1010,
      message: 'Invalid Transaction',
    });
  });

  it('rejects invalid transactions with Substrate author errors', async () => {
    expect((await client.call('author_submitExtrinsic', [toHex(toyTx(0xff, 0))])).error).toEqual({
      code: 1010,
      message: 'Invalid Transaction',
      data: 'Transaction has a bad signature',
    });
    expect((await client.call('author_submitExtrinsic', [toHex(toyTx(0xfe, 0))])).error?.data).toBe(
      'Inability to pay some fees (e.g. account balance too low)',
    );
    expect((await client.call('author_submitExtrinsic', [toHex(toyTx(0xfd, 0))])).error).toMatchObject({
      code: 1011,
      data: 'CannotLookup',
    });
    const future = toHex(toyTx(5, 3));
    expect((await client.call('author_submitExtrinsic', [future])).result).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await client.call('author_submitExtrinsic', [future])).error).toMatchObject({ code: 1013 });
    expect((await client.call('author_submitExtrinsic', [toHex(toyTx(5, 3, 1, 1))])).error).toMatchObject({
      code: 1014,
      message: 'Priority is too low: (1 vs 1)',
    });
    expect((await client.call('author_pendingExtrinsics')).result).toContain(future);
  });

  it('includes a chain of nonces from one account, future ones once the gap fills', async () => {
    const watch = (await client.call('author_submitAndWatchExtrinsic', [toHex(toyTx(6, 2))]))
      .result as string;
    expect((await client.waitFor(watch, 1))[0]).toBe('future');
    for (const n of [1, 0]) await client.call('author_submitExtrinsic', [toHex(toyTx(6, n))]);
    const statuses = await client.waitFor(watch, 4);
    expect(statuses[1]).toBe('ready');
    expect(statuses[3]).toHaveProperty('finalized');
    const nonce = (await client.call('state_getStorage', [nonceKey(6)])).result;
    expect(nonce).toBe('0x03000000');
  });

  it('delivers heads and only changed storage, never an empty change set', async () => {
    const heads = (await client.call('chain_subscribeNewHead')).result as string;
    const storage = (await client.call('state_subscribeStorage', [[nonceKey(7), nonceKey(8)]]))
      .result as string;
    const [initial] = await client.waitFor(storage, 1);
    expect(initial).toMatchObject({
      changes: [
        [nonceKey(7), null],
        [nonceKey(8), null],
      ],
    });
    await client.call('author_submitExtrinsic', [toHex(toyTx(3, 0))]); // touches neither key
    await client.call('author_submitExtrinsic', [toHex(toyTx(7, 0))]);
    const updates = await client.waitFor(storage, 2);
    expect(updates[1]).toMatchObject({ changes: [[nonceKey(7), '0x01000000']] });
    expect((await client.waitFor(heads, 2)).length).toBeGreaterThanOrEqual(2);
    for (const u of client.notifications(storage))
      expect((u as { changes: unknown[] }).changes.length).toBeGreaterThan(0);
    expect((await client.call('state_unsubscribeStorage', [storage])).result).toBe(true);
    expect((await client.call('state_unsubscribeStorage', [storage])).result).toBe(false);
  });

  it('returns read proofs that verify against the header state root', async () => {
    const best = (await client.call('chain_getHeader')).result as { stateRoot: string };
    const keys = [nonceKey(1), '0x62616c616e6365', '0xdeadbeef'];
    const { proof, at } = (await client.call('state_getReadProof', [keys])).result as {
      proof: string[];
      at: string;
    };
    const header = (await client.call('chain_getHeader', [at])).result as { stateRoot: string };
    expect(header.stateRoot).toBe(best.stateRoot);
    const values = verifyReadProof(
      header.stateRoot as `0x${string}`,
      proof as `0x${string}`[],
      keys as `0x${string}`[],
    );
    expect(toHex(values.get(nonceKey(1))!)).toBe('0x01000000');
    expect(values.get('0x62616c616e6365')?.length).toBe(40);
    expect(values.get('0xdeadbeef')).toBeUndefined();
    const genesisProof = (await client.call('state_getReadProof', [[nonceKey(1)], node.genesisHash]))
      .result as {
      proof: `0x${string}`[];
    };
    const genesis = (await client.call('chain_getHeader', [node.genesisHash])).result as {
      stateRoot: `0x${string}`;
    };
    expect(
      toHex(verifyReadProof(genesis.stateRoot, genesisProof.proof, [nonceKey(1)]).get(nonceKey(1))!),
    ).toBe('0x00000000');
  });

  it('pages keys and queries storage at blocks', async () => {
    const page = (await client.call('state_getKeysPaged', ['0x6e6f6e6365', 2])).result as string[];
    expect(page).toHaveLength(2);
    const next = (await client.call('state_getKeysPaged', ['0x6e6f6e6365', 100, page[1]])).result as string[];
    expect(next[0]! > page[1]!).toBe(true);
    const all = (await client.call('state_getKeys', ['0x6e6f6e6365'])).result as string[];
    expect(all).toEqual([...page, ...next]);
    const at = (await client.call('state_queryStorageAt', [[nonceKey(1)]])).result as Array<{
      changes: unknown[];
    }>;
    expect(at[0]!.changes).toEqual([[nonceKey(1), '0x01000000']]);
    const fee = (await client.call('payment_queryInfo', [toHex(toyTx(1, 1))])).result;
    expect(fee).toEqual({
      weight: 1000,
      class: 'normal',
      partialFee: '123456789012345678901234',
    });
    expect((await client.call('state_call', ['Echo_code', '0x'])).result).toBe('0x010203');
    expect((await client.call('state_call', ['Nope_nope', '0x'])).error?.code).toBe(4003);
    expect(
      (await client.call('system_accountNextIndex', ['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY']))
        .error,
    ).toBeUndefined();
  });

  it('exports Prometheus metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`)).text();
    expect(text).toMatch(/substrate_block_height\{status="best"\} [1-9]/);
    expect(text).toContain('substrate_ready_transactions_number');
    expect(text).toMatch(
      /substrate_rpc_calls_finished\{protocol="ws",method="system_chain",is_error="false"\} \d+/,
    );
  });
});

describe('limits and sealing modes', () => {
  it('caps subscriptions per connection with -32006', async () => {
    const node = await startToy({ rpcMaxSubscriptionsPerConnection: 2 });
    const c = await connect(node.rpcUrl);
    try {
      expect((await c.call('chain_subscribeNewHeads')).result).toBeTypeOf('string');
      const second = (await c.call('chain_subscribeFinalizedHeads')).result as string;
      expect((await c.call('chain_subscribeAllHeads')).error).toMatchObject({ code: -32006 });
      expect((await c.call('chain_unsubscribeFinalizedHeads', [second])).result).toBe(true);
      expect((await c.call('chain_subscribeAllHeads')).result).toBeTypeOf('string');
    } finally {
      c.close();
      await node.close();
    }
  });

  it('seals blocks on slot boundaries without transactions, and on demand', async () => {
    const node = await startToy({ instantSeal: false, blockTimeMs: 40 });
    const c = await connect(node.rpcUrl);
    try {
      await waitUntil(async () => node.chain.best.number >= 3);
      const created = (await c.call('engine_createBlock', [true, true])).result as { hash: string };
      expect((await c.call('chain_getHeader', [created.hash])).result).toMatchObject({
        parentHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      });
      const blocks = await Promise.all([1, 2, 3].map((n) => node.chain.blockByNumber(n)));
      const slots = blocks.map((block) => block?.json.digest.logs[0]);
      expect(new Set(slots).size).toBe(3);
    } finally {
      c.close();
      await node.close();
    }
  });
});

describe('persistence', () => {
  it('restarts from --base-path with the same chain and state', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'expertnet-node-test-'));
    try {
      const first = await startToy({ basePath: dir });
      const c = await connect(first.rpcUrl);
      for (const n of [0, 1, 2]) await c.call('author_submitExtrinsic', [toHex(toyTx(4, n))]);
      await waitUntil(async () => (await c.call('state_getStorage', [nonceKey(4)])).result === '0x03000000');
      const best = first.chain.best;
      c.close();
      await first.close();

      const second = await startToy({ basePath: dir });
      expect(second.genesisHash).toBe(first.genesisHash);
      expect(second.chain.best.hashHex).toBe(best.hashHex);
      const c2 = await connect(second.rpcUrl);
      expect((await c2.call('state_getStorage', [nonceKey(4)])).result).toBe('0x03000000');
      await c2.call('author_submitExtrinsic', [toHex(toyTx(4, 3))]);
      await waitUntil(async () => second.chain.best.number > best.number);
      expect(toHex(second.chain.best.header.parentHash)).toBe(best.hashHex);
      c2.close();
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The node's own pace: short polls, 10 s at most. */
const waitUntil = (cond: () => Promise<boolean>) =>
  until(cond, 'the node state the test expects', { timeoutMs: 10_000, intervalMs: 10 });
