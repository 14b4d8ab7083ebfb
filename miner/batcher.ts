/**
 * Dynamic batching (as Triton's dynamic batcher): texts from all connections go into one queue; a
 * batch leaves when it is full (`maxBatch`) or when its oldest text has waited `maxDelayMs`, whichever
 * comes first. One batch runs at a time (the worker is one thread); the next one fills up meanwhile.
 * The queue is bounded: past `maxQueueItems`, `submit` refuses with OVERLOADED (backpressure).
 * Work nobody waits for never reaches the model: a job whose `signal` aborts (its connection closed)
 * leaves the queue at once, and one that waited over `maxWaitMs` is dropped when it would be batched;
 * both reject with DROPPED.
 */
import { MinerError } from './errors.js';
import type { BatchResult } from './inference/inference-worker.js';

export interface DynamicBatcherOptions {
  maxBatch: number;
  maxDelayMs: number;
  /** Texts allowed to wait; more are refused. */
  maxQueueItems: number;
  /** Longest a job may wait for its batch; older ones are dropped. Default: no limit. */
  maxWaitMs?: number;
  /** Labels per vector (to slice the flat results). */
  labels: number;
  run: (texts: string[]) => Promise<BatchResult>;
  /** Called once per batch with its size and backend time (metrics). */
  onBatch?: (size: number, inferenceMs: number) => void;
  /** Called whenever the number of waiting texts changes (metrics). */
  onQueueDepth?: (depth: number) => void;
  /** Called for each job dropped before inference (metrics). */
  onDrop?: (reason: DropReason) => void;
}

export type DropReason = 'disconnected' | 'expired';

export interface SubmitOptions {
  /** Aborting it drops the job if it has not reached the model yet. */
  signal?: AbortSignal;
}

export interface SubmitResult {
  /** One vector per submitted text, in order. */
  probabilities: Float32Array[];
  /** Backend time of the batch(es) that carried these texts (max when split). */
  inferenceMs: number;
}

/** A request's texts; may be split across batches when larger than what is left in one. */
interface Job {
  texts: string[];
  /** Next text of this job not yet placed in a batch. */
  next: number;
  remaining: number;
  out: Float32Array[];
  inferenceMs: number;
  enqueuedAt: number;
  resolve: (result: SubmitResult) => void;
  reject: (err: Error) => void;
  failed: boolean;
  /** Removes the abort listener (called once the job leaves the queue or settles). */
  release: () => void;
}

interface Slice {
  job: Job;
  from: number;
  count: number;
}

export class DynamicBatcher {
  readonly #opts: DynamicBatcherOptions;
  readonly #queue: Job[] = [];
  #queued = 0;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #idleWaiters: (() => void)[] = [];
  /** Recent batch time, to suggest a retry delay to refused callers. */
  #lastBatchMs = 1;

  constructor(options: DynamicBatcherOptions) {
    if (options.maxBatch < 1) throw new RangeError('maxBatch must be ≥ 1');
    this.#opts = options;
  }

  /** Texts waiting for a batch. */
  get queueDepth(): number {
    return this.#queued;
  }

  get idle(): boolean {
    return this.#queued === 0 && !this.#running;
  }

