/**
 * Transaction pool after Substrate's graph pool: transactions are linked by the tags the runtime's
 * `validate_transaction` reports. A transaction is *ready* when every tag it `requires` is provided by a
 * ready transaction in the pool (tags already satisfied on chain are not reported, or are stripped when the
 * providing transaction is included); otherwise it waits in *future*.
 *
 * Replacement: a transaction providing a tag some pooled transaction already provides replaces it only with
 * a strictly higher priority (else 1014 "Priority is too low"). Limits: count and bytes per queue; the
 * lowest-priority transaction is evicted ("dropped"), or the newcomer refused (1016) when it is the worst.
 */
import type { Hex, TransactionValidity } from '../runtime/interface.js';
import { blake2_256, toHex } from './bytes.js';
import { TxPoolError } from './errors.js';
import { ReadyIterator } from './ready-iterator.js';
import type { PoolTransaction, QueueLimit, TxStatus } from './txpool-types.js';

export { ReadyIterator } from './ready-iterator.js';
export type { PoolTransaction, QueueLimit, TxStatus } from './txpool-types.js';

export interface TransactionPoolOptions {
  /** Validates against the best block's state, as if for block `best + 1`. */
  validate(xt: Uint8Array): TransactionValidity;
  /** Number of the best block (validity `longevity` counts from it). */
  bestNumber(): number;
  /** Substrate defaults: 8192 transactions / 20 MiB ready, a tenth of that in future. */
  readyLimit?: QueueLimit;
  futureLimit?: QueueLimit;
  /** Pooled transactions re-validated after each block (round robin, futures first). */
  revalidateBatch?: number;
}

type Listener = (status: TxStatus) => void;

/** Statuses after which a watch ends (`inBlock` is followed by `finalized`). */
const isFinal = (s: TxStatus): boolean =>
  s === 'dropped' || s === 'invalid' || (typeof s === 'object' && !('inBlock' in s));

interface QueueStats {
  count: number;
  bytes: number;
}

export class TransactionPool {
  private readonly byHash = new Map<Hex, PoolTransaction>();
  private readonly providers = new Map<Hex, PoolTransaction>();
  private readonly dependents = new Map<Hex, Set<PoolTransaction>>();
  private readonly listeners = new Map<Hex, Set<Listener>>();
  private readonly readyListeners = new Set<() => void>();
  private readonly readyStats: QueueStats = { count: 0, bytes: 0 };
  private readonly futureStats: QueueStats = { count: 0, bytes: 0 };
  private readonly readyLimit: QueueLimit;
  private readonly futureLimit: QueueLimit;
  private readonly revalidateBatch: number;
  private insertions = 0;
  private revalidateCursor = 0;

  constructor(private readonly options: TransactionPoolOptions) {
    this.readyLimit = options.readyLimit ?? { count: 8192, bytes: 20 * 1024 * 1024 };
    this.futureLimit = options.futureLimit ?? {
      count: Math.max(1, Math.floor(this.readyLimit.count / 10)),
      bytes: Math.floor(this.readyLimit.bytes / 10),
    };
    this.revalidateBatch = options.revalidateBatch ?? 64;
  }

  get readyCount(): number {
    return this.readyStats.count;
  }

  get futureCount(): number {
    return this.futureStats.count;
  }

  get(hash: Hex): PoolTransaction | undefined {
    return this.byHash.get(hash);
  }

  /** True when a pooled transaction provides `tag` (used for pool-aware account nonces). */
  hasProvider(tag: Hex): boolean {
    return this.providers.has(tag);
  }

  /** Ready transactions first (by insertion), then future ones. */
  pending(): PoolTransaction[] {
    const all = [...this.byHash.values()];
    return [...all.filter((t) => t.ready), ...all.filter((t) => !t.ready)];
  }

  /** Called whenever a transaction becomes ready (instant seal listens). */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Follows one transaction's status changes; the returned function stops it. */
  watch(hash: Hex, listener: Listener): () => void {
    let set = this.listeners.get(hash);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(hash, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(hash);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(hash);
    };
  }

  /**
   * Validates and imports a transaction. Throws `TxPoolError` (invalid, unknown validity, already imported,
   * priority too low, immediately dropped) and never leaves the pool half-updated.
   */
  submit(bytes: Uint8Array): PoolTransaction {
    const hash = toHex(blake2_256(bytes));
    if (this.byHash.has(hash)) {
      throw new TxPoolError({ code: 'ALREADY_IMPORTED', hash }, 'Transaction Already Imported');
    }
    let validity: TransactionValidity;
    try {
      validity = this.options.validate(bytes);
    } catch (err) {
      // The runtime could not validate it at all (undecodable bytes): Substrate's verification error.
      const detail = err instanceof Error ? err.message : String(err);
      throw new TxPoolError({ code: 'VERIFICATION_FAILED', detail }, `Verification Error: ${detail}`, {
        cause: err,
      });
    }
    if (!validity.ok) throw validityError(validity);
    if (validity.provides.length === 0) {
      throw new TxPoolError({ code: 'NO_TAGS_PROVIDED' }, 'No tags provided');
    }
    const tx: PoolTransaction = {
      hash,
      bytes,
      insertion: this.insertions++,
      priority: validity.priority,
      requires: [...validity.requires],
      provides: [...validity.provides],
      validUntil: this.validUntil(validity.longevity),
      ready: false,
      get sender() {
        return validity.sender;
      },
    };
    this.insertReplacing(tx);
    this.enforceLimits(tx);
    return tx;
  }

