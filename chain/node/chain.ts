/**
 * The node's view of its chain: blocks (the latest headers decoded in memory, every header and body in
 * LevelDB, bodies with a small cache), the state history, and the best state's Merkle trie (with cheap
 * per-block snapshots for read proofs). Blocks enter through `commit`, which persists them in one atomic
 * batch before anything else sees them.
 */
import type { Logger } from '../../shared/logger.js';
import type { GenesisConfig, Hex, Runtime, StateView } from '../runtime/interface.js';
import { MerkleTrie, orderedTrieRoot, type StateVersion } from '../trie/index.js';
import { fromHex, toHex } from './bytes.js';
import type { ChainDatabase } from './db.js';
import { ChainError } from './errors.js';
import {
  decodeBody,
  decodeHeader,
  encodeBody,
  encodeHeader,
  type Header,
  type HeaderJson,
  hashHeader,
  headerToJson,
} from './header.js';
import { StateHistory } from './state.js';

export interface BlockRecord {
  readonly hash: Uint8Array;
  readonly hashHex: Hex;
  readonly number: number;
  readonly header: Header;
  readonly json: HeaderJson;
}

export interface ImportedBlock extends BlockRecord {
  readonly extrinsics: Uint8Array[];
  /** Storage writes of the block, keys lowercase; `null` = deleted. */
  readonly changes: ReadonlyArray<[Hex, Uint8Array | null]>;
  /** The block wrote `:code` (a runtime upgrade). */
  readonly codeChanged: boolean;
}

/** `:code`, the runtime's storage key. */
export const CODE_KEY: Hex = '0x3a636f6465';
/** Recent blocks whose trie stays in memory for `state_getReadProof` (older ones are rebuilt). */
const TRIE_SNAPSHOTS = 64;
const BODY_CACHE = 256;
/** Latest blocks whose decoded record stays in memory (older ones are read from LevelDB on demand). */
export const RECENT_BLOCKS = 4096;

export interface OpenChainParameters {
  db: ChainDatabase;
  runtime: Runtime;
  genesis: GenesisConfig;
  log: Logger;
  /** Blocks of state kept (`--state-pruning N`); undefined keeps all (archive). */
  stateKeepBlocks?: number;
  /** Latest blocks kept decoded in memory (default `RECENT_BLOCKS`, at least 1). */
  recentBlocks?: number;
}

function record(hash: Uint8Array, header: Header): BlockRecord {
  return { hash, hashHex: toHex(hash), number: header.number, header, json: headerToJson(header) };
}

export class ChainStore {
  // Only the latest `recentBlocks` records: memory stays bounded however long the chain runs.
  private readonly byNumber = new Map<number, BlockRecord>();
  private readonly byHash = new Map<Hex, BlockRecord>();
  private readonly recentBlocks: number;
  private readonly bodies = new Map<Hex, Uint8Array[]>();
  private readonly tries = new Map<number, MerkleTrie>();
  private readonly listeners = new Set<(block: ImportedBlock) => void>();
  private bestTrie: MerkleTrie;
  private genesisRecord!: BlockRecord;
  private bestRecord!: BlockRecord;
  private finalizedRecord!: BlockRecord;
  /** Timestamp inherent of the best block (ms). */
  lastTimestampMs = 0;

  readonly state: StateHistory;
  readonly stateVersion: StateVersion;

  private constructor(
    private readonly db: ChainDatabase,
    runtime: Runtime,
    private readonly log: Logger,
    keepBlocks: number | undefined,
    recentBlocks: number,
  ) {
    this.recentBlocks = Math.max(1, Math.floor(recentBlocks));
    this.stateVersion = runtime.version.stateVersion === 0 ? 0 : 1;
    this.bestTrie = new MerkleTrie({ stateVersion: this.stateVersion });
    this.state = new StateHistory(keepBlocks === undefined ? {} : { keepBlocks });
  }

  /** Opens the chain in `db`, creating the genesis block from the runtime when the database is empty. */
  static async open({
    db,
    runtime,
    genesis,
    log,
    stateKeepBlocks,
    recentBlocks = RECENT_BLOCKS,
  }: OpenChainParameters): Promise<ChainStore> {
    const chain = new ChainStore(db, runtime, log, stateKeepBlocks, recentBlocks);
    const meta = await db.readMeta();
    if (meta === undefined) await chain.createGenesis(runtime, genesis);
    else {
      const started = performance.now();
      await chain.load(meta.best, meta.finalized, meta.oldestState);
      chain.lastTimestampMs = meta.timestampMs;
      log.info(
        { best: chain.best.number, keys: chain.state.keyCount, ms: Math.round(performance.now() - started) },
        'Loaded chain from database',
      );
    }
    return chain;
  }

