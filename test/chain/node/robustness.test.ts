/**
 * Seeded, bounded robustness barrage against the dev chain's JSON-RPC server with the real runtime: random
 * params for every method, mutated and random SCALE extrinsics, runtime calls with junk data, malformed and
 * deeply nested frames, subscription churn and connections dropped mid-request. Afterwards the node must still
 * answer, hold no leaked listeners, keep balances untouched by rejected input and include a normal transfer.
 */
// The dev chain's own augment types (subtensor's Balance is u64, not substrate's u128).
import '../../../shared/chain/augment/index.js';
import { type ApiPromise, Keyring } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { compactFromU8a, compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { NodeHandle } from '../../../chain/node/node.js';
import { type DevNodeWithApi, startDevNodeWithApi } from '../../helpers/dev-node.js';
import { prng, type Rng } from '../../helpers/prng.js';
import { connect, type RawClient } from './rpc-client.js';

/** mulberry32: a tiny seeded PRNG so every run sends the same barrage. */

const ALICE_SS58 = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/** A random JSON value biased towards what RPC params parse: hex, hashes, numbers, addresses, nesting. */
function junk(rng: Rng, depth = 0): unknown {
  const leaves: Array<() => unknown> = [
    () => null,
    () => rng.pick([true, false]),
    () => rng.pick([0, -1, 1, 1.5, 2 ** 32, 2 ** 53, -(2 ** 53), 1e308, -1e-9]),
    () => rng.int(1000),
    () => rng.pick(['', 'x', '0x', '0x0', '0xzz', '0X00', '12', '-1', ALICE_SS58, 'Core_version']),
    () => u8aToHex(rng.bytes(rng.int(80))),
    () => u8aToHex(rng.bytes(32)),
    () => `0x${'f'.repeat(2 * (1 + rng.int(20)))}`,
    () => 'z'.repeat(rng.int(5000)),
  ];
  if (depth < 3 && rng.next() < 0.25) {
    const n = rng.int(5);
    return rng.next() < 0.5
      ? Array.from({ length: n }, () => junk(rng, depth + 1))
      : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, junk(rng, depth + 1)]));
  }
  return rng.pick(leaves)();
}

/** Mutations of a valid extrinsic: truncations, byte flips, inserted bytes, re-prefixed bodies. */
function mutateExtrinsic(rng: Rng, xt: Uint8Array, body: Uint8Array, callIndex: Uint8Array): Uint8Array {
  switch (rng.int(7)) {
    case 0:
      return xt.slice(0, rng.int(xt.length));
    case 1: {
      const out = xt.slice();
      for (let i = 1 + rng.int(3); i > 0; i--) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    }
    case 2: {
      // Valid length prefix over a truncated or extended body.
      const cut = body.slice(0, rng.int(body.length));
      return u8aConcat(compactToU8a(cut.length), cut);
    }
    case 3: {
      const extra = rng.bytes(1 + rng.int(40));
      const b = u8aConcat(body, extra);
      return u8aConcat(compactToU8a(b.length), b);
    }
    case 4: {
      // Random bytes with a matching length prefix and a plausible version byte.
      const b = u8aConcat(Uint8Array.of(rng.pick([0x04, 0x84, 0x05, 0x85])), rng.bytes(rng.int(200)));
      return u8aConcat(compactToU8a(b.length), b);
    }
    case 5:
      // Huge compact lengths (up to the 2^536 big-integer form) in front of a short body.
      return u8aConcat(
        rng.pick([
          Uint8Array.of(0xff, ...rng.bytes(67)),
          Uint8Array.of(0x03, 0xff, 0xff, 0xff, 0xff),
          compactToU8a(2n ** 64n),
        ]),
        body.slice(0, 20),
      );
    default: {
      // An unsigned envelope whose call (known or random index) starts with a huge compact length.
      const call = u8aConcat(
        rng.next() < 0.5 ? callIndex : rng.bytes(2),
        rng.pick([Uint8Array.of(0x03, 0xff, 0xff, 0xff, 0xff), Uint8Array.of(0xfe, 0xff, 0xff, 0xff)]),
        rng.bytes(rng.int(10)),
      );
      const b = u8aConcat(Uint8Array.of(0x04), call);
      return u8aConcat(compactToU8a(b.length), b);
    }
  }
}