  private validUntil(longevity: bigint): number {
    const cap = BigInt(0xffffffff);
    return Number(BigInt(this.options.bestNumber()) + (longevity > cap ? cap : longevity));
  }

  /** Inserts `tx`, replacing pooled transactions that provide one of its tags when its priority is higher. */
  private insertReplacing(tx: PoolTransaction): void {
    const conflicts = new Set<PoolTransaction>();
    for (const tag of tx.provides) {
      const other = this.providers.get(tag);
      if (other !== undefined) conflicts.add(other);
    }
    if (conflicts.size > 0) {
      let highest = -1n;
      for (const c of conflicts) if (c.priority > highest) highest = c.priority;
      if (tx.priority <= highest) {
        throw new TxPoolError(
          { code: 'TOO_LOW_PRIORITY', old: highest, new: tx.priority },
          `Priority is too low: (${highest} vs ${tx.priority})`,
        );
      }
      for (const c of conflicts) this.remove(c, { usurped: tx.hash });
    }
    this.insert(tx);
  }

  private insert(tx: PoolTransaction): void {
    this.byHash.set(tx.hash, tx);
    for (const tag of tx.provides) this.providers.set(tag, tx);
    for (const tag of tx.requires) {
      let set = this.dependents.get(tag);
      if (set === undefined) {
        set = new Set();
        this.dependents.set(tag, set);
      }
      set.add(tx);
    }
    this.stats(false).count++;
    this.stats(false).bytes += tx.bytes.length;
    if (this.isSatisfied(tx)) this.promote(tx);
  }

  private stats(ready: boolean): QueueStats {
    return ready ? this.readyStats : this.futureStats;
  }

  private isSatisfied(tx: PoolTransaction): boolean {
    for (const tag of tx.requires) if (this.providers.get(tag)?.ready !== true) return false;
    return true;
  }

  private setReady(tx: PoolTransaction, ready: boolean): void {
    if (tx.ready === ready) return;
    this.stats(tx.ready).count--;
    this.stats(tx.ready).bytes -= tx.bytes.length;
    tx.ready = ready;
    this.stats(ready).count++;
    this.stats(ready).bytes += tx.bytes.length;
    this.emit(tx.hash, ready ? 'ready' : 'future');
  }

  /** Marks `tx` ready and, transitively, every future transaction it unlocks. */
  private promote(tx: PoolTransaction): void {
    const stack = [tx];
    while (stack.length > 0) {
      const next = stack.pop()!;
      this.setReady(next, true);
      for (const tag of next.provides) {
        for (const dep of this.dependents.get(tag) ?? []) {
          if (!dep.ready && this.isSatisfied(dep)) stack.push(dep);
        }
      }
    }
    for (const listener of this.readyListeners) {
      try {
        listener();
      } catch {
        // See `emit`.
      }
    }
  }

  /** Moves every ready transaction that depends on `tx`'s tags back to future. */
  private demoteDependents(tx: PoolTransaction): void {
    const stack = [tx];
    while (stack.length > 0) {
      const next = stack.pop()!;
      for (const tag of next.provides) {
        if (this.providers.get(tag) !== undefined && this.providers.get(tag) !== next) continue;
        for (const dep of this.dependents.get(tag) ?? []) {
          if (dep.ready) {
            this.setReady(dep, false);
            stack.push(dep);
          }
        }
      }
    }
  }

  /** Removes `tx`; its dependents fall back to future. `status` (if any) is reported to watchers. */
  private remove(tx: PoolTransaction, status?: TxStatus): void {
    if (this.byHash.get(tx.hash) !== tx) return;
    this.byHash.delete(tx.hash);
    for (const tag of tx.provides) if (this.providers.get(tag) === tx) this.providers.delete(tag);
    for (const tag of tx.requires) {
      const set = this.dependents.get(tag);
      set?.delete(tx);
      if (set?.size === 0) this.dependents.delete(tag);
    }
    this.stats(tx.ready).count--;
    this.stats(tx.ready).bytes -= tx.bytes.length;
    const wasReady = tx.ready;
    tx.ready = false;
    if (wasReady) this.demoteDependents(tx);
    if (status !== undefined) this.emit(tx.hash, status);
  }

