/**
 * Main-thread handle on the inference worker: the model runs (and blocks) in a `worker_threads`
 * worker so the WebSocket server, handshakes and signing stay responsive while a batch runs.
 * If the worker dies, pending batches fail with INFERENCE_FAILED and a new worker is started. A batch
 * that runs past `timeoutMs` fails with INFERENCE_TIMEOUT and its worker is terminated and replaced
 * at once (a thread stuck in native code may never exit, so the replacement does not wait for it).
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';
import { MinerError } from '../errors.js';
import type { BackendInfo } from './backend.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './messages.js';

export interface InferenceWorkerOptions {
  /** URL or path of a module exporting `loadBackend` (see backend.ts). */
  backendModule: string | URL;
  modelDir: string;
  device?: 'cpu' | 'cuda';
  maxBatch: number;
  /** Full-size batches run before `start` resolves. Default 3. */
  warmupRuns?: number;
  /** Longest a batch may run before the worker is replaced; 0 = no deadline. Default 5000. */
  timeoutMs?: number;
  /** Longest a (re)started worker may take to load and warm up. Default 120 000. */
  readyTimeoutMs?: number;
  /** Called when the worker goes down (`up` false, with the reason) and when a replacement is ready. */
  onStateChange?: (up: boolean, reason?: WorkerDownReason) => void;
  logger?: Logger;
}

/** Why a worker was replaced: it exited (crash) or a batch ran past its deadline (hang). */
export type WorkerDownReason = 'exit' | 'timeout';

export interface InferenceWorkerHealth {
  /** A worker is loaded and taking batches. */
  up: boolean;
  /** Replacements started since `start`. */
  restarts: number;
  /** Batches that ran past the deadline, in a row (reset by a batch that completes). */
  consecutiveTimeouts: number;
}

export interface BatchResult {
  /** Flat [items × labels] probabilities. */
  probs: Float32Array;
  /** Time the backend spent on the batch, in the worker. */
  inferenceMs: number;
}

interface Pending {
  resolve: (result: BatchResult) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_READY_TIMEOUT_MS = 120_000;

// Under tsx/vitest this file is TypeScript and so is the worker next to it; teach the worker to load it.
const SELF_IS_TS = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(SELF_IS_TS ? './worker.ts' : './worker.js', import.meta.url);

function toModuleUrl(spec: string | URL): string {
  if (spec instanceof URL) return spec.href;
  if (/^[a-z]+:/i.test(spec)) return spec;
  return new URL(spec, `file://${process.cwd()}/`).href;
}

export class InferenceWorker {
  readonly info: BackendInfo;
  readonly #init: WorkerInit;
  readonly #opts: InferenceWorkerOptions;
  readonly #log: Logger;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker;
  #nextId = 1;
  #closing = false;
  /** False between a worker's death and its replacement being ready. */
  #alive = true;
  #restarts = 0;
  #consecutiveTimeouts = 0;

  private constructor(
    worker: Worker,
    info: BackendInfo,
    init: WorkerInit,
    options: InferenceWorkerOptions,
    log: Logger,
  ) {
    this.#worker = worker;
    this.info = info;
    this.#init = init;
    this.#opts = options;
    this.#log = log;
    this.#attach(worker);
  }

  /** Starts the worker, loads and warms the model; rejects with WORKER_START_FAILED. */
  static async start(options: InferenceWorkerOptions): Promise<InferenceWorker> {
    const init: WorkerInit = {
      backendModule: toModuleUrl(options.backendModule),
      modelDir: options.modelDir,
      device: options.device ?? 'cpu',
      maxBatch: options.maxBatch,
      warmupRuns: options.warmupRuns ?? 3,
    };
    const log = options.logger ?? silentLogger();
    const readyMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const { worker, info } = await InferenceWorker.#spawn(init, readyMs);
    log.info(
      { domain: info.domain, task: info.task, labels: info.labels.length, sha256: info.sha256 },
      'model loaded',
    );
    return new InferenceWorker(worker, info, init, options, log);
  }

