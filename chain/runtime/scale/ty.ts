/**
 * Runtime types as one source of truth: each `Ty` carries its SCALE codec (from `scale-ts`) and knows how
 * to describe itself in a portable type registry (`scale-info` shape, as metadata V14/V15 carry it).
 * Pallet definitions are written with these, so calls, events, storage and metadata can never disagree.
 *
 * Value conventions: composites with named fields are objects; a newtype (one unnamed field, e.g.
 * `AccountId32`) is its inner value; enums are `{ tag, value }` with `value` undefined, the single field,
 * or an object of named fields.
 */
import * as $ from 'scale-ts';
import { RuntimeError } from '../errors.js';
import {
  type LazyTy,
  type PortableField,
  type PortableRegistryBuilder,
  type PrimitiveName,
  structural,
  type Ty,
} from './portable.js';

export type Codec<T> = $.Codec<T>;

export type {
  LazyTy,
  PortableField,
  PortableType,
  PortableTypeDef,
  PortableTypeInfo,
  PortableVariant,
  PrimitiveName,
  Ty,
} from './portable.js';
export { PortableRegistryBuilder } from './portable.js';

function primitive<T>(name: PrimitiveName, codec: Codec<T>): Ty<T> {
  return { codec, path: [], describe: () => structural({ primitive: name }) };
}

export const bool = primitive('Bool', $.bool);
export const str = primitive('Str', $.str);
export const u8 = primitive('U8', $.u8);
export const u16 = primitive('U16', $.u16);
export const u32 = primitive('U32', $.u32);
export const u64 = primitive('U64', $.u64);
export const u128 = primitive('U128', $.u128);
export const i16 = primitive('I16', $.i16);
export const i64 = primitive('I64', $.i64);

/** The unit type `()`. */
export const unit: Ty<undefined> = { codec: $._void, path: [], describe: () => structural({ tuple: [] }) };

/** `Compact<u32>` as a number. */
export const compactU32: Ty<number> = {
  codec: $.enhanceCodec(
    $.compact,
    (v: number) => v,
    (v) => Number(v),
  ),
  path: [],
  describe: (reg) => structural({ compact: { type: reg.idOf(u32) } }),
};

/** `Compact<u64>` as a bigint. */
export const compactU64: Ty<bigint> = {
  codec: $.enhanceCodec(
    $.compact,
    (v: bigint) => v,
    (v) => BigInt(v),
  ),
  path: [],
  describe: (reg) => structural({ compact: { type: reg.idOf(u64) } }),
};

/** `Compact<u128>` as a bigint. */
export const compactU128: Ty<bigint> = {
  codec: $.enhanceCodec(
    $.compact,
    (v: bigint) => v,
    (v) => BigInt(v),
  ),
  path: [],
  describe: (reg) => structural({ compact: { type: reg.idOf(u128) } }),
};

/** `Vec<u8>` as bytes. */
export const bytes: Ty<Uint8Array> = {
  codec: $.Bytes(),
  path: [],
  describe: (reg) => structural({ sequence: { type: reg.idOf(u8) } }),
};

/** `[u8; N]` as bytes. */
export function fixedBytes(len: number): Ty<Uint8Array> {
  return {
    codec: $.Bytes(len),
    path: [],
    describe: (reg) => structural({ array: { len, type: reg.idOf(u8) } }),
  };
}

export function vec<T>(inner: Ty<T>): Ty<T[]> {
  let codec: Codec<T[]> | undefined;
  return {
    get codec() {
      codec ??= $.Vector(inner.codec);
      return codec;
    },
    path: [],
    describe: (reg) => structural({ sequence: { type: reg.idOf(inner as Ty<unknown>) } }),
  };
}

export function option<T>(inner: Ty<T>): Ty<T | undefined> {
  const ty: Ty<T | undefined> = {
    codec: $.Option(inner.codec),
    path: ['Option'],
    describe: (reg) => ({
      path: ['Option'],
      params: [{ name: 'T', type: reg.idOf(inner as Ty<unknown>) }],
      def: {
        variant: {
          variants: [
            { name: 'None', fields: [], index: 0, docs: [] },
            { name: 'Some', fields: [field(reg, null, inner)], index: 1, docs: [] },
          ],
        },
      },
      docs: [],
    }),
  };
  return memoShape(ty, 'option', inner);
}

export type ResultValue<O, E> = { success: true; value: O } | { success: false; value: E };

export function result<O, E>(ok: Ty<O>, err: Ty<E>): Ty<ResultValue<O, E>> {
  const ty: Ty<ResultValue<O, E>> = {
    codec: $.Result(ok.codec, err.codec),
    path: ['Result'],
    describe: (reg) => ({
      path: ['Result'],
      params: [
        { name: 'T', type: reg.idOf(ok as Ty<unknown>) },
        { name: 'E', type: reg.idOf(err as Ty<unknown>) },
      ],
      def: {
        variant: {
          variants: [
            { name: 'Ok', fields: [field(reg, null, ok)], index: 0, docs: [] },
            { name: 'Err', fields: [field(reg, null, err)], index: 1, docs: [] },
          ],
        },
      },
      docs: [],
    }),
  };
  return memoShape(ty, 'result', ok, err);
}

