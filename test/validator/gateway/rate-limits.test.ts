/** Per-key token buckets: own limits per key, a changed limit applies at once, idle keys are forgotten. */
import { describe, expect, it } from 'vitest';
import { KeyRateLimits } from '../../../validator/gateway/rate-limits.js';

describe('KeyRateLimits', () => {
  it('gives each key its own bucket and refills at its rate', () => {
    const limits = new KeyRateLimits();
    const slow = { perSecond: 1, burst: 2 };
    expect([limits.take('a', slow, 0), limits.take('a', slow, 0)]).toEqual([0, 0]);
    expect(limits.take('a', slow, 0)).toBe(1000);
    expect(limits.take('b', slow, 0)).toBe(0);
    expect(limits.take('a', slow, 500)).toBe(500);
    expect(limits.take('a', slow, 1000)).toBe(0);
  });

  it('moves a key to its new limit when the keys file changes it', () => {
    const limits = new KeyRateLimits();
    limits.take('a', { perSecond: 1, burst: 1 }, 0);
    expect(limits.take('a', { perSecond: 1, burst: 1 }, 0)).toBeGreaterThan(0);
    expect(limits.take('a', { perSecond: 100, burst: 100 }, 0)).toBe(0);
  });

  it('forgets keys idle for longer than the idle time', () => {
    const limits = new KeyRateLimits(1_000);
    for (let i = 0; i < 50; i++) limits.take(`ip:10.0.0.${i}`, { perSecond: 1, burst: 1 }, 0);
    expect(limits.size).toBe(50);
    limits.take('ip:late', { perSecond: 1, burst: 1 }, 5_000);
    expect(limits.size).toBe(1);
    // A forgotten key starts again with a full bucket.
    expect(limits.take('ip:10.0.0.1', { perSecond: 1, burst: 1 }, 5_000)).toBe(0);
  });
});
