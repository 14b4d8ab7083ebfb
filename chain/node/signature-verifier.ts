/**
 * A small pool of `worker_threads` that verify transaction signatures (sr25519/ed25519) off the node's
 * main thread, so block production, the pool and RPC keep one core while the others check signatures.
 * Workers start in the background; until one is ready `available` is false and callers verify in-thread.
 * A worker that dies fails its pending batches (callers then verify in-thread) and is replaced, up to a cap.
 */
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { NodeError } from './errors.js';
import type { VerifyReply, VerifyRequest, WorkerCheck } from './signature-messages.js';

// Under tsx/vitest this file is TypeScript and so is the worker next to it: the worker registers tsx first.
const SELF_IS_TS = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(SELF_IS_TS ? './signature-worker.ts' : './signature-worker.js', import.meta.url);
/** Replacements for crashed workers over the verifier's life, so a broken setup cannot spin. */
const MAX_RESTARTS = 8;

interface Pending {
  resolve: (valid: Uint8Array) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Checks sent and not answered yet (the least loaded ready worker gets the next batch). */
  load: number;
  pending: Map<number, Pending & { size: number }>;
}

export interface SignatureVerifierOptions {
  /** Worker threads (at least 1). */
  workers: number;
  log: Logger;
}

export class SignatureVerifier {
  private readonly slots = new Set<Slot>();
  private nextId = 1;
  private restarts = 0;
  private closed = false;

  private constructor(private readonly log: Logger) {}

  /** Starts `workers` threads in the background and returns at once. */
  static start(options: SignatureVerifierOptions): SignatureVerifier {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new NodeError(
        { code: 'INVALID_OPTION', option: 'signature-workers', value: options.workers },
        'signature workers must be a positive integer',
      );
    }
    const verifier = new SignatureVerifier(options.log);
    for (let i = 0; i < options.workers; i++) verifier.spawn();
    return verifier;
  }

  /** True when at least one worker is ready to take checks. */
  get available(): boolean {
    if (this.closed) return false;
    for (const slot of this.slots) if (slot.ready) return true;
    return false;
  }

  /**
   * Verifies `checks`, split across the ready workers; resolves with one boolean per check. Rejects with
   * NodeError SIGNATURE_WORKER_FAILED when no worker is ready, one dies with the batch, or on close.
   */
  async verify(checks: readonly WorkerCheck[]): Promise<boolean[]> {
    if (checks.length === 0) return [];
    const ready = [...this.slots].filter((s) => s.ready).sort((a, b) => a.load - b.load);
    if (this.closed || ready.length === 0) throw this.failure('no signature worker is ready');
    const parts = Math.min(ready.length, Math.ceil(checks.length / 16));
    const size = Math.ceil(checks.length / parts);
    const answers = await Promise.all(
      ready.slice(0, parts).map((slot, i) => this.send(slot, checks.slice(i * size, (i + 1) * size))),
    );
    const out: boolean[] = [];
    for (const valid of answers) for (const v of valid) out.push(v === 1);
    return out;
  }

  /** Stops every worker; pending batches reject. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) this.failPending(slot, 'signature verifier closed');
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private send(slot: Slot, checks: WorkerCheck[]): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, size: checks.length });
      slot.load += checks.length;
      slot.worker.ref();
      slot.worker.postMessage({ id, checks } satisfies VerifyRequest);
    });
  }

  private spawn(): void {
    const worker = SELF_IS_TS
      ? new Worker(
          `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); })`,
          { eval: true, execArgv: [] },
        )
      : new Worker(WORKER_URL);
    const slot: Slot = { worker, ready: false, load: 0, pending: new Map() };
    this.slots.add(slot);
    worker.on('message', (msg: VerifyReply) => {
      if (msg.type === 'ready') {
        slot.ready = true;
        return;
      }
      const pending = slot.pending.get(msg.id);
      if (pending === undefined) return;
      slot.pending.delete(msg.id);
      slot.load -= pending.size;
      if (slot.pending.size === 0) slot.worker.unref();
      pending.resolve(msg.valid);
    });
    worker.on('error', (err) => this.log.warn({ err: errorMessage(err) }, 'signature worker failed'));
    worker.on('exit', (code) => {
      if (!this.slots.delete(slot)) return; // closed
      this.failPending(slot, `signature worker exited with code ${code}`);
      if (this.closed || this.restarts >= MAX_RESTARTS) return;
      this.restarts++;
      this.spawn();
    });
    // Idle workers must not keep the process alive (the node closes them explicitly); busy ones do.
    worker.unref();
  }

  private failPending(slot: Slot, reason: string): void {
    for (const p of slot.pending.values()) p.reject(this.failure(reason));
    slot.pending.clear();
    slot.load = 0;
    slot.ready = false;
  }

  private failure(reason: string): NodeError {
    return new NodeError({ code: 'SIGNATURE_WORKER_FAILED', reason }, reason);
  }
}
