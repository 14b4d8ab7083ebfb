/**
 * Per-key token buckets. Keys carry their own rate, so there is one bucket set (the miner's
 * `RateLimiter`) per distinct (rate, burst) pair; a key whose limit is edited moves to the new set.
 */
import { RateLimiter } from '../../miner/rate-limit.js';
import type { KeyRateLimit } from './keys.js';

export class KeyRateLimits {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #limiterOfKey = new Map<string, string>();

  /** Takes one token for `keyId`; 0 when allowed, else milliseconds until the next token. */
  take(keyId: string, limit: KeyRateLimit, now: number = performance.now()): number {
    const shape = `${limit.perSecond}/${limit.burst}`;
    const previous = this.#limiterOfKey.get(keyId);
    if (previous !== shape) {
      if (previous !== undefined) this.#limiters.get(previous)?.forget(keyId);
      this.#limiterOfKey.set(keyId, shape);
    }
    let limiter = this.#limiters.get(shape);
    if (!limiter) {
      limiter = new RateLimiter(limit.perSecond, limit.burst);
      this.#limiters.set(shape, limiter);
    }
    return limiter.take(keyId, now);
  }
}
