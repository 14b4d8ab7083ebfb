/**
 * Durable chain data in LevelDB (`classic-level`). Each block is written as ONE atomic batch: header, body,
 * number → hash, the state versions it wrote, and the best/finalized pointers, so a `kill -9` at any moment
 * leaves the database at the last committed block.
 *
 * Layout (keys are bytes):
 *   'H' ‖ hash                        → SCALE header
 *   'B' ‖ hash                        → SCALE body (Vec<OpaqueExtrinsic>)
 *   'N' ‖ u32be(number)               → hash
 *   'S' ‖ u32be(keyLen) ‖ key ‖ u32be(number) → 0x00 (deleted) | 0x01 ‖ value
 *   'M' ‖ name                        → metadata: best, finalized, genesis, timestamp, version, oldestState
 *
 * State pruning deletes the versions no kept block needs in the same batch as the block that ages them out,
 * and records the oldest block whose state is kept (`oldestState`), so a restart never serves state that a
 * previous run pruned, whatever the new `--state-pruning` setting.
 */
import { ClassicLevel } from 'classic-level';
import type { Hex } from '../runtime/interface.js';
import { concatBytes, fromHex, readU32BE, toHex, u32BE } from './bytes.js';
import { ChainError } from './errors.js';
import type { PrunePlan } from './state.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const PREFIX_HEADER = 0x48; // 'H'
const PREFIX_BODY = 0x42; // 'B'
const PREFIX_NUMBER = 0x4e; // 'N'
const PREFIX_STATE = 0x53; // 'S'
const PREFIX_META = 0x4d; // 'M'

/** Schema version, bumped on incompatible layout changes. */
const SCHEMA_VERSION = '1';

/**
 * LevelDB hands out Node Buffers that are views into shared slabs (non-zero `byteOffset`); copy them into
 * standalone Uint8Arrays so no consumer that reads `.buffer` directly can see neighbouring bytes.
 */
