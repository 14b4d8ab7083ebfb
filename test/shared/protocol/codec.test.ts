import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import {
  decodeClassifyPayload,
  decodeInfoPayload,
  decodeMinerFrame,
  decodeValidatorFrame,
  encodeClassifyPayload,
  encodeFrame,
  encodeInfoPayload,
  errorFrame,
  errorFrameFor,
} from '../../../shared/protocol/codec.js';
import { DEFAULT_LIMITS, type ProtocolLimits } from '../../../shared/protocol/constants.js';
import { ProtocolError } from '../../../shared/protocol/errors.js';
import { createChallenge, signHandshake } from '../../../shared/protocol/handshake.js';
import type { Frame, InfoPayload } from '../../../shared/protocol/messages.js';
import { Sr25519Keypair } from '../../../shared/wallet/keypair.js';

const miner = Sr25519Keypair.fromUri('//Alice//miner');
const validator = Sr25519Keypair.fromUri('//Bob');
const challenge = createChallenge(miner.address);
const auth = signHandshake(validator, challenge);

function errorOf(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('expected a ProtocolError');
}
const raw = (value: unknown) => encode(value);

describe('codec round trips', () => {
  it('decodes every validator→miner frame it encodes', () => {
    const frames: Frame[] = [
      auth,
      { type: 'info', id: 0 },
      { type: 'classify', id: 0xffff_ffff, texts: ['a', 'é ☃'] },
    ];
    for (const frame of frames) expect(decodeValidatorFrame(encodeFrame(frame))).toEqual(frame);
  });

  it('decodes every miner→validator frame it encodes', () => {
    const frames: Frame[] = [
      challenge,
      { type: 'response', id: 3, payload: new Uint8Array([1, 2, 3]), signature: new Uint8Array(64).fill(1) },
      errorFrame('OVERLOADED', 'busy', 3, 250),
      errorFrame('BAD_REQUEST', 'no id', null),
    ];
    for (const frame of frames) expect(decodeMinerFrame(encodeFrame(frame))).toEqual(frame);
  });

  it('round-trips payloads; probabilities come back as float32', () => {
    const info: InfoPayload = {
      kind: 'info',
      protocolVersion: 2,
      domain: 'legal',
      task: 'clause',
      labels: ['indemnity', 'termination'],
      modelSha256: 'ab'.repeat(32),
      softwareVersion: '0.1.0',
      bundleDigest: 'cd'.repeat(32),
      executionProvider: 'cpu',
    };
    expect(decodeInfoPayload(encodeInfoPayload(info))).toEqual(info);
    const probabilities = [
      [0.1, 0.9],
      [0.25, 0.75],
    ];
    const bytes = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 1.5 });
    const back = decodeClassifyPayload(bytes, { items: 2, labels: 2 });
    expect(back.probabilities).toEqual(probabilities.map((v) => v.map(Math.fround)));
    expect(back.inferenceMs).toBe(1.5);
  });
});

