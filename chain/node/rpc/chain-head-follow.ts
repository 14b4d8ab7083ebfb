/**
 * One `chainHead_v1_follow` subscription: its pinned blocks, its operations (body, call, storage items)
 * and the events it sends. Every block this node imports is final at once (`ChainStore.commit`), so a
 * follow reports each block as `newBlock`, `bestBlockChanged` and `finalized` (nothing is ever pruned).
 * Limits (the spec leaves them to the server; Substrate's values): 512 pinned blocks, pinned blocks at
 * most 128 blocks behind the finalized one (and never one whose state was pruned), 16 operation items;
 * past a pin limit the follow sends `stop` and ends.
 */
import type { Hex, Runtime } from '../../runtime/interface.js';
import { toHex } from '../bytes.js';
import type { BlockRecord, ChainStore, ImportedBlock } from '../chain.js';
import { RpcError } from './errors.js';
import type { SubscriptionSink } from './module.js';

/** chainHead error codes (json-rpc-interface-spec). */
export const TOO_MANY_FOLLOWS = -32800;
export const INVALID_BLOCK_HASH = -32801;
export const NO_RUNTIME = -32802;
export const NOT_WAITING_FOR_CONTINUE = -32803;
export const DUPLICATE_HASHES = -32804;

export interface ChainHeadLimits {
  /** `chainHead_v1_follow` subscriptions one connection may hold (the spec requires at least 2). */
  maxFollowsPerConnection: number;
  /** Blocks one follow may hold pinned; past it the follow stops. */
  maxPinnedBlocks: number;
  /** A pinned block this far behind the finalized block stops the follow (the client fails to unpin). */
  maxLaggingDistance: number;
  /** Operation items (a body, a call, one storage item) in progress per follow (the spec requires 16). */
  maxOperations: number;
  /** Storage items per `operationStorageItems` page; more wait for `chainHead_v1_continue`. */
  storagePageItems: number;
}

export const CHAIN_HEAD_LIMITS: ChainHeadLimits = {
  maxFollowsPerConnection: 4,
  maxPinnedBlocks: 512,
  maxLaggingDistance: 128,
  maxOperations: 16,
  storagePageItems: 16,
};

/** What an operation in progress holds: its id, the items it counts against the limit, its pause state. */
export interface Operation {
  readonly id: string;
  readonly items: number;
  /** Set while a storage operation waits for `chainHead_v1_continue`: calling it resumes. */
  resume: (() => void) | undefined;
  done: boolean;
}

/** The runtime as `initialized` / `newBlock` report it (`apis` keyed by the 8-byte API id). */
export function runtimeSpec(runtime: Runtime): unknown {
  const v = runtime.version;
  return {
    type: 'valid',
    spec: {
      specName: v.specName,
      implName: v.implName,
      specVersion: v.specVersion,
      implVersion: v.implVersion,
      transactionVersion: v.transactionVersion,
      apis: Object.fromEntries(v.apis.map(([id, version]) => [id, version])),
    },
  };
}

export class Follow {
  private readonly pinned = new Map<Hex, BlockRecord>();
  private readonly operations = new Map<string, Operation>();
  private nextOperation = 0;
  private busyItems = 0;
  private stopImport: (() => void) | undefined;
  stopped = false;

  constructor(
    readonly id: string,
    readonly withRuntime: boolean,
    private readonly sink: SubscriptionSink,
    private readonly chain: ChainStore,
    private readonly runtime: Runtime,
    readonly limits: ChainHeadLimits,
  ) {}

  /** Sends `initialized` (the finalized block, pinned) and the best block, then follows imports. */
  start(): void {
    const finalized = this.chain.finalized;
    this.pinned.set(finalized.hashHex, finalized);
    this.sink.send({
      event: 'initialized',
      finalizedBlockHashes: [finalized.hashHex],
      ...(this.withRuntime ? { finalizedBlockRuntime: runtimeSpec(this.runtime) } : {}),
    });
    this.sink.send({ event: 'bestBlockChanged', bestBlockHash: finalized.hashHex });
    this.stopImport = this.chain.onImport((block) => this.onImport(block));
  }

