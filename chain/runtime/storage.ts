/**
 * Storage for the runtime: key hashers (FRAME's `twox128(pallet) ++ twox128(item) ++ hasher(key)...`),
 * typed storage items that also describe themselves for metadata, and a layered overlay over the node's
 * `StateView` that gives transactional dispatch (a failed call rolls back its own layer).
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { xxhashAsU8a } from '@polkadot/util-crypto/xxhash/asU8a';
import { RuntimeError } from './errors.js';
import type { Hex, StateChanges, StateView } from './interface.js';
import { decodeExact, type Ty } from './scale/ty.js';

export type Hasher =
  | 'Blake2_128'
  | 'Blake2_256'
  | 'Blake2_128Concat'
  | 'Twox128'
  | 'Twox256'
  | 'Twox64Concat'
  | 'Identity';

export function hashWith(hasher: Hasher, data: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128':
      return blake2AsU8a(data, 128);
    case 'Blake2_256':
      return blake2AsU8a(data, 256);
    case 'Blake2_128Concat':
      return u8aConcat(blake2AsU8a(data, 128), data);
    case 'Twox128':
      return xxhashAsU8a(data, 128);
    case 'Twox256':
      return xxhashAsU8a(data, 256);
    case 'Twox64Concat':
      return u8aConcat(xxhashAsU8a(data, 64), data);
    case 'Identity':
      return data;
  }
}

/** `twox128(pallet) ++ twox128(item)` as hex. */
export function storagePrefix(pallet: string, item: string): Hex {
  return u8aToHex(u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128))) as Hex;
}

export type StorageModifier = 'Optional' | 'Default';

/** What metadata needs to know about one storage item. */
export interface StorageEntryInfo {
  name: string;
  modifier: StorageModifier;
  /** Value type; `keys`/`hashers` empty for a plain value. */
  value: Ty<any>;
  keys: Ty<any>[];
  hashers: Hasher[];
  /** SCALE bytes of the default (`0x00` for Optional). */
  fallback: Uint8Array;
  docs: string[];
}

interface ItemOptions<V> {
  /** Value returned for a missing key: makes the item `ValueQuery` (modifier Default). */
  default?: V;
  docs?: string[];
}

abstract class StorageItem<V> {
  readonly info: StorageEntryInfo;
  protected readonly prefix: Hex;

  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly ty: Ty<V>,
    keys: Ty<any>[],
    hashers: Hasher[],
    protected readonly opts: ItemOptions<V>,
  ) {
    this.prefix = storagePrefix(pallet, name);
    this.info = {
      name,
      modifier: opts.default === undefined ? 'Optional' : 'Default',
      value: ty,
      keys,
      hashers,
      fallback: opts.default === undefined ? new Uint8Array([0]) : ty.codec.enc(opts.default),
      docs: opts.docs ?? [],
    };
  }

  protected read(state: StateView, key: Hex): V | undefined {
    const raw = state.get(key);
    if (raw === undefined) return undefined;
    try {
      return decodeExact(this.ty.codec, raw, `${this.pallet}.${this.name}`);
    } catch (err) {
      throw new RuntimeError(
        { code: 'DECODE', what: `${this.pallet}.${this.name}`, reason: 'stored value does not decode' },
        undefined,
        { cause: err },
      );
    }
  }

  /**
   * The default as a new value each time: callers may change what `get` returns (push into a vector),
   * and a shared default object would then change the default for every other missing key.
   */
  protected freshDefault(): V | undefined {
    const d = this.opts.default;
    return typeof d === 'object' && d !== null ? structuredClone(d) : d;
  }
}

export class StorageValue<V> extends StorageItem<V> {
  constructor(pallet: string, name: string, ty: Ty<V>, opts: ItemOptions<V> = {}) {
    super(pallet, name, ty, [], [], opts);
  }

  get key(): Hex {
    return this.prefix;
  }

  /** The value, or the default (`undefined` for an Optional item without value). */
  get(state: StateView): V | (undefined extends V ? undefined : never) {
    return (this.read(state, this.prefix) ?? this.freshDefault()) as V;
  }

  getOr(state: StateView, fallback: V): V {
    return this.read(state, this.prefix) ?? fallback;
  }

  put(state: Overlay, value: V): void {
    state.set(this.prefix, this.ty.codec.enc(value));
  }

  kill(state: Overlay): void {
    state.set(this.prefix, null);
  }
}

/** A map with one or more keys (StorageMap, StorageDoubleMap, StorageNMap). */
export class StorageMap<K extends unknown[], V> extends StorageItem<V> {
  constructor(
    pallet: string,
    name: string,
    keys: { [I in keyof K]: { ty: Ty<K[I]>; hasher: Hasher } },
    ty: Ty<V>,
    opts: ItemOptions<V> = {},
  ) {
    super(
      pallet,
      name,
      ty,
      (keys as Array<{ ty: Ty<unknown> }>).map((k) => k.ty),
      (keys as Array<{ hasher: Hasher }>).map((k) => k.hasher),
      opts,
    );
  }

