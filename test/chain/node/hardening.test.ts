/**
 * Regressions from attacking the dev chain's JSON-RPC (issue 19), each through the public interface of a
 * real node with the real runtime: notifications that subscribe, a client that stops reading, concurrent
 * manual seals, prototype names as runtime API methods, HTTP content types, garbage extrinsic bytes, and
 * queries at blocks whose state was pruned.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import { until } from '../../helpers/until.js';
import { connect, type RawClient } from './rpc-client.js';

/** `System.Number` (twox128("System") ++ twox128("Number")). */
const SYSTEM_NUMBER = '0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac';

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

async function metric(node: NodeHandle, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('dev chain node hardening (real runtime)', () => {
  let node: NodeHandle;
  let client: RawClient;
  const log = capturingLogger();

  beforeAll(async () => {
    node = await startNode({
      instantSeal: true,
      rpcPort: 0,
      prometheusPort: 0,
      logger: log.logger,
      rpcMaxSubscriptionsPerConnection: 8,
      rpcMaxBufferedBytes: 2 * 1024 * 1024,
      statePruning: 4,
    });
    client = await connect(node.rpcUrl);
  });
  afterAll(async () => {
    client?.close();
    await node?.close();
  });

  it('never creates a subscription for a subscribe sent as a notification (no id)', async () => {
    const notes = await connect(node.rpcUrl);
    for (let i = 0; i < 50; i++) {
      for (const method of [
        'chain_subscribeNewHeads',
        'state_subscribeStorage',
        'author_submitAndWatchExtrinsic',
      ]) {
        notes.ws.send(JSON.stringify({ jsonrpc: '2.0', method, params: [] }));
      }
    }
    // Every one of the connection's 8 subscription slots is still free.
    const ids = await Promise.all(Array.from({ length: 8 }, () => notes.call('chain_subscribeNewHeads')));
    expect(ids.every((r) => typeof r.result === 'string')).toBe(true);
    expect((await notes.call('chain_subscribeNewHeads')).error?.code).toBe(-32006);
    expect(await metric(node, 'substrate_rpc_subscriptions_active')).toBe(8);
    await client.call('engine_createBlock', [true, true]);
    await notes.waitFor(ids[0]?.result as string, 2);
    notes.close();
    await notes.closed;
    await until(
      async () => (await metric(node, 'substrate_rpc_subscriptions_active')) === 0,
      'subscriptions to end',
    );
  });

  it('disconnects a client that stops reading, and keeps serving the others', async () => {
    const slow = new WebSocket(node.rpcUrl);
    await new Promise((resolve, reject) => slow.once('open', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.on('error', () => {});
    slow.pause();
    // ~40 MB of answers (metadata is ~93 KB as hex) for a 2 MiB allowance; the kernel holds a few MB.
    const batch = JSON.stringify(
      Array.from({ length: 50 }, (_, id) => ({
        jsonrpc: '2.0',
        id,
        method: 'state_getMetadata',
        params: [],
      })),
    );
    for (let i = 0; i < 8; i++) slow.send(batch);
    await until(
      () => log.lines.some((l) => l.includes('client stopped reading')),
      'the slow client to be dropped',
    );
    const line = JSON.parse(log.lines.find((l) => l.includes('client stopped reading')) ?? '{}') as {
      level: number;
      limit: number;
    };
    expect(line).toMatchObject({ level: 40, limit: 2 * 1024 * 1024 });
    expect((await client.call('system_health')).result).toMatchObject({ peers: 0 });
    const sealed = (await client.call('engine_createBlock', [true, true])).result as { hash: string };
    expect(typeof sealed.hash).toBe('string');
    slow.resume();
    await closed;
  });

  it('seals concurrent engine_createBlock calls as consecutive blocks', async () => {
    const start = node.chain.best.number;
    const sealed = await Promise.all(
      Array.from({ length: 300 }, () => client.call('engine_createBlock', [true, true])),
    );
    const hashes = sealed.map((r) => (r.result as { hash: string }).hash);
    expect(new Set(hashes).size).toBe(300);
    expect(node.chain.best.number).toBe(start + 300);
    const canonical = await Promise.all(
      Array.from({ length: 300 }, (_, i) => client.call('chain_getBlockHash', [start + 1 + i])),
    );
    expect(new Set(canonical.map((r) => r.result))).toEqual(new Set(hashes));
  });

  it('answers prototype member names as unknown runtime API methods', async () => {
    for (const method of [
      'NeuronInfoRuntimeApi_constructor',
      'NeuronInfoRuntimeApi_toString',
      'NeuronInfoRuntimeApi___proto__',
      'NeuronInfoRuntimeApi_hasOwnProperty',
      'constructor',
      '__proto__',
    ]) {
      const reply = await client.call('state_call', [method, '0x']);
      expect(reply.error?.code, method).toBe(4003);
      expect(reply.error?.message, method).toContain('unknown runtime API method');
    }
  });

  it('refuses an HTTP POST without a JSON content type with 415, as jsonrpsee', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_name', params: [] });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const res = await fetch(node.httpUrl, {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body: type === undefined ? new Blob([body]) : body,
      });
      expect(res.status, String(type)).toBe(415);
      expect(await res.text()).toContain('Content-Type: application/json is required');
    }
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      const res = await fetch(node.httpUrl, { method: 'POST', headers: { 'content-type': type }, body });
      expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: 'Expertnet Node' });
    }
  });

  it('reports undecodable extrinsic bytes as Substrate does, not as a call error', async () => {
    expect((await client.call('author_submitExtrinsic', ['0x'])).error).toEqual({
      code: 1040,
      message: 'Client error: Not enough data to fill buffer',
    });
    expect((await client.call('author_submitExtrinsic', ['0x1001'])).error?.code).toBe(1040);
    expect((await client.call('author_submitAndWatchExtrinsic', ['0x0c01'])).error).toEqual({
      code: 1001,
      message: 'Extrinsic has invalid format: Not enough data to fill buffer',
    });
    for (const method of ['author_submitExtrinsic', 'author_submitAndWatchExtrinsic']) {
      const { error } = await client.call(method, ['0x0cff0102']);
      expect(error?.code, method).toBe(1002);
      expect(error?.message, method).toMatch(
        /^Verification Error: Runtime error: Execution failed: Runtime panicked: Bad input data provided to validate_transaction: /,
      );
      expect(error?.data, method).toMatch(/^RuntimeApi\("Execution failed: Runtime panicked: /);
    }
  });

  it('answers queries at a pruned block with "State already discarded"', async () => {
    for (let i = 0; i < 6; i++) await client.call('engine_createBlock', [true, true]);
    const best = node.chain.best.number;
    const at = async (n: number) => (await client.call('chain_getBlockHash', [n])).result as string;
    const oldHash = await at(best - 4);
    const old = await client.call('state_getStorage', [SYSTEM_NUMBER, oldHash]);
    expect(old.error).toEqual({
      code: 4003,
      message: `Client error: UnknownBlock: State already discarded for ${oldHash}`,
    });
    expect((await client.call('state_call', ['Core_version', '0x', oldHash])).error?.code).toBe(4003);
    // The header stays, the latest four states stay readable.
    expect((await client.call('chain_getHeader', [oldHash])).result).toMatchObject({
      parentHash: expect.any(String),
    });
    for (let n = best - 3; n <= best; n++) {
      const value = (await client.call('state_getStorage', [SYSTEM_NUMBER, await at(n)])).result as string;
      expect(Number.parseInt(value.slice(2, 4), 16) + Number.parseInt(value.slice(4, 6), 16) * 256).toBe(n);
    }
  });
});