  static #spawn(init: WorkerInit, readyTimeoutMs: number): Promise<{ worker: Worker; info: BackendInfo }> {
    // Under tsx, register its loader inside the worker first (execArgv `--import tsx` does not reach
    // worker threads started from vitest), then load the TypeScript worker module.
    const worker = SELF_IS_TS
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`,
          { eval: true, workerData: init, execArgv: [] },
        )
      : new Worker(WORKER_URL, { workerData: init });
    return new Promise((resolve, reject) => {
      // Remove only our listeners: removeAllListeners() would also drop Worker's own port referencing.
      const detach = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (reason: string) => {
        detach();
        void worker.terminate();
        reject(
          new MinerError(
            { code: 'WORKER_START_FAILED', modelDir: init.modelDir, reason },
            `cannot load the model: ${reason}`,
          ),
        );
      };
      const onMessage = (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          detach();
          resolve({ worker, info: msg.info });
        } else if (msg.type === 'fatal') fail(msg.message);
      };
      const onError = (err: Error) => fail(err.message);
      const onExit = (code: number) => fail(`worker exited with code ${code}`);
      // A backend that hangs while loading or warming up must not leave the miner without a worker.
      const timer = setTimeout(() => fail(`not ready after ${readyTimeoutMs} ms`), readyTimeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  get pendingBatches(): number {
    return this.#pending.size;
  }

  get health(): InferenceWorkerHealth {
    return { up: this.#alive, restarts: this.#restarts, consecutiveTimeouts: this.#consecutiveTimeouts };
  }

  #attach(worker: Worker): void {
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type !== 'result' && msg.type !== 'error') return;
      const pending = this.#pending.get(msg.id);
      if (!pending) return;
      this.#pending.delete(msg.id);
      clearTimeout(pending.timer);
      this.#consecutiveTimeouts = 0;
      if (msg.type === 'result') pending.resolve({ probs: msg.probs, inferenceMs: msg.ms });
      else
        pending.reject(
          new MinerError(
            { code: 'INFERENCE_FAILED', reason: msg.message },
            `inference failed: ${msg.message}`,
          ),
        );
    });
    worker.on('error', (err) => this.#log.error({ err }, 'inference worker error'));
    worker.on('exit', (code) => {
      const reason = `worker exited (${code})`;
      this.#down(
        worker,
        'exit',
        new MinerError({ code: 'INFERENCE_FAILED', reason }, 'inference worker exited'),
      );
    });
  }

  /** The current worker is gone or hung: fail what it holds, stop it, start a replacement. */
  #down(worker: Worker, why: WorkerDownReason, err: MinerError): void {
    if (this.#worker !== worker || !this.#alive) return;
    this.#alive = false;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(err);
    }
    this.#pending.clear();
    if (this.#closing) return;
    if (why === 'timeout') void worker.terminate().catch(() => undefined);
    this.#log.error({ reason: why, err: err.shortMessage }, 'inference worker down, restarting it');
    this.#opts.onStateChange?.(false, why);
    this.#restart();
  }

  #restart(): void {
    this.#restarts++;
    const readyMs = this.#opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    InferenceWorker.#spawn({ ...this.#init, warmupRuns: 1 }, readyMs).then(
      ({ worker }) => {
        if (this.#closing) {
          void worker.terminate();
          return;
        }
        this.#worker = worker;
        this.#attach(worker);
        this.#alive = true;
        this.#log.info('inference worker restarted');
        this.#opts.onStateChange?.(true);
      },
      (err: unknown) => {
        this.#log.error({ err }, 'inference worker restart failed, retrying in 1 s');
        setTimeout(() => this.#closing || this.#restart(), 1_000).unref();
      },
    );
  }

  /** Runs one batch; texts.length ≤ maxBatch is the caller's business (the batcher keeps to it). */
  classify(texts: string[]): Promise<BatchResult> {
    if (this.#closing)
      return Promise.reject(new MinerError({ code: 'SHUTTING_DOWN' }, 'inference worker is closing'));
    if (!this.#alive) {
      // Between a crash and the replacement being ready: fail now rather than post to a dead thread.
      const reason = 'inference worker is restarting';
      return Promise.reject(new MinerError({ code: 'INFERENCE_FAILED', reason }, reason));
    }
    const id = this.#nextId++;
    const worker = this.#worker;
    const timeoutMs = this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<BatchResult>((resolve, reject) => {
      const timer =
        timeoutMs > 0 ? setTimeout(() => this.#timedOut(worker, id, timeoutMs), timeoutMs) : undefined;
      this.#pending.set(id, { resolve, reject, timer });
      worker.postMessage({ type: 'classify', id, texts } satisfies WorkerRequest);
    });
  }

  #timedOut(worker: Worker, id: number, timeoutMs: number): void {
    if (!this.#pending.has(id)) return;
    this.#consecutiveTimeouts++;
    const err = new MinerError(
      { code: 'INFERENCE_TIMEOUT', timeoutMs },
      `inference took longer than ${timeoutMs} ms`,
    );
    this.#down(worker, 'timeout', err);
  }

  /** Lets pending batches finish, then ends the worker. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    const worker = this.#worker;
    if (!this.#alive) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
