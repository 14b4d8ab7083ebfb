/**
 * The protocol pieces composed over a real loopback WebSocket: a minimal miner loop (challenge, verify,
 * answer with signed responses or error frames, close codes on refusal) and a validator client.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import {
  decodeClassifyPayload,
  decodeMinerFrame,
  decodeValidatorFrame,
  encodeClassifyPayload,
  encodeFrame,
  errorFrame,
  errorFrameFor,
} from '../../../shared/protocol/codec.js';
import { CLOSE_CODES, closeReasonOf, DEFAULT_LIMITS } from '../../../shared/protocol/constants.js';
import {
  checkChallenge,
  closeFor,
  createChallenge,
  NonceCache,
  signHandshake,
  verifyHandshake,
} from '../../../shared/protocol/handshake.js';
import type {
  AuthFrame,
  ChallengeFrame,
  MinerToValidatorFrame,
  ResponseFrame,
} from '../../../shared/protocol/messages.js';
import { buildResponseFrame, verifyResponse } from '../../../shared/protocol/signing.js';
import { Sr25519Keypair } from '../../../shared/wallet/keypair.js';

const minerKey = Sr25519Keypair.fromUri('//Alice//miner');
const validatorKey = Sr25519Keypair.fromUri('//Bob');
let server: WebSocketServer;
let url: string;

const toBytes = (data: RawData) => new Uint8Array(data as Buffer);

beforeAll(async () => {
  const nonceCache = new NonceCache();
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: DEFAULT_LIMITS.maxFrameBytes });
  server.on('connection', (ws) => {
    const challenge = createChallenge(minerKey.address);
    let authed = false;
    ws.send(encodeFrame(challenge));
    ws.on('message', (data) => {
      const bytes = toBytes(data);
      let frame: ReturnType<typeof decodeValidatorFrame>;
      try {
        frame = decodeValidatorFrame(bytes);
      } catch (err) {
        if (!authed) return ws.close(CLOSE_CODES.BAD_FRAME, 'bad frame');
        return ws.send(encodeFrame(errorFrameFor(err)));
      }
      if (!authed) {
        if (frame.type !== 'auth') return ws.close(CLOSE_CODES.BAD_FRAME, 'expected auth');
        const result = verifyHandshake({ challenge, auth: frame, nonceCache });
        if (!result.ok) return ws.close(closeFor(result.reason).code, result.message);
        authed = true;
        return;
      }
      if (frame.type !== 'classify')
        return ws.send(encodeFrame(errorFrame('BAD_REQUEST', 'unsupported here', null)));
      const probabilities = frame.texts.map((t) => (t.includes('pay') ? [0.9, 0.1] : [0.2, 0.8]));
      const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 0.5 });
      ws.send(encodeFrame(buildResponseFrame(minerKey, frame.id, bytes, payload)));
    });
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Connects, waits for the challenge, answers it with `makeAuth`; resolves with the open socket. */
async function connect(makeAuth: (c: ChallengeFrame) => AuthFrame) {
  const ws = new WebSocket(url);
  const inbox: MinerToValidatorFrame[] = [];
  const waiters: Array<() => void> = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => {
    inbox.push(decodeMinerFrame(toBytes(data)));
    waiters.shift()?.();
  });
  const next = async () => {
    if (inbox.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
    return inbox.shift()!;
  };
  const challenge = (await next()) as ChallengeFrame;
  expect(checkChallenge(challenge, minerKey.address)).toEqual({ ok: true });
  ws.send(encodeFrame(makeAuth(challenge)));
  return { ws, next, closed };
}

describe('protocol over a loopback WebSocket', () => {
  it('authenticates, multiplexes requests and returns verifiable signed answers', async () => {
    const { ws, next } = await connect((c) => signHandshake(validatorKey, c));
    const requests = [
      encodeFrame({ type: 'classify', id: 1, texts: ['tenant shall pay rent'] }),
      encodeFrame({ type: 'classify', id: 2, texts: ['chest pain', 'pay now'] }),
    ];
    for (const r of requests) ws.send(r);
    const answers = new Map<number, ResponseFrame>();
    for (let i = 0; i < 2; i++) {
      const frame = (await next()) as ResponseFrame;
      answers.set(frame.id, frame);
    }
    const second = answers.get(2)!;
    expect(verifyResponse(minerKey.address, requests[1]!, second.payload, second.signature)).toBe(true);
    expect(verifyResponse(minerKey.address, requests[0]!, second.payload, second.signature)).toBe(false);
    const decoded = decodeClassifyPayload(second.payload, { items: 2, labels: 2 });
    expect(decoded.probabilities[1]![0]).toBe(Math.fround(0.9));

    ws.send(encodeFrame({ type: 'classify', id: 3, texts: [] } as never));
    expect(await next()).toMatchObject({ type: 'error', id: 3, code: 'BAD_REQUEST' });
    ws.close();
  });

  it('closes with the refusal code when the handshake fails', async () => {
    const forged = await connect((c) => {
      const auth = signHandshake(validatorKey, c);
      return { ...auth, timestamp: auth.timestamp + 1 }; // no longer what was signed
    });
    const code = await forged.closed;
    expect(code).toBe(CLOSE_CODES.BAD_SIGNATURE);
    expect(closeReasonOf(code)).toBe('BAD_SIGNATURE');

    const stale = await connect((c) => signHandshake(validatorKey, c, Date.now() - 120_000));
    expect(await stale.closed).toBe(CLOSE_CODES.STALE_TIMESTAMP);
  });
});
