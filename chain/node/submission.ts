/**
 * Transaction submission in front of the pool: signatures are verified by `SignatureVerifier` worker
 * threads, batched per event-loop turn (what arrives together is verified together), while the pool
 * still imports every transaction in arrival order, so ready/future, nonces and 1010 errors are exactly
 * those of submitting synchronously. A signature a worker verified is marked in the runtime's verified
 * cache before the pool validates the transaction, so validation skips it; anything a worker did not
 * verify (no worker ready, invalid signature, worker failure) is verified by the runtime itself, in-thread.
 */
import type { SignatureCheck } from '../runtime/interface.js';
import type { SignatureVerifier } from './signature-verifier.js';
import type { PoolTransaction, TransactionPool } from './txpool.js';

export interface SubmissionQueueOptions {
  pool: TransactionPool;
  /** Off-thread verification; absent: every submission goes straight to the pool. */
  verifier?: SignatureVerifier;
  /** The runtime's signature check of a transaction against the best block, if it can be handed out. */
  signatureCheck(bytes: Uint8Array): SignatureCheck | undefined;
  /** Tells the runtime a check was verified. */
  markVerified(check: SignatureCheck): void;
  /** Most checks sent in one batch. Default 256. */
  maxBatch?: number;
  /**
   * Most checks waiting for workers; beyond it new arrivals are verified in-thread by the pool's validation
   * (backpressure: the main thread shares the work instead of the queue growing). Default 16,384.
   */
  maxPending?: number;
}

interface Entry {
  bytes: Uint8Array;
  check: SignatureCheck | undefined;
  /** `pending` until the worker answers; entries without a check are `unverified` from the start. */
  status: 'pending' | 'verified' | 'unverified';
  resolve(tx: PoolTransaction): void;
  reject(err: unknown): void;
}

export class SubmissionQueue {
  private readonly queue: Entry[] = [];
  private head = 0;
  private batch: Entry[] = [];
  private flushScheduled = false;
  /** Checks sent or about to be sent to workers, not answered yet. */
  private pendingChecks = 0;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(private readonly options: SubmissionQueueOptions) {
    this.maxBatch = options.maxBatch ?? 256;
    this.maxPending = options.maxPending ?? 16_384;
  }

  /** Transactions waiting for their signature check or for earlier ones. */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Imports `bytes` into the pool after every earlier submission; rejects with the pool's error. */
  submit(bytes: Uint8Array): Promise<PoolTransaction> {
    return new Promise<PoolTransaction>((resolve, reject) => {
      const check = this.checkFor(bytes);
      const entry: Entry = { bytes, check, status: check ? 'pending' : 'unverified', resolve, reject };
      this.queue.push(entry);
      if (check) {
        this.pendingChecks++;
        this.batch.push(entry);
        if (this.batch.length >= this.maxBatch) this.flush();
        else if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(() => this.flush());
        }
      }
      this.drain();
    });
  }

  private checkFor(bytes: Uint8Array): SignatureCheck | undefined {
    if (this.options.verifier?.available !== true || this.pendingChecks >= this.maxPending) return undefined;
    try {
      return this.options.signatureCheck(bytes);
    } catch {
      return undefined; // The pool's validation reports whatever is wrong with it.
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    const verifier = this.options.verifier!;
    verifier
      .verify(batch.map((e) => e.check!))
      .then(
        (valid) => {
          batch.forEach((e, i) => {
            e.status = valid[i] === true ? 'verified' : 'unverified';
          });
        },
        () => {
          for (const e of batch) e.status = 'unverified';
        },
      )
      .finally(() => {
        this.pendingChecks -= batch.length;
        this.drain();
      });
  }

  /** Imports, in arrival order, every leading submission whose signature check is settled. */
  private drain(): void {
    while (this.head < this.queue.length && this.queue[this.head]!.status !== 'pending') {
      const entry = this.queue[this.head++]!;
      try {
        if (entry.status === 'verified') this.options.markVerified(entry.check!);
        entry.resolve(this.options.pool.submit(entry.bytes));
      } catch (err) {
        entry.reject(err);
      }
    }
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
