import { describe, expect, it } from 'vitest';
import { TxPoolError } from '../../../chain/node/errors.js';
import { type TransactionPool as Pool, TransactionPool, type TxStatus } from '../../../chain/node/txpool.js';
import type { Hex, TransactionValidity } from '../../../chain/runtime/interface.js';

/** Transactions are described by their bytes: [id, priority]; validity comes from this table. */
interface Spec {
  requires: Hex[];
  provides: Hex[];
  priority?: bigint;
  invalid?: boolean;
  longevity?: bigint;
}

function setup(options: { readyCount?: number; futureCount?: number } = {}) {
  const specs = new Map<number, Spec>();
  let best = 0;
  const pool = new TransactionPool({
    validate: (xt): TransactionValidity => {
      const spec = specs.get(xt[0]!);
      if (spec === undefined || spec.invalid) return { ok: false, invalid: 'Stale', message: 'stale' };
      return {
        ok: true,
        priority: spec.priority ?? 1n,
        requires: spec.requires,
        provides: spec.provides,
        longevity: spec.longevity ?? 100n,
        propagate: true,
        hash: '0x00',
      };
    },
    bestNumber: () => best,
    readyLimit: { count: options.readyCount ?? 100, bytes: 1 << 20 },
    futureLimit: { count: options.futureCount ?? 100, bytes: 1 << 20 },
  });
  const add = (id: number, spec: Spec) => {
    specs.set(id, spec);
    return pool.submit(Uint8Array.of(id, Number(spec.priority ?? 1n)));
  };
  return { pool, specs, add, setBest: (n: number) => (best = n) };
}

function watchAll(pool: Pool, hash: Hex): TxStatus[] {
  const seen: TxStatus[] = [];
  pool.watch(hash, (s) => seen.push(s));
  return seen;
}

function drain(pool: Pool): number[] {
  const it = pool.readyIterator();
  const out: number[] = [];
  for (let tx = it.next(); tx !== undefined; tx = it.next()) {
    out.push(tx.bytes[0]!);
    it.included(tx);
  }
  return out;
}

