/**
 * The portable type registry (`scale-info` shape, as metadata V14/V15 carry it) and the `Ty` interface every
 * runtime type implements: a SCALE codec plus how to describe itself in the registry. The combinators that
 * build `Ty`s are `ty.ts`.
 */
import type * as $ from 'scale-ts';

export type PrimitiveName =
  | 'Bool'
  | 'Char'
  | 'Str'
  | 'U8'
  | 'U16'
  | 'U32'
  | 'U64'
  | 'U128'
  | 'U256'
  | 'I8'
  | 'I16'
  | 'I32'
  | 'I64'
  | 'I128'
  | 'I256';

export interface PortableField {
  name: string | null;
  type: number;
  typeName: string | null;
  docs: string[];
}

export interface PortableVariant {
  name: string;
  fields: PortableField[];
  index: number;
  docs: string[];
}

export type PortableTypeDef =
  | { composite: { fields: PortableField[] } }
  | { variant: { variants: PortableVariant[] } }
  | { sequence: { type: number } }
  | { array: { len: number; type: number } }
  | { tuple: number[] }
  | { primitive: PrimitiveName }
  | { compact: { type: number } };

export interface PortableTypeInfo {
  path: string[];
  params: Array<{ name: string; type: number | null }>;
  def: PortableTypeDef;
  docs: string[];
}

export interface PortableType {
  id: number;
  type: PortableTypeInfo;
}

/** A runtime type: codec + registry description. */
export interface Ty<T> {
  readonly codec: $.Codec<T>;
  /** Path segments for named types (registered once per `Ty` object); empty for structural types. */
  readonly path: readonly string[];
  describe(reg: PortableRegistryBuilder): PortableTypeInfo;
}

/** Builds the portable registry: ids are array indices; named types by identity, others structurally. */
export class PortableRegistryBuilder {
  readonly types: PortableType[] = [];
  private readonly byTy = new Map<Ty<unknown>, number>();
  private readonly byShape = new Map<string, number>();

  idOf(ty: Ty<any>): number {
    const target = resolveLazy(ty);
    const known = this.byTy.get(target);
    if (known !== undefined) return known;
    if (target.path.length > 0) {
      // Reserve the id first: named types may be recursive (RuntimeCall inside Utility.batch).
      const id = this.types.length;
      this.byTy.set(target, id);
      this.types.push({ id, type: { path: [...target.path], params: [], def: { tuple: [] }, docs: [] } });
      this.types[id]!.type = target.describe(this);
      return id;
    }
    const info = target.describe(this);
    const shape = JSON.stringify(info);
    let id = this.byShape.get(shape);
    if (id === undefined) {
      id = this.types.length;
      this.types.push({ id, type: info });
      this.byShape.set(shape, id);
    }
    this.byTy.set(target, id);
    return id;
  }
}

export interface LazyTy<T> extends Ty<T> {
  readonly resolve: () => Ty<T>;
}

export function resolveLazy(ty: Ty<unknown>): Ty<unknown> {
  let cur = ty as Ty<unknown> & Partial<LazyTy<unknown>>;
  while (cur.resolve) cur = cur.resolve() as Ty<unknown> & Partial<LazyTy<unknown>>;
  return cur;
}

export const structural = (def: PortableTypeDef): PortableTypeInfo => ({
  path: [],
  params: [],
  def,
  docs: [],
});