// Generic named types (Option<T>, Result<T, E>) are one registry entry per instantiation.
const shapeMemo = new Map<string, Ty<unknown>>();
const tyIds = new WeakMap<Ty<unknown>, number>();
let nextTyId = 0;
function tyKey(ty: Ty<unknown>): number {
  let id = tyIds.get(ty);
  if (id === undefined) {
    id = nextTyId++;
    tyIds.set(ty, id);
  }
  return id;
}
function memoShape<T>(ty: Ty<T>, kind: string, ...args: Ty<any>[]): Ty<T> {
  const key = `${kind}(${args.map((a) => tyKey(a)).join(',')})`;
  const known = shapeMemo.get(key);
  if (known) return known as Ty<T>;
  shapeMemo.set(key, ty as Ty<unknown>);
  return ty;
}

export function tuple<A extends Ty<any>[]>(
  ...items: A
): Ty<{ [K in keyof A]: A[K] extends Ty<infer V> ? V : never }> {
  return {
    codec: $.Tuple(...items.map((i) => i.codec)) as never,
    path: [],
    describe: (reg) => structural({ tuple: items.map((i) => reg.idOf(i)) }),
  };
}

export interface FieldSpec<T = any> {
  ty: Ty<T>;
  /** Rust type name shown by clients (`T::AccountId`, `Compact<u64>` ...). */
  typeName?: string;
  docs?: string[];
}

type FieldsValue<F extends Record<string, FieldSpec>> = {
  [K in keyof F]: F[K] extends FieldSpec<infer V> ? V : never;
};

function field(
  reg: PortableRegistryBuilder,
  name: string | null,
  ty: Ty<any>,
  typeName?: string,
  docs?: string[],
) {
  return { name, type: reg.idOf(ty), typeName: typeName ?? null, docs: docs ?? [] };
}

export interface NamedOptions {
  params?: Array<{ name: string; ty?: Ty<any> }>;
  docs?: string[];
}

function params(reg: PortableRegistryBuilder, opts?: NamedOptions) {
  return (opts?.params ?? []).map((p) => ({ name: p.name, type: p.ty ? reg.idOf(p.ty) : null }));
}

/** A Rust struct with named fields. */
export function struct<F extends Record<string, FieldSpec>>(
  path: string,
  fields: F,
  opts?: NamedOptions,
): Ty<FieldsValue<F>> {
  const names = Object.keys(fields);
  const codecs: Record<string, Codec<any>> = {};
  for (const n of names) codecs[n] = fields[n]!.ty.codec;
  return {
    codec: $.Struct(codecs as never) as unknown as Codec<FieldsValue<F>>,
    path: path.split('::'),
    describe: (reg) => ({
      path: path.split('::'),
      params: params(reg, opts),
      def: {
        composite: {
          fields: names.map((n) => field(reg, n, fields[n]!.ty, fields[n]!.typeName, fields[n]!.docs)),
        },
      },
      docs: opts?.docs ?? [],
    }),
  };
}

/** A Rust tuple struct with one field (`AccountId32([u8; 32])`): the value is the inner value. */
export function newtype<T>(path: string, inner: Ty<T>, typeName?: string, opts?: NamedOptions): Ty<T> {
  return {
    get codec() {
      return inner.codec;
    },
    path: path.split('::'),
    describe: (reg) => ({
      path: path.split('::'),
      params: params(reg, opts),
      def: { composite: { fields: [field(reg, null, inner, typeName)] } },
      docs: opts?.docs ?? [],
    }),
  };
}

/** An empty struct (signed extensions without payload). */
export function emptyStruct(path: string, opts?: NamedOptions): Ty<undefined> {
  return {
    codec: $._void,
    path: path.split('::'),
    describe: (reg) => ({
      path: path.split('::'),
      params: params(reg, opts),
      def: { composite: { fields: [] } },
      docs: opts?.docs ?? [],
    }),
  };
}

/**
 * One enum variant. `fields` is absent (unit variant), a single unnamed `FieldSpec` (newtype variant),
 * an array of unnamed fields (tuple variant, value is an array: subtensor's events), or named fields
 * (struct variant).
 */
export interface VariantSpec {
  index: number;
  fields?: FieldSpec | FieldSpec[] | Record<string, FieldSpec>;
  docs?: string[];
}

export interface EnumValue<Tag extends string = string, V = any> {
  tag: Tag;
  value: V;
}

function isFieldSpec(f: FieldSpec | FieldSpec[] | Record<string, FieldSpec>): f is FieldSpec {
  return typeof (f as FieldSpec).ty === 'object' && typeof (f as FieldSpec).ty?.describe === 'function';
}