  private async createGenesis(runtime: Runtime, config: GenesisConfig): Promise<void> {
    const changes: Array<[Hex, Uint8Array]> = [];
    for (const [key, value] of runtime.genesisStorage(config))
      changes.push([key.toLowerCase() as Hex, value]);
    const trie = this.bestTrie.clone();
    for (const [key, value] of changes) trie.set(key, value);
    const header: Header = {
      parentHash: new Uint8Array(32),
      number: 0,
      stateRoot: trie.root(),
      extrinsicsRoot: orderedTrieRoot([], this.stateVersion),
      digest: [],
    };
    await this.commit({ header, extrinsics: [], changes, trie, timestampMs: 0, codeChanged: false });
  }

  private async load(bestHash: Uint8Array, finalizedHash: Uint8Array, oldestState: number): Promise<void> {
    const bestHeader = await this.readHeader(bestHash);
    // The number index must be contiguous up to the best block; only the genesis and the latest blocks are
    // read and decoded (older headers are read on demand).
    const first = Math.max(0, bestHeader.number - this.recentBlocks + 1);
    const kept: Array<[number, Uint8Array]> = [];
    let next = 0;
    for await (const [number, hash] of this.db.blockHashes(bestHeader.number)) {
      if (number !== next) break;
      next++;
      if (number === 0 || number >= first) kept.push([number, hash]);
    }
    const last = kept[kept.length - 1];
    if (next !== bestHeader.number + 1 || last === undefined || toHex(last[1]) !== toHex(bestHash)) {
      throw new ChainError(
        { code: 'CORRUPT_DATABASE', detail: 'missing blocks' },
        'missing blocks in database',
      );
    }
    const headers = await this.db.readHeaders(kept.map(([, hash]) => hash));
    kept.forEach(([number, hash], i) => {
      const bytes = headers[i];
      if (bytes === undefined) {
        throw new ChainError({ code: 'CORRUPT_DATABASE', detail: `header #${number}` }, 'missing header');
      }
      const rec = record(hash, decodeHeader(bytes));
      if (rec.number !== number) {
        throw new ChainError({ code: 'CORRUPT_DATABASE', detail: `block ${number}` }, 'block index mismatch');
      }
      if (number === 0) this.genesisRecord = rec;
      if (number >= first) this.remember(rec);
    });
    for await (const [key, number, value] of this.db.stateVersions(bestHeader.number)) {
      this.state.load(key, number, value);
    }
    const pruned = this.state.finishLoad(bestHeader.number, oldestState);
    // Versions a previous run kept (e.g. as an archive) that this pruning setting no longer needs.
    if (pruned.drop.size > 0 || pruned.oldest !== oldestState) await this.db.pruneState(pruned);
    this.bestTrie = MerkleTrie.fromEntries(this.state.entries(bestHeader.number), {
      stateVersion: this.stateVersion,
    });
    const root = this.bestTrie.root();
    if (toHex(root) !== toHex(bestHeader.stateRoot)) {
      throw new ChainError(
        { code: 'CORRUPT_DATABASE', detail: 'state root mismatch' },
        `rebuilt state root ${toHex(root)} differs from best block's ${toHex(bestHeader.stateRoot)}`,
      );
    }
    this.tries.set(bestHeader.number, this.bestTrie);
    this.finalizedRecord = this.byHash.get(toHex(finalizedHash)) ?? this.best;
  }

  /** Keeps `rec` (the new best block) in memory and drops the record that leaves the window. */
  private remember(rec: BlockRecord): void {
    this.byNumber.set(rec.number, rec);
    this.byHash.set(rec.hashHex, rec);
    this.bestRecord = rec;
    const old = this.byNumber.get(rec.number - this.recentBlocks);
    if (old === undefined) return;
    this.byNumber.delete(old.number);
    this.byHash.delete(old.hashHex);
  }

  private async readHeader(hash: Uint8Array): Promise<Header> {
    const bytes = await this.db.readHeader(hash);
    if (bytes === undefined) {
      throw new ChainError({ code: 'CORRUPT_DATABASE', detail: `header ${toHex(hash)}` }, 'missing header');
    }
    return decodeHeader(bytes);
  }

  get genesis(): BlockRecord {
    return this.genesisRecord;
  }

  get best(): BlockRecord {
    return this.bestRecord;
  }

  /** Decoded block records held in memory (at most `recentBlocks`; the genesis and best are fields). */
  get recordCount(): number {
    return this.byNumber.size;
  }

  get finalized(): BlockRecord {
    return this.finalizedRecord;
  }

  /** The block at `number`: from memory when recent, else from LevelDB. */
  async blockByNumber(number: number): Promise<BlockRecord | undefined> {
    if (number === 0) return this.genesisRecord;
    const recent = this.byNumber.get(number);
    if (recent !== undefined || number > this.best.number) return recent;
    const hash = await this.db.readBlockHash(number);
    return hash === undefined ? undefined : record(hash, await this.readHeader(hash));
  }

