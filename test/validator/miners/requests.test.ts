/**
 * Slots and local limits of a miner connection (validator/miners/requests.ts), through a real miner-side
 * WebSocket server: a request that times out or fails gives its slot back (issue 19), and a request the
 * wire does not allow is refused here as INVALID_REQUEST, never sent, never the miner's fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildResponseFrame,
  DEFAULT_LIMITS,
  encodeFrame,
  errorFrame,
} from '../../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import {
  type FakeMiner,
  fakeMinerKey,
  type RequestContext,
  startFakeMiner,
} from '../../../testkit/fake-miner.js';
import { blamesMiner, type MinerEndpoint, verifyEvidence } from '../../../validator/miners/index.js';
import { expectedProbabilities } from '../../miner/fixtures/hash-backend.js';
import { startTestMiner, type TestMiner } from '../../miner/helpers.js';
import { connectionsOfThisFile, endpointOf, failureOf } from './helpers.js';

const open = connectionsOfThisFile();

/** A fake miner whose classify handling the test switches; it records every classify it receives. */
async function scriptedMiner(): Promise<{
  endpoint: MinerEndpoint;
  received: RequestContext[];
  handle: { classify: (ctx: RequestContext) => void };
  server: FakeMiner;
}> {
  const received: RequestContext[] = [];
  const handle = { classify: (ctx: RequestContext) => ctx.answer() };
  const server = await startFakeMiner({
    request: (ctx) => {
      if (ctx.frame.type === 'info') return ctx.answer();
      received.push(ctx);
      handle.classify(ctx);
    },
  });
  return { endpoint: endpointOf(server.port, fakeMinerKey.address), received, handle, server };
}

const servers: FakeMiner[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});
async function miner(): Promise<Awaited<ReturnType<typeof scriptedMiner>>> {
  const m = await scriptedMiner();
  servers.push(m.server);
  return m;
}

describe('slots', () => {
  it('a miner that went silent gets its slots back on timeout and is served again once it answers', async () => {
    const { endpoint, received, handle } = await miner();
    const held: RequestContext[] = [];
    handle.classify = (ctx) => held.push(ctx);
    const connection = await open(endpoint, { maxInFlight: 2 });

    const timedOut = await Promise.all(
      ['silent 1', 'silent 2', 'silent 3'].map((t) => failureOf(connection.classify([t], { timeoutMs: 50 }))),
    );
    expect(timedOut.map((e) => e.failure)).toEqual(['TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    expect(connection.inFlight).toBe(0);
    expect(connection.isOpen).toBe(true);

    // Recovered: it first sends its late answers to the timed-out requests, then answers the new one.
    handle.classify = (ctx) => {
      for (const late of held.splice(0)) late.answer();
      ctx.answer();
    };
    const result = await connection.classify(['back'], { timeoutMs: 10_000 });
    const back = received.at(-1);
    expect(back?.frame).toMatchObject({ type: 'classify', texts: ['back'] });
    // The answer is the one to this request, not a late one taken for it.
    expect(verifyEvidence(fakeMinerKey.address, result.evidence, { request: back?.bytes })).toBe(true);
    expect(held).toEqual([]);
    expect(connection.isOpen).toBe(true);
    expect(connection.inFlight).toBe(0);
    expect((await connection.classify(['and again'])).probabilities).toHaveLength(1);
  });

  it('every failed request gives its slot back (error frame, bad signature, malformed payload)', async () => {
    const { endpoint, handle } = await miner();
    const impostor = Sr25519Keypair.fromUri('//Impostor');
    handle.classify = (ctx) => {
      if (ctx.frame.type !== 'classify') return;
      const id = ctx.frame.id;
      const payload = new TextEncoder().encode('not a classify payload');
      switch (ctx.frame.texts[0]) {
        case 'refuse':
          return ctx.ws.send(encodeFrame(errorFrame('INTERNAL', 'inference timed out', id)));
        case 'forge':
          return ctx.ws.send(encodeFrame(buildResponseFrame(impostor, id, ctx.bytes, payload)));
        case 'garble':
          return ctx.ws.send(encodeFrame(buildResponseFrame(fakeMinerKey, id, ctx.bytes, payload)));
        default:
          return ctx.answer();
      }
    };
    const connection = await open(endpoint, { maxInFlight: 1 });
    const failures = [];
    for (const text of ['refuse', 'forge', 'garble']) {
      failures.push((await failureOf(connection.classify([text], { timeoutMs: 10_000 }))).failure);
      expect(connection.inFlight).toBe(0);
    }
    expect(failures).toEqual(['REFUSED', 'BAD_SIGNATURE', 'MALFORMED']);
    expect((await connection.classify(['fine'], { timeoutMs: 10_000 })).probabilities).toHaveLength(1);
  });
});

describe('local limits', () => {
  it('4,096 emoji (8,192 UTF-16 units) are refused here as INVALID_REQUEST; nothing reaches the miner', async () => {
    const { endpoint, received } = await miner();
    const connection = await open(endpoint);
    const err = await failureOf(connection.classify(['😀'.repeat(4096)]));
    expect(err.failure).toBe('INVALID_REQUEST');
    expect(err.type).toMatchObject({ uid: 3, hotkey: fakeMinerKey.address });
    expect(err.message).toMatch(/8192 UTF-16 units is over the limit of 4096/);
    expect(blamesMiner(err.failure)).toBe(false);
    expect(blamesMiner('TIMEOUT')).toBe(true);

    // Frames arrive in order: had the refused request been sent, the miner would have seen it first.
    await connection.classify(['after']);
    expect(received.map((ctx) => ctx.frame.type === 'classify' && ctx.frame.texts)).toEqual([['after']]);
    expect(connection.isOpen).toBe(true);
  });

  it('refuses every request the wire does not allow, before sending it', async () => {
    const { endpoint, received } = await miner();
    const connection = await open(endpoint, { limits: { ...DEFAULT_LIMITS, maxFrameBytes: 2048 } });
    const invalid: unknown[][] = [
      [],
      Array.from({ length: DEFAULT_LIMITS.maxBatch + 1 }, () => 'x'),
      ['x'.repeat(DEFAULT_LIMITS.maxTextChars + 1)],
      [42],
      // Each text within the limits, the frame over maxFrameBytes.
      ['é'.repeat(1000), 'é'.repeat(1000)],
    ];
    for (const texts of invalid) {
      const err = await failureOf(connection.classify(texts as string[]));
      expect(err.failure).toBe('INVALID_REQUEST');
    }
    await connection.classify(['after']);
    expect(received).toHaveLength(1);
  });

  describe('counted as the miner counts', () => {
    let real: TestMiner;
    beforeAll(async () => {
      real = await startTestMiner();
    });
    afterAll(async () => {
      await real?.close();
    });

    it('2,048 emoji (4,096 UTF-16 units, the limit) are sent and answered by a real miner', async () => {
      const connection = await open(endpointOf(real.server.port));
      const text = '😀'.repeat(2048);
      const result = await connection.classify([text]);
      expect(result.probabilities).toEqual([Array.from(expectedProbabilities(text))]);
      expect((await failureOf(connection.classify([`${text}x`]))).failure).toBe('INVALID_REQUEST');
    });
  });
});