  /** Prefix of all entries (for iteration), optionally narrowed by the first keys. */
  prefixOf(...first: unknown[]): Hex {
    if (first.length === 0) return this.prefix;
    return (this.prefix + u8aToHex(this.hashedKeys(first)).slice(2)) as Hex;
  }

  keyOf(...keys: K): Hex {
    return (this.prefix + u8aToHex(this.hashedKeys(keys)).slice(2)) as Hex;
  }

  private hashedKeys(keys: unknown[]): Uint8Array {
    const parts = keys.map((k, i) => hashWith(this.info.hashers[i]!, this.info.keys[i]!.codec.enc(k)));
    return parts.length === 1 ? parts[0]! : u8aConcat(...parts);
  }

  get(state: StateView, ...keys: K): V | (undefined extends V ? undefined : never) {
    return (this.read(state, this.keyOf(...keys)) ?? this.freshDefault()) as V;
  }

  /** The stored value only (no default). */
  tryGet(state: StateView, ...keys: K): V | undefined {
    return this.read(state, this.keyOf(...keys));
  }

  contains(state: StateView, ...keys: K): boolean {
    return state.get(this.keyOf(...keys)) !== undefined;
  }

  put(state: Overlay, value: V, ...keys: K): void {
    state.set(this.keyOf(...keys), this.ty.codec.enc(value));
  }

  remove(state: Overlay, ...keys: K): void {
    state.set(this.keyOf(...keys), null);
  }

  /** Decoded values of all entries under `prefixOf(...first)`, at most `limit`. */
  values(state: StateView, first: unknown[] = [], limit?: number): V[] {
    return state.keys(this.prefixOf(...first), undefined, limit).map((k) => this.read(state, k)!);
  }
}

/**
 * Write layers over a `StateView`. Layer 0 holds the block's (or the validation's) changes; `begin()`
 * opens a nested layer that `commit()` folds down or `rollback()` drops (transactional dispatch).
 */
export class Overlay implements StateView {
  private readonly layers: StateChanges[] = [new Map()];

  constructor(private readonly base: StateView) {}

  get depth(): number {
    return this.layers.length;
  }

  get(key: Hex): Uint8Array | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i]!.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.base.get(key);
  }

  set(key: Hex, value: Uint8Array | null): void {
    this.layers[this.layers.length - 1]!.set(key, value);
  }

  keys(prefix: Hex, startKey?: Hex, limit?: number): Hex[] {
    const touched = new Map<Hex, boolean>();
    for (const layer of this.layers) {
      for (const [k, v] of layer) {
        if (k.startsWith(prefix) && (startKey === undefined || k > startKey)) touched.set(k, v !== null);
      }
    }
    const deleted = [...touched.values()].filter((live) => !live).length;
    const fromBase = this.base.keys(prefix, startKey, limit === undefined ? undefined : limit + deleted);
    const all = new Set<Hex>(fromBase);
    for (const [k, live] of touched) {
      if (live) all.add(k);
      else all.delete(k);
    }
    const sorted = [...all].sort();
    return limit === undefined ? sorted : sorted.slice(0, limit);
  }

  begin(): void {
    this.layers.push(new Map());
  }

  commit(): void {
    if (this.layers.length < 2)
      throw new RuntimeError({ code: 'DEFINITION', reason: 'commit without begin' });
    const top = this.layers.pop()!;
    const below = this.layers[this.layers.length - 1]!;
    for (const [k, v] of top) below.set(k, v);
  }

  rollback(): void {
    if (this.layers.length < 2)
      throw new RuntimeError({ code: 'DEFINITION', reason: 'rollback without begin' });
    this.layers.pop();
  }

  /** All changes (only valid with no open nested layer). */
  changes(): StateChanges {
    if (this.layers.length !== 1)
      throw new RuntimeError({ code: 'DEFINITION', reason: 'open storage layer' });
    return new Map(this.layers[0]);
  }
}

/** An empty state (genesis building, tests). */
export const emptyState: StateView = { get: () => undefined, keys: () => [] };

/** A `StateView` over a plain map (genesis, tests, simple nodes). */
export function mapState(map: Map<Hex, Uint8Array>): StateView {
  return {
    get: (key) => map.get(key),
    keys: (prefix, startKey, limit) => {
      const out = [...map.keys()]
        .filter((k) => k.startsWith(prefix) && (startKey === undefined || k > startKey))
        .sort();
      return limit === undefined ? out : out.slice(0, limit);
    },
  };
}