interface Reply {
  jsonrpc?: string;
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/** Listener sets the node keeps per subscriber; read to prove nothing leaks after clients go away. */
function listenerCounts(node: NodeHandle): { chain: number; pool: number } {
  const chain = (node.chain as unknown as { listeners: Set<unknown> }).listeners.size;
  const pool = (node.pool as unknown as { listeners: Map<unknown, unknown> }).listeners.size;
  return { chain, pool };
}

describe('dev chain node under hostile input', () => {
  let dev: DevNodeWithApi | undefined;
  let node: NodeHandle;
  let api: ApiPromise;
  let client: RawClient;
  let alice: KeyringPair;
  let bob: KeyringPair;

  beforeAll(async () => {
    dev = await startDevNodeWithApi();
    ({ node, api } = dev);
    client = await connect(node.rpcUrl);
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
  });
  afterAll(async () => {
    client?.close();
    await dev?.close();
  });

  /** Answers must be JSON-RPC frames; an internal error (-32603) means an input reached an unhandled path. */
  function check(failures: string[], what: string, reply: Reply): void {
    if (reply.jsonrpc !== '2.0' || (reply.result === undefined && reply.error === undefined)) {
      failures.push(`${what}: malformed reply ${JSON.stringify(reply).slice(0, 200)}`);
    } else if (
      reply.error !== undefined &&
      (!Number.isInteger(reply.error.code) || reply.error.code === -32603)
    ) {
      failures.push(`${what}: ${JSON.stringify(reply.error).slice(0, 300)}`);
    }
  }

  it('rejects hostile input without crashing, leaking or touching state', async () => {
    const rng = prng(0x5eed);
    const balances = async () =>
      Promise.all([alice, bob].map(async (p) => (await api.query.system.account(p.address)).toHex()));
    // Signing makes @polkadot/api open its own head subscription: do it before taking the baseline.
    const signed = await api.tx.balances.transferKeepAlive(bob.address, 10n ** 12n).signAsync(alice);
    await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce: 500_000 });
    const before = await balances();
    const baseline = listenerCounts(node);
    const bestBefore = node.chain.best.number;
    const failures: string[] = [];

    // 1. Every method with random params (subscriptions included; their streams die with the connection).
    const fuzzClient = await connect(node.rpcUrl);
    const methods = ((await fuzzClient.call('rpc_methods')).result as { methods: string[] }).methods.filter(
      (m) => m !== 'engine_createBlock',
    );
    expect(methods.length).toBeGreaterThan(40);
    for (const method of methods) {
      const replies = await Promise.all(
        Array.from({ length: 6 }, () => {
          const params = Array.from({ length: rng.int(5) }, () => junk(rng));
          return fuzzClient.call(method, params).then((r) => [params, r] as const);
        }),
      );
      for (const [params, reply] of replies)
        check(failures, `${method}(${JSON.stringify(params).slice(0, 120)})`, reply as Reply);
    }

    // 2. Mutated, truncated and random extrinsics through every entry point that decodes one.
    const xt = signed.toU8a();
    const body = xt.subarray(compactFromU8a(xt)[0]);
    const callIndex = signed.method.toU8a().subarray(0, 2);
    const runtimeCalls = [
      'TaggedTransactionQueue_validate_transaction',
      'TransactionPaymentApi_query_info',
      'TransactionPaymentApi_query_fee_details',
      'BlockBuilder_apply_extrinsic',
      'AccountNonceApi_account_nonce',
      'Metadata_metadata_at_version',
      'Core_initialize_block',
      'BlockBuilder_finalize_block',
      'NoSuchApi_method',
    ];
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < 400; i++) {
      const bad = u8aToHex(mutateExtrinsic(rng, xt, body, callIndex));
      const [method, params] = rng.pick([
        ['author_submitExtrinsic', [bad]],
        ['author_submitAndWatchExtrinsic', [bad]],
        ['payment_queryInfo', [bad]],
        ['payment_queryFeeDetails', [bad]],
        ['state_call', [rng.pick(runtimeCalls), bad]],
      ] as const);
      calls.push(
        fuzzClient.call(method, [...params]).then((reply) => {
          check(failures, `${method}(${bad.slice(0, 80)})`, reply as Reply);
          // Mutations that happen to stay valid would move funds; none may be accepted here.
          if (method.startsWith('author_') && reply.error === undefined)
            failures.push(`${method} accepted a mutated extrinsic ${bad}`);
        }),
      );
    }
    await Promise.all(calls);

    // 3. Malformed frames: parse errors, invalid requests, deep nesting, binary junk.
    const deep = 20_000;
    const frames = [
      '['.repeat(deep) + ']'.repeat(deep),
      `{"jsonrpc":"2.0","id":1,"method":"chain_getBlockHash","params":[${'['.repeat(deep)}${']'.repeat(deep)}]}`,
      `{"jsonrpc":"2.0","id":2,"method":"state_subscribeStorage","params":${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}}`,
      `{"jsonrpc":"2.0","id":3,"method":"state_getKeysPaged","params":["0x",1e999]}`,
      `[${Array.from({ length: 2000 }, (_, i) => `{"jsonrpc":"2.0","id":${i},"method":"chain_getHeader"}`).join(',')}]`,
      Buffer.from(rng.bytes(300)),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
    ];
    for (const f of frames) {
      const reply = (await fuzzClient.raw(f)) as Reply | Reply[];
      for (const r of Array.isArray(reply) ? reply : [reply])
        check(failures, `frame ${String(f).slice(0, 60)}`, r);
    }
    fuzzClient.close();
    await fuzzClient.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failures).toEqual([]);

