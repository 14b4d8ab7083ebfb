/**
 * `npm run bench:protocol`: the wire encoding choice and signature costs.
 * One "round trip" = encode + decode + blake2-256 of a 64-text classify request, and of its response
 * (10-class probability vectors, wrapped in a signed response frame), as a validator and miner do.
 * Candidates: JSON, MessagePack with float64 / float32 numbers, MessagePack with packed Float32Array.
 * The shipped codec (MessagePack, float32 probabilities) is measured through its real functions.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import { sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import {
  decodeClassifyPayload,
  decodeMinerFrame,
  decodeValidatorFrame,
  encodeClassifyPayload,
  encodeFrame,
} from '../shared/protocol/codec.js';
import { createChallenge, signHandshake, verifyHandshake } from '../shared/protocol/handshake.js';
import type { ClassifyRequestFrame, ResponseFrame } from '../shared/protocol/messages.js';
import { buildResponseFrame, hashBytes, verifyResponse } from '../shared/protocol/signing.js';
import { Sr25519Keypair } from '../shared/wallet/keypair.js';
import { fmt, median } from './stats.js';

const ITEMS = 64;
const LABELS = 10;

function fixture() {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const texts = Array.from(
    { length: ITEMS },
    (_, i) =>
      `Clause ${i}: the lessee shall indemnify the lessor against all claims arising from use of the premises.`,
  );
  const probabilities = texts.map(() => {
    const v = Array.from({ length: LABELS }, rand);
    const sum = v.reduce((a, b) => a + b, 0);
    return v.map((x) => x / sum);
  });
  return { texts, probabilities };
}

/** Median microseconds per call over `rounds` rounds of `perRound` calls; returns [us, last result]. */
function time<T>(fn: () => T, rounds = 9, perRound = 200): [number, T] {
  let out = fn();
  for (let i = 0; i < perRound; i++) out = fn();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) out = fn();
    samples.push(((performance.now() - t0) * 1000) / perRound);
  }
  return [median(samples), out];
}

