import { describe, expect, it } from 'vitest';
import {
  div,
  divByReciprocal,
  fromFloat,
  fromInt,
  mul,
  ONE,
  proportionToU16,
  reciprocal,
  round,
  toU16,
  u16ProportionToFixed,
} from '../../../chain/yuma/fixed.js';

/** Reference I32F32 semantics in BigInt: mul = floor(a·b/2^32), div = trunc(a·2^32/b). */
const refMul = (a: bigint, b: bigint) => (a * b) >> 32n;
const refDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : (a << 32n) / b);

/** Deterministic xorshift so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** A random raw value with up to `bits` significant bits (≤ 52), optionally scaled up by a power of 2. */
function rawWithBits(rand: () => number, bits: number): number {
  const sig = Math.floor(rand() * 2 ** Math.min(bits, 52));
  return bits > 52 ? sig * 2 ** (bits - 52) : sig;
}

describe('I32F32 arithmetic on raw bits in doubles', () => {
  it('mul matches the widening-multiply-and-shift of substrate_fixed, negatives included', () => {
    const rand = rng(1);
    for (let k = 0; k < 20_000; k++) {
      let a = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      let b = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      if (rand() < 0.2) a = -a;
      if (rand() < 0.2) b = -b;
      const expected = refMul(BigInt(a), BigInt(b));
      if (expected > 2n ** 52n || expected < -(2n ** 52n)) continue; // beyond the documented range
      expect(mul(a, b), `${a} * ${b}`).toBe(Number(expected));
    }
  });

  it('mul floors exactly where the double product rounds across an integer', () => {
    // (2^32 + 1) · (2^32 − 1) = 2^64 − 1: the double product rounds to 2^64, the true floor is 2^32 − 1.
    expect(mul(ONE + 1, ONE - 1)).toBe(ONE - 1);
    expect(mul(-(ONE + 1), ONE - 1)).toBe(-ONE);
  });

  it('div truncates toward zero like integer division, and is 0 for a zero divisor', () => {
    const rand = rng(2);
    for (let k = 0; k < 20_000; k++) {
      let a = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      let b = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      if (rand() < 0.2) a = -a;
      if (rand() < 0.1) b = -b;
      const expected = refDiv(BigInt(a), BigInt(b));
      if (expected > 2n ** 52n || expected < -(2n ** 52n)) continue;
      expect(div(a, b), `${a} / ${b}`).toBe(Number(expected));
    }
    expect(div(ONE, 0)).toBe(0);
    expect(div(-7, ONE)).toBe(-7);
  });

  it('div is exact at quotient boundaries (numerators next to a multiple of the divisor)', () => {
    const rand = rng(3);
    for (let k = 0; k < 5_000; k++) {
      const b = 1 + Math.floor(rand() * 2 ** 32);
      const q = Math.floor(rand() * 2 ** 32);
      const a = Math.floor((q * b) / ONE);
      for (const x of [a - 1, a, a + 1]) {
        if (x < 0) continue;
        expect(div(x, b)).toBe(Number(refDiv(BigInt(x), BigInt(b))));
      }
    }
  });

  it('divByReciprocal gives div’s result, including next to quotient boundaries', () => {
    const rand = rng(4);
    for (let k = 0; k < 20_000; k++) {
      const b = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      const a = rawWithBits(rand, 1 + Math.floor(rand() * 44));
      expect(divByReciprocal(a, b, reciprocal(b)), `${a} / ${b}`).toBe(div(a, b));
      // Numerators right at a multiple of b, where the multiplied estimate cannot decide alone.
      const q = Math.floor(rand() * ONE);
      const edge = Math.floor((q * b) / ONE);
      for (const x of [edge - 1, edge, edge + 1]) {
        if (x >= 0) expect(divByReciprocal(x, b, reciprocal(b))).toBe(Number(refDiv(BigInt(x), BigInt(b))));
      }
    }
    expect(divByReciprocal(5, 0, reciprocal(0))).toBe(0);
    expect(divByReciprocal(-ONE, 2 * ONE, reciprocal(2 * ONE))).toBe(-ONE / 2);
  });

  it('converts as the chain stores u16 values', () => {
    expect(proportionToU16(ONE)).toBe(65535);
    expect(proportionToU16(ONE / 2)).toBe(32767); // floor(0.5 · 65535)
    expect(proportionToU16(fromInt(65535))).toBe(65535); // saturates
    expect(proportionToU16(-5)).toBe(0);
    expect(u16ProportionToFixed(65535)).toBe(ONE);
    expect(u16ProportionToFixed(32767)).toBe(Math.floor((32767 * ONE) / 65535));
    for (const x of [0, 32767, 65535]) expect(toU16(fromInt(x))).toBe(x);
    expect(toU16(fromInt(70000))).toBe(65535);
  });

  it('rounds half away from zero', () => {
    expect(round(fromFloat(2.5))).toBe(fromInt(3));
    expect(round(fromFloat(2.4999))).toBe(fromInt(2));
    expect(round(fromFloat(-2.5))).toBe(fromInt(-3));
  });
});