describe('TransactionPool', () => {
  it('puts a transaction with unmet requirements in future and promotes it when its provider arrives', () => {
    const { pool, add } = setup();
    const second = add(2, { requires: ['0xa1'], provides: ['0xa2'] });
    expect(second.ready).toBe(false);
    expect(pool.futureCount).toBe(1);
    const statuses = watchAll(pool, second.hash);
    const first = add(1, { requires: [], provides: ['0xa1'] });
    expect(first.ready).toBe(true);
    expect(second.ready).toBe(true);
    expect(statuses).toEqual(['ready']);
    expect(pool.readyCount).toBe(2);
  });

  it('rejects a duplicate with ALREADY_IMPORTED', () => {
    const { pool, add } = setup();
    add(1, { requires: [], provides: ['0xa1'] });
    expect(() => pool.submit(Uint8Array.of(1, 1))).toThrowError(
      expect.objectContaining({ type: expect.objectContaining({ code: 'ALREADY_IMPORTED' }) }),
    );
  });

  it('replaces a transaction providing the same tag only with a higher priority', () => {
    const { pool, add } = setup();
    const low = add(1, { requires: [], provides: ['0xa1'], priority: 5n });
    const lowStatus = watchAll(pool, low.hash);
    let err: unknown;
    try {
      add(2, { requires: [], provides: ['0xa1'], priority: 5n });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TxPoolError);
    expect((err as TxPoolError).type).toEqual({ code: 'TOO_LOW_PRIORITY', old: 5n, new: 5n });
    const high = add(3, { requires: [], provides: ['0xa1'], priority: 9n });
    expect(lowStatus).toEqual([{ usurped: high.hash }]);
    expect(pool.get(low.hash)).toBeUndefined();
    expect(pool.readyCount).toBe(1);
  });

  it('reports invalid validity as INVALID_TRANSACTION with the reason', () => {
    const { pool } = setup();
    expect(() => pool.submit(Uint8Array.of(42))).toThrowError(
      expect.objectContaining({ type: { code: 'INVALID_TRANSACTION', reason: 'Stale' } }),
    );
    expect(pool.readyCount + pool.futureCount).toBe(0);
  });

  it('yields ready transactions by priority, dependencies first', () => {
    const { pool, add } = setup();
    add(1, { requires: [], provides: ['0xa1'], priority: 1n });
    add(2, { requires: ['0xa1'], provides: ['0xa2'], priority: 100n });
    add(3, { requires: [], provides: ['0xb1'], priority: 50n });
    add(4, { requires: [], provides: ['0xc1'], priority: 50n });
    // 3 and 4 tie on priority (insertion order), 1 unlocks 2 which outranks everything after it.
    expect(drain(pool)).toEqual([3, 4, 1, 2]);
  });

  it('does not unlock dependents of a transaction the block builder rejected', () => {
    const { pool, add } = setup();
    add(1, { requires: [], provides: ['0xa1'] });
    add(2, { requires: ['0xa1'], provides: ['0xa2'] });
    const it = pool.readyIterator();
    expect(it.next()?.bytes[0]).toBe(1);
    expect(it.next()).toBeUndefined();
  });

  it('prunes included transactions, keeps dependents ready', () => {
    const { pool, add, specs } = setup();
    const a = add(1, { requires: [], provides: ['0xa1'] });
    const b = add(2, { requires: ['0xa1'], provides: ['0xa2'] });
    const aStatus = watchAll(pool, a.hash);
    // On chain, 0xa1 is now satisfied: re-validation no longer reports it.
    specs.get(2)!.requires = [];
    pool.pruneBlock({ number: 1, blockHash: '0xbb', included: [a], invalid: [] });

    pool.finalized('0xbb', [a.hash]);
    expect(aStatus).toEqual([{ inBlock: '0xbb' }, { finalized: '0xbb' }]);
    expect(b.ready).toBe(true);
    expect(b.requires).toEqual([]);
    expect(drain(pool)).toEqual([2]);
  });

  it('drops transactions the block builder found invalid, demoting their dependents', () => {
    const { pool, add, specs } = setup();
    const a = add(1, { requires: [], provides: ['0xa1'] });
    const b = add(2, { requires: ['0xa1'], provides: ['0xa2'] });
    const aStatus = watchAll(pool, a.hash);
    specs.get(2)!.requires = ['0xa1'];
    pool.pruneBlock({ number: 1, blockHash: '0xbb', included: [], invalid: [a] });
    expect(aStatus).toEqual(['invalid']);
    expect(b.ready).toBe(false);
    expect(pool.futureCount).toBe(1);
  });

  it('expires transactions past their longevity', () => {
    const { pool, add } = setup();
    const a = add(1, { requires: [], provides: ['0xa1'], longevity: 2n });
    const status = watchAll(pool, a.hash);
    pool.pruneBlock({ number: 1, blockHash: '0x01', included: [], invalid: [] });
    expect(pool.get(a.hash)).toBeDefined();
    pool.pruneBlock({ number: 2, blockHash: '0x02', included: [], invalid: [] });
    expect(pool.get(a.hash)).toBeUndefined();
    expect(status).toEqual(['invalid']);
  });

  it('revalidation removes transactions that became invalid', () => {
    const { pool, add, specs } = setup();
    const a = add(1, { requires: [], provides: ['0xa1'] });
    specs.get(1)!.invalid = true;
    pool.pruneBlock({ number: 1, blockHash: '0x01', included: [], invalid: [] });
    expect(pool.get(a.hash)).toBeUndefined();
  });

  it('evicts the lowest priority when full and refuses a newcomer that would be the worst', () => {
    const { pool, add } = setup({ readyCount: 2 });
    const a = add(1, { requires: [], provides: ['0xa1'], priority: 5n });
    add(2, { requires: [], provides: ['0xa2'], priority: 7n });
    const aStatus = watchAll(pool, a.hash);
    add(3, { requires: [], provides: ['0xa3'], priority: 9n });
    expect(aStatus).toEqual(['dropped']);
    expect(() => add(4, { requires: [], provides: ['0xa4'], priority: 1n })).toThrowError(
      expect.objectContaining({ type: { code: 'IMMEDIATELY_DROPPED' } }),
    );
    expect(pool.readyCount).toBe(2);
    expect(pool.hasProvider('0xa4')).toBe(false);
  });
});
