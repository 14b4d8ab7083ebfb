/**
 * Per-key token buckets. Keys carry their own rate, so there is one bucket set (the miner's
 * `RateLimiter`) per distinct (rate, burst) pair; a key whose limit is edited moves to the new set.
 */
import { RateLimiter } from '../../shared/rate-limit.js';
import type { KeyRateLimit } from './keys.js';

export class KeyRateLimits {
  readonly #limiters = new Map<string, RateLimiter>();
  readonly #limiterOfKey = new Map<string, string>();
  readonly #lastSeen = new Map<string, number>();
  readonly #idleMs: number;
  #sweptAt = 0;

  /** `idleMs`: a key unseen that long is forgotten (its bucket would be full again anyway). */
  constructor(idleMs = 10 * 60_000) {
    this.#idleMs = idleMs;
  }

  /** Keys (and anonymous client addresses) with a bucket now. */
  get size(): number {
    return this.#lastSeen.size;
  }

  /** Takes one token for `keyId`; 0 when allowed, else milliseconds until the next token. */
  take(keyId: string, limit: KeyRateLimit, now: number = performance.now()): number {
    this.#sweep(now);
    this.#lastSeen.set(keyId, now);
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

  /** Forgets idle keys so per-IP buckets of anonymous callers cannot grow without bound. */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#idleMs) return;
    this.#sweptAt = now;
    for (const [keyId, seen] of this.#lastSeen) {
      if (now - seen < this.#idleMs) continue;
      this.#lastSeen.delete(keyId);
      const shape = this.#limiterOfKey.get(keyId);
      this.#limiterOfKey.delete(keyId);
      if (shape !== undefined) this.#limiters.get(shape)?.forget(keyId);
    }
  }
}
