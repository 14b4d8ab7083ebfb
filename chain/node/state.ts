/**
 * Storage with history: every key keeps its versions (block number → value or deletion), so any kept
 * block's state can be read synchronously (the runtime's `StateView` is synchronous, and `state_call` /
 * `state_getStorage` accept a block hash). LevelDB (`db.ts`) holds the same versions durably; this is the
 * in-memory index rebuilt from it on start.
 *
 * State pruning (Substrate's `--state-pruning N`): only the state of the latest `N` blocks stays readable
 * (`oldest` onwards). One more block is kept exact (the diff base of `oldest`); older versions of a key
 * collapse into the one that was current at that block, and a deletion with nothing before it disappears.
 * `planPrune` says what goes (so the database can drop it in the block's own batch), `applyPrune` does it.
 */
import type { Hex, StateChanges, StateView } from '../runtime/interface.js';

interface KeyVersions {
  /** Ascending block numbers at which the key was written. */
  numbers: number[];
  /** Value written at `numbers[i]`; `null` = deleted. */
  values: (Uint8Array | null)[];
}

/** Versions dropped by one pruning step: per key, how many of its oldest versions (and their numbers). */
export interface PrunePlan {
  /** The oldest readable block once applied. */
  readonly oldest: number;
  readonly drop: ReadonlyMap<Hex, readonly number[]>;
}

function lowerBound(sorted: readonly string[], target: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last version at or before `number`, -1 when none. */
function versionAt(numbers: readonly number[], number: number): number {
  let idx = numbers.length - 1;
  if ((numbers[idx] ?? 0) <= number) return idx;
  let lo = 0;
  let hi = numbers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((numbers[mid] ?? 0) <= number) lo = mid + 1;
    else hi = mid;
  }
  idx = lo - 1;
  return idx;
}

/** Block numbers of `entry`'s versions that the state of block `floor` onwards no longer needs. */
function prunable(entry: KeyVersions, floor: number): number[] {
  const i = versionAt(entry.numbers, floor);
  if (i < 0) return entry.values[0] === null ? entry.numbers.slice(0, 1) : [];
  // A leading deletion reads the same as no version at all.
  const end = entry.values[i] === null ? i + 1 : i;
  return entry.numbers.slice(0, end);
}

export interface StateHistoryOptions {
  /** Blocks of state kept readable; undefined keeps all (archive). */
  keepBlocks?: number;
}

export class StateHistory {
  private readonly versions = new Map<Hex, KeyVersions>();
  /** Every key with a kept version, ascending (lowercase hex sorts like the bytes it encodes). */
  private sortedKeys: Hex[] = [];
  /** Keys each not-yet-pruned block wrote (pruning mode only): what pruning visits as the block ages. */
  private readonly written = new Map<number, Hex[]>();
  private readonly keepBlocks: number | undefined;
  /** Oldest block whose state can be read. */
  private oldestBlock = 0;

  constructor(options: StateHistoryOptions = {}) {
    this.keepBlocks = options.keepBlocks;
  }

  get oldest(): number {
    return this.oldestBlock;
  }

  /** Records the writes of block `number`; blocks must be applied in ascending order. */
  apply(number: number, changes: Iterable<[Hex, Uint8Array | null]>): void {
    const fresh: Hex[] = [];
    const touched: Hex[] = [];
    for (const [key, value] of changes) {
      let entry = this.versions.get(key);
      if (entry === undefined) {
        entry = { numbers: [], values: [] };
        this.versions.set(key, entry);
        fresh.push(key);
      }
      const last = entry.numbers.length - 1;
      if (last >= 0 && entry.numbers[last] === number) entry.values[last] = value;
      else {
        entry.numbers.push(number);
        entry.values.push(value);
        touched.push(key);
      }
    }
    if (fresh.length > 0) this.mergeKeys(fresh);
    if (this.keepBlocks !== undefined && touched.length > 0) {
      const list = this.written.get(number);
      if (list === undefined) this.written.set(number, touched);
      else list.push(...touched);
    }
  }

  /**
   * Bulk load of one stored version (start-up replay from the database): versions of a key must come in
   * ascending block order; call `finishLoad()` once at the end.
   */
  load(key: Hex, number: number, value: Uint8Array | null): void {
    let entry = this.versions.get(key);
    if (entry === undefined) {
      entry = { numbers: [], values: [] };
      this.versions.set(key, entry);
    }
    entry.numbers.push(number);
    entry.values.push(value);
  }

  /**
   * Indexes the loaded keys and prunes them for best block `best` (`oldest`: the oldest readable block the
   * database recorded). Returns what was dropped, for the database to delete too.
   */
  finishLoad(best: number, oldest: number): PrunePlan {
    this.oldestBlock = Math.max(oldest, this.target(best));
    const floor = this.oldestBlock - 1;
    const drop = new Map<Hex, number[]>();
    if (floor >= 0) {
      for (const [key, entry] of this.versions) {
        const numbers = prunable(entry, floor);
        if (numbers.length > 0) drop.set(key, numbers);
      }
    }
    const plan: PrunePlan = { oldest: this.oldestBlock, drop };
    this.dropVersions(plan);
    this.sortedKeys = [...this.versions.keys()].sort();
    if (this.keepBlocks !== undefined) {
      for (const [key, entry] of this.versions) {
        for (const n of entry.numbers) {
          if (n <= floor) continue;
          const list = this.written.get(n);
          if (list === undefined) this.written.set(n, [key]);
          else list.push(key);
        }
      }
    }
    return plan;
  }

