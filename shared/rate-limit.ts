/**
 * Token bucket per validator: `ratePerSec` requests per second on average, bursts up to `burst`.
 * Keyed by hotkey (not connection) so reconnecting does not reset a validator's budget.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly ratePerSec: number;
  readonly burst: number;

  constructor(ratePerSec: number, burst: number = Math.max(1, ratePerSec)) {
    this.ratePerSec = ratePerSec;
    this.burst = burst;
  }

  /** Takes one token; returns 0 when allowed, else milliseconds until a token is available. */
  take(key: string, now: number = performance.now()): number {
    if (!Number.isFinite(this.ratePerSec)) return 0;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.#buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSec);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / this.ratePerSec) * 1000);
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