describe('strict decoder', () => {
  it('rejects bytes that are not MessagePack or not a map with BAD_REQUEST', () => {
    expect(errorOf(() => decodeValidatorFrame(new Uint8Array([0xc1]))).code).toBe('BAD_REQUEST');
    expect(errorOf(() => decodeValidatorFrame(new Uint8Array([]))).code).toBe('BAD_REQUEST');
    expect(errorOf(() => decodeValidatorFrame(raw([1, 2]))).code).toBe('BAD_REQUEST');
    expect(errorOf(() => decodeValidatorFrame(raw('classify'))).code).toBe('BAD_REQUEST');
    // Extension types (here a msgpack timestamp) are never part of a frame.
    expect(errorOf(() => decodeValidatorFrame(raw({ ...auth, timestamp: new Date() }))).code).toBe(
      'BAD_REQUEST',
    );
    // Trailing garbage after a valid frame.
    const trailing = new Uint8Array([...encodeFrame({ type: 'info', id: 1 }), 0x00]);
    expect(errorOf(() => decodeValidatorFrame(trailing)).code).toBe('BAD_REQUEST');
  });

  it('rejects unknown types with UNKNOWN_TYPE and keeps the id for the error frame', () => {
    const err = errorOf(() => decodeValidatorFrame(raw({ type: 'mine_bitcoin', id: 9 })));
    expect(err.type).toMatchObject({ code: 'UNKNOWN_TYPE', id: 9 });
    expect(errorFrameFor(err)).toMatchObject({ type: 'error', id: 9, code: 'UNKNOWN_TYPE' });
    // A miner frame type is unknown in the validator→miner direction.
    expect(errorOf(() => decodeValidatorFrame(encodeFrame(challenge))).code).toBe('UNKNOWN_TYPE');
    expect(errorOf(() => decodeValidatorFrame(raw({ id: 1 }))).code).toBe('BAD_REQUEST');
  });

  it('rejects unknown fields, missing fields and wrong types with BAD_REQUEST', () => {
    const cases: Array<[unknown, string]> = [
      [{ type: 'classify', id: 1, texts: ['x'], extra: true }, 'extra'],
      [{ type: 'classify', id: 1 }, 'texts'],
      [{ type: 'classify', id: '1', texts: ['x'] }, 'id'],
      [{ type: 'classify', id: -1, texts: ['x'] }, 'id'],
      [{ type: 'classify', id: 1.5, texts: ['x'] }, 'id'],
      [{ type: 'classify', id: 2 ** 32, texts: ['x'] }, 'id'],
      [{ type: 'classify', id: 1, texts: 'x' }, 'texts'],
      [{ type: 'classify', id: 1, texts: ['x', 5] }, 'texts[1]'],
      [{ type: 'classify', id: 1, texts: [] }, 'texts'],
      [{ type: 'info', id: 1, __proto__x: 1 }, '__proto__x'],
      [{ ...auth, signature: auth.signature.subarray(0, 63) }, 'signature'],
      [{ ...auth, signature: 'ab'.repeat(64) }, 'signature'],
      [{ ...auth, validatorHotkey: '5notanaddress' }, 'validatorHotkey'],
    ];
    for (const [value, field] of cases) {
      const err = errorOf(() => decodeValidatorFrame(raw(value)));
      expect(err.type, JSON.stringify(field)).toMatchObject({ code: 'BAD_REQUEST', field });
    }
  });

  it('rejects oversized frames, batches and texts with TOO_LARGE', () => {
    const limits: ProtocolLimits = { ...DEFAULT_LIMITS, maxFrameBytes: 1024, maxBatch: 4, maxTextChars: 10 };
    const big = encodeFrame({ type: 'classify', id: 1, texts: ['x'.repeat(2000)] });
    expect(errorOf(() => decodeValidatorFrame(big, limits)).code).toBe('TOO_LARGE');
    const batch = encodeFrame({ type: 'classify', id: 2, texts: ['a', 'b', 'c', 'd', 'e'] });
    expect(errorOf(() => decodeValidatorFrame(batch, limits)).type).toMatchObject({
      code: 'TOO_LARGE',
      id: 2,
    });
    const long = encodeFrame({ type: 'classify', id: 3, texts: ['ok', 'x'.repeat(11)] });
    expect(errorOf(() => decodeValidatorFrame(long, limits)).type).toMatchObject({
      code: 'TOO_LARGE',
      id: 3,
      field: 'texts[1]',
    });
    // Limits hold at exactly the bound.
    const edge = encodeFrame({ type: 'classify', id: 4, texts: ['x'.repeat(10), 'a', 'b', 'c'] });
    expect(decodeValidatorFrame(edge, limits)).toMatchObject({ id: 4 });
  });

  it('answers lengths over the MessagePack decoder limits with TOO_LARGE (not BAD_REQUEST)', () => {
    const cases = [
      encodeFrame({ type: 'classify', id: 1, texts: ['x'.repeat(20_000)] }), // str over maxStrLength
      encodeFrame({ type: 'classify', id: 1, texts: Array.from({ length: 300 }, () => 'a') }), // array
      raw(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, i]))), // map
      Uint8Array.of(0xc6, 0xff, 0xff, 0xff, 0xff, 0), // bin32 header claiming 4 GiB
    ];
    for (const bytes of cases) expect(errorOf(() => decodeValidatorFrame(bytes)).code).toBe('TOO_LARGE');
    // A truncated frame is malformed, not too large.
    const valid = encodeFrame({ type: 'classify', id: 1, texts: ['abc'] });
    expect(errorOf(() => decodeValidatorFrame(valid.subarray(0, valid.length - 2))).code).toBe('BAD_REQUEST');
  });

  it('refuses frames and payloads with a duplicate map key', () => {
    // Written by hand: encoders cannot produce a map with a key twice.
    const map = (entries: [string, unknown][]) =>
      Buffer.concat([Uint8Array.of(0x80 | entries.length), ...entries.flatMap(([k, v]) => [raw(k), raw(v)])]);
    const frame = map([
      ['type', 'info'],
      ['id', 1],
      ['id', 2],
    ]);
    expect(errorOf(() => decodeValidatorFrame(frame)).type).toMatchObject({ code: 'BAD_REQUEST' });
    expect(errorOf(() => decodeValidatorFrame(frame)).message).toContain('duplicate');
    const payload = map([
      ['kind', 'classify'],
      ['probabilities', [[0.5, 0.5]]],
      ['inferenceMs', 1],
      ['kind', 'classify'],
    ]);
    expect(errorOf(() => decodeClassifyPayload(payload, { items: 1, labels: 2 })).message).toContain(
      'duplicate',
    );
    // Duplicates inside a nested map count too.
    const inner = map([
      ['a', 1],
      ['a', 2],
    ]);
    const nested = Buffer.concat([
      Uint8Array.of(0x83),
      ...['type', 'info', 'id', 1, 'x'].map(raw),
      Uint8Array.of(0x91, 0x91), // [[inner]]
      inner,
    ]);
    expect(errorOf(() => decodeValidatorFrame(nested)).message).toContain('duplicate');
    // The same keys once each decode (then fail or pass on their own merits).
    expect(
      decodeValidatorFrame(
        map([
          ['type', 'info'],
          ['id', 1],
        ]),
      ),
    ).toEqual({ type: 'info', id: 1 });
  });

  it('marks a string hotkey that is not SS58 with the BAD_HOTKEY close reason', () => {
    const bad = errorOf(() => decodeValidatorFrame(raw({ ...auth, validatorHotkey: 'not-an-address' })));
    expect(bad.type).toMatchObject({
      code: 'BAD_REQUEST',
      field: 'validatorHotkey',
      closeReason: 'BAD_HOTKEY',
    });
    const wrongType = errorOf(() => decodeValidatorFrame(raw({ ...auth, minerHotkey: 7 })));
    expect(wrongType.type.closeReason).toBeUndefined();
  });

  it('checks classify payloads against the request shape and probability range', () => {
    const enc = (probabilities: number[][], inferenceMs = 1) =>
      encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs });
    const shape = { items: 2, labels: 2 };
    const bad: Array<[Uint8Array, string]> = [
      [enc([[0.5, 0.5]]), 'probabilities'],
      [enc([[0.5, 0.5], [1]]), 'probabilities[1]'],
      [
        enc([
          [0.5, 0.5],
          [0.5, 1.5],
        ]),
        'probabilities[1][1]',
      ],
      [
        enc([
          [0.5, 0.5],
          [Number.NaN, 0.5],
        ]),
        'probabilities[1][0]',
      ],
      [
        enc(
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          -1,
        ),
        'inferenceMs',
      ],
    ];
    for (const [bytes, field] of bad) {
      expect(errorOf(() => decodeClassifyPayload(bytes, shape)).type, field).toMatchObject({
        code: 'BAD_REQUEST',
        field,
      });
    }
    const info = raw({
      kind: 'info',
      protocolVersion: 2,
      domain: 'd',
      task: 't',
      labels: ['a'],
      modelSha256: 'XYZ',
      softwareVersion: '1',
      bundleDigest: 'cd'.repeat(32),
      executionProvider: 'cpu',
    });
    expect(errorOf(() => decodeInfoPayload(info)).type).toMatchObject({ field: 'modelSha256' });
  });

  it('turns non-protocol failures into INTERNAL error frames', () => {
    expect(errorFrameFor(new Error('boom'))).toEqual({
      type: 'error',
      id: null,
      code: 'INTERNAL',
      message: 'internal error',
    });
    expect(errorFrame('BAD_REQUEST', 'x'.repeat(5000), 1).message).toHaveLength(1024);
  });
});
