/**
 * Content-addressed store of downloaded model bundles with a disk budget:
 *
 *   <dir>/complete/<digest>/   a verified bundle (its files, as `readBundle` / `DomainModel` read them)
 *   <dir>/partial/<digest>/    a download in progress or interrupted (resumed by the next download)
 *
 * Every byte under `dir` counts against `budgetBytes`, partial downloads included: a download reserves
 * the bundle's full size before it writes anything, and room is made by removing the least recently
 * used entries (complete or partial) that nobody has pinned. Last use survives restarts as the entry
 * directory's mtime. The cache never exceeds its budget; a reservation that cannot fit is refused.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { ExpertnetError } from '../../shared/errors.js';

export type BundleCacheErrorType =
  /** There is no room for the bundle within the budget (pinned entries and the budget itself). */
  | { code: 'NO_ROOM'; digest: string; bytes: number; budgetBytes: number; pinnedBytes: number }
  /** A digest that is not 64 lowercase hex characters. */
  | { code: 'BAD_DIGEST'; digest: string };

export class BundleCacheError extends ExpertnetError<BundleCacheErrorType> {}

export interface BundleCacheOptions {
  dir: string;
  budgetBytes: number;
}

interface Entry {
  state: 'complete' | 'partial';
  /** Bytes counted against the budget: on disk, or reserved for a download (never less than on disk). */
  bytes: number;
  lastUsed: number;
  pins: number;
}

const DIGEST = /^[0-9a-f]{64}$/;

export class BundleCache {
  readonly dir: string;
  readonly budgetBytes: number;
  readonly #entries = new Map<string, Entry>();
  #clock = 0;