export async function run(): Promise<void> {
  const { texts, probabilities } = fixture();
  const miner = Sr25519Keypair.fromUri('//Alice//miner');
  const signature = new Uint8Array(64);
  const request: ClassifyRequestFrame = { type: 'classify', id: 123_456, texts };
  const te = new TextEncoder();
  const td = new TextDecoder();
  const enc = new Encoder();
  const encF32 = new Encoder({ forceFloat32: true });
  const dec = new Decoder();

  const candidates: Record<string, () => number[]> = {
    json: () => {
      const req = te.encode(JSON.stringify(request));
      JSON.parse(td.decode(req));
      hashBytes(req);
      const payload = te.encode(JSON.stringify({ kind: 'classify', probabilities, inferenceMs: 12.5 }));
      const frame = te.encode(
        JSON.stringify({
          type: 'response',
          id: 1,
          payload: Buffer.from(payload).toString('base64'),
          signature: Buffer.from(signature).toString('hex'),
        }),
      );
      const f = JSON.parse(td.decode(frame)) as { payload: string };
      const p = Buffer.from(f.payload, 'base64');
      JSON.parse(td.decode(p));
      hashBytes(p);
      return [req.length, frame.length];
    },
    'msgpack-f64': () => {
      const req = enc.encode(request);
      dec.decode(req);
      hashBytes(req);
      const payload = enc.encode({ kind: 'classify', probabilities, inferenceMs: 12.5 });
      const frame = enc.encode({ type: 'response', id: 1, payload, signature });
      const f = dec.decode(frame) as { payload: Uint8Array };
      dec.decode(f.payload);
      hashBytes(f.payload);
      return [req.length, frame.length];
    },
    'msgpack-f32': () => {
      const req = enc.encode(request);
      dec.decode(req);
      hashBytes(req);
      const payload = encF32.encode({ kind: 'classify', probabilities, inferenceMs: 12.5 });
      const frame = enc.encode({ type: 'response', id: 1, payload, signature });
      const f = dec.decode(frame) as { payload: Uint8Array };
      dec.decode(f.payload);
      hashBytes(f.payload);
      return [req.length, frame.length];
    },
    'msgpack-packed-f32': () => {
      const req = enc.encode(request);
      dec.decode(req);
      hashBytes(req);
      const flat = new Float32Array(ITEMS * LABELS);
      probabilities.forEach((v, i) => {
        flat.set(v, i * LABELS);
      });
      const payload = enc.encode({
        kind: 'classify',
        probabilities: new Uint8Array(flat.buffer),
        inferenceMs: 12.5,
      });
      const frame = enc.encode({ type: 'response', id: 1, payload, signature });
      const f = dec.decode(frame) as { payload: Uint8Array };
      const p = dec.decode(f.payload) as { probabilities: Uint8Array };
      const back = new Float32Array(p.probabilities.slice().buffer);
      for (let i = 0; i < ITEMS; i++) Array.from(back.subarray(i * LABELS, (i + 1) * LABELS));
      hashBytes(f.payload);
      return [req.length, frame.length];
    },
    // The shipped path: strict decoders included (schema checks, probability range, shapes).
    'shipped (strict msgpack-f32)': () => {
      const req = encodeFrame(request);
      decodeValidatorFrame(req);
      hashBytes(req);
      const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 12.5 });
      const frame = encodeFrame({ type: 'response', id: 1, payload, signature });
      const f = decodeMinerFrame(frame) as ResponseFrame;
      decodeClassifyPayload(f.payload, { items: ITEMS, labels: LABELS });
      hashBytes(f.payload);
      return [req.length, frame.length];
    },
  };

  console.log(`encode+decode+blake2 of a ${ITEMS}-text classify request and its ${LABELS}-class response`);
  console.log('variant                        median µs/round trip   request B   response B');
  for (const [name, fn] of Object.entries(candidates)) {
    const [us, [reqBytes, respBytes]] = time(fn);
    console.log(
      `${name.padEnd(30)} ${fmt(us).padStart(20)}   ${String(reqBytes).padStart(9)}   ${String(respBytes).padStart(10)}`,
    );
  }

  // Signatures: the miner signs every response, the validator verifies every response + handshakes.
  const requestBytes = encodeFrame(request);
  const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 12.5 });
  const [signUs, frame] = time(() => buildResponseFrame(miner, 1, requestBytes, payload), 5, 100);
  const [verifyUs] = time(
    () => verifyResponse(miner.publicKey, requestBytes, payload, frame.signature),
    5,
    100,
  );
  const msg = new Uint8Array(86);
  const jsSig = miner.sign(msg);
  const [jsVerifyUs] = time(() => jsVerify(msg, jsSig, miner.publicKey), 3, 20);
  const challenge = createChallenge(miner.address);
  const validator = Sr25519Keypair.fromUri('//Bob');
  const auth = signHandshake(validator, challenge);
  const [handshakeUs] = time(() => verifyHandshake({ challenge, auth }), 5, 100);
  console.log(
    `sign response (wasm sr25519, incl. 2× blake2)   median ${fmt(signUs)} µs  (${fmt(1e6 / signUs, 0)}/s)`,
  );
  console.log(
    `verify response (wasm sr25519, incl. 2× blake2) median ${fmt(verifyUs)} µs  (${fmt(1e6 / verifyUs, 0)}/s)`,
  );
  console.log(
    `verify (util-crypto pure JS, for comparison)    median ${fmt(jsVerifyUs)} µs  (${fmt(1e6 / jsVerifyUs, 0)}/s)`,
  );
  console.log(
    `verify handshake (SS58 decode + wasm verify)    median ${fmt(handshakeUs)} µs  (${fmt(1e6 / handshakeUs, 0)}/s)`,
  );
}