  private enforceLimits(newcomer: PoolTransaction): void {
    for (const ready of [true, false]) {
      const limit = ready ? this.readyLimit : this.futureLimit;
      const stats = this.stats(ready);
      while (stats.count > limit.count || stats.bytes > limit.bytes) {
        const worst = this.worst(ready);
        if (worst === undefined) break;
        if (worst === newcomer) {
          this.remove(worst);
          throw new TxPoolError({ code: 'IMMEDIATELY_DROPPED' }, 'Immediately Dropped');
        }
        this.remove(worst, 'dropped');
      }
    }
  }

  /** Lowest priority, newest first among equals: what eviction gives up. */
  private worst(ready: boolean): PoolTransaction | undefined {
    let worst: PoolTransaction | undefined;
    for (const tx of this.byHash.values()) {
      if (tx.ready !== ready) continue;
      if (
        worst === undefined ||
        tx.priority < worst.priority ||
        (tx.priority === worst.priority && tx.insertion > worst.insertion)
      ) {
        worst = tx;
      }
    }
    return worst;
  }

  private emit(hash: Hex, status: TxStatus): void {
    const set = this.listeners.get(hash);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(status);
      } catch {
        // A watcher's failure must not corrupt the pool's bookkeeping.
      }
    }
    if (isFinal(status)) this.listeners.delete(hash);
  }

  /** Ready transactions in the order a block should include them (see `ReadyIterator`). */
  readyIterator(): ReadyIterator {
    return new ReadyIterator([...this.byHash.values()].filter((t) => t.ready));
  }

  /**
   * After block `number` (hash `blockHash`) is imported: removes the included transactions (reporting
   * `inBlock`), strips the tags they provided from their dependents, drops transactions the block builder
   * found invalid, conflicting or expired ones, and re-validates a batch of the rest against the new state.
   */
  pruneBlock(params: {
    number: number;
    blockHash: Hex;
    included: readonly PoolTransaction[];
    invalid: readonly PoolTransaction[];
  }): void {
    const provided = new Set<Hex>();
    for (const tx of params.included) for (const tag of tx.provides) provided.add(tag);
    for (const tx of params.included) {
      // Dependents keep their readiness: the tag is now satisfied on chain.
      for (const tag of tx.provides) {
        for (const dep of this.dependents.get(tag) ?? [])
          dep.requires = dep.requires.filter((t) => t !== tag);
        this.dependents.delete(tag);
      }
      this.remove(tx, { inBlock: params.blockHash });
    }
    for (const tag of provided) {
      const other = this.providers.get(tag);
      if (other !== undefined) this.remove(other, 'invalid');
    }
    for (const tx of params.invalid) this.remove(tx, 'invalid');
    for (const tx of [...this.byHash.values()])
      if (tx.validUntil < params.number + 1) this.remove(tx, 'invalid');
    this.revalidate();
    // Transactions whose requirements were met on chain may now be ready.
    for (const tx of [...this.byHash.values()]) if (!tx.ready && this.isSatisfied(tx)) this.promote(tx);
  }

  /** Reports `finalized` to watchers of transactions included in a finalized block. */
  finalized(blockHash: Hex, hashes: readonly Hex[]): void {
    for (const hash of hashes) this.emit(hash, { finalized: blockHash });
  }

  private revalidate(): void {
    const all = [...this.byHash.values()];
    if (all.length === 0 || this.revalidateBatch <= 0) return;
    const futures = all.filter((t) => !t.ready);
    const ready = all.filter((t) => t.ready);
    const batch = futures.slice(0, this.revalidateBatch);
    for (let i = 0; batch.length < this.revalidateBatch && i < ready.length; i++) {
      batch.push(ready[(this.revalidateCursor + i) % ready.length]!);
    }
    this.revalidateCursor += Math.max(0, batch.length - futures.length);
    for (const tx of batch) {
      if (this.byHash.get(tx.hash) !== tx) continue;
      let validity: TransactionValidity;
      try {
        validity = this.options.validate(tx.bytes);
      } catch {
        this.remove(tx, 'invalid');
        continue;
      }
      if (!validity.ok) {
        this.remove(tx, 'invalid');
        continue;
      }
      tx.priority = validity.priority;
      tx.validUntil = this.validUntil(validity.longevity);
      if (sameTags(tx.requires, validity.requires) && sameTags(tx.provides, validity.provides)) continue;
      const wasReady = tx.ready;
      this.remove(tx);
      tx.requires = [...validity.requires];
      tx.provides = [...validity.provides];
      try {
        this.insertReplacing(tx);
      } catch {
        this.emit(tx.hash, 'invalid');
        continue;
      }
      if (wasReady && !tx.ready) this.emit(tx.hash, 'future');
    }
  }
}

function sameTags(a: readonly Hex[], b: readonly Hex[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

function validityError(validity: Extract<TransactionValidity, { ok: false }>): TxPoolError {
  if ('invalid' in validity) {
    return new TxPoolError({ code: 'INVALID_TRANSACTION', reason: validity.invalid }, validity.message);
  }
  return new TxPoolError({ code: 'UNKNOWN_TRANSACTION', reason: validity.unknown }, validity.message);
}
