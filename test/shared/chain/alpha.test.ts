/** Alpha ↔ TAO arithmetic of the chain client: exact integer TAO values, fixed-point and SCALE integers. */
import { describe, expect, it } from 'vitest';
import { alphaToTao, fixedToNumber, leInt, priceToTao } from '../../../shared/chain/actions/alpha.js';

describe('alpha arithmetic', () => {
  it('values alpha in TAO at a rao-per-alpha price, truncating', () => {
    expect(alphaToTao(3_000_000_000n, 1_104_804_478n)).toBe(3_314_413_434n);
    expect(alphaToTao(1n, 999_999_999n)).toBe(0n);
    expect(alphaToTao(5n * 10n ** 18n, 2n * 10n ** 9n)).toBe(10n ** 19n);
    expect(priceToTao(1_500_000_000n)).toBe(1.5);
  });

  it('reads I96F32 / U64F64 bits and little-endian i128 bytes', () => {
    expect(fixedToNumber(3n << 31n, 32)).toBe(1.5);
    expect(fixedToNumber((1n << 64n) / 4n, 64)).toBe(0.25);
    const bytes = new Uint8Array(16);
    bytes[0] = 0x00;
    bytes[4] = 0x02; // 2 << 32: 2.0 as I96F32
    expect(fixedToNumber(leInt(bytes, true), 32)).toBe(2);
    expect(leInt(new Uint8Array(16).fill(0xff), true)).toBe(-1n);
    expect(leInt(new Uint8Array(16).fill(0xff), false)).toBe((1n << 128n) - 1n);
  });
});
