/**
 * Batch verification of beacon pulses: a batch verifies exactly when every pulse in it would verify
 * alone; any forged, swapped or re-rounded signature fails the whole batch, bad input is false.
 */
import { describe, expect, it } from 'vitest';
import {
  beaconPublicKey,
  QUICKNET,
  signRound,
  verifyBeaconSignature,
  verifyBeaconSignatures,
} from '../../../shared/timelock/index.js';
import { hex, QUICKNET_PULSES } from './vectors.js';

const SK = Uint8Array.from({ length: 32 }, (_, i) => i + 11);
const PK = beaconPublicKey(SK);
const ROUNDS = [100n, 101n, 102n, 103n];
const PULSES = ROUNDS.map((round) => ({ round, signature: signRound(SK, round) }));

/** PULSES with pulse `i` replaced. */
function withPulse(i: number, pulse: { round: bigint; signature: Uint8Array }) {
  return PULSES.map((p, j) => (j === i ? pulse : p));
}

describe('verifyBeaconSignatures', () => {
  it('accepts a batch of valid pulses, in any order, and a batch of one', () => {
    expect(verifyBeaconSignatures(PK, PULSES)).toBe(true);
    expect(verifyBeaconSignatures(PK, [...PULSES].reverse())).toBe(true);
    expect(verifyBeaconSignatures(PK, PULSES.slice(0, 1))).toBe(true);
  });

  it('handles a large batch (a catch-up) the same way', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      round: 500n + BigInt(i),
      signature: signRound(SK, 500n + BigInt(i)),
    }));
    expect(verifyBeaconSignatures(PK, many)).toBe(true);
    const last = many[39];
    if (last === undefined) throw new Error('fixture');
    expect(
      verifyBeaconSignatures(PK, [...many.slice(0, 39), { round: last.round, signature: signRound(SK, 1n) }]),
    ).toBe(false);
  });

  it('accepts real quicknet pulses under quicknet key, and refuses them under another', () => {
    const quicknet = QUICKNET_PULSES.map((p) => ({ round: p.round, signature: hex(p.signature) }));
    expect(verifyBeaconSignatures(QUICKNET.publicKey, quicknet)).toBe(true);
    expect(verifyBeaconSignatures(PK, quicknet)).toBe(false);
    // A quicknet pulse mixed into a dev-beacon batch is not the dev beacon's.
    expect(verifyBeaconSignatures(PK, [...PULSES, ...quicknet.slice(0, 1)])).toBe(false);
  });

  it('fails when one signature is forged (another key)', () => {
    const forged = signRound(new Uint8Array(32).fill(9), 102n);
    expect(verifyBeaconSignature(PK, 102n, forged)).toBe(false);
    expect(verifyBeaconSignatures(PK, withPulse(2, { round: 102n, signature: forged }))).toBe(false);
  });

  it('fails when two signatures are swapped between their rounds', () => {
    const [a, b] = [PULSES[1], PULSES[2]];
    if (a === undefined || b === undefined) throw new Error('fixture');
    const swapped = PULSES.map((p, j) =>
      j === 1
        ? { round: a.round, signature: b.signature }
        : j === 2
          ? { round: b.round, signature: a.signature }
          : p,
    );
    expect(verifyBeaconSignatures(PK, swapped)).toBe(false);
  });

  it('fails when a valid signature is repeated under another round', () => {
    const first = PULSES[0];
    if (first === undefined) throw new Error('fixture');
    // round 104's slot carries round 100's (valid) signature
    expect(verifyBeaconSignatures(PK, [...PULSES, { round: 104n, signature: first.signature }])).toBe(false);
    // the same round twice, once with the wrong signature
    expect(verifyBeaconSignatures(PK, [...PULSES, { round: 100n, signature: signRound(SK, 104n) }])).toBe(
      false,
    );
    // an exact duplicate is still valid
    expect(verifyBeaconSignatures(PK, [...PULSES, first])).toBe(true);
  });

  it('fails when a signature is the negation of the valid one', () => {
    const sig = PULSES[3]?.signature ?? new Uint8Array(48);
    const negated = Uint8Array.from(sig);
    negated[0] = (negated[0] ?? 0) ^ 0x20; // the compressed-point sign bit
    expect(verifyBeaconSignatures(PK, withPulse(3, { round: 103n, signature: negated }))).toBe(false);
  });

  it('is false for an empty batch and for malformed input, never a throw', () => {
    expect(verifyBeaconSignatures(PK, [])).toBe(false);
    const infinity = new Uint8Array(48);
    infinity[0] = 0xc0;
    const bad: Uint8Array[] = [
      new Uint8Array(48),
      PULSES[0]?.signature.subarray(0, 40) ?? new Uint8Array(),
      infinity,
    ];
    for (const signature of bad)
      expect(verifyBeaconSignatures(PK, withPulse(1, { round: 101n, signature }))).toBe(false);
    expect(verifyBeaconSignatures(new Uint8Array(96), PULSES)).toBe(false);
    expect(verifyBeaconSignatures(PK.subarray(0, 48), PULSES)).toBe(false);
    const g2Infinity = new Uint8Array(96);
    g2Infinity[0] = 0xc0;
    expect(verifyBeaconSignatures(g2Infinity, PULSES)).toBe(false);
    expect(
      verifyBeaconSignatures(PK, withPulse(0, { round: -1n, signature: PULSES[0]?.signature ?? infinity })),
    ).toBe(false);
    expect(verifyBeaconSignatures(PK, withPulse(0, { round: 1n << 64n, signature: infinity }))).toBe(false);
  });
});