    // 4. Subscription churn past the per-connection limit, then unsubscribe everything.
    const churn = await connect(node.rpcUrl);
    const ids = await Promise.all(
      Array.from({ length: 1500 }, (_, i) =>
        churn.call(
          i % 2 === 0 ? 'chain_subscribeNewHeads' : 'state_subscribeStorage',
          i % 2 === 0 ? [] : [[]],
        ),
      ),
    );
    const accepted = ids.filter((r) => typeof r.result === 'string').map((r) => r.result as string);
    expect(accepted.length).toBe(1024);
    expect(ids.filter((r) => r.error?.code === -32006).length).toBe(1500 - 1024);
    const unsubscribed = await Promise.all(
      accepted.map((id, i) =>
        churn.call(i % 2 === 0 ? 'chain_unsubscribeNewHeads' : 'state_unsubscribeStorage', [id]),
      ),
    );
    expect(unsubscribed.every((r) => r.result === true)).toBe(true);
    expect(listenerCounts(node).chain).toBe(baseline.chain);
    churn.close();

    // 5. Connections dropped mid-request, with watches and subscriptions in flight.
    for (let i = 0; i < 40; i++) {
      const ws = new WebSocket(node.rpcUrl);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.on('error', () => {});
      const nonce = 500_000 + i; // future nonce: parks in the pool's future queue with a watcher
      const future = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce });
      ws.send(
        `{"jsonrpc":"2.0","id":1,"method":"author_submitAndWatchExtrinsic","params":["${future.toHex()}"]}`,
      );
      ws.send('{"jsonrpc":"2.0","id":2,"method":"chain_subscribeAllHeads"}');
      ws.send('{"jsonrpc":"2.0","id":3,"method":"state_queryStorage","params":[["0x00"],');
      if (i % 2 === 0) ws.terminate();
      else setImmediate(() => ws.terminate());
    }
    // Let the server see every close, then drop the parked futures with a block.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.call('system_health')).result).toBeDefined();
    // Nothing leaked. (@polkadot/api may have dropped a transient head subscription of its own meanwhile.)
    const after = listenerCounts(node);
    expect(after.chain).toBeLessThanOrEqual(baseline.chain);
    expect(after.pool).toBe(baseline.pool);

    expect(failures).toEqual([]);
    // Rejected input moved no funds and sealed no block.
    expect(await balances()).toEqual(before);
    expect(node.chain.best.number).toBe(bestBefore);

    // 6. A normal transfer still goes through with the exact amount.
    const amount = 987_654_321n;
    const bobBefore = (await api.query.system.account(bob.address)).data.free.toBigInt();
    await new Promise<void>((resolve, reject) => {
      api.tx.balances
        .transferKeepAlive(bob.address, amount)
        .signAndSend(alice, (result) => {
          if (result.status.isFinalized) resolve();
          if (result.isError) reject(new Error(result.status.type));
        })
        .catch(reject);
    });
    const bobAfter = (await api.query.system.account(bob.address)).data.free.toBigInt();
    expect(bobAfter - bobBefore).toBe(amount);
  }, 30_000);
});
