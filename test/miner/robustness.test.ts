/**
 * Seeded, bounded robustness barrage against the miner's axon (real server, real inference worker with the
 * hash test backend): random MessagePack structures, mutated and truncated valid frames, random bytes, text
 * frames, junk mid-handshake, connections dropped mid-request and an info flood from a peer that never reads.
 * Afterwards the miner must still answer a normal classify correctly and hold no stale connections.
 */
import { Encoder } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, type ErrorFrame, encodeFrame, signHandshake } from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { prng, type Rng } from '../helpers/prng.js';
import {
  connectedClient,
  directoryWith,
  expectClassified,
  startTestMiner,
  TestClient,
  type TestMiner,
  validatorKey,
} from './helpers.js';

/** mulberry32: a tiny seeded PRNG so every run sends the same barrage. */

const KEYS = [
  'type',
  'id',
  'texts',
  'version',
  'minerHotkey',
  'validatorHotkey',
  'timestamp',
  'signature',
  'x',
];
const TYPES = ['classify', 'info', 'auth', 'response', 'error', 'challenge', '', 'CLASSIFY', '__proto__'];

/** A random MessagePack-able value biased towards the frame schema's fields and edge values. */
function junk(rng: Rng, depth = 0): unknown {
  if (depth < 4 && rng.next() < 0.3) {
    const n = rng.int(6);
    if (rng.next() < 0.4) return Array.from({ length: n }, () => junk(rng, depth + 1));
    const map: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) map[rng.pick(KEYS)] = junk(rng, depth + 1);
    return map;
  }
  return rng.pick<() => unknown>([
    () => null,
    () => rng.pick([true, false]),
    () => rng.pick([0, -1, 1.5, 2 ** 32, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -0]),
    () => rng.int(2 ** 32),
    () => BigInt(rng.int(1000)) * 2n ** 60n,
    () => rng.pick(TYPES),
    () => 'é😀\u0000'.repeat(rng.int(50)),
    () => String.fromCharCode(...Array.from({ length: rng.int(40) }, () => rng.int(0xffff))),
    () => rng.bytes(rng.pick([0, 31, 32, 64, 65, rng.int(300)])),
    () => validatorKey.address,
  ])();
}

/** A frame to throw at the miner: a near-valid frame with a random twist, random msgpack, or raw bytes. */
function hostileFrame(rng: Rng, encoder: Encoder): Uint8Array | string {
  const valid = encodeFrame({ type: 'classify', id: rng.int(1000), texts: ['a', 'b'] });
  switch (rng.int(8)) {
    case 0:
      return valid.slice(0, rng.int(valid.length));
    case 1: {
      const out = valid.slice();
      out[rng.int(out.length)] = rng.int(256);
      return out;
    }
    case 2:
      return rng.bytes(rng.int(200));
    case 3:
      // Headers claiming huge lengths: str32, bin32, array32, map32 with a short body.
      return Uint8Array.of(rng.pick([0xdb, 0xc6, 0xdd, 0xdf]), 0xff, 0xff, 0xff, 0xff, ...rng.bytes(8));
    case 4:
      // Deep nesting: thousands of one-element arrays.
      return Uint8Array.from([...Array.from({ length: 5_000 + rng.int(50_000) }, () => 0x91), 0xc0]);
    case 5:
      return `{"type":"classify","id":1,"texts":["${'x'.repeat(rng.int(100))}"]}`;
    case 6: {
      const frame = { type: rng.pick(TYPES), id: junk(rng), texts: junk(rng) } as Record<string, unknown>;
      if (rng.next() < 0.3) frame[rng.pick(KEYS)] = junk(rng);
      return encoder.encode(frame);
    }
    default:
      return encoder.encode(junk(rng));
  }
}