  /** Scans `dir` (creating it) and trims it to the budget, least recently used first. */
  constructor(options: BundleCacheOptions) {
    this.dir = options.dir;
    this.budgetBytes = options.budgetBytes;
    for (const state of ['complete', 'partial'] as const) {
      const root = join(this.dir, state);
      mkdirSync(root, { recursive: true });
      for (const name of readdirSync(root)) {
        const path = join(root, name);
        // Only digests live here; a bundle both complete and partial keeps the complete one.
        if (!DIGEST.test(name) || (state === 'partial' && this.#entries.has(name))) {
          rmSync(path, { recursive: true, force: true });
          continue;
        }
        this.#entries.set(name, { state, bytes: diskBytes(path), lastUsed: statSync(path).mtimeMs, pins: 0 });
      }
    }
    this.#trimSync();
  }

  /** Bytes counted against the budget now (partial downloads at their reserved size). */
  get usedBytes(): number {
    let sum = 0;
    for (const entry of this.#entries.values()) sum += entry.bytes;
    return sum;
  }

  has(digest: string): boolean {
    return this.#entries.get(digest)?.state === 'complete';
  }

  /** The directory of a complete, verified bundle; undefined when not cached. */
  path(digest: string): string | undefined {
    return this.has(digest) ? join(this.dir, 'complete', digest) : undefined;
  }

  /** Marks a bundle as just used (it is evicted last). */
  touch(digest: string): void {
    const entry = this.#entries.get(digest);
    if (!entry) return;
    entry.lastUsed = this.#now();
    // Seconds with a fraction: a Date would round to the millisecond.
    const seconds = entry.lastUsed / 1000;
    utimes(join(this.dir, entry.state, digest), seconds, seconds).catch(() => undefined);
  }

  /** Keeps `digest` from being evicted until the returned function is called (re-execution, download). */
  pin(digest: string): () => void {
    const entry = this.#entries.get(digest);
    if (entry) entry.pins++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const current = this.#entries.get(digest);
      if (current && current.pins > 0) current.pins--;
    };
  }

  // -------------------------------------------------------------------------------------------------
  // Downloads (./download.ts)

  /** Where a download of `digest` writes its files. */
  partialDir(digest: string): string {
    checkDigest(digest);
    return join(this.dir, 'partial', digest);
  }

  /**
   * Reserves `bytes` for a download of `digest` (its partial directory, created, keeps what an earlier
   * attempt wrote), evicting least recently used unpinned entries to make room, and pins it. Throws
   * `BundleCacheError` NO_ROOM when it cannot fit. Returns the unpin function.
   */
  async reserve(digest: string, bytes: number): Promise<() => void> {
    checkDigest(digest);
    const path = this.partialDir(digest);
    mkdirSync(path, { recursive: true });
    let entry = this.#entries.get(digest);
    if (entry?.state !== 'partial') {
      entry = { state: 'partial', bytes: diskBytes(path), lastUsed: this.#now(), pins: 0 };
      this.#entries.set(digest, entry);
    }
    entry.lastUsed = this.#now();
    const unpin = this.pin(digest);
    const extra = Math.max(0, bytes - entry.bytes);
    if (this.usedBytes + extra > this.budgetBytes)
      await this.#evict(this.usedBytes + extra - this.budgetBytes);
    if (this.usedBytes + extra > this.budgetBytes) {
      unpin();
      throw new BundleCacheError(
        { code: 'NO_ROOM', digest, bytes, budgetBytes: this.budgetBytes, pinnedBytes: this.#pinnedBytes() },
        `no room for a bundle of ${bytes} bytes in a cache of ${this.budgetBytes} bytes (${this.#pinnedBytes()} in use)`,
      );
    }
    entry.bytes = Math.max(entry.bytes, bytes);
    return unpin;
  }

  /** A verified download: its partial directory becomes the complete bundle; returns its path. */
  async complete(digest: string): Promise<string> {
    const entry = this.#entries.get(digest);
    const target = join(this.dir, 'complete', digest);
    await rm(target, { recursive: true, force: true });
    await rename(this.partialDir(digest), target);
    const bytes = diskBytes(target);
    const lastUsed = this.#now();
    // The directory's mtime is the persisted last use: set it to the same clock as touch().
    await utimes(target, lastUsed / 1000, lastUsed / 1000);
    if (entry) Object.assign(entry, { state: 'complete', bytes, lastUsed });
    else this.#entries.set(digest, { state: 'complete', bytes, lastUsed, pins: 0 });
    return target;
  }

  /** Drops a partial download (bytes that did not verify); its reservation is released. */
  async discard(digest: string): Promise<void> {
    const entry = this.#entries.get(digest);
    if (entry?.state !== 'partial') return;
    this.#entries.delete(digest);
    await rm(this.partialDir(digest), { recursive: true, force: true });
  }

  /** Counts a partial download at its real size again (a failed attempt keeps its bytes for a resume). */
  settle(digest: string): void {
    const entry = this.#entries.get(digest);
    if (entry?.state === 'partial') entry.bytes = diskBytes(this.partialDir(digest));
  }

  // -------------------------------------------------------------------------------------------------

  /** Wall-clock ms, strictly increasing (by whole ms, which survive the round trip through mtimes). */
  #now(): number {
    this.#clock = Math.max(Date.now(), this.#clock + 1);
    return this.#clock;
  }

  #pinnedBytes(): number {
    let sum = 0;
    for (const entry of this.#entries.values()) if (entry.pins > 0) sum += entry.bytes;
    return sum;
  }

  /** Unpinned entries, least recently used first. */
  #victims(): [string, Entry][] {
    return [...this.#entries].filter(([, e]) => e.pins === 0).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
  }

  async #evict(needed: number): Promise<void> {
    let freed = 0;
    for (const [digest, entry] of this.#victims()) {
      if (freed >= needed) break;
      this.#entries.delete(digest);
      freed += entry.bytes;
      await rm(join(this.dir, entry.state, digest), { recursive: true, force: true });
    }
  }

  #trimSync(): void {
    for (const [digest, entry] of this.#victims()) {
      if (this.usedBytes <= this.budgetBytes) break;
      this.#entries.delete(digest);
      rmSync(join(this.dir, entry.state, digest), { recursive: true, force: true });
    }
  }
}

function checkDigest(digest: string): void {
  if (!DIGEST.test(digest)) {
    throw new BundleCacheError({ code: 'BAD_DIGEST', digest: digest.slice(0, 80) }, 'not a bundle digest');
  }
}

/** Bytes of the regular files directly in `dir` (bundles are flat). */
function diskBytes(dir: string): number {
  let sum = 0;
  try {
    for (const name of readdirSync(dir)) {
      const stat = statSync(join(dir, name));
      sum += stat.isFile() ? stat.size : 0;
    }
  } catch {
    return 0;
  }
  return sum;
}