  private onImport(block: ImportedBlock): void {
    if (this.stopped) return;
    this.pinned.set(block.hashHex, block);
    const newRuntime = block.codeChanged ? runtimeSpec(this.runtime) : null;
    this.sink.send({
      event: 'newBlock',
      blockHash: block.hashHex,
      parentBlockHash: toHex(block.header.parentHash),
      ...(this.withRuntime ? { newRuntime } : {}),
    });
    this.sink.send({ event: 'bestBlockChanged', bestBlockHash: block.hashHex });
    if (this.chain.finalized.hashHex === block.hashHex) {
      this.sink.send({ event: 'finalized', finalizedBlockHashes: [block.hashHex], prunedBlockHashes: [] });
    }
    if (this.overPinned()) this.stop();
  }

  /** Too many pins, or a pin so old its state is (about to be) gone: the client is not unpinning. */
  private overPinned(): boolean {
    if (this.pinned.size > this.limits.maxPinnedBlocks) return true;
    const floor = this.chain.finalized.number - this.limits.maxLaggingDistance;
    for (const block of this.pinned.values()) {
      if (block.number < floor || this.chain.isStatePruned(block)) return true;
    }
    return false;
  }

  /** Ends the follow from the server side: `stop`, then nothing more. */
  stop(): void {
    if (this.stopped) return;
    this.sink.send({ event: 'stop' });
    this.sink.end();
    this.close();
  }

  /** Frees everything (unsubscribe, `stop`, or the connection closed). */
  close(): void {
    this.stopped = true;
    this.stopImport?.();
    this.stopImport = undefined;
    this.pinned.clear();
    for (const op of this.operations.values()) op.done = true;
    this.operations.clear();
    this.busyItems = 0;
  }

  /** A pinned block, or -32801. */
  block(hash: Hex): BlockRecord {
    const block = this.pinned.get(hash);
    if (block === undefined) {
      throw new RpcError(INVALID_BLOCK_HASH, 'Invalid block hash', `${hash} is not a pinned block`);
    }
    return block;
  }

  /** Unpins all of `hashes` or, if one is not pinned (-32801) or repeated (-32804), none. */
  unpin(hashes: readonly Hex[]): void {
    if (new Set(hashes).size !== hashes.length) {
      throw new RpcError(DUPLICATE_HASHES, 'Duplicate hashes', 'the same block hash is given twice');
    }
    for (const hash of hashes) this.block(hash);
    for (const hash of hashes) this.pinned.delete(hash);
  }

  get pinnedCount(): number {
    return this.pinned.size;
  }

  /**
   * Starts an operation of up to `items` items (each storage item counts one); the items beyond the free
   * slots are discarded. Undefined when none fits (the caller answers `limitReached`).
   */
  startOperation(items: number): { op: Operation; discarded: number } | undefined {
    const free = this.limits.maxOperations - this.busyItems;
    const accepted = Math.min(items, Math.max(0, free));
    if (items > 0 && accepted === 0) return undefined;
    const op: Operation = {
      id: String(this.nextOperation++),
      items: accepted,
      resume: undefined,
      done: false,
    };
    this.operations.set(op.id, op);
    this.busyItems += accepted;
    return { op, discarded: items - accepted };
  }

  /** Sends an event of `op` (dropped once the operation was stopped). */
  emit(op: Operation, event: Record<string, unknown>): void {
    if (op.done || this.stopped) return;
    this.sink.send({ ...event, operationId: op.id });
  }

  /** Sends the last event of `op` and frees its slots. */
  finish(op: Operation, event: Record<string, unknown>): void {
    this.emit(op, event);
    this.release(op);
  }

  private release(op: Operation): void {
    if (op.done) return;
    op.done = true;
    op.resume = undefined;
    if (this.operations.delete(op.id)) this.busyItems -= op.items;
  }

  /** `chainHead_v1_stopOperation`: no effect on an unknown or finished operation. */
  stopOperation(id: string): void {
    const op = this.operations.get(id);
    if (op !== undefined) this.release(op);
  }

  /**
   * `chainHead_v1_continue`: what resumes the operation (the caller runs it after its response), nothing
   * for an unknown or finished one; -32803 when the live operation is not waiting for it.
   */
  continue(id: string): (() => void) | undefined {
    const op = this.operations.get(id);
    if (op === undefined) return undefined;
    const resume = op.resume;
    if (resume === undefined) {
      throw new RpcError(
        NOT_WAITING_FOR_CONTINUE,
        'Operation is not waiting for continue',
        `operation ${id} has not sent operationWaitingForContinue`,
      );
    }
    op.resume = undefined;
    return resume;
  }
}
