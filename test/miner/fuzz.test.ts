/**
 * Seeded fuzz of the miner protocol (real server, real inference worker with the hash backend): many
 * short sessions, each before or after auth, send random and mutated frames — bad MessagePack, wrong
 * types, huge arrays, duplicate keys, oversize strings, truncated and bit-flipped frames, text frames,
 * forged auths — and some end with a random close. Every answer must be a documented `error` code
 * (never INTERNAL), nothing may be signed before auth, every close the miner makes must carry a
 * documented code, and a well-behaved validator must be served correctly afterwards.
 */
import { encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, encodeFrame, signHandshake, WIRE_ERROR_CODES } from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { prng, type Rng } from '../helpers/prng.js';
import { until } from '../helpers/until.js';
import {
  connectedClient,
  directoryWith,
  expectClassified,
  rawMap,
  startTestMiner,
  TestClient,
  type TestMiner,
} from './helpers.js';

const SEED = 0x19f022;
const SESSIONS = 160;
const CONCURRENCY = 4;
const keys = Array.from({ length: CONCURRENCY }, (_, i) => Sr25519Keypair.fromUri(`//Fuzz${i}`));
const stranger = Sr25519Keypair.fromUri('//FuzzStranger');

/** Close codes the miner may use: the protocol's (INTERNAL excluded: that would be a bug) and ws's 1009. */
const MINER_CLOSE_CODES = new Set<number>([
  ...Object.values(CLOSE_CODES).filter((c) => c !== CLOSE_CODES.INTERNAL),
  1009,
]);
const ANSWER_CODES = new Set<string>(WIRE_ERROR_CODES.filter((c) => c !== 'INTERNAL'));

function junkValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => null,
    () => rng.pick([true, false, -1, 1.5, 2 ** 32, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]),
    () => rng.int(2 ** 32),
    () => 'é😀'.repeat(rng.int(20)),
    () => rng.bytes(rng.int(80)),
    () => [rng.int(5), 'x'],
    () => ({ nested: rng.int(3) }),
    () => stranger.address,
  ])();
}

/** One hostile (or, now and then, valid) frame. */
function mutatedFrame(rng: Rng, validFrames: Uint8Array[]): Uint8Array | string {
  const valid = rng.pick(validFrames);
  switch (rng.int(13)) {
    case 0:
      return rng.bytes(rng.int(64));
    case 1:
      return valid.subarray(0, rng.int(valid.length));
    case 2: {
      const out = valid.slice();
      for (let i = 0; i <= rng.int(3); i++) {
        const at = rng.int(out.length);
        out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
      }
      return out;
    }
    case 3:
      return encode({
        type: rng.pick(['classify', 'info', 'auth']),
        id: junkValue(rng),
        texts: junkValue(rng),
      });
    case 4:
      // array32 / map32 / str32 / bin32 headers claiming huge lengths over a short body.
      return Uint8Array.of(
        rng.pick([0xdd, 0xdf, 0xdb, 0xc6]),
        0x7f,
        0xff,
        0xff,
        0xff,
        ...rng.bytes(rng.int(16)),
      );
    case 5:
      return encodeFrame({
        type: 'classify',
        id: rng.int(1000),
        texts: Array.from({ length: 129 + rng.int(300) }, () => 'a'),
      });
    case 6:
      return rawMap([
        ['type', 'classify'],
        ['id', rng.int(1000)],
        ['texts', ['dup']],
        [rng.pick(['id', 'type', 'texts']), rng.pick([7, 'info', ['x']])],
      ]);
    case 7:
      return encodeFrame({
        type: 'classify',
        id: rng.int(1000),
        texts: ['z'.repeat(4097 + rng.int(30_000))],
      });
    case 8:
      return `{"type":"classify","id":${rng.int(100)},"texts":["json"]}`;
    case 9:
      return encode({ type: rng.pick(['nonsense', 'challenge', 'response', '']), id: rng.int(9), extra: 1 });
    case 10:
      return encode({
        type: 'info',
        id: rng.int(1000),
        [rng.pick(['texts', 'x', 'signature'])]: junkValue(rng),
      });
    default:
      return valid;
  }
}