  /** Oldest readable block the pruning setting asks for at best block `best`. */
  private target(best: number): number {
    return this.keepBlocks === undefined ? 0 : Math.max(0, best - this.keepBlocks + 1);
  }

  /** What pruning drops once block `best` is committed; undefined when nothing changes. Pure. */
  planPrune(best: number): PrunePlan | undefined {
    const oldest = this.target(best);
    if (oldest <= this.oldestBlock) return undefined;
    const floor = oldest - 1;
    const drop = new Map<Hex, number[]>();
    // Blocks that become the diff base or older: their keys' older versions are no longer needed.
    for (let n = this.oldestBlock; n <= floor; n++) {
      for (const key of this.written.get(n) ?? []) {
        const entry = this.versions.get(key);
        if (entry === undefined || drop.has(key)) continue;
        const numbers = prunable(entry, floor);
        if (numbers.length > 0) drop.set(key, numbers);
      }
    }
    return { oldest, drop };
  }

  /** Applies a plan from `planPrune` (only newer versions may have been added since). */
  applyPrune(plan: PrunePlan): void {
    for (let n = this.oldestBlock; n < plan.oldest; n++) this.written.delete(n);
    this.oldestBlock = Math.max(this.oldestBlock, plan.oldest);
    const gone = this.dropVersions(plan);
    if (gone.size > 0) this.sortedKeys = this.sortedKeys.filter((k) => !gone.has(k));
  }

  /** Drops each planned key's oldest versions; returns the keys left without any. */
  private dropVersions(plan: PrunePlan): Set<Hex> {
    const gone = new Set<Hex>();
    for (const [key, numbers] of plan.drop) {
      const entry = this.versions.get(key);
      if (entry === undefined) continue;
      entry.numbers.splice(0, numbers.length);
      entry.values.splice(0, numbers.length);
      if (entry.numbers.length === 0) {
        this.versions.delete(key);
        gone.add(key);
      }
    }
    return gone;
  }

  private mergeKeys(fresh: Hex[]): void {
    fresh.sort();
    if (fresh.length < 16) {
      for (const key of fresh) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
      return;
    }
    const merged: Hex[] = [];
    let i = 0;
    let j = 0;
    const old = this.sortedKeys;
    while (i < old.length || j < fresh.length) {
      const a = old[i];
      const b = fresh[j];
      if (b === undefined || (a !== undefined && a < b)) {
        merged.push(a as Hex);
        i++;
      } else {
        merged.push(b);
        j++;
      }
    }
    this.sortedKeys = merged;
  }

  /** Value of `key` in the state after block `number` (a block at or after `oldest`). */
  get(key: Hex, number: number): Uint8Array | undefined {
    const entry = this.versions.get(key);
    if (entry === undefined) return undefined;
    const idx = versionAt(entry.numbers, number);
    return idx < 0 ? undefined : (entry.values[idx] ?? undefined);
  }

  keys(number: number, prefix: Hex, startKey?: Hex, limit = Number.POSITIVE_INFINITY): Hex[] {
    const out: Hex[] = [];
    if (limit <= 0) return out;
    let i = lowerBound(this.sortedKeys, prefix);
    if (startKey !== undefined && startKey >= prefix) {
      i = lowerBound(this.sortedKeys, startKey);
      if (this.sortedKeys[i] === startKey) i++;
    }
    for (; i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i];
      if (key === undefined || !key.startsWith(prefix)) break;
      if (this.get(key, number) !== undefined) {
        out.push(key);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** All key/value pairs of the state after block `number`, ascending. */
  *entries(number: number): Generator<[Hex, Uint8Array]> {
    for (const key of this.sortedKeys) {
      const value = this.get(key, number);
      if (value !== undefined) yield [key, value];
    }
  }

  view(number: number): StateView {
    return {
      get: (key) => this.get(key.toLowerCase() as Hex, number),
      keys: (prefix, startKey, limit) =>
        this.keys(number, prefix.toLowerCase() as Hex, startKey?.toLowerCase() as Hex | undefined, limit),
    };
  }

  get keyCount(): number {
    return this.versions.size;
  }

  /** Versions held in memory (all keys), for metrics and tests. */
  get versionCount(): number {
    let n = 0;
    for (const entry of this.versions.values()) n += entry.numbers.length;
    return n;
  }
}

/** Normalises a runtime's change set (keys lowercase) in block order. */
export function normalizeChanges(changes: StateChanges): Array<[Hex, Uint8Array | null]> {
  const out: Array<[Hex, Uint8Array | null]> = [];
  for (const [key, value] of changes) out.push([key.toLowerCase() as Hex, value]);
  return out;
}