describe('miner axon under hostile input', () => {
  let miner: TestMiner;
  const outsider = Sr25519Keypair.fromUri('//RobustnessOutsider');

  beforeAll(async () => {
    miner = await startTestMiner({
      directory: directoryWith([[validatorKey, {}]]),
      // The barrage is all malformed on purpose: keep the connection to see that each frame is answered.
      maxErrorsPerConnection: 1_000_000,
      rateLimit: { perSecond: 100_000 },
      // Sixty handshakes at once from one address: let them all in to see what each junk frame does.
      preAuth: { perIp: 1_000 },
      maxDelayMs: 2,
    });
  });
  afterAll(async () => {
    await miner?.close();
  });

  /** A normal classify on `client` answers with the backend's exact probabilities. */
  const expectHealthy = (client: TestClient, id: number) =>
    expectClassified(client, id, ['still alive', 'and well']);

  it('answers random and mutated frames on an authenticated connection without closing it', async () => {
    const rng = prng(0xa11ce);
    const encoder = new Encoder({ useBigInt64: true });
    const client = await connectedClient(miner.url);
    const sent = 3000;
    for (let i = 0; i < sent; i++) client.sendRaw(hostileFrame(rng, encoder));
    // A marker request after the barrage: frames are handled in order, so its answer comes last.
    await expectHealthy(client, 0xffff_fffe);
    const errors = client.frames.filter((f): f is ErrorFrame => f.type === 'error');
    expect(errors.length).toBeGreaterThan(sent / 2);
    // Every refusal is a typed wire error, never an internal failure of the miner.
    expect(errors.filter((e) => e.code === 'INTERNAL')).toEqual([]);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.close();
    await client.closed;
  });

  it('closes connections that send junk mid-handshake with a protocol close code', async () => {
    const rng = prng(0xbad5eed);
    const encoder = new Encoder({ useBigInt64: true });
    const handshakeCodes = new Set<number>(Object.values(CLOSE_CODES));
    handshakeCodes.delete(CLOSE_CODES.INTERNAL);
    const codes: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const client = new TestClient(miner.url);
        const challenge = await client.challenge();
        if (i % 3 === 0) {
          // A forged or mangled auth: wrong key, wrong miner, flipped signature byte.
          const auth = signHandshake(i % 2 === 0 ? outsider : validatorKey, challenge);
          auth.signature[rng.int(64)]! ^= 0x01;
          client.send(auth);
        } else {
          for (let k = 0; k < 5; k++) client.sendRaw(hostileFrame(rng, encoder));
        }
        // Junk with no request id is refused at once; the rest at the handshake timeout at the latest.
        setTimeout(() => client.ws.terminate(), 2_000).unref();
        codes.push((await client.closed).code);
      }),
    );
    const refused = codes.filter((c) => handshakeCodes.has(c));
    expect(refused.length).toBeGreaterThan(40);
    expect(codes).not.toContain(CLOSE_CODES.INTERNAL);
  });

  it('survives connections dropped mid-request and an info flood from a peer that never reads', async () => {
    for (let i = 0; i < 20; i++) {
      const client = await connectedClient(miner.url);
      client.send({ type: 'classify', id: 1, texts: Array.from({ length: 64 }, (_, k) => `text ${k}`) });
      client.send({ type: 'info', id: 2 });
      client.ws.terminate();
      await client.closed;
      // One connection per validator: wait until the miner has seen this one go.
      while (miner.server.connectedValidators > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }

    // An unauthenticated peer floods `info` and stops reading: the miner must cut it off, not buffer forever.
    const flooder = new TestClient(miner.url);
    await flooder.challenge();
    (flooder.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const info = encodeFrame({ type: 'info', id: 7 });
    for (let i = 0; i < 20_000; i++) flooder.sendRaw(info);
    // Let the miner work through the flood, then read what it sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    (flooder.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await flooder.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
    expect(flooder.frames.filter((f) => f.type === 'response').length).toBeLessThanOrEqual(8);

    const client = await connectedClient(miner.url);
    await expectHealthy(client, 42);
    expect(miner.server.connectedValidators).toBe(1);
    client.close();
    await client.closed;
  }, 20_000);
});