describe('miner protocol fuzz', () => {
  let miner: TestMiner;

  beforeAll(async () => {
    miner = await startTestMiner({
      directory: directoryWith(keys.map((k) => [k, {}])),
      rateLimit: { perSecond: 100_000 },
      limits: { handshakeTimeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await miner?.close();
  });

  async function session(rng: Rng, key: Sr25519Keypair, index: number): Promise<void> {
    const client = new TestClient(miner.url);
    const challenge = await client.challenge();
    const authenticate = rng.next() < 0.6;
    const validAuth = signHandshake(key, challenge);
    if (authenticate) client.send(validAuth);
    const validFrames = [
      encodeFrame({ type: 'classify', id: rng.int(1000), texts: ['valid', 'frame'] }),
      encodeFrame({ type: 'info', id: rng.int(1000) }),
      encodeFrame(validAuth),
      encodeFrame({ ...validAuth, validatorHotkey: 'not-ss58' }),
      encodeFrame(signHandshake(stranger, challenge)),
    ];
    let clientClosed = false;
    let sentAuth = authenticate;
    // Now and then a long run of junk, enough to reach TOO_MANY_ERRORS after auth.
    const count = rng.next() < 0.1 ? 40 : 1 + rng.int(12);
    for (let i = 0; i < count && client.ws.readyState === client.ws.OPEN; i++) {
      const frame = mutatedFrame(rng, validFrames);
      if (frame === validFrames[2]) sentAuth = true;
      client.sendRaw(frame);
      if (rng.next() < 0.02) {
        // Random close from the peer: an abrupt reset or a close frame with some code.
        clientClosed = true;
        if (rng.next() < 0.5) client.ws.terminate();
        else client.ws.close(rng.pick([1000, 1001, 4000 + rng.int(999)]));
        break;
      }
    }
    if (!clientClosed && client.ws.readyState === client.ws.OPEN) {
      // A marker: frames are handled in order, so once it is answered (or refused) all were seen.
      const marker = 0xffff_fff0 + (index % 8);
      client.send({ type: 'info', id: marker });
      await Promise.race([client.answer(marker), client.closed]);
    }
    const minerClosed = !clientClosed && client.ws.readyState !== client.ws.OPEN;
    if (!minerClosed && !clientClosed) client.close();
    const { code } = await client.closed;

    const context = `session ${index}`;
    if (minerClosed) {
      expect(MINER_CLOSE_CODES.has(code), `${context}: close ${code}`).toBe(true);
      seen.add(`close ${code}`);
    }
    for (const frame of client.frames) {
      seen.add(frame.type === 'error' ? frame.code : frame.type);
      if (frame.type === 'error') {
        expect(ANSWER_CODES.has(frame.code), `${context}: ${frame.code} ${frame.message}`).toBe(true);
      }
    }
    // Nothing is signed for a peer that never sent a valid auth.
    if (!sentAuth)
      expect(
        client.frames.filter((f) => f.type === 'response'),
        context,
      ).toEqual([]);
  }

  /** Outcomes met (error codes, frame types, `close <code>`): the fuzz must reach them all. */
  const seen = new Set<string>();

  it(`keeps answering with documented codes through ${SESSIONS} hostile sessions (seed ${SEED})`, async () => {
    const rng = prng(SEED);
    for (let start = 0; start < SESSIONS; start += CONCURRENCY) {
      await Promise.all(keys.map((key, slot) => session(prng(rng.int(2 ** 32)), key, start + slot)));
      // One connection per validator: wait until the miner has seen this round's connections go.
      await until(() => miner.server.connectedValidators === 0, 'the round to close', { intervalMs: 5 });
    }
    await until(() => miner.server.unauthenticatedConnections === 0, 'pre-auth slots to be released');
    const expected = ['response', 'BAD_REQUEST', 'TOO_LARGE', 'UNKNOWN_TYPE', 'UNAUTHORIZED'];
    for (const code of ['BAD_FRAME', 'BAD_HOTKEY', 'UNREGISTERED_HOTKEY', 'TOO_MANY_ERRORS'] as const)
      expected.push(`close ${CLOSE_CODES[code]}`);
    expect([...seen].filter((s) => expected.includes(s)).sort()).toEqual(expected.sort());

    // A well-behaved validator is served, and correctly.
    const client = await connectedClient(miner.url, keys[0]);
    await expectClassified(client, 100, ['after the fuzz', 'still correct']);
    client.close();
  }, 30_000);
});
