/**
 * SubmissionQueue with the real runtime and pool; the verifier is a stand-in whose answers the test
 * times (out of order, lying, failing) to pin the queue's guarantees.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { TxPoolError } from '../../../chain/node/errors.js';
import type { WorkerCheck } from '../../../chain/node/signature-messages.js';
import type { SignatureVerifier } from '../../../chain/node/signature-verifier.js';
import { SubmissionQueue } from '../../../chain/node/submission.js';
import { TransactionPool } from '../../../chain/node/txpool.js';
import { sign, type TestChain, testChain, transfer } from '../runtime/helpers.js';

const TAO = 1_000_000_000n;

interface Batch {
  checks: readonly WorkerCheck[];
  answer(valid: boolean[]): void;
  fail(): void;
}

function fakeVerifier(available = true) {
  const batches: Batch[] = [];
  const verifier = {
    available,
    verify: (checks: readonly WorkerCheck[]) =>
      new Promise<boolean[]>((resolve, reject) => {
        batches.push({ checks, answer: resolve, fail: () => reject(new Error('worker died')) });
      }),
  };
  return { verifier: verifier as unknown as SignatureVerifier, batches };
}

let c: TestChain;
let pool: TransactionPool;
let checksRequested: number;
let marked: number;

function queue(verifier: SignatureVerifier | undefined, maxPending?: number): SubmissionQueue {
  return new SubmissionQueue({
    pool,
    ...(maxPending === undefined ? {} : { maxPending }),
    ...(verifier === undefined ? {} : { verifier }),
    signatureCheck: (xt) => {
      checksRequested++;
      return c.runtime.signatureCheck(c.view, xt, c.next());
    },
    markVerified: (check) => {
      marked++;
      c.runtime.markSignatureVerified(check);
    },
  });
}

const turn = () => new Promise((r) => setImmediate(r));
const tamper = (xt: Uint8Array): Uint8Array => {
  const out = xt.slice();
  out[40] = (out[40]! + 1) % 256;
  return out;
};

beforeEach(async () => {
  c = await testChain();
  pool = new TransactionPool({
    validate: (xt) =>
      c.runtime.validateTransaction(c.view, xt, { number: c.best + 1, parentHash: c.hashes[c.best]! }),
    bestNumber: () => c.best,
  });
  checksRequested = 0;
  marked = 0;
});

describe('SubmissionQueue', () => {
  it('imports in arrival order whatever order the verdicts come back in', async () => {
    const { verifier, batches } = fakeVerifier();
    const q = queue(verifier);
    const xts = [0, 1, 2, 3, 4].map((nonce) => sign(c, c.alice, transfer(c, c.bob, TAO), { nonce }));
    const first = xts.slice(0, 3).map((xt) => q.submit(xt));
    await turn(); // one batch per event-loop turn
    const second = xts.slice(3).map((xt) => q.submit(xt));
    await turn();
    expect(batches.map((b) => b.checks.length)).toEqual([3, 2]);
    batches[1]!.answer([true, true]);
    await turn();
    // Nonces 3 and 4 wait for 0..2: importing them first would put them in future.
    expect(pool.readyCount + pool.futureCount).toBe(0);
    expect(q.waiting).toBe(5);
    batches[0]!.answer([true, true, true]);
    const txs = await Promise.all([...first, ...second]);
    expect(txs.map((t) => t.ready)).toEqual([true, true, true, true, true]);
    expect(txs.map((t) => t.insertion)).toEqual([...txs.map((t) => t.insertion)].sort((a, b) => a - b));
    expect(pool.futureCount).toBe(0);
    expect(marked).toBe(5);
  });

  it('skips the runtime check only for what the worker verified', async () => {
    const { verifier, batches } = fakeVerifier();
    const q = queue(verifier);
    const bad = tamper(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 }));
    const rejected = q.submit(bad);
    await turn();
    batches[0]!.answer([false]);
    await expect(rejected).rejects.toSatisfy(
      (err) =>
        err instanceof TxPoolError &&
        err.type.code === 'INVALID_TRANSACTION' &&
        err.type.reason === 'BadProof',
    );
    expect(marked).toBe(0);
    // The mark is what lets validation skip the check (here a lying verifier shows it).
    const lied = q.submit(bad);
    await turn();
    batches[1]!.answer([true]);
    expect((await lied).ready).toBe(true);
  });

  it('falls back to the runtime check when a worker fails', async () => {
    const { verifier, batches } = fakeVerifier();
    const q = queue(verifier);
    const good = q.submit(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 }));
    const bad = q.submit(tamper(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 1 })));
    await turn();
    batches[0]!.fail();
    expect((await good).ready).toBe(true);
    await expect(bad).rejects.toBeInstanceOf(TxPoolError);
    expect(marked).toBe(0);
  });

  it('goes straight to the pool without a ready verifier, keeping pool errors', async () => {
    const q = queue(fakeVerifier(false).verifier);
    const xt = sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 });
    const tx = await q.submit(xt);
    expect(tx.ready).toBe(true);
    await expect(q.submit(xt)).rejects.toSatisfy(
      (err) => err instanceof TxPoolError && err.type.code === 'ALREADY_IMPORTED',
    );
    expect(checksRequested).toBe(0);
    const future = await queue(undefined).submit(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 5 }));
    expect(future.ready).toBe(false);
  });

  it('verifies in-thread beyond maxPending checks waiting for workers, still in order', async () => {
    const { verifier, batches } = fakeVerifier();
    const q = queue(verifier, 2);
    const xts = [0, 1, 2].map((nonce) => sign(c, c.alice, transfer(c, c.bob, TAO), { nonce }));
    const submitted = xts.map((xt) => q.submit(xt));
    await turn();
    expect(batches.map((b) => b.checks.length)).toEqual([2]);
    expect(q.waiting).toBe(3);
    batches[0]!.answer([true, true]);
    const txs = await Promise.all(submitted);
    expect(txs.map((t) => t.ready)).toEqual([true, true, true]);
    expect(marked).toBe(2);
  });

  it('queues transactions without a check behind earlier ones that wait for a worker', async () => {
    const { verifier, batches } = fakeVerifier();
    const q = queue(verifier);
    const waiting = q.submit(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 }));
    let settled = false;
    const undecodable = q.submit(new Uint8Array([1, 2, 3])).catch((err: unknown) => {
      settled = true;
      return err;
    });
    await turn();
    expect(settled).toBe(false);
    batches[0]!.answer([true]);
    expect((await waiting).ready).toBe(true);
    expect(await undecodable).toBeInstanceOf(TxPoolError);
  });
});
