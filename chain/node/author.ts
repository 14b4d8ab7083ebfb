/**
 * Block production: builds a block on the best block from the ready pool (runtime BlockBuilder), seals the
 * header (state root = trie root after the block, extrinsics root = ordered trie root, Aura slot digest),
 * commits it, and prunes the pool. `BlockScheduler` decides when: every `blockTimeMs` (aligned to slots) or,
 * with instant seal, as soon as transactions are ready, batching whatever is ready at that moment.
 */
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Hex, OffchainEnv, Runtime } from '../runtime/interface.js';
import { orderedTrieRoot } from '../trie/index.js';
import { applyOffchain } from './beacon-author.js';
import { type ChainStore, CODE_KEY, type ImportedBlock } from './chain.js';
import { auraPreRuntimeDigest, type Header, runtimeEnvironmentUpdatedDigest } from './header.js';
import type { NodeMetrics } from './metrics.js';
import { normalizeChanges } from './state.js';
import type { PoolTransaction, TransactionPool } from './txpool.js';

export interface BlockAuthorOptions {
  chain: ChainStore;
  runtime: Runtime;
  pool: TransactionPool;
  log: Logger;
  metrics?: NodeMetrics;
  /** Slot duration: timestamps advance by at least this much per block so slots strictly increase. */
  blockTimeMs: number;
  /** Stop taking transactions into a block after this long (Substrate's proposer deadline). */
  buildBudgetMs: number;
  /** What the runtime's offchain work uses (the dev drand beacon); without it, none runs. */
  offchain?: OffchainEnv;
}

/** The builder gives up on a block after this many transactions in a row exhausted its resources. */
const MAX_SKIPPED_EXHAUSTING = 8;

export class BlockAuthor {
  constructor(private readonly options: BlockAuthorOptions) {}

  async produce(): Promise<ProducedBlock> {
    const { chain, runtime, pool, log, metrics, blockTimeMs, buildBudgetMs } = this.options;
    const started = performance.now();
    const parent = chain.best;
    const number = parent.number + 1;
    const timestampMs = Math.max(Date.now(), chain.lastTimestampMs + blockTimeMs);
    const builder = runtime.newBlock(chain.stateAt(parent), {
      number,
      parentHash: parent.hash,
      timestampMs,
    });
    builder.applyInherents();
    applyOffchain(
      runtime,
      builder,
      chain.stateAt(parent),
      { number, parentHash: parent.hash, timestampMs },
      this.options,
    );
    // The transactions' budget starts after the beacon pulses (BLS work that would otherwise use it up).
    const txStarted = performance.now();

    const included: PoolTransaction[] = [];
    const invalid: PoolTransaction[] = [];
    let failed = 0;
    let skipped = 0;
    const candidates = pool.readyIterator();
    for (let tx = candidates.next(); tx !== undefined; tx = candidates.next()) {
      if (performance.now() - txStarted > buildBudgetMs) break;
      const result = builder.applyExtrinsic(tx.bytes);
      if (result.included) {
        candidates.included(tx);
        included.push(tx);
        skipped = 0;
        if (!result.success) failed++;
      } else if ('invalid' in result.validity && result.validity.invalid === 'ExhaustsResources') {
        if (++skipped >= MAX_SKIPPED_EXHAUSTING) break;
      } else {
        invalid.push(tx);
      }
    }

    const { extrinsics, changes } = builder.finalize();
    const normalized = normalizeChanges(changes);
    const trie = chain.forkTrie();
    let codeChanged = false;
    for (const [key, value] of normalized) {
      if (value === null) trie.delete(key);
      else trie.set(key, value);
      if (key === CODE_KEY) codeChanged = true;
    }
    const digest = [auraPreRuntimeDigest(BigInt(Math.floor(timestampMs / blockTimeMs)))];
    if (codeChanged) digest.push(runtimeEnvironmentUpdatedDigest());
    const header: Header = {
      parentHash: parent.hash,
      number,
      stateRoot: trie.root(),
      extrinsicsRoot: orderedTrieRoot(extrinsics, chain.stateVersion),
      digest,
    };
    const block = await chain.commit({
      header,
      extrinsics,
      changes: normalized,
      trie,
      timestampMs,
      codeChanged,
    });

    pool.pruneBlock({ number, blockHash: block.hashHex, included, invalid });
    pool.finalized(
      block.hashHex,
      included.map((tx) => tx.hash),
    );
    const ms = performance.now() - started;
    metrics?.blockImported(block, included.length, failed, invalid.length, ms / 1000);
    log.info(
      {
        number,
        hash: block.hashHex,
        txs: included.length,
        failed,
        dropped: invalid.length,
        ms: Math.round(ms * 10) / 10,
      },
      `Imported #${number} (${shortHash(block.hashHex)}) txs=${included.length}`,
    );
    return { block, included: included.length, invalid: invalid.length };
  }
}

export interface ProducedBlock {
  block: ImportedBlock;
  /** Pool transactions included. */
  included: number;
  /** Pool transactions the builder rejected (dropped from the pool). */
  invalid: number;
}

function shortHash(hash: Hex): string {
  return `${hash.slice(0, 6)}…${hash.slice(-4)}`;
}

export type SealMode = { kind: 'interval'; blockTimeMs: number } | { kind: 'instant' };

/**
 * Decides when blocks are produced and makes sure only one is ever in production: slot timers, instant
 * seal and manual seals (`engine_createBlock`) all queue on one chain of promises, so every block is built
 * on the one before it (concurrent manual seals give consecutive blocks, never siblings).
 */
export class BlockScheduler {
  private timer: NodeJS.Timeout | undefined;
  /** The last queued production; the next one starts when it settles. */
  private tail: Promise<unknown> = Promise.resolve();
  private kicked = false;
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly author: BlockAuthor,
    private readonly pool: TransactionPool,
    private readonly mode: SealMode,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.mode.kind === 'instant') {
      this.unsubscribe = this.pool.onReady(() => this.kick());
      if (this.pool.readyCount > 0) this.kick();
    } else this.scheduleSlot(this.mode.blockTimeMs);
  }

  /** Runs `job` after every production queued before it (a failing job does not stop the queue). */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Produces one block now (after those already queued), e.g. for manual sealing. */
  sealNow(): Promise<ImportedBlock | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    return this.serial(async () => {
      if (this.stopped) return undefined;
      try {
        return (await this.author.produce()).block;
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'block production failed');
        return undefined;
      }
    });
  }

  private scheduleSlot(blockTimeMs: number): void {
    if (this.stopped) return;
    // Align to slot boundaries like Aura: the next block comes at the next multiple of the block time.
    const delay = blockTimeMs - (Date.now() % blockTimeMs);
    this.timer = setTimeout(() => {
      void this.sealNow().then(() => this.scheduleSlot(blockTimeMs));
    }, delay);
  }

  /** Instant seal: one production round queued at a time, which takes everything ready each block. */
  private kick(): void {
    if (this.kicked || this.stopped) return;
    this.kicked = true;
    let progress = true;
    void this.serial(async () => {
      // Let everything arriving in this event-loop turn join the block.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.kicked = false;
      try {
        while (!this.stopped && this.pool.readyCount > 0) {
          const produced = await this.author.produce();
          // Ready transactions that fit no block (exhaust its resources) wait for new arrivals.
          progress = produced.included + produced.invalid > 0;
          if (!progress) break;
        }
      } catch (err) {
        progress = false;
        this.log.error({ err: errorMessage(err) }, 'block production failed');
      }
      if (progress && !this.stopped && this.pool.readyCount > 0) setImmediate(() => this.kick());
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.tail;
  }
}
