/**
 * Regressions of issue 19 on the miner's axon, each through a real ws client against a real
 * MinerServer and inference worker (hash test backend): inference deadline and worker replacement
 * (with /healthz), queued work dropped for closed connections and past the queue deadline,
 * pre-auth connection limits, size-limit errors as TOO_LARGE, duplicate map keys, malformed
 * pre-auth frames closing 4000 and malformed hotkeys closing 4006.
 */
import { encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minerHealth } from '../../miner/health.js';
import { type MetricsServer, startMetricsServer } from '../../shared/metrics-server.js';
import { CLOSE_CODES, type ErrorFrame, encodeFrame, signHandshake } from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { until } from '../helpers/until.js';
import {
  connectedClient,
  directoryWith,
  expectClassified,
  metricValue,
  rawMap,
  startTestMiner,
  TestClient,
  type TestMiner,
  validatorKey,
} from './helpers.js';

const expectServed = (client: TestClient, id: number, text: string) =>
  expectClassified(client, id, [text], { retryOverloaded: false });

describe('inference deadline', () => {
  let miner: TestMiner;
  let metricsServer: MetricsServer;
  const healthz = async () => {
    const res = await fetch(`http://127.0.0.1:${metricsServer.port}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string; problem?: string } };
  };
  const workerUp = async () => (await metricValue(miner, 'expertnet_miner_inference_worker_up')) === 1;

  beforeAll(async () => {
    miner = await startTestMiner({ modelDir: 'hang', inferenceTimeoutMs: 300, maxBatch: 4 });
    metricsServer = await startMetricsServer(
      miner.register,
      0,
      '127.0.0.1',
      minerHealth(() => miner.worker.health),
    );
  });
  afterAll(async () => {
    await metricsServer?.close();
    await miner?.close();
  });

  it('answers a hung batch with INTERNAL, replaces the worker and serves again', async () => {
    expect((await healthz()).status).toBe(200);
    const client = await connectedClient(miner.url);
    client.send({ type: 'classify', id: 1, texts: ['hang'] });
    const answer = (await client.answer(1)) as ErrorFrame;
    expect(answer).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(answer.message).toContain('timed out after 300 ms');
    expect(await metricValue(miner, 'expertnet_miner_inference_timeouts_total')).toBe(1);
    expect(
      await metricValue(miner, 'expertnet_miner_inference_worker_restarts_total', { reason: 'timeout' }),
    ).toBe(1);
    await until(workerUp, 'the replacement worker');
    await expectServed(client, 2, 'after the hang');

    // A worker thread spinning in a loop is terminated the same way.
    client.send({ type: 'classify', id: 3, texts: ['spin'] });
    expect(((await client.answer(3)) as ErrorFrame).code).toBe('INTERNAL');
    await until(workerUp, 'the replacement worker');
    await expectServed(client, 4, 'after the spin');
    expect(await metricValue(miner, 'expertnet_miner_inference_timeouts_total')).toBe(2);
    client.close();
  });

  it('reports unhealthy while batches keep timing out, healthy again after one completes', async () => {
    const client = await connectedClient(miner.url);
    for (let id = 10; id < 13; id++) {
      client.send({ type: 'classify', id, texts: ['hang'] });
      expect(((await client.answer(id)) as ErrorFrame).code).toBe('INTERNAL');
      await until(workerUp, 'the replacement worker');
    }
    const sick = await healthz();
    expect(sick.status).toBe(503);
    expect(sick.body.problem).toContain('timed out');
    await expectServed(client, 20, 'recovered');
    expect(await healthz()).toMatchObject({ status: 200, body: { status: 'ok' } });
    client.close();
  });
});

describe('queued work nobody waits for', () => {
  it('drops the queued requests of a connection that closed before they reach the model', async () => {
    const miner = await startTestMiner({ modelDir: 'slow:300', maxBatch: 1 });
    try {
      const client = await connectedClient(miner.url);
      for (let id = 1; id <= 3; id++) client.send({ type: 'classify', id, texts: [`text ${id}`] });
      await until(() => miner.batchSizes.length > 0 || miner.batcher.queueDepth === 2, 'the first batch');
      client.ws.terminate();
      await client.closed;
      await until(() => miner.batcher.idle, 'the batcher to drain');
      expect(miner.batchSizes).toEqual([1]);
      expect(await metricValue(miner, 'expertnet_miner_jobs_dropped_total', { reason: 'disconnected' })).toBe(
        2,
      );
    } finally {
      await miner.close();
    }
  });

  it('answers a request that waited past the queue deadline with OVERLOADED instead of running it', async () => {
    const miner = await startTestMiner({ modelDir: 'slow:400', maxBatch: 1, maxWaitMs: 150 });
    try {
      const client = await connectedClient(miner.url);
      client.send({ type: 'classify', id: 1, texts: ['first'] });
      client.send({ type: 'classify', id: 2, texts: ['waits too long'] });
      const late = (await client.answer(2)) as ErrorFrame;
      expect(late).toMatchObject({ type: 'error', code: 'OVERLOADED' });
      expect(late.retryAfterMs).toBeGreaterThan(0);
      expect((await client.answer(1)).type).toBe('response');
      expect(miner.batchSizes).toEqual([1]);
      expect(await metricValue(miner, 'expertnet_miner_jobs_dropped_total', { reason: 'expired' })).toBe(1);
      client.close();
    } finally {
      await miner.close();
    }
  });
});

describe('unauthenticated connections', () => {
  it('caps them per address and in total with TOO_MANY_CONNECTIONS, and frees a slot on auth', async () => {
    const miner = await startTestMiner({ preAuth: { perIp: 2, total: 3 } });
    const open: TestClient[] = [];
    const connect = async (localAddress: string) => {
      const client = new TestClient(miner.url, { localAddress });
      open.push(client);
      await client.opened;
      return client;
    };
    try {
      const a1 = await connect('127.0.0.1');
      await a1.challenge();
      await (await connect('127.0.0.1')).challenge();
      const a3 = await connect('127.0.0.1');
      expect((await a3.closed).code).toBe(CLOSE_CODES.TOO_MANY_CONNECTIONS);
      expect(a3.frames).toEqual([]);

      await (await connect('127.0.0.2')).challenge();
      const b2 = await connect('127.0.0.2');
      expect((await b2.closed).code).toBe(CLOSE_CODES.TOO_MANY_CONNECTIONS);
      expect(miner.server.unauthenticatedConnections).toBe(3);

      // An authenticated validator no longer counts: there is room for one more.
      a1.send(signHandshake(validatorKey, await a1.challenge()));
      a1.send({ type: 'info', id: 1 });
      expect((await a1.answer(1)).type).toBe('response');
      await (await connect('127.0.0.2')).challenge();
      expect(
        await metricValue(miner, 'expertnet_miner_handshake_rejections_total', {
          reason: 'TOO_MANY_CONNECTIONS',
        }),
      ).toBe(2);
    } finally {
      for (const client of open) client.ws.terminate();
      await miner.close();
    }
  });
});

describe('malformed input', () => {
  const other = Sr25519Keypair.fromUri('//HardeningOther');
  let miner: TestMiner;
  beforeAll(async () => {
    miner = await startTestMiner({
      directory: directoryWith([
        [validatorKey, {}],
        [other, {}],
      ]),
    });
  });
  afterAll(async () => {
    await miner?.close();
  });

  /** Sends `bytes` after the challenge, before auth; resolves to the close code. */
  async function closeCodeBeforeAuth(bytes: Uint8Array): Promise<number> {
    const client = new TestClient(miner.url);
    await client.challenge();
    client.sendRaw(bytes);
    return (await client.closed).code;
  }

  it('answers input over a decoder length limit with TOO_LARGE', async () => {
    const client = await connectedClient(miner.url);
    const oversize = [
      encodeFrame({ type: 'classify', id: 1, texts: ['x'.repeat(20_000)] }),
      encodeFrame({ type: 'classify', id: 1, texts: Array.from({ length: 300 }, () => 'a') }),
      // A map of 17 entries (map16 header): over the decoder's map length limit.
      Buffer.concat([
        Uint8Array.of(0xde, 0, 17),
        ...Array.from({ length: 17 }, (_, i) => encode({ [`k${i}`]: i }).subarray(1)),
      ]),
    ];
    for (const bytes of oversize) {
      client.frames.length = 0;
      client.sendRaw(bytes);
      expect(((await client.next((f) => f.type === 'error')) as ErrorFrame).code).toBe('TOO_LARGE');
    }
    await expectServed(client, 2, 'still served');
    client.close();
  });

  it('refuses maps with a duplicate key, before and after auth', async () => {
    const client = await connectedClient(miner.url, other);
    client.sendRaw(
      rawMap([
        ['type', 'classify'],
        ['id', 5],
        ['texts', ['a']],
        ['id', 6],
      ]),
    );
    const err = (await client.next((f) => f.type === 'error')) as ErrorFrame;
    expect(err).toMatchObject({ code: 'BAD_REQUEST', id: null });
    expect(err.message).toContain('duplicate');
    expect(client.frames.some((f) => f.type === 'response' && (f.id === 5 || f.id === 6))).toBe(false);
    client.close();

    const auth = signHandshake(validatorKey, {
      type: 'challenge',
      version: 1,
      minerHotkey: miner.server.hotkey,
      nonce: new Uint8Array(32),
    });
    const entries = Object.entries(auth);
    expect(await closeCodeBeforeAuth(rawMap([...entries, ['type', 'auth']]))).toBe(CLOSE_CODES.BAD_FRAME);
  });

  it('closes a malformed request before auth with BAD_FRAME, even when its id is readable', async () => {
    expect(await closeCodeBeforeAuth(encodeFrame({ type: 'classify', id: 5, texts: [] }))).toBe(
      CLOSE_CODES.BAD_FRAME,
    );
    expect(await closeCodeBeforeAuth(rawMap([['type', 'info']]))).toBe(CLOSE_CODES.BAD_FRAME);
    expect(
      await closeCodeBeforeAuth(encodeFrame({ type: 'classify', id: 1, texts: ['y'.repeat(20_000)] })),
    ).toBe(CLOSE_CODES.BAD_FRAME);
  });

  it('closes an auth whose hotkey is not SS58 with BAD_HOTKEY', async () => {
    for (const field of ['validatorHotkey', 'minerHotkey'] as const) {
      const client = new TestClient(miner.url);
      const auth = signHandshake(validatorKey, await client.challenge());
      client.send({ ...auth, [field]: '5NotAnSs58Address' });
      expect((await client.closed).code).toBe(CLOSE_CODES.BAD_HOTKEY);
    }
    // A hotkey of the wrong type is a malformed frame, not a bad hotkey.
    const client = new TestClient(miner.url);
    const auth = signHandshake(validatorKey, await client.challenge());
    client.send({ ...auth, validatorHotkey: 42 } as never);
    expect((await client.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
  });
});
