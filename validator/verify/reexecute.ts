/**
 * Re-execution of spot-checked items on a committed bundle, in a worker thread so the validator's event
 * loop (rounds, gateway, chain) never waits on a model.
 *
 * CPU budget: the worker runs ORT with one intra-op thread, so a run costs about its duration on one
 * core (`cpuMs` is that duration: loading the bundle when it is not loaded yet, featurising, running).
 * Runs go one at a time, and after a run of `c` ms the next one starts no earlier than
 * `c × (1/cpuShare − 1)` ms later: over time re-execution uses at most `cpuShare` of one core.
 */
import { Worker } from 'node:worker_threads';
import { ExpertnetError } from '../../shared/errors.js';
import type { ReexecWorkerInit, ReexecWorkerReply, ReexecWorkerRequest } from './reexecute-messages.js';

export type ReexecutionErrorType =
  | { code: 'INVALID_PARAMETER'; parameter: string; reason: string }
  /** The bundle could not be loaded or the model failed on the texts (`reason` from the worker). */
  | { code: 'RUN_FAILED'; dir: string; reason: string }
  /** The worker died (crash, out of memory) while the run was in it; the next run starts a new one. */
  | { code: 'WORKER_FAILED'; reason: string }
  | { code: 'TIMEOUT'; dir: string; timeoutMs: number }
  | { code: 'QUEUE_FULL'; limit: number }
  | { code: 'CLOSED' };

export class ReexecutionError extends ExpertnetError<ReexecutionErrorType> {}

export interface ReexecutorOptions {
  /** Share of one CPU core re-execution may use on average, in (0, 1]. */
  cpuShare: number;
  /** Worker threads (one: the budget is one core's share). */
  workers?: 1;
  /** Bundles kept loaded in the worker. Default 4. */
  maxLoadedModels?: number;
  /** Texts per model call; longer lists are split. Default 256. */
  maxBatch?: number;
  /** A run (load included) taking longer fails with TIMEOUT and the worker is replaced. Default 60 000. */
  timeoutMs?: number;
  /** Runs waiting for the worker; more are refused with QUEUE_FULL. Default 10 000. */
  maxQueued?: number;
}

export interface ReexecutionResult {
  /** One vector per text, in order, over the bundle's labels (float32 values). */
  probabilities: number[][];
  /** Worker time spent on this call, ms (≈ CPU time of one core). */
  cpuMs: number;
}

export interface ReexecutorStats {
  /** Model calls completed (a long list counts once per `maxBatch` slice). */
  runs: number;
  /** Total worker time, ms. */
  cpuMs: number;
  /** Calls waiting for the worker. */
  queued: number;
  /** Workers started (1 + replacements after a crash or timeout). */
  workersStarted: number;
}

interface Job {
  dir: string;
  texts: string[];
  resolve(result: { probs: Float32Array; classes: number; ms: number }): void;
  reject(err: Error): void;
}

// Under tsx/vitest this file is TypeScript and so is the worker; register tsx inside the worker first.
const SELF_IS_TS = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(SELF_IS_TS ? './reexecute-worker.ts' : './reexecute-worker.js', import.meta.url);

export class Reexecutor {
  readonly cpuShare: number;
  readonly #init: ReexecWorkerInit;
  readonly #timeoutMs: number;
  readonly #maxQueued: number;
  readonly #queue: Job[] = [];
  #worker: Worker | undefined;
  #current: { job: Job; id: number; timer: NodeJS.Timeout | undefined } | undefined;
  #nextId = 1;
  /** `performance.now()` before which the next run may not start (the pacing). */
  #notBefore = 0;
  #wake: NodeJS.Timeout | undefined;
  #closed = false;
  /** Resolved when no run is in flight (close waits on it). */
  #idle: (() => void)[] = [];
  #stats: ReexecutorStats = { runs: 0, cpuMs: 0, queued: 0, workersStarted: 0 };

  constructor(options: ReexecutorOptions) {
    const { cpuShare } = options;
    if (!(typeof cpuShare === 'number' && cpuShare > 0 && cpuShare <= 1)) {
      throw invalid('cpuShare', `must be in (0, 1], got ${String(cpuShare)}`);
    }
    const maxBatch = options.maxBatch ?? 256;
    const maxLoadedModels = options.maxLoadedModels ?? 4;
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw invalid('maxBatch', 'must be a positive integer');
    if (!Number.isInteger(maxLoadedModels) || maxLoadedModels < 1) {
      throw invalid('maxLoadedModels', 'must be a positive integer');
    }
    this.cpuShare = cpuShare;
    this.#init = { maxBatch, maxLoadedModels };
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#maxQueued = options.maxQueued ?? 10_000;
  }

