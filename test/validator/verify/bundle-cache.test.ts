/**
 * The bundle cache's disk budget (validator/verify/bundle-cache.ts): least recently used entries go
 * first, partial downloads count at their reserved size, pinned entries stay, the budget holds on disk
 * after every step and across restarts.
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleCache, BundleCacheError } from '../../../validator/verify/bundle-cache.js';

const KB = 1024;
let root: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-cache-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const digest = (i: number) => i.toString(16).padStart(2, '0').repeat(32);

/** Bytes of every file under `dir`, recursively: what the budget promises about the disk. */
function onDisk(dir: string): number {
  let sum = 0;
  for (const name of readdirSync(dir)) {
    const stat = statSync(join(dir, name));
    sum += stat.isDirectory() ? onDisk(join(dir, name)) : stat.size;
  }
  return sum;
}

/** Stores a complete bundle of `bytes` the way a download does: reserve, write, complete. */
async function store(cache: BundleCache, d: string, bytes: number): Promise<void> {
  const unpin = await cache.reserve(d, bytes);
  writeFileSync(join(cache.partialDir(d), 'model.onnx'), new Uint8Array(bytes));
  await cache.complete(d);
  unpin();
}

describe('BundleCache', () => {
  it('evicts the least recently used bundles and stays within its budget on disk', async () => {
    const dir = join(root, `c${n++}`);
    const cache = new BundleCache({ dir, budgetBytes: 250 * KB });
    for (const i of [1, 2]) await store(cache, digest(i), 100 * KB);
    cache.touch(digest(1)); // 2 is now the least recently used
    await store(cache, digest(3), 100 * KB);
    expect([1, 2, 3].map((i) => cache.has(digest(i)))).toEqual([true, false, true]);
    expect(cache.usedBytes).toBe(200 * KB);
    expect(onDisk(dir)).toBeLessThanOrEqual(250 * KB);
    expect(cache.path(digest(2))).toBeUndefined();
    expect(cache.path(digest(1))).toBe(join(dir, 'complete', digest(1)));
  });

  it('counts a partial download at its reserved size and never evicts what is pinned', async () => {
    const dir = join(root, `c${n++}`);
    const cache = new BundleCache({ dir, budgetBytes: 250 * KB });
    await store(cache, digest(1), 100 * KB);
    const unpinOld = cache.pin(digest(1)); // being re-executed
    const unpinPartial = await cache.reserve(digest(2), 120 * KB); // download in progress, nothing written yet
    expect(cache.usedBytes).toBe(220 * KB);
    const refused = await cache.reserve(digest(3), 100 * KB).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(BundleCacheError);
    expect((refused as BundleCacheError).type).toMatchObject({
      code: 'NO_ROOM',
      bytes: 100 * KB,
      pinnedBytes: 220 * KB,
    });
    expect(cache.has(digest(1))).toBe(true);
    // Once released, both can make room (the partial one too: it is the least recently used).
    unpinOld();
    unpinPartial();
    cache.settle(digest(2));
    await cache.reserve(digest(3), 200 * KB);
    expect(cache.usedBytes).toBeLessThanOrEqual(250 * KB);
    expect(onDisk(dir)).toBeLessThanOrEqual(250 * KB);
  });

  it('refuses a bundle larger than the whole budget', async () => {
    const cache = new BundleCache({ dir: join(root, `c${n++}`), budgetBytes: 10 * KB });
    await expect(cache.reserve(digest(1), 11 * KB)).rejects.toMatchObject({ code: 'NO_ROOM' });
    expect(cache.usedBytes).toBe(0);
  });

  it('finds its bundles and partial downloads after a restart, trims to a smaller budget, drops junk', async () => {
    const dir = join(root, `c${n++}`);
    const cache = new BundleCache({ dir, budgetBytes: 1000 * KB });
    for (const i of [1, 2, 3]) await store(cache, digest(i), 100 * KB);
    cache.touch(digest(1));
    await new Promise((resolve) => setTimeout(resolve, 20)); // mtimes are the persisted last use
    mkdirSync(join(dir, 'partial', digest(4)));
    writeFileSync(join(dir, 'partial', digest(4), 'model.onnx'), new Uint8Array(30 * KB));
    mkdirSync(join(dir, 'complete', 'not-a-digest'));
    const restarted = new BundleCache({ dir, budgetBytes: 1000 * KB });
    expect([1, 2, 3].every((i) => restarted.has(digest(i)))).toBe(true);
    expect(restarted.has(digest(4))).toBe(false);
    expect(restarted.usedBytes).toBe(330 * KB);
    expect(readdirSync(join(dir, 'complete'))).not.toContain('not-a-digest');
    const smaller = new BundleCache({ dir, budgetBytes: 150 * KB });
    expect(smaller.usedBytes).toBeLessThanOrEqual(150 * KB);
    expect(onDisk(dir)).toBeLessThanOrEqual(150 * KB);
    expect(smaller.has(digest(4)) || smaller.has(digest(1))).toBe(true);
  });

  it('refuses a digest that is not 64 lowercase hex characters', async () => {
    const cache = new BundleCache({ dir: join(root, `c${n++}`), budgetBytes: 10 * KB });
    await expect(cache.reserve('../../etc', 1)).rejects.toMatchObject({ code: 'BAD_DIGEST' });
  });
});
