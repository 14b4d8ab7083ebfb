/**
 * The balancer math at weights other than 0.5 (after the coinbase re-weights a pool): price, swap outputs
 * and limit inputs follow subtensor's formulas, and re-weighting for added liquidity keeps the price.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCURACY,
  alphaOutForTao,
  baseDeltaIn,
  calculatePrice,
  HALF,
  powRatioScaled,
  quoteDeltaIn,
  taoOutForAlpha,
  weightForAddedLiquidity,
} from '../../../../chain/runtime/pallets/subtensor/balancer.js';

const TAO = 1_000_000_000n;
const asFloat = (bits: bigint) => Number(bits >> 32n) / 2 ** 32;
const W40 = 400_000_000_000_000_000n; // quote (TAO) weight 0.4, base weight 0.6

describe('balancer math', () => {
  it('prices p = (w1/w2)·(y/x)', () => {
    expect(calculatePrice(HALF, 1000n * TAO, 1000n * TAO)).toBe(1n << 64n);
    // 0.6/0.4 · 1000/1000 = 1.5
    expect(asFloat(calculatePrice(W40, 1000n * TAO, 1000n * TAO))).toBeCloseTo(1.5, 12);
  });

  it('swaps with the weighted exponent (exact for small ratios, ln/exp otherwise)', () => {
    // Buy 100 TAO at w2/w1 = 2/3: ∆x = 1000·(1 − (1000/1100)^(2/3)) = 61.59...
    const out = alphaOutForTao(W40, 1000n * TAO, 1000n * TAO, 100n * TAO);
    expect(Number(out) / 1e9).toBeCloseTo(1000 * (1 - (1000 / 1100) ** (2 / 3)), 6);
    // Sell 100 alpha at w1/w2 = 3/2: ∆y = 1000·(1 − (1000/1100)^1.5)
    const tao = taoOutForAlpha(W40, 1000n * TAO, 1000n * TAO, 100n * TAO);
    expect(Number(tao) / 1e9).toBeCloseTo(1000 * (1 - (1000 / 1100) ** 1.5), 6);
    // A weight with no small ratio takes the approximation: within 1e-15 of the float.
    const w = 499_999_999_999_123_457n;
    const r = powRatioScaled(1000n, 1100n, ACCURACY - w, w, ACCURACY)!;
    const expected = (1000 / 1100) ** (Number(ACCURACY - w) / Number(w));
    expect(Math.abs(Number(r) / 1e18 - expected)).toBeLessThan(1e-15);
  });

  it('limit inputs move the price exactly to the limit', () => {
    const x = 1000n * TAO;
    const y = 1000n * TAO;
    const p = calculatePrice(W40, x, y);
    const target = (p * 3n) / 2n;
    const dy = quoteDeltaIn(W40, p, target, y);
    const after = calculatePrice(W40, x - alphaOutForTao(W40, y, x, dy), y + dy);
    expect(asFloat(after) / asFloat(target)).toBeCloseTo(1, 9);
    const down = (p * 2n) / 3n;
    const dx = baseDeltaIn(W40, p, down, x);
    const sold = calculatePrice(W40, x + dx, y - taoOutForAlpha(W40, y, x, dx));
    expect(asFloat(sold) / asFloat(down)).toBeCloseTo(1, 9);
  });

  it('re-weights for added liquidity so the price holds, within [0.01, 0.99]', () => {
    const x = 1000n * TAO;
    const y = 1000n * TAO;
    const p = calculatePrice(HALF, x, y);
    // 10 TAO and no alpha: the TAO weight rises so that the price stays 1.
    const w = weightForAddedLiquidity(HALF, y, x, 10n * TAO, 0n)!;
    expect(w).toBeGreaterThan(HALF);
    expect(asFloat(calculatePrice(w, x, y + 10n * TAO)) / asFloat(p)).toBeCloseTo(1, 12);
    // Proportional liquidity keeps the weight.
    expect(weightForAddedLiquidity(HALF, y, x, 10n * TAO, 10n * TAO)).toBe(HALF);
    // A hundredfold TAO-only injection would push the weight past 0.99: refused.
    expect(weightForAddedLiquidity(HALF, y, x, 100_000n * TAO, 0n)).toBeUndefined();
  });
});