describe('state pruning across restarts', () => {
  it('keeps pruned blocks discarded after a restart, even as an archive', async () => {
    const basePath = await mkdtemp(join(tmpdir(), 'expertnet-pruning-'));
    const open = (statePruning: number | 'archive') =>
      startNode({
        basePath,
        instantSeal: true,
        rpcPort: 0,
        prometheusPort: null,
        logger: silentLogger(),
        statePruning,
      });
    try {
      const first = await open(3);
      for (let i = 0; i < 8; i++) await first.sealBlock();
      const hashes = await Promise.all(
        Array.from({ length: 9 }, async (_, n) => (await first.chain.blockByNumber(n))?.hashHex ?? ''),
      );
      await first.close();
      const archive = await open('archive');
      const c = await connect(archive.rpcUrl);
      const query = async (n: number) => (await c.call('state_getStorage', [SYSTEM_NUMBER, hashes[n]])).error;
      expect((await query(2))?.message).toContain('State already discarded');
      expect(await query(6)).toBeUndefined();
      await archive.sealBlock();
      c.close();
      await archive.close();
    } finally {
      await rm(basePath, { recursive: true, force: true });
    }
  });
});

describe('interval sealing with manual seals', () => {
  it('never forks: every block at its own height', async () => {
    const node = await startNode({
      blockTimeMs: 50,
      rpcPort: 0,
      prometheusPort: null,
      logger: silentLogger(),
    });
    const c = await connect(node.rpcUrl);
    try {
      const sealed = await Promise.all(
        Array.from({ length: 40 }, () => c.call('engine_createBlock', [true, true])),
      );
      const hashes = sealed.map((r) => (r.result as { hash: string }).hash);
      const headers = await Promise.all(hashes.map((h) => c.call('chain_getHeader', [h])));
      for (const [i, h] of headers.entries()) {
        const number = Number.parseInt((h.result as { number: string }).number, 16);
        expect((await c.call('chain_getBlockHash', [number])).result).toBe(hashes[i]);
      }
    } finally {
      c.close();
      await node.close();
    }
  });
});
