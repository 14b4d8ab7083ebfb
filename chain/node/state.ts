/**
 * Storage with history: every key keeps its versions (block number → value or deletion), so any stored
 * block's state can be read synchronously (the runtime's `StateView` is synchronous, and `state_call` /
 * `state_getStorage` accept any block hash). LevelDB (`db.ts`) holds the same versions durably; this is the
 * in-memory index rebuilt from it on start.
 */
import type { Hex, StateChanges, StateView } from '../runtime/interface.js';

interface KeyVersions {
  /** Ascending block numbers at which the key was written. */
  numbers: number[];
  /** Value written at `numbers[i]`; `null` = deleted. */
  values: (Uint8Array | null)[];
}

function lowerBound(sorted: readonly string[], target: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class StateHistory {
  private readonly versions = new Map<Hex, KeyVersions>();
  /** Every key ever written, ascending (lowercase hex sorts like the bytes it encodes). */
  private sortedKeys: Hex[] = [];

  /** Records the writes of block `number`; blocks must be applied in ascending order. */
  apply(number: number, changes: Iterable<[Hex, Uint8Array | null]>): void {
    const fresh: Hex[] = [];
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
      }
    }
    if (fresh.length > 0) this.mergeKeys(fresh);
  }

  /**
   * Bulk load of one stored version (start-up replay from the database): versions of a key must come in
   * ascending block order; call `finishLoad()` once at the end to index the keys.
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

  finishLoad(): void {
    this.sortedKeys = [...this.versions.keys()].sort();
  }

  private mergeKeys(fresh: Hex[]): void {
    fresh.sort();
    if (fresh.length < 16) {
      for (const key of fresh) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
      return;
    }
    const merged: Hex[] = new Array(this.sortedKeys.length + fresh.length);
    let i = 0;
    let j = 0;
    let k = 0;
    const old = this.sortedKeys;
    while (i < old.length && j < fresh.length) merged[k++] = old[i]! < fresh[j]! ? old[i++]! : fresh[j++]!;
    while (i < old.length) merged[k++] = old[i++]!;
    while (j < fresh.length) merged[k++] = fresh[j++]!;
    this.sortedKeys = merged;
  }

  /** Value of `key` in the state after block `number`. */
  get(key: Hex, number: number): Uint8Array | undefined {
    const entry = this.versions.get(key);
    if (entry === undefined) return undefined;
    const { numbers, values } = entry;
    let idx = numbers.length - 1;
    if (numbers[idx]! > number) {
      // Latest version is newer: binary search the last version at or before `number`.
      let lo = 0;
      let hi = numbers.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (numbers[mid]! <= number) lo = mid + 1;
        else hi = mid;
      }
      idx = lo - 1;
      if (idx < 0) return undefined;
    }
    return values[idx] ?? undefined;
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
      const key = this.sortedKeys[i]!;
      if (!key.startsWith(prefix)) break;
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
}

/** Normalises a runtime's change set (keys lowercase) in block order. */
export function normalizeChanges(changes: StateChanges): Array<[Hex, Uint8Array | null]> {
  const out: Array<[Hex, Uint8Array | null]> = [];
  for (const [key, value] of changes) out.push([key.toLowerCase() as Hex, value]);
  return out;
}