function variantCodec(spec: VariantSpec): Codec<any> {
  if (!spec.fields) return $._void;
  if (isFieldSpec(spec.fields)) return spec.fields.ty.codec;
  if (Array.isArray(spec.fields)) return $.Tuple(...spec.fields.map((f) => f.ty.codec)) as Codec<any>;
  const codecs: Record<string, Codec<any>> = {};
  for (const [n, f] of Object.entries(spec.fields)) codecs[n] = f.ty.codec;
  return $.Struct(codecs as never) as unknown as Codec<any>;
}

/** A Rust enum. Codecs build lazily so that variants can refer to types defined later (RuntimeCall). */
export function enumOf(
  path: string,
  variants: Record<string, VariantSpec>,
  opts?: NamedOptions,
): Ty<EnumValue> {
  let codec: Codec<EnumValue> | undefined;
  const names = Object.keys(variants);
  for (const n of names) {
    const i = variants[n]!.index;
    if (!Number.isInteger(i) || i < 0 || i > 255) {
      throw new RuntimeError({ code: 'DEFINITION', reason: `${path}::${n} has index ${i}` });
    }
  }
  return {
    get codec() {
      if (!codec) {
        const inner: Record<string, Codec<any>> = {};
        for (const n of names) inner[n] = variantCodec(variants[n]!);
        codec = $.Enum(
          inner as never,
          names.map((n) => variants[n]!.index) as never,
        ) as unknown as Codec<EnumValue>;
        const [enc, dec] = codec;
        // scale-ts reports an unknown index as a TypeError deep inside; make it a clear decode error.
        const known = new Set(names.map((n) => variants[n]!.index));
        codec = $.createCodec(
          (v: EnumValue) => {
            if (!(v.tag in variants))
              throw new RuntimeError({ code: 'BAD_INPUT', what: path, reason: `no variant ${v.tag}` });
            return enc(v);
          },
          $.createDecoder((b) => {
            const idx = b[(b as unknown as { i: number }).i];
            if (idx === undefined || !known.has(idx)) {
              throw new RuntimeError({ code: 'DECODE', what: path, reason: `unknown variant index ${idx}` });
            }
            return dec(b);
          }),
        );
      }
      return codec;
    },
    path: path.split('::'),
    describe: (reg) => ({
      path: path.split('::'),
      params: params(reg, opts),
      def: {
        variant: {
          variants: names.map((n) => {
            const spec = variants[n]!;
            let fields: PortableField[] = [];
            if (spec.fields && isFieldSpec(spec.fields)) {
              fields = [field(reg, null, spec.fields.ty, spec.fields.typeName, spec.fields.docs)];
            } else if (Array.isArray(spec.fields)) {
              fields = spec.fields.map((f) => field(reg, null, f.ty, f.typeName, f.docs));
            } else if (spec.fields) {
              fields = Object.entries(spec.fields).map(([fn, f]) => field(reg, fn, f.ty, f.typeName, f.docs));
            }
            return { name: n, fields, index: spec.index, docs: spec.docs ?? [] };
          }),
        },
      },
      docs: opts?.docs ?? [],
    }),
  };
}

/** A type defined later (recursion through the outer RuntimeCall enum). */
export function lazy<T>(resolve: () => Ty<T>): Ty<T> {
  let inner: Codec<T> | undefined;
  const get = () => {
    inner ??= resolve().codec;
    return inner;
  };
  const codec = $.createCodec(
    (v: T) => get().enc(v),
    $.createDecoder((b) => get().dec(b)),
  );
  const ty: LazyTy<T> = {
    resolve,
    path: [],
    codec,
    describe: (reg) => resolve().describe(reg),
  };
  return ty;
}

/**
 * Decodes `input` with `codec` and requires every byte to be consumed.
 * (scale-ts decodes from the start of the underlying buffer and does not bound-check byte reads.)
 */
export function decodeExact<T>(codec: Codec<T>, input: Uint8Array, what: string): T {
  const [value, end] = decodePrefix(codec, input, 0, what);
  if (end !== input.length) {
    throw new RuntimeError({ code: 'DECODE', what, reason: `${input.length - end} trailing bytes` });
  }
  return value;
}

/** Decodes one value at `offset`, returning it with the offset after it. */
export function decodePrefix<T>(
  codec: Codec<T>,
  input: Uint8Array,
  offset: number,
  what: string,
): [T, number] {
  const own = input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input : input.slice();
  let end = 0;
  let value: T;
  try {
    value = $.createDecoder((b) => {
      (b as unknown as { i: number }).i = offset;
      const v = codec.dec(b);
      end = (b as unknown as { i: number }).i;
      return v;
    })(own);
  } catch (err) {
    if (err instanceof RuntimeError) throw err;
    throw new RuntimeError({ code: 'DECODE', what, reason: (err as Error).message }, undefined, {
      cause: err,
    });
  }
  if (end > input.length) throw new RuntimeError({ code: 'DECODE', what, reason: 'input too short' });
  return [value, end];
}