function own(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function prefixed(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  return concatBytes([Uint8Array.of(prefix), ...parts]);
}

function metaKey(name: string): Uint8Array {
  return prefixed(PREFIX_META, enc.encode(name));
}

function stateKey(key: Uint8Array, number: number): Uint8Array {
  return prefixed(PREFIX_STATE, u32BE(key.length), key, u32BE(number));
}

export interface BlockWrite {
  hash: Uint8Array;
  number: number;
  header: Uint8Array;
  body: Uint8Array;
  changes: ReadonlyArray<[Hex, Uint8Array | null]>;
  /** Timestamp inherent of the block (ms), to keep slots increasing across restarts. */
  timestampMs: number;
  finalized: boolean;
  /** State versions that state pruning drops with this block. */
  prune?: PrunePlan;
}

export interface ChainMeta {
  best: Uint8Array;
  finalized: Uint8Array;
  genesis: Uint8Array;
  timestampMs: number;
  /** Oldest block whose state is kept (0 when nothing was pruned). */
  oldestState: number;
}

type BatchOp = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

function pruneOps(plan: PrunePlan): BatchOp[] {
  const ops: BatchOp[] = [
    { type: 'put', key: metaKey('oldestState'), value: enc.encode(String(plan.oldest)) },
  ];
  for (const [key, numbers] of plan.drop) {
    const raw = fromHex(key);
    for (const n of numbers) ops.push({ type: 'del', key: stateKey(raw, n) });
  }
  return ops;
}

export class ChainDatabase {
  private constructor(private readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}

  static async open(path: string): Promise<ChainDatabase> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
    await db.open();
    const chainDb = new ChainDatabase(db);
    const schema = await db.get(metaKey('schema'));
    if (schema === undefined) await db.put(metaKey('schema'), enc.encode(SCHEMA_VERSION));
    else if (dec.decode(schema) !== SCHEMA_VERSION) {
      await db.close();
      throw new ChainError(
        { code: 'CORRUPT_DATABASE', detail: `schema ${dec.decode(schema)}` },
        `database at ${path} has schema ${dec.decode(schema)}, this node reads ${SCHEMA_VERSION}`,
        { metaMessages: ['Use a fresh --base-path or delete the old one.'] },
      );
    }
    return chainDb;
  }

  async commitBlock(block: BlockWrite): Promise<void> {
    const ops: BatchOp[] = [
      { type: 'put', key: prefixed(PREFIX_HEADER, block.hash), value: block.header },
      { type: 'put', key: prefixed(PREFIX_BODY, block.hash), value: block.body },
      { type: 'put', key: prefixed(PREFIX_NUMBER, u32BE(block.number)), value: block.hash },
      { type: 'put', key: metaKey('best'), value: block.hash },
      { type: 'put', key: metaKey('timestamp'), value: enc.encode(String(block.timestampMs)) },
    ];
    if (block.finalized) ops.push({ type: 'put', key: metaKey('finalized'), value: block.hash });
    if (block.number === 0) ops.push({ type: 'put', key: metaKey('genesis'), value: block.hash });
    for (const [key, value] of block.changes) {
      const stored = value === null ? Uint8Array.of(0) : concatBytes([Uint8Array.of(1), value]);
      ops.push({ type: 'put', key: stateKey(fromHex(key), block.number), value: stored });
    }
    if (block.prune !== undefined) ops.push(...pruneOps(block.prune));
    await this.db.batch(ops);
  }

  /** Deletes pruned state versions outside a block (start-up, after the pruning setting changed). */
  async pruneState(plan: PrunePlan): Promise<void> {
    await this.db.batch(pruneOps(plan));
  }

  async readMeta(): Promise<ChainMeta | undefined> {
    const [best, finalized, genesis, timestamp, oldestState] = await this.db.getMany([
      metaKey('best'),
      metaKey('finalized'),
      metaKey('genesis'),
      metaKey('timestamp'),
      metaKey('oldestState'),
    ]);
    if (best === undefined || genesis === undefined) return undefined;
    return {
      best: own(best),
      finalized: own(finalized ?? genesis),
      genesis: own(genesis),
      timestampMs: timestamp === undefined ? 0 : Number(dec.decode(timestamp)),
      oldestState: oldestState === undefined ? 0 : Number(dec.decode(oldestState)),
    };
  }

  async readHeader(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const bytes = await this.db.get(prefixed(PREFIX_HEADER, hash));
    return bytes === undefined ? undefined : own(bytes);
  }

  async readBody(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const bytes = await this.db.get(prefixed(PREFIX_BODY, hash));
    return bytes === undefined ? undefined : own(bytes);
  }

  /** Headers of `hashes`, in order (one multi-get; undefined where missing). */
  async readHeaders(hashes: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const values = await this.db.getMany(hashes.map((h) => prefixed(PREFIX_HEADER, h)));
    return values.map((v) => (v === undefined ? undefined : own(v)));
  }

  /** Hash of the block at `number` (undefined if none). */
  async readBlockHash(number: number): Promise<Uint8Array | undefined> {
    const bytes = await this.db.get(prefixed(PREFIX_NUMBER, u32BE(number)));
    return bytes === undefined ? undefined : own(bytes);
  }

  /** Block hashes by number, ascending, from `minNumber` up to and including `maxNumber`. */
  async *blockHashes(maxNumber: number, minNumber = 0): AsyncGenerator<[number, Uint8Array]> {
    const it = this.db.iterator({
      gte: prefixed(PREFIX_NUMBER, u32BE(minNumber)),
      lte: prefixed(PREFIX_NUMBER, u32BE(maxNumber)),
    });
    for await (const [key, value] of it) yield [readU32BE(key, 1), own(value)];
  }

  /**
   * Every stored state version written at or before block `maxNumber`, grouped by key with ascending
   * block numbers (LevelDB sorts by key length, then key, then number).
   */
  async *stateVersions(maxNumber: number): AsyncGenerator<[Hex, number, Uint8Array | null]> {
    const it = this.db.iterator({ gt: Uint8Array.of(PREFIX_STATE), lt: Uint8Array.of(PREFIX_STATE + 1) });
    for await (const [dbKey, stored] of it) {
      const keyLen = readU32BE(dbKey, 1);
      const number = readU32BE(dbKey, 5 + keyLen);
      if (number > maxNumber) continue;
      const key = toHex(dbKey.subarray(5, 5 + keyLen));
      yield [key, number, stored[0] === 0 ? null : own(stored.subarray(1))];
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
