/**
 * The dev beacon signs rounds in quicknet's scheme: its signatures verify like quicknet's, open
 * ciphertexts to their round, and bad input is `false` (verify) or a TimelockError (sign), never a crash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  beaconPublicKey,
  randomnessOf,
  roundMessage,
  signRound,
  TimelockError,
  verifyBeaconSignature,
} from '../../../shared/timelock/index.js';

const SK = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const PK = beaconPublicKey(SK);

describe('dev beacon signatures', () => {
  it('are 48-byte G1 signatures under a 96-byte G2 key, deterministic per round', () => {
    expect(PK).toHaveLength(96);
    const sig = signRound(SK, 7n);
    expect(sig).toHaveLength(48);
    expect(signRound(SK, 7n)).toEqual(sig);
    expect(signRound(SK, 8n)).not.toEqual(sig);
  });

  it('verify for their round and key only', () => {
    const sig = signRound(SK, 123n);
    expect(verifyBeaconSignature(PK, 123n, sig)).toBe(true);
    expect(verifyBeaconSignature(PK, 124n, sig)).toBe(false);
    expect(verifyBeaconSignature(beaconPublicKey(new Uint8Array(32).fill(9)), 123n, sig)).toBe(false);
  });

  it('verification of malformed input is false, not a throw', () => {
    const sig = signRound(SK, 1n);
    const infinity = new Uint8Array(48);
    infinity[0] = 0xc0;
    for (const [pk, s] of [
      [PK, new Uint8Array(48)],
      [PK, sig.subarray(0, 40)],
      [PK, infinity],
      [new Uint8Array(96), sig],
      [PK.subarray(0, 48), sig],
    ] as const) {
      expect(verifyBeaconSignature(pk, 1n, s)).toBe(false);
    }
    expect(verifyBeaconSignature(PK, -1n, sig)).toBe(false);
  });

  it('the round message is sha256 of the round as u64 big-endian', () => {
    // sha256(00 00 00 00 00 00 03 e8)
    const be = Buffer.alloc(8);
    be.writeBigUInt64BE(1000n);
    const expected = new Uint8Array(createHash('sha256').update(be).digest());
    expect(roundMessage(1000n)).toEqual(expected);
  });

  it('refuses secret keys that are not a scalar', () => {
    const order = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
    const tooBig = Uint8Array.from(Buffer.from(order.toString(16).padStart(64, '0'), 'hex'));
    for (const sk of [new Uint8Array(31), new Uint8Array(32), tooBig]) {
      expect(() => signRound(sk, 1n)).toThrow(TimelockError);
      expect(() => beaconPublicKey(sk)).toThrow(TimelockError);
    }
  });

  it('randomness is sha256 of the signature', () => {
    const sig = signRound(SK, 5n);
    expect(randomnessOf(sig)).toHaveLength(32);
    expect(randomnessOf(sig)).not.toEqual(randomnessOf(signRound(SK, 6n)));
  });
});
