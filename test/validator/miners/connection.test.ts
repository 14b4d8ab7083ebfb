/**
 * One miner connection (validator/miners/connection.ts) against real miners (MinerServer + inference
 * worker with the hash test backend) and against a hand-driven `ws` server that misbehaves on purpose.
 */
import { createServer as createHttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildResponseFrame,
  CLOSE_CODES,
  DEFAULT_LIMITS,
  encodeClassifyPayload,
  encodeFrame,
  errorFrame,
} from '../../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import {
  classifyPayload,
  type FakeMiner,
  fakeMinerKey,
  type RequestContext,
  startFakeMiner,
} from '../../../testkit/fake-miner.js';
import {
  type MinerClientError,
  MinerConnection,
  type MinerEndpoint,
  verifyEvidence,
} from '../../../validator/miners/index.js';
import { freePort } from '../../helpers/ports.js';
import { expectedProbabilities, LABELS } from '../../miner/fixtures/hash-backend.js';
import {
  directoryWith,
  minerKey,
  startTestMiner,
  type TestMiner,
  validatorKey,
} from '../../miner/helpers.js';
import { connectionsOfThisFile, endpointOf, failureOf } from './helpers.js';

const open = connectionsOfThisFile();

describe('against a real miner', () => {
  let miner: TestMiner;
  let slow: TestMiner;

  beforeAll(async () => {
    [miner, slow] = await Promise.all([
      startTestMiner(),
      startTestMiner({ modelDir: 'slow:400', directory: directoryWith([[validatorKey, {}]]) }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([miner?.close(), slow?.close()]);
  });

  it('authenticates, classifies, and returns evidence that verifies offline', async () => {
    const connection = await open(endpointOf(miner.server.port));
    expect(connection.isOpen).toBe(true);
    expect(connection.admittedInfo).toMatchObject({ domain: 'finance', task: 'sentiment', labels: LABELS });
    expect(verifyEvidence(minerKey.address, connection.admittedInfo.evidence)).toBe(true);

    const texts = ['shares soared', 'profit fell', 'flat quarter'];
    const result = await connection.classify(texts);
    expect(result.probabilities).toEqual(texts.map((t) => Array.from(expectedProbabilities(t))));
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(verifyEvidence(minerKey.address, result.evidence)).toBe(true);
    // The evidence binds this miner and these exact hashes.
    expect(verifyEvidence(validatorKey.address, result.evidence)).toBe(false);
    const flipped = `${result.evidence.responseHash.slice(0, -1)}${result.evidence.responseHash.endsWith('0') ? '1' : '0'}`;
    expect(verifyEvidence(minerKey.address, { ...result.evidence, responseHash: flipped })).toBe(false);
    expect(verifyEvidence(minerKey.address, { ...result.evidence, signature: 'zz' })).toBe(false);

    const info = await connection.info();
    expect(info.modelSha256).toBe('ab'.repeat(32));
    expect(verifyEvidence(minerKey.address, info.evidence)).toBe(true);
    connection.close();
    expect(connection.isOpen).toBe(false);
    await expect(connection.classify(['after close'])).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('queues requests beyond the in-flight limit instead of drawing OVERLOADED', async () => {
    const connection = await open(endpointOf(miner.server.port), { maxInFlight: 2 });
    const texts = Array.from({ length: 12 }, (_, i) => [`request ${i}`, `second text ${i}`]);
    const results = await Promise.all(texts.map((t) => connection.classify(t)));
    expect(results.map((r) => r.probabilities)).toEqual(
      texts.map((batch) => batch.map((t) => Array.from(expectedProbabilities(t)))),
    );
    expect(new Set(results.map((r) => r.evidence.requestHash)).size).toBe(12);
  });

  it('refuses out-of-bounds batches locally with a typed error', async () => {
    const connection = await open(endpointOf(miner.server.port));
    expect((await failureOf(connection.classify([]))).failure).toBe('INVALID_REQUEST');
    await expect(connection.classify(['x'.repeat(5000)])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect((await connection.classify(['still fine'])).probabilities).toHaveLength(1);
  });

  it('HANDSHAKE when the axon serves another hotkey than the metagraph lists', async () => {
    const other = Sr25519Keypair.fromUri('//SomeoneElse');
    const err = await failureOf(open(endpointOf(miner.server.port, other.address)));
    expect(err.failure).toBe('HANDSHAKE');
    expect(err.type).toMatchObject({ uid: 3, hotkey: other.address });
  });

  it('REFUSED with the reason when the miner does not admit this validator', async () => {
    const stranger = Sr25519Keypair.fromUri('//UnregisteredValidator');
    const err = await failureOf(MinerConnection.open(endpointOf(miner.server.port), stranger));
    expect(err.failure).toBe('REFUSED');
    expect(err.type).toMatchObject({
      closeCode: CLOSE_CODES.UNREGISTERED_HOTKEY,
      closeReason: 'UNREGISTERED_HOTKEY',
    });
  });

  it('UNREACHABLE quickly on a closed port and on an axon that is not served', async () => {
    // A long open budget: the failure must come from the refused connect, not from the timer.
    const refused = await failureOf(open(endpointOf(await freePort()), { timeoutMs: 60_000 }));
    expect(refused.failure).toBe('UNREACHABLE');
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect((await failureOf(open({ ...endpointOf(0), ip: '0.0.0.0', port: 0 }))).failure).toBe('UNREACHABLE');
    // 0.0.0.0 with a port would reach this host: a miner must not point validators at themselves.
    const unspecified = await failureOf(open({ ...endpointOf(miner.server.port), ip: '0.0.0.0' }));
    expect(unspecified.failure).toBe('UNREACHABLE');
    expect(unspecified.message).toMatch(/serves no axon/);
  });

  it('UNREACHABLE when the address answers plain HTTP instead of a WebSocket upgrade', async () => {
    const http = createHttpServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
    try {
      const err = await failureOf(open(endpointOf((http.address() as { port: number }).port)));
      expect(err.failure).toBe('UNREACHABLE');
      expect(err.message).toMatch(/404/);
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  it('TIMEOUT on a slow answer; the connection stays usable', async () => {
    const connection = await open(endpointOf(slow.server.port));
    const err = await failureOf(connection.classify(['too slow'], { timeoutMs: 50 }));
    expect(err.failure).toBe('TIMEOUT');
    expect(connection.isOpen).toBe(true);
    const result = await connection.classify(['patient'], { timeoutMs: 5_000 });
    expect(result.probabilities[0]).toEqual(Array.from(expectedProbabilities('patient')));
  });

  it('a miner shutting down answers or fails what is in flight, then CLOSED', async () => {
    const own = await startTestMiner({ modelDir: 'slow:300' });
    try {
      const connection = await open(endpointOf(own.server.port));
      // Answered if the miner saw it before stopping, CLOSED (SHUTTING_DOWN) if not: both are correct.
      const inFlight = connection.classify(['mid-request']).then(
        () => 'answered',
        (err: MinerClientError) => err.failure,
      );
      await own.close();
      expect(['answered', 'CLOSED']).toContain(await inFlight);
      const next = await failureOf(connection.classify(['after shutdown']));
      expect(next.failure).toBe('CLOSED');
      expect(connection.isOpen).toBe(false);
    } finally {
      await own.close();
    }
  });
});

describe('against a misbehaving peer', () => {
  const fakes: FakeMiner[] = [];
  async function fake(behaviour: Parameters<typeof startFakeMiner>[0]): Promise<MinerEndpoint> {
    const server = await startFakeMiner(behaviour);
    fakes.push(server);
    return endpointOf(server.port, fakeMinerKey.address);
  }
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it('BAD_SIGNATURE when a response is signed by another key', async () => {
    const impostor = Sr25519Keypair.fromUri('//Impostor');
    const connection = await open(
      await fake({
        request: (ctx) => {
          if (ctx.frame.type === 'info') return ctx.answer();
          ctx.ws.send(encodeFrame(buildResponseFrame(impostor, ctx.frame.id, ctx.bytes, classifyPayload(1))));
        },
      }),
    );
    expect((await failureOf(connection.classify(['x']))).failure).toBe('BAD_SIGNATURE');
  });

  it('BAD_SIGNATURE when the signature covers other request bytes (replayed answer)', async () => {
    const connection = await open(
      await fake({
        request: (ctx) => {
          if (ctx.frame.type === 'info') return ctx.answer();
          const other = encodeFrame({ type: 'classify', id: ctx.frame.id, texts: ['something else'] });
          ctx.ws.send(encodeFrame(buildResponseFrame(fakeMinerKey, ctx.frame.id, other, classifyPayload(1))));
        },
      }),
    );
    expect((await failureOf(connection.classify(['x']))).failure).toBe('BAD_SIGNATURE');
  });

  it('MALFORMED and closed on garbage bytes, on a text frame, on an oversized frame', async () => {
    const cases: [(ctx: RequestContext) => void, RegExp][] = [
      [(ctx) => ctx.ws.send(Buffer.from([0xc1, 0xff, 0x00, 0x13])), /invalid frame/],
      [(ctx) => ctx.ws.send('{"type":"response"}'), /text frame/],
      // Over the client's maxPayload: `ws` itself drops the connection before any decoding.
      [(ctx) => ctx.ws.send(Buffer.alloc(4096, 1)), /WS_ERR_UNSUPPORTED_MESSAGE_LENGTH/],
    ];
    for (const [send, why] of cases) {
      const connection = await open(
        await fake({ request: (ctx) => (ctx.frame.type === 'info' ? ctx.answer() : send(ctx)) }),
        { limits: { ...DEFAULT_LIMITS, maxFrameBytes: 2048 } },
      );
      const err = await failureOf(connection.classify(['x']));
      expect(err.failure).toBe('MALFORMED');
      expect(err.message).toMatch(why);
      expect(connection.isOpen).toBe(false);
    }
  });

  it('MALFORMED when a signed payload has the wrong shape (vector count or length)', async () => {
    const connection = await open(
      await fake({
        request: (ctx) => {
          if (ctx.frame.type !== 'classify') return ctx.answer();
          const texts = ctx.frame.texts.length;
          const payload =
            texts === 1
              ? classifyPayload(2) // one vector too many
              : encodeClassifyPayload({
                  kind: 'classify',
                  probabilities: [
                    [0.5, 0.5],
                    [1, 0],
                  ],
                  inferenceMs: 1,
                });
          ctx.ws.send(encodeFrame(buildResponseFrame(fakeMinerKey, ctx.frame.id, ctx.bytes, payload)));
        },
      }),
    );
    expect((await failureOf(connection.classify(['x']))).failure).toBe('MALFORMED');
    expect((await failureOf(connection.classify(['x', 'y']))).failure).toBe('MALFORMED');
    // A signed but wrong answer fails that request only.
    expect(connection.isOpen).toBe(true);
  });

  it('REFUSED with the wire code and retry hint on an error frame', async () => {
    const connection = await open(
      await fake({
        request: (ctx) => {
          if (ctx.frame.type === 'info') return ctx.answer();
          ctx.ws.send(encodeFrame(errorFrame('RATE_LIMITED', 'slow down', ctx.frame.id, 250)));
        },
      }),
    );
    const err = await failureOf(connection.classify(['x']));
    expect(err.failure).toBe('REFUSED');
    expect(err.type).toMatchObject({ wireCode: 'RATE_LIMITED', retryAfterMs: 250 });
  });

  it('CLOSED when the peer disconnects mid-request', async () => {
    const connection = await open(
      await fake({ request: (ctx) => (ctx.frame.type === 'info' ? ctx.answer() : ctx.ws.terminate()) }),
    );
    const err = await failureOf(connection.classify(['x']));
    expect(err.failure).toBe('CLOSED');
    expect(connection.isOpen).toBe(false);
  });

  it('HANDSHAKE when no challenge comes, or the peer closes before admitting us', async () => {
    const silent = await fake({ challenge: () => {} });
    expect((await failureOf(open(silent, { timeoutMs: 200 }))).failure).toBe('HANDSHAKE');
    const hangUp = await fake({ request: (ctx) => ctx.ws.close(1000) });
    expect((await failureOf(open(hangUp))).failure).toBe('HANDSHAKE');
    const noPermit = await fake({ request: (ctx) => ctx.ws.close(CLOSE_CODES.NO_VALIDATOR_PERMIT) });
    const refused = await failureOf(open(noPermit));
    expect(refused.failure).toBe('REFUSED');
    expect(refused.type.closeReason).toBe('NO_VALIDATOR_PERMIT');
  });

  it('ignores an answer to no pending request and keeps serving', async () => {
    const connection = await open(
      await fake({
        request: (ctx) => {
          if (ctx.frame.type === 'classify') {
            const stray = encodeFrame({ type: 'classify', id: 999_999, texts: ['?'] });
            ctx.ws.send(encodeFrame(buildResponseFrame(fakeMinerKey, 999_999, stray, classifyPayload(1))));
          }
          ctx.answer();
        },
      }),
    );
    expect((await connection.classify(['x'])).probabilities).toHaveLength(1);
  });
});
