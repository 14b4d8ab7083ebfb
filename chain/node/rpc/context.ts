/**
 * What the RPC methods work on, and the parameter parsing they share (hex bytes, block hashes and numbers),
 * each failing with Substrate's error for that case.
 */
import type { Logger } from '../../../shared/logger.js';
import type { BlockContext, Hex, Runtime } from '../../runtime/interface.js';
import type { BlockScheduler } from '../author.js';
import { fromHex, isHex } from '../bytes.js';
import type { BlockRecord, ChainStore } from '../chain.js';
import type { NodeMetrics } from '../metrics.js';
import type { PoolTransaction, TransactionPool } from '../txpool.js';
import { invalidParams, RpcError, STATE_CLIENT_ERROR } from './errors.js';

export interface RpcContext {
  chain: ChainStore;
  runtime: Runtime;
  pool: TransactionPool;
  /** Submits a transaction to the pool (after off-thread signature verification, in arrival order). */
  submit(xt: Uint8Array): Promise<PoolTransaction>;
  scheduler: BlockScheduler;
  log: Logger;
  metrics?: NodeMetrics;
  dev: boolean;
  nodeName: string;
  nodeVersion: string;
  peerId: string;
}

export function hexParam(value: unknown, what: string): Hex {
  if (!isHex(value)) throw invalidParams(`${what}: expected 0x-prefixed hex bytes`);
  return value.toLowerCase() as Hex;
}

/** Like `hexParam`, but accepts `""` as empty bytes (polkadot-api sends it for empty runtime-call data). */
export function bytesParam(value: unknown, what: string): Uint8Array {
  if (value === '' || value === undefined || value === null) return new Uint8Array();
  return fromHex(hexParam(value, what));
}

export function hexListParam(value: unknown, what: string): Hex[] {
  if (!Array.isArray(value)) throw invalidParams(`${what}: expected an array of hex strings`);
  return value.map((v, i) => hexParam(v, `${what}[${i}]`));
}

function isHash(value: unknown): value is Hex {
  return isHex(value) && value.length === 66;
}

/** An optional block hash parameter: absent/null = best block; unknown hash = undefined. */
export async function blockParam(ctx: RpcContext, value: unknown): Promise<BlockRecord | undefined> {
  if (value === undefined || value === null) return ctx.chain.best;
  if (!isHash(value)) throw invalidParams('block hash: expected 32 bytes as 0x-prefixed hex');
  return ctx.chain.blockByHash(value);
}

/**
 * Block for state queries: an unknown hash, or a block whose state was pruned, is a client error, as in
 * Substrate (`UnknownBlock: State already discarded for 0x…`).
 */
export async function stateBlockParam(ctx: RpcContext, value: unknown): Promise<BlockRecord> {
  const block = await blockParam(ctx, value);
  if (block === undefined) {
    throw new RpcError(
      STATE_CLIENT_ERROR,
      `Client error: UnknownBlock: Header was not found in the database: ${String(value)}`,
    );
  }
  checkStateKept(ctx, block);
  return block;
}

function checkStateKept(ctx: RpcContext, block: BlockRecord): void {
  if (ctx.chain.isStatePruned(block)) {
    throw new RpcError(
      STATE_CLIENT_ERROR,
      `Client error: UnknownBlock: State already discarded for ${block.hashHex}`,
    );
  }
}

/**
 * Reads `block`'s state with `read` (synchronous) and checks afterwards that the state was still kept:
 * a block imported between resolving the block and the read may have pruned it (pruning only moves
 * forward, so a check after the read catches a read of partly discarded versions).
 */
export function readState<T>(ctx: RpcContext, block: BlockRecord, read: () => T): T {
  const result = read();
  checkStateKept(ctx, block);
  return result;
}

/** `NumberOrHex` (u32 block number): a non-negative integer or a hex string. */
export function blockNumberParam(value: unknown): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(value)) n = Number.parseInt(value, 16);
  else if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) n = Number(value);
  else throw invalidParams('block number: expected a number or hex string');
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) {
    throw invalidParams(`block number: ${String(value)} is not a valid u32`);
  }
  return n;
}

/** Runtime calls at `block` act as if building on it. */
export function callContext(block: BlockRecord): BlockContext {
  return { number: block.number + 1, parentHash: block.hash };
}

/** Runs a runtime call, reporting a failure as Substrate's state client error. */
export function runtimeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RpcError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new RpcError(STATE_CLIENT_ERROR, `Client error: Execution failed: ${message}`, undefined, err);
  }
}

export function jsonSafeVersion(ctx: RpcContext): unknown {
  const v = ctx.runtime.version;
  return {
    specName: v.specName,
    implName: v.implName,
    authoringVersion: v.authoringVersion,
    specVersion: v.specVersion,
    implVersion: v.implVersion,
    apis: v.apis.map(([id, version]) => [id, version]),
    transactionVersion: v.transactionVersion,
    stateVersion: v.stateVersion,
  };
}