  /** The block with `hash` (32 bytes): from memory when recent, else from LevelDB. */
  async blockByHash(hash: Hex): Promise<BlockRecord | undefined> {
    const key = hash.toLowerCase() as Hex;
    const recent =
      this.byHash.get(key) ?? (key === this.genesisRecord.hashHex ? this.genesisRecord : undefined);
    if (recent !== undefined) return recent;
    const raw = fromHex(key);
    const bytes = await this.db.readHeader(raw);
    return bytes === undefined ? undefined : record(raw, decodeHeader(bytes));
  }

  /** Hashes of blocks `from..=to` (clamped to the best block), in order, reading old ones in one scan. */
  async blockHashes(from: number, to: number): Promise<Hex[]> {
    const last = Math.min(to, this.best.number);
    const out: Hex[] = [];
    let n = from;
    const oldest = this.best.number - this.byNumber.size + 1;
    if (n < oldest && n <= last) {
      for await (const [number, hash] of this.db.blockHashes(Math.min(last, oldest - 1), n)) {
        if (number !== n) break;
        out.push(toHex(hash));
        n++;
      }
    }
    for (; n <= last; n++) {
      const rec = this.byNumber.get(n);
      if (rec === undefined) break;
      out.push(rec.hashHex);
    }
    return out;
  }

  async body(block: BlockRecord): Promise<Uint8Array[]> {
    const cached = this.bodies.get(block.hashHex);
    if (cached !== undefined) return cached;
    const bytes = await this.db.readBody(block.hash);
    if (bytes === undefined) {
      throw new ChainError(
        { code: 'CORRUPT_DATABASE', detail: `body ${block.hashHex}` },
        'missing block body',
      );
    }
    return decodeBody(bytes);
  }

  /** State after `block` (a block whose state is kept: see `isStatePruned`). */
  stateAt(block: BlockRecord): StateView {
    return this.state.view(block.number);
  }

  /** The state after `block` was discarded by state pruning (its header and body are still kept). */
  isStatePruned(block: BlockRecord): boolean {
    return block.number < this.state.oldest;
  }

  /** A copy of the best state's trie, for building the next block on. */
  forkTrie(): MerkleTrie {
    return this.bestTrie.clone();
  }

  /** Read proof for `keys` in the state after `block`. */
  readProof(block: BlockRecord, keys: readonly Hex[]): Uint8Array[] {
    let trie = this.tries.get(block.number);
    if (trie === undefined) {
      trie = MerkleTrie.fromEntries(this.state.entries(block.number), { stateVersion: this.stateVersion });
    }
    return trie.readProof(keys);
  }

  onImport(listener: (block: ImportedBlock) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Persists a block (one atomic batch; every block is final on this dev chain), then makes it the best
   * block in memory and tells listeners. `trie` must hold the state after the block.
   */
  async commit(params: {
    header: Header;
    extrinsics: Uint8Array[];
    changes: ReadonlyArray<[Hex, Uint8Array | null]>;
    trie: MerkleTrie;
    timestampMs: number;
    codeChanged: boolean;
  }): Promise<ImportedBlock> {
    const { header, extrinsics, changes, trie, timestampMs, codeChanged } = params;
    const headerBytes = encodeHeader(header);
    const rec = record(hashHeader(header), header);
    // State pruning goes into the block's own batch: the database never holds a half-pruned state.
    const prune = this.state.planPrune(rec.number);
    await this.db.commitBlock({
      hash: rec.hash,
      number: rec.number,
      header: headerBytes,
      body: encodeBody(extrinsics),
      changes,
      timestampMs,
      finalized: true,
      ...(prune === undefined ? {} : { prune }),
    });
    if (rec.number === 0) this.genesisRecord = rec;
    this.remember(rec);
    this.state.apply(rec.number, changes);
    if (prune !== undefined) this.state.applyPrune(prune);
    this.bestTrie = trie;
    this.tries.set(rec.number, trie);
    this.tries.delete(rec.number - TRIE_SNAPSHOTS);
    this.tries.delete(this.state.oldest - 1);
    this.bodies.set(rec.hashHex, extrinsics);
    const evicted = this.bodies.size > BODY_CACHE ? this.bodies.keys().next().value : undefined;
    if (evicted !== undefined) this.bodies.delete(evicted);
    this.finalizedRecord = rec;
    this.lastTimestampMs = timestampMs;
    const imported: ImportedBlock = { ...rec, extrinsics, changes, codeChanged };
    for (const listener of this.listeners) {
      try {
        listener(imported);
      } catch (err) {
        // A subscriber's failure must not undo or stall block import.
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'block listener failed');
      }
    }
    return imported;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
