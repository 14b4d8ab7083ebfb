/**
 * The miner's WebSocket server with real ws clients and a real inference worker (hash test backend),
 * validators admitted from an injected directory: handshake outcomes, answers and signatures,
 * batching across clients, malformed input, disconnects and limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOSE_CODES,
  closeReasonOf,
  decodeClassifyPayload,
  decodeInfoPayload,
  type ErrorFrame,
  encodeFrame,
  type ResponseFrame,
  signHandshake,
  verifyResponse,
} from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { expectedProbabilities, LABELS } from './fixtures/hash-backend.js';
import {
  connectedClient,
  directoryWith,
  minerKey,
  startTestMiner,
  TestClient,
  type TestMiner,
  validatorKey,
} from './helpers.js';

const noPermit = Sr25519Keypair.fromUri('//NoPermit');
const poor = Sr25519Keypair.fromUri('//Poor');
const stranger = Sr25519Keypair.fromUri('//Stranger');
const banned = Sr25519Keypair.fromUri('//Banned');
const others = Array.from({ length: 12 }, (_, i) => Sr25519Keypair.fromUri(`//Validator${i}`));

async function rejections(miner: TestMiner, reason: string): Promise<number> {
  const metric = await miner.metrics.handshakeRejections.get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe('miner server', () => {
  let miner: TestMiner;

  beforeAll(async () => {
    miner = await startTestMiner({
      directory: directoryWith([
        [validatorKey, {}],
        [noPermit, { permit: false }],
        [poor, { stake: 5n }],
        [banned, {}],
        ...others.map((k) => [k, {}] as [Sr25519Keypair, object]),
      ]),
      policy: { minStake: 1_000n, blacklist: [banned.address] },
      maxDelayMs: 20,
      rateLimit: { perSecond: 1_000 },
    });
  });
  afterAll(async () => {
    await miner?.close();
  });

  describe('handshake', () => {
    it('sends a challenge naming the miner hotkey and accepts a registered validator with a permit', async () => {
      const client = new TestClient(miner.url);
      const challenge = await client.authenticate();
      expect(challenge.minerHotkey).toBe(minerKey.address);
      expect(challenge.nonce).toHaveLength(32);
      const request = client.send({ type: 'classify', id: 1, texts: ['hello'] });
      const answer = await client.answer(1);
      expect(answer.type).toBe('response');
      expect(
        verifyResponse(
          minerKey.address,
          request,
          (answer as ResponseFrame).payload,
          (answer as ResponseFrame).signature,
        ),
      ).toBe(true);
      expect(miner.server.connectedValidators).toBeGreaterThanOrEqual(1);
      client.close();
      await client.closed;
    });

    it.each([
      ['an unregistered hotkey', stranger, CLOSE_CODES.UNREGISTERED_HOTKEY],
      ['a hotkey without validator permit', noPermit, CLOSE_CODES.NO_VALIDATOR_PERMIT],
      ['a stake below the minimum', poor, CLOSE_CODES.LOW_STAKE],
      ['a blacklisted hotkey', banned, CLOSE_CODES.BLACKLISTED],
    ])('refuses %s with its close code', async (_what, key, code) => {
      const reason = closeReasonOf(code)!;
      const before = await rejections(miner, reason);
      const client = new TestClient(miner.url);
      await client.authenticate(key);
      expect((await client.closed).code).toBe(code);
      expect(await rejections(miner, reason)).toBe(before + 1);
    });

    it('refuses a bad signature', async () => {
      const client = new TestClient(miner.url);
      const challenge = await client.challenge();
      const auth = signHandshake(validatorKey, challenge);
      auth.signature = auth.signature.slice();
      auth.signature[5]! ^= 0xff;
      client.send(auth);
      expect((await client.closed).code).toBe(CLOSE_CODES.BAD_SIGNATURE);
    });

    it('refuses an auth signed by another key than the hotkey it names', async () => {
      const client = new TestClient(miner.url);
      const challenge = await client.challenge();
      const auth = signHandshake(stranger, challenge);
      client.send({ ...auth, validatorHotkey: validatorKey.address });
      expect((await client.closed).code).toBe(CLOSE_CODES.BAD_SIGNATURE);
    });

    it('refuses a stale timestamp', async () => {
      const client = new TestClient(miner.url);
      await client.authenticate(validatorKey, Date.now() - 10 * 60_000);
      expect((await client.closed).code).toBe(CLOSE_CODES.STALE_TIMESTAMP);
    });

    it('refuses an auth replayed on another connection (nonce not fresh for that connection)', async () => {
      const first = new TestClient(miner.url);
      const challenge = await first.challenge();
      const auth = signHandshake(others[0]!, challenge);
      first.send(auth);
      first.send({ type: 'info', id: 1 });
      await first.answer(1);
      // Same auth on a new connection: the new connection's nonce differs, so the signature fails.
      const second = new TestClient(miner.url);
      await second.challenge();
      second.send(auth);
      expect((await second.closed).code).toBe(CLOSE_CODES.BAD_SIGNATURE);
      first.close();
    });

    it('does not accept the same auth twice on one connection (nonce already used)', async () => {
      const client = new TestClient(miner.url);
      const challenge = await client.challenge();
      const auth = signHandshake(others[1]!, challenge);
      client.send(auth);
      client.send(auth);
      const err = (await client.next((f) => f.type === 'error')) as ErrorFrame;
      expect(err.code).toBe('BAD_REQUEST');
      client.close();
    });

    it('refuses a wrong miner hotkey and a garbage first frame', async () => {
      const a = new TestClient(miner.url);
      const challenge = await a.challenge();
      a.send(signHandshake(validatorKey, { ...challenge, minerHotkey: stranger.address }));
      expect((await a.closed).code).toBe(CLOSE_CODES.WRONG_MINER_HOTKEY);

      const b = new TestClient(miner.url);
      await b.challenge();
      b.sendRaw(new Uint8Array([0xc1, 0x00, 0xff]));
      expect((await b.closed).code).toBe(CLOSE_CODES.BAD_FRAME);

      const c = new TestClient(miner.url);
      await c.challenge();
      c.send({ type: 'classify', id: 1, texts: ['too early'] });
      expect((await c.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
    });

    it('refuses a second connection from the same validator', async () => {
      const first = await connectedClient(miner.url, others[2]!);
      const second = new TestClient(miner.url);
      await second.authenticate(others[2]!);
      expect((await second.closed).code).toBe(CLOSE_CODES.DUPLICATE_CONNECTION);
      first.close();
    });

    it('signs nothing before auth: info gets an unsigned UNAUTHORIZED, a ninth request closes', async () => {
      const client = new TestClient(miner.url);
      await client.challenge();
      for (let id = 1; id <= 9; id++) client.send({ type: 'info', id });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => client.answer(i + 1)));
      for (const answer of answers) expect((answer as ErrorFrame).code).toBe('UNAUTHORIZED');
      expect((await client.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
      expect(client.frames.some((f) => f.type === 'response')).toBe(false);

      // After auth the same request is answered, signed.
      const validator = new TestClient(miner.url);
      await validator.authenticate(others[6]!);
      const request = validator.send({ type: 'info', id: 7 });
      const answer = (await validator.answer(7)) as ResponseFrame;
      const info = decodeInfoPayload(answer.payload);
      expect(info).toMatchObject({
        domain: 'finance',
        task: 'sentiment',
        labels: LABELS,
        modelSha256: 'ab'.repeat(32),
      });
      expect(verifyResponse(minerKey.address, request, answer.payload, answer.signature)).toBe(true);
      validator.close();
    });
  });

  describe('classify', () => {
    it('returns the model output for each text, in order, with a verifying signature', async () => {
      const client = await connectedClient(miner.url, others[3]!);
      const texts = ['revenue grew 12%', 'the company missed estimates', '', 'ünïcødé ✓ text'];
      const request = client.send({ type: 'classify', id: 42, texts });
      const answer = (await client.answer(42)) as ResponseFrame;
      expect(answer.type).toBe('response');
      expect(verifyResponse(minerKey.address, request, answer.payload, answer.signature)).toBe(true);
      const tampered = answer.payload.slice();
      tampered[tampered.length - 1]! ^= 1;
      expect(verifyResponse(minerKey.address, request, tampered, answer.signature)).toBe(false);
      const payload = decodeClassifyPayload(answer.payload, { items: texts.length, labels: LABELS.length });
      for (let i = 0; i < texts.length; i++) {
        expect(payload.probabilities[i]).toEqual(Array.from(expectedProbabilities(texts[i]!)));
      }
      client.close();
    });

    it('batches requests from many concurrent clients together', async () => {
      const clients = await Promise.all(others.slice(4, 12).map((k) => connectedClient(miner.url, k)));
      const before = miner.batchSizes.length;
      const answers = await Promise.all(
        clients.flatMap((c, ci) =>
          [0, 1, 2, 3].map(async (id) => {
            const text = `client ${ci} request ${id}`;
            c.send({ type: 'classify', id, texts: [text] });
            const answer = (await c.answer(id)) as ResponseFrame;
            return { text, answer };
          }),
        ),
      );
      for (const { text, answer } of answers) {
        expect(answer.type).toBe('response');
        expect(decodeClassifyPayload(answer.payload, { items: 1, labels: 3 }).probabilities[0]).toEqual(
          Array.from(expectedProbabilities(text)),
        );
      }
      const sizes = miner.batchSizes.slice(before);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(32);
      // 32 single-text requests arriving together must not run as 32 batches of one.
      expect(Math.max(...sizes)).toBeGreaterThan(1);
      expect(sizes.length).toBeLessThan(32);
      for (const c of clients) c.close();
    });

    it('answers malformed, unknown and oversized requests with error frames and keeps the connection', async () => {
      const client = await connectedClient(miner.url, others[3]!);
      client.send({ type: 'classify', id: 1, texts: [] });
      expect(((await client.answer(1)) as ErrorFrame).code).toBe('BAD_REQUEST');
      client.sendRaw(encodeFrame({ type: 'nonsense', id: 2 } as never));
      expect(
        ((await client.next((f) => f.type === 'error' && f.code === 'UNKNOWN_TYPE')) as ErrorFrame).code,
      ).toBe('UNKNOWN_TYPE');
      client.send({ type: 'classify', id: 3, texts: ['x'.repeat(5000)] });
      expect(((await client.answer(3)) as ErrorFrame).code).toBe('TOO_LARGE');
      client.send({ type: 'classify', id: 4, texts: Array.from({ length: 129 }, () => 'a') });
      expect(((await client.answer(4)) as ErrorFrame).code).toBe('TOO_LARGE');
      client.sendRaw('{"type":"classify"}');
      expect(
        (
          (await client.next(
            (f) => f.type === 'error' && f.id === null && f.code === 'BAD_REQUEST',
          )) as ErrorFrame
        ).code,
      ).toBe('BAD_REQUEST');
      client.send({ type: 'classify', id: 5, texts: ['still served'] });
      expect((await client.answer(5)).type).toBe('response');
      client.close();
    });

    it('closes a connection that sends a frame over the size limit', async () => {
      const client = await connectedClient(miner.url, others[3]!);
      client.sendRaw(new Uint8Array(3 * 1024 * 1024));
      expect((await client.closed).code).toBe(1009);
    });

    it('closes a connection after too many malformed requests', async () => {
      const client = await connectedClient(miner.url, others[3]!);
      for (let i = 0; i < 40; i++) client.send({ type: 'classify', id: i, texts: [] });
      expect((await client.closed).code).toBe(CLOSE_CODES.TOO_MANY_ERRORS);
    });

    it('refuses requests over the per-connection concurrency limit with OVERLOADED', async () => {
      const client = await connectedClient(miner.url, others[3]!);
      for (let id = 0; id < 8; id++) client.send({ type: 'classify', id, texts: [`t${id}`] });
      const answers = await Promise.all(Array.from({ length: 8 }, (_, id) => client.answer(id)));
      const overloaded = answers.filter((a) => a.type === 'error') as ErrorFrame[];
      expect(answers.filter((a) => a.type === 'response')).toHaveLength(4);
      expect(overloaded).toHaveLength(4);
      for (const e of overloaded) {
        expect(e.code).toBe('OVERLOADED');
        expect(e.retryAfterMs).toBeGreaterThan(0);
      }
      client.close();
    });

    it('keeps serving others when a client disconnects mid-request', async () => {
      const leaver = await connectedClient(miner.url, others[4]!);
      const stayer = await connectedClient(miner.url, others[5]!);
      leaver.send({ type: 'classify', id: 1, texts: Array.from({ length: 64 }, (_, i) => `bye ${i}`) });
      leaver.ws.terminate();
      stayer.send({ type: 'classify', id: 1, texts: ['still here'] });
      expect((await stayer.answer(1)).type).toBe('response');
      await miner.batcher.drain();
      const metric = await miner.register.getSingleMetricAsString('expertnet_miner_requests_total');
      expect(metric).toContain('status="disconnected"');
      stayer.close();
    });
  });
});

describe('miner server limits', () => {
  it('rate-limits a validator with RATE_LIMITED and a retry hint', async () => {
    const miner = await startTestMiner({ rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const client = await connectedClient(miner.url);
      // The info round trip in connectedClient is not rate-limited; classify is.
      const answers = [];
      for (let id = 0; id < 3; id++) {
        client.send({ type: 'classify', id, texts: ['x'] });
        answers.push(await client.answer(id));
      }
      expect(answers.map((a) => a.type)).toEqual(['response', 'response', 'error']);
      expect((answers[2] as ErrorFrame).code).toBe('RATE_LIMITED');
      expect((answers[2] as ErrorFrame).retryAfterMs).toBeGreaterThan(0);
      client.close();
    } finally {
      await miner.close();
    }
  });

  it('refuses work past the queue bound with OVERLOADED (backpressure)', async () => {
    const miner = await startTestMiner({
      modelDir: 'slow:200',
      maxBatch: 4,
      maxQueueItems: 8,
      limits: { maxConcurrentPerValidator: 16 },
    });
    try {
      const client = await connectedClient(miner.url);
      for (let id = 0; id < 6; id++) client.send({ type: 'classify', id, texts: ['a', 'b', 'c', 'd'] });
      const answers = await Promise.all(Array.from({ length: 6 }, (_, id) => client.answer(id)));
      const errors = answers.filter((a) => a.type === 'error') as ErrorFrame[];
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.code === 'OVERLOADED' && (e.retryAfterMs ?? 0) > 0)).toBe(true);
      expect(answers.filter((a) => a.type === 'response').length).toBeGreaterThanOrEqual(2);
      client.close();
    } finally {
      await miner.close();
    }
  });

  it('closes an unanswered challenge after the handshake timeout', async () => {
    const miner = await startTestMiner({ limits: { handshakeTimeoutMs: 100 } });
    try {
      const client = new TestClient(miner.url);
      await client.challenge();
      expect((await client.closed).code).toBe(CLOSE_CODES.HANDSHAKE_TIMEOUT);
    } finally {
      await miner.close();
    }
  });

  it('shuts down gracefully: in-flight requests are answered, then SHUTTING_DOWN', async () => {
    const miner = await startTestMiner({ modelDir: 'slow:150' });
    const client = await connectedClient(miner.url);
    client.send({ type: 'classify', id: 1, texts: ['in flight'] });
    await new Promise((r) => setTimeout(r, 20));
    const closing = miner.close();
    const answer = await client.answer(1);
    expect(answer.type).toBe('response');
    expect((await client.closed).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
    await closing;
    // New connections are refused once stopped.
    const late = new TestClient(miner.url);
    await expect(late.opened).rejects.toThrow();
  });
});