  submit(texts: string[], options: SubmitOptions = {}): Promise<SubmitResult> {
    if (texts.length === 0) return Promise.resolve({ probabilities: [], inferenceMs: 0 });
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(dropped('disconnected', 0));
    const limit = this.#opts.maxQueueItems;
    // Expired jobs still hold room (they leave when batched): make way for fresh work first.
    if (this.#queued + texts.length > limit) this.#dropExpired(Number.POSITIVE_INFINITY);
    if (this.#queued + texts.length > limit) {
      const batchesAhead = Math.ceil(this.#queued / this.#opts.maxBatch) + 1;
      const retryAfterMs = Math.max(1, Math.ceil(batchesAhead * this.#lastBatchMs));
      return Promise.reject(
        new MinerError(
          { code: 'OVERLOADED', queued: this.#queued, limit, retryAfterMs },
          'inference queue is full',
        ),
      );
    }
    return new Promise<SubmitResult>((resolve, reject) => {
      const job: Job = {
        texts,
        next: 0,
        remaining: texts.length,
        out: new Array<Float32Array>(texts.length),
        inferenceMs: 0,
        enqueuedAt: performance.now(),
        resolve,
        reject,
        failed: false,
        release: () => undefined,
      };
      if (signal) {
        const onAbort = () => this.#drop(job, 'disconnected');
        signal.addEventListener('abort', onAbort, { once: true });
        job.release = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(job);
      this.#queued += texts.length;
      this.#opts.onQueueDepth?.(this.#queued);
      this.#schedule();
    });
  }

  /** Rejects a job still (partly) waiting and takes its waiting texts out of the queue. */
  #drop(job: Job, reason: DropReason): void {
    const index = this.#queue.indexOf(job);
    if (index < 0 || job.failed) return;
    this.#queue.splice(index, 1);
    this.#queued -= job.texts.length - job.next;
    job.failed = true;
    job.release();
    job.reject(dropped(reason, performance.now() - job.enqueuedAt));
    this.#opts.onDrop?.(reason);
    this.#opts.onQueueDepth?.(this.#queued);
    if (this.#queue.length === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      if (this.idle) this.#notifyIdle();
    }
  }

  /** Drops expired jobs among the first `scan` of the queue (the head only, when batching). */
  #dropExpired(scan: number): void {
    const maxWaitMs = this.#opts.maxWaitMs;
    if (maxWaitMs === undefined) return;
    const cutoff = performance.now() - maxWaitMs;
    const expired = this.#queue.slice(0, scan).filter((job) => job.enqueuedAt < cutoff);
    for (const job of expired) this.#drop(job, 'expired');
  }

  /** Resolves once nothing is queued or running. */
  drain(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #schedule(): void {
    if (this.#running || this.#queued === 0) return;
    const oldest = this.#queue[0]!;
    const waited = performance.now() - oldest.enqueuedAt;
    if (this.#queued >= this.#opts.maxBatch || waited >= this.#opts.maxDelayMs) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#dispatch();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#schedule();
    }, this.#opts.maxDelayMs - waited);
  }

  #take(): Slice[] {
    // The queue is in arrival order, so expired jobs sit at its front.
    const maxWaitMs = this.#opts.maxWaitMs;
    if (maxWaitMs !== undefined) {
      const cutoff = performance.now() - maxWaitMs;
      let head = this.#queue[0];
      while (head && head.enqueuedAt < cutoff) {
        this.#drop(head, 'expired');
        head = this.#queue[0];
      }
    }
    const slices: Slice[] = [];
    let room = this.#opts.maxBatch;
    while (room > 0 && this.#queue.length > 0) {
      const job = this.#queue[0]!;
      const count = Math.min(room, job.texts.length - job.next);
      slices.push({ job, from: job.next, count });
      job.next += count;
      room -= count;
      if (job.next === job.texts.length) {
        this.#queue.shift();
        job.release();
      }
    }
    const taken = this.#opts.maxBatch - room;
    this.#queued -= taken;
    this.#opts.onQueueDepth?.(this.#queued);
    return slices;
  }

  #dispatch(): void {
    const slices = this.#take();
    if (slices.length === 0) return;
    const texts: string[] = [];
    for (const { job, from, count } of slices) {
      for (let i = from; i < from + count; i++) texts.push(job.texts[i]!);
    }
    this.#running = true;
    this.#opts.run(texts).then(
      (result) => this.#complete(slices, texts.length, result),
      (err: unknown) => this.#fail(slices, err instanceof Error ? err : new Error(String(err))),
    );
  }

  #complete(slices: Slice[], size: number, result: BatchResult): void {
    const labels = this.#opts.labels;
    if (result.probs.length !== size * labels) {
      this.#fail(
        slices,
        new MinerError(
          { code: 'BAD_BACKEND_OUTPUT', expected: size * labels, actual: result.probs.length },
          'backend output has the wrong size',
        ),
      );
      return;
    }
    this.#lastBatchMs = result.inferenceMs;
    this.#opts.onBatch?.(size, result.inferenceMs);
    let offset = 0;
    for (const { job, from, count } of slices) {
      for (let i = 0; i < count; i++) {
        job.out[from + i] = result.probs.subarray((offset + i) * labels, (offset + i + 1) * labels);
      }
      offset += count;
      job.remaining -= count;
      job.inferenceMs = Math.max(job.inferenceMs, result.inferenceMs);
      if (job.remaining === 0 && !job.failed)
        job.resolve({ probabilities: job.out, inferenceMs: job.inferenceMs });
    }
    this.#afterBatch();
  }

  #fail(slices: Slice[], err: Error): void {
    for (const { job } of slices) {
      if (job.failed) continue;
      job.failed = true;
      job.reject(err);
      // Drop the rest of a failed job still waiting in the queue.
      job.release();
      const index = this.#queue.indexOf(job);
      if (index >= 0) {
        this.#queue.splice(index, 1);
        this.#queued -= job.texts.length - job.next;
      }
    }
    this.#opts.onQueueDepth?.(this.#queued);
    this.#afterBatch();
  }

  #afterBatch(): void {
    this.#running = false;
    if (this.idle) {
      this.#notifyIdle();
      return;
    }
    this.#schedule();
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function dropped(reason: DropReason, waitedMs: number): MinerError {
  const why = reason === 'disconnected' ? 'its connection closed' : 'it waited too long';
  return new MinerError({ code: 'DROPPED', reason, waitedMs }, `request dropped before inference: ${why}`);
}
