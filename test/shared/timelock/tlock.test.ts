/**
 * Our ciphertexts open with our port of the chain's decryption and with nothing else: the wrong round,
 * truncated, garbage or tampered bytes all end in a TimelockError, never another exception.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  beaconPublicKey,
  deserializeTleCiphertext,
  QUICKNET,
  signRound,
  TimelockError,
  timelockDecrypt,
  timelockEncrypt,
} from '../../../shared/timelock/index.js';

const SK = new Uint8Array(32).fill(0x11);
const PK = beaconPublicKey(SK);
const ROUND = 4242n;
const SIG = signRound(SK, ROUND);
const MESSAGE = new TextEncoder().encode('weights for round 4242');
const CT = timelockEncrypt(MESSAGE, ROUND, PK);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof TimelockError) return err.code;
    throw err;
  }
  return 'NO ERROR';
}

describe('timelockEncrypt / timelockDecrypt', () => {
  it('round-trips with the round signature of the dev beacon', () => {
    expect(timelockDecrypt(CT, SIG)).toEqual(MESSAGE);
  });

  it('round-trips an empty and a large message', () => {
    for (const msg of [new Uint8Array(0), randomBytes(10_000)]) {
      expect(timelockDecrypt(timelockEncrypt(msg, ROUND, PK), SIG)).toEqual(new Uint8Array(msg));
    }
  });

  it('is randomized: the same message twice gives different bytes', () => {
    expect(Buffer.from(timelockEncrypt(MESSAGE, ROUND, PK)).equals(Buffer.from(CT))).toBe(false);
  });

  it('has the length the layout implies (96 + 2·40 + 8 + body + 16)', () => {
    // body = 8 + (len + 16) + 8 + 12; cipher suite = 8 + 8
    expect(CT.length).toBe(96 + 40 + 40 + 8 + (8 + MESSAGE.length + 16 + 8 + 12) + 16);
  });

  it('encrypts to quicknet itself (the key the SDK uses on finney)', () => {
    const ct = deserializeTleCiphertext(timelockEncrypt(MESSAGE, 1000n, QUICKNET.publicKey));
    expect(ct.u).toHaveLength(96);
  });

  it("another round's signature, or another beacon's, is WRONG_SIGNATURE", () => {
    expect(codeOf(() => timelockDecrypt(CT, signRound(SK, ROUND + 1n)))).toBe('WRONG_SIGNATURE');
    expect(codeOf(() => timelockDecrypt(CT, signRound(new Uint8Array(32).fill(0x22), ROUND)))).toBe(
      'WRONG_SIGNATURE',
    );
  });

  it('a signature that is not a G1 point is BAD_POINT / BAD_LENGTH', () => {
    expect(codeOf(() => timelockDecrypt(CT, new Uint8Array(48).fill(0xff)))).toBe('BAD_POINT');
    expect(codeOf(() => timelockDecrypt(CT, SIG.subarray(0, 47)))).toBe('BAD_LENGTH');
  });

  it('every truncation is a TimelockError (TRUNCATED)', () => {
    for (let len = 0; len < CT.length; len++) {
      expect(
        codeOf(() => timelockDecrypt(CT.subarray(0, len), SIG)),
        `length ${len}`,
      ).toBe('TRUNCATED');
    }
  });

  it('random garbage is a TimelockError', () => {
    for (const len of [0, 1, 95, 96, 200, CT.length, 4096]) {
      expect(
        codeOf(() => timelockDecrypt(randomBytes(len), SIG)),
        `length ${len}`,
      ).not.toBe('NO ERROR');
    }
  });

  it('a length prefix claiming more than the input is TRUNCATED, without allocating it', () => {
    const bad = Uint8Array.from(CT);
    bad.set([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 96); // header.v's u64 length
    expect(codeOf(() => timelockDecrypt(bad, SIG))).toBe('TRUNCATED');
  });

  it('V and W must be 32 bytes each (the only lengths the chain can open)', () => {
    const ct = deserializeTleCiphertext(CT);
    const shortV = Uint8Array.from([
      ...ct.u,
      ...[31, 0, 0, 0, 0, 0, 0, 0],
      ...ct.v.subarray(0, 31),
      ...CT.subarray(96 + 40),
    ]);
    expect(codeOf(() => timelockDecrypt(shortV, SIG))).toBe('BAD_LENGTH');
  });

  // One byte flipped in each region the chain's decryption reads.
  const regions: [string, number][] = [
    ['U (x coordinate)', 40],
    ['U (compression flags)', 0],
    ['V', 96 + 8 + 5],
    ['W', 96 + 40 + 8 + 5],
    ['body: AES ciphertext', 96 + 80 + 8 + 8 + 2],
    ['body: GCM tag', 96 + 80 + 8 + 8 + MESSAGE.length + 3],
    ['body: nonce', 96 + 80 + 8 + 8 + MESSAGE.length + 16 + 8 + 1],
    ['body: nonce length', 96 + 80 + 8 + 8 + MESSAGE.length + 16],
  ];
  for (const [name, at] of regions) {
    it(`a flipped byte in ${name} is a TimelockError`, () => {
      const bad = Uint8Array.from(CT);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      expect(codeOf(() => timelockDecrypt(bad, SIG))).not.toBe('NO ERROR');
    });
  }

  it('no single-byte corruption anywhere gives anything but a TimelockError or the original message', () => {
    // Deterministic positions across the whole ciphertext, each XORed with a varying mask.
    // The cipher-suite field (its length and bytes, the last 16) may still open: the chain ignores it.
    const suiteStart = CT.length - 16;
    for (let i = 0, at = 0; at < CT.length; i++, at += 3 + (i % 7)) {
      const bad = Uint8Array.from(CT);
      bad[at] = (bad[at] ?? 0) ^ (1 << (i % 8));
      let result: Uint8Array | string;
      try {
        result = timelockDecrypt(bad, SIG);
      } catch (err) {
        expect(err, `byte ${at}`).toBeInstanceOf(TimelockError);
        continue;
      }
      expect(at >= suiteStart, `byte ${at} opened`).toBe(true);
      expect(result).toEqual(MESSAGE);
    }
  });

  it('like the chain, ignores the cipher-suite bytes and anything after the last field', () => {
    const bad = Uint8Array.from([...CT, 1, 2, 3]);
    bad[CT.length - 2] = 0x00; // inside "AES_GCM_"
    expect(timelockDecrypt(bad, SIG)).toEqual(MESSAGE);
  });

  it('refuses a public key that is not a G2 point, and a round outside u64', () => {
    expect(codeOf(() => timelockEncrypt(MESSAGE, ROUND, new Uint8Array(96)))).toBe('BAD_POINT');
    expect(codeOf(() => timelockEncrypt(MESSAGE, ROUND, PK.subarray(1)))).toBe('BAD_LENGTH');
    expect(codeOf(() => timelockEncrypt(MESSAGE, 1n << 64n, PK))).toBe('BAD_ROUND');
    expect(codeOf(() => timelockEncrypt(MESSAGE, -1n, PK))).toBe('BAD_ROUND');
  });
});