  get stats(): ReexecutorStats {
    return { ...this.#stats, queued: this.#queue.length };
  }

  /**
   * Recomputes `texts` on the model in `bundleDir` (a model directory; check its digest before: this
   * only checks the ONNX hash named by its `model.json`). Rejects with `ReexecutionError`.
   */
  async run(bundleDir: string, texts: string[]): Promise<ReexecutionResult> {
    if (this.#closed) throw new ReexecutionError({ code: 'CLOSED' }, 'the re-executor is closed');
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      throw invalid('texts', 'must be an array of strings');
    }
    const probabilities: number[][] = [];
    let cpuMs = 0;
    for (let from = 0; from < texts.length; from += this.#init.maxBatch) {
      const slice = texts.slice(from, from + this.#init.maxBatch);
      const { probs, classes, ms } = await this.#enqueue(bundleDir, slice);
      cpuMs += ms;
      for (let i = 0; i < slice.length; i++) {
        probabilities.push(Array.from(probs.subarray(i * classes, (i + 1) * classes)));
      }
    }
    return { probabilities, cpuMs };
  }

  /** Fails queued runs, lets the current one finish (or time out), then ends the worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#wake);
    for (const job of this.#queue.splice(0)) {
      job.reject(new ReexecutionError({ code: 'CLOSED' }, 'the re-executor closed before this run'));
    }
    // The run in flight ends by its answer, or by its deadline (which replaces nothing: closed).
    if (this.#current) await new Promise<void>((resolve) => this.#idle.push(resolve));
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ReexecWorkerRequest);
    const force = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(force);
  }

  #enqueue(dir: string, texts: string[]): Promise<{ probs: Float32Array; classes: number; ms: number }> {
    if (this.#queue.length >= this.#maxQueued) {
      const limit = this.#maxQueued;
      return Promise.reject(
        new ReexecutionError({ code: 'QUEUE_FULL', limit }, `${limit} runs already queued`),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ dir, texts, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#closed || this.#current || this.#queue.length === 0 || this.#wake) return;
    const wait = this.#notBefore - performance.now();
    if (wait > 0) {
      this.#wake = setTimeout(() => {
        this.#wake = undefined;
        this.#pump();
      }, wait);
      return;
    }
    const job = this.#queue.shift();
    if (!job) return;
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    const timeoutMs = this.#timeoutMs;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            const err = new ReexecutionError(
              { code: 'TIMEOUT', dir: job.dir, timeoutMs },
              `re-execution took longer than ${timeoutMs} ms`,
            );
            this.#charge(timeoutMs);
            this.#dropWorker(worker, err);
          }, timeoutMs)
        : undefined;
    this.#current = { job, id, timer };
    worker.ref();
    worker.postMessage({ type: 'run', id, dir: job.dir, texts: job.texts } satisfies ReexecWorkerRequest);
  }

  /** Counts `ms` of worker time and sets when the next run may start. */
  #charge(ms: number): void {
    this.#stats.cpuMs += ms;
    this.#notBefore = performance.now() + ms * (1 / this.cpuShare - 1);
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = SELF_IS_TS
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`,
          { eval: true, workerData: this.#init, execArgv: [] },
        )
      : new Worker(WORKER_URL, { workerData: this.#init });
    this.#stats.workersStarted++;
    worker.on('message', (msg: ReexecWorkerReply) => this.#onReply(worker, msg));
    worker.on('error', (err) =>
      this.#dropWorker(
        worker,
        new ReexecutionError({ code: 'WORKER_FAILED', reason: err.message }, err.message),
      ),
    );
    worker.on('exit', (code) => {
      const reason = `worker exited (${code})`;
      this.#dropWorker(worker, new ReexecutionError({ code: 'WORKER_FAILED', reason }, reason));
    });
    this.#worker = worker;
    return worker;
  }

  #onReply(worker: Worker, msg: ReexecWorkerReply): void {
    if (msg.type === 'ready' || worker !== this.#worker) return;
    const current = this.#current;
    if (!current || current.id !== msg.id) return;
    this.#settled(worker);
    clearTimeout(current.timer);
    this.#charge(msg.ms);
    if (msg.type === 'result') {
      this.#stats.runs++;
      current.job.resolve({ probs: msg.probs, classes: msg.classes, ms: msg.ms });
    } else {
      const dir = current.job.dir;
      current.job.reject(
        new ReexecutionError(
          { code: 'RUN_FAILED', dir, reason: msg.message },
          `re-execution on ${dir} failed`,
          {
            metaMessages: [msg.message],
          },
        ),
      );
    }
    this.#pump();
  }

  /** The worker is gone or hung: fail the run it held, stop it; the next run starts a fresh one. */
  #dropWorker(worker: Worker, err: ReexecutionError): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    void worker.terminate().catch(() => undefined);
    const current = this.#current;
    this.#settled(worker);
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(err);
    }
    this.#pump();
  }

  /** No run in flight any more: an idle worker must not keep the process alive. */
  #settled(worker: Worker): void {
    this.#current = undefined;
    worker.unref();
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

function invalid(parameter: string, reason: string): ReexecutionError {
  return new ReexecutionError({ code: 'INVALID_PARAMETER', parameter, reason }, `${parameter} ${reason}`);
}
