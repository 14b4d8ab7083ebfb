/**
 * Compares this runtime's metadata with subtensor's, item by item: every pallet, call, event, error,
 * storage item, constant, runtime API method and signed extension *we* define must exist in theirs with
 * the same index, names, hashers and types. Types are compared structurally (path, fields, variants,
 * primitives), never by registry id. Items only they have are not our concern.
 *
 * Used by test/chain/runtime/subtensor-parity.test.ts and by scripts/subtensor-parity.ts (prints every
 * mismatch). Both sides are decoded with @polkadot/types (V14, V15 and V16 all read as V16 through
 * `asLatest`; V15's signed extensions are read from V15 itself, which the conversion loses).
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Si1LookupTypeId } from '@polkadot/types/interfaces';
import type { PortableRegistry } from '@polkadot/types/metadata';

export type ItemKind =
  | 'pallet'
  | 'call'
  | 'event'
  | 'error'
  | 'storage'
  | 'constant'
  | 'api'
  | 'extension'
  | 'associated type';

/** One of our items and what differs from theirs (empty: identical; `missing`: they lack it). */
export interface ItemResult {
  kind: ItemKind;
  /** `Pallet.name` (pallet: its name; api: `Api.method`). */
  name: string;
  problems: string[];
  missing: boolean;
  /**
   * A constant's value or a storage item's default that differs: reported apart, since a dev chain may
   * have a documented reason (fast-runtime defaults, its own spec name).
   */
  valueDiffers?: { ours: string; theirs: string };
}

export interface Comparison {
  items: ItemResult[];
}

interface Side {
  metadata: Metadata;
  md: ReturnType<Metadata['asLatest']['toJSON']> extends never ? never : Metadata['asLatest'];
  lookup: PortableRegistry;
  shapes: Map<number, string>;
}

/** Decodes `RuntimeMetadataPrefixed` bytes (V14, V15 or V16). */
export function readMetadata(bytes: Uint8Array): Side {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  return { metadata, md: metadata.asLatest, lookup: metadata.asLatest.lookup, shapes: new Map() };
}

const RUNTIME_PATH = /^(node_subtensor_runtime|expertnet_runtime)::/;
/** The runtime's outer enums differ by construction (other pallets): compared by name only. */
const OUTER = /^runtime::(Runtime\w*|OriginCaller)$/;

/** A canonical string for a type: its path, generic-free structure, fields and variants, recursively. */
export function shapeOf(side: Side, id: Si1LookupTypeId | number, stack: number[] = []): string {
  const n = typeof id === 'number' ? id : id.toNumber();
  const cached = side.shapes.get(n);
  if (cached !== undefined) return cached;
  const t = side.lookup.getSiType(n);
  // Our runtime crate is `expertnet_runtime`, theirs `node_subtensor_runtime`: the same place.
  const path = t.path
    .map((p) => p.toString())
    .join('::')
    .replace(RUNTIME_PATH, 'runtime::');
  if (OUTER.test(path)) return `outer ${path}`;
  if (stack.includes(n)) return `recursive ${path}`;
  const inner = [...stack, n];
  const sub = (x: Si1LookupTypeId | number) => shapeOf(side, x, inner);
  const field = (f: { name: { toString(): string }; type: Si1LookupTypeId }) =>
    `${f.name.toString() || '_'}: ${sub(f.type)}`;
  const def = t.def;
  let body: string;
  if (def.isPrimitive) body = def.asPrimitive.toString();
  else if (def.isCompact) body = `Compact<${sub(def.asCompact.type)}>`;
  else if (def.isSequence) body = `Vec<${sub(def.asSequence.type)}>`;
  else if (def.isArray) body = `[${sub(def.asArray.type)}; ${def.asArray.len.toNumber()}]`;
  else if (def.isTuple) body = `(${def.asTuple.map(sub).join(', ')})`;
  else if (def.isComposite) body = `{ ${def.asComposite.fields.map(field).join(', ')} }`;
  else if (def.isVariant) {
    const variants = [...def.asVariant.variants].sort((a, b) => a.index.toNumber() - b.index.toNumber());
    body = `enum { ${variants.map((v) => `${v.index}:${v.name}(${v.fields.map(field).join(', ')})`).join(' | ')} }`;
  } else if (def.isBitSequence) body = 'BitVec';
  else body = def.type;
  const result = path ? `${path}${body.startsWith('{') || body.startsWith('enum') ? ' ' : '='}${body}` : body;
  // Only types outside any cycle are cached (a recursive marker depends on the stack).
  if (!result.includes('recursive ')) side.shapes.set(n, result);
  return result;
}

/** `expected` vs `actual` strings: a one-line problem when they differ. */
function diff(what: string, ours: string, theirs: string, problems: string[]): void {
  if (ours !== theirs) problems.push(`${what}: ours ${ours} / theirs ${theirs}`);
}

type Variant = {
  name: { toString(): string };
  index: { toNumber(): number };
  fields: Array<{ name: { toString(): string }; typeName: { toString(): string }; type: Si1LookupTypeId }>;
};

function variantsOf(side: Side, ty: Si1LookupTypeId): Variant[] {
  return [...side.lookup.getSiType(ty).def.asVariant.variants];
}

/** Calls, events and errors: index, field names, type names and field types. */
function compareVariants(
  kind: 'call' | 'event' | 'error',
  pallet: string,
  ours: Variant[],
  theirs: Variant[] | undefined,
  sides: [Side, Side],
  out: ItemResult[],
  deprecation?: [Map<number, string>, Map<number, string>],
): void {
  for (const v of ours) {
    const name = `${pallet}.${v.name.toString()}`;
    const tv = theirs?.find((x) => x.name.toString() === v.name.toString());
    if (tv === undefined) {
      out.push({ kind, name, problems: [`${kind} not in their metadata`], missing: true });
      continue;
    }
    const problems: string[] = [];
    diff('index', String(v.index.toNumber()), String(tv.index.toNumber()), problems);
    if (deprecation !== undefined) {
      const od = deprecation[0].get(v.index.toNumber()) ?? NOT;
      const td = deprecation[1].get(tv.index.toNumber()) ?? NOT;
      diff('deprecation', od, td, problems);
    }
    const fields = (side: Side, x: Variant) =>
      x.fields.map((f) => `${f.name.toString() || '_'}: ${f.typeName.toString()} = ${shapeOf(side, f.type)}`);
    const [of, tf] = [fields(sides[0], v), fields(sides[1], tv)];
    if (of.length !== tf.length) problems.push(`fields: ours (${of.join(', ')}) / theirs (${tf.join(', ')})`);
    else {
      for (const [i, f] of of.entries()) diff(`field ${i}`, f, tf[i] ?? '', problems);
    }
    out.push({ kind, name, problems, missing: false });
  }
}

const NOT = 'NotDeprecated';

/** A pallet's calls/events/errors entry: its V16 per-variant deprecation map. */
type EnumDeprecation = {
  isSome: boolean;
  unwrap(): { deprecationInfo: Iterable<[{ toNumber(): number }, { type: string }]> };
};

function enumDeprecation(x: EnumDeprecation): Map<number, string> {
  return new Map(x.isSome ? [...x.unwrap().deprecationInfo].map(([k, v]) => [k.toNumber(), v.type]) : []);
}

/** Compares every item of `ours` with `theirs` (V16 on our side: deprecation info too). */
export function compareMetadata(oursBytes: Uint8Array, theirsBytes: Uint8Array): Comparison {
  const ours = readMetadata(oursBytes);
  const theirs = readMetadata(theirsBytes);
  const sides: [Side, Side] = [ours, theirs];
  const items: ItemResult[] = [];
  for (const p of ours.md.pallets) {
    const pname = p.name.toString();
    const tp = theirs.md.pallets.find((x) => x.name.eq(p.name));
    if (tp === undefined) {
      items.push({ kind: 'pallet', name: pname, problems: ['pallet not in their metadata'], missing: true });
      continue;
    }
    const pp: string[] = [];
    diff('index', String(p.index.toNumber()), String(tp.index.toNumber()), pp);
    items.push({ kind: 'pallet', name: pname, problems: pp, missing: false });

    const vs = (side: Side, x: { isSome: boolean; unwrap(): { type: Si1LookupTypeId } }) =>
      x.isSome ? variantsOf(side, x.unwrap().type) : undefined;
    const v16 = ours.metadata.version >= 16;
    const dep = (
      a: EnumDeprecation,
      b: EnumDeprecation,
    ): [Map<number, string>, Map<number, string>] | undefined =>
      v16 ? [enumDeprecation(a), enumDeprecation(b)] : undefined;
    compareVariants(
      'call',
      pname,
      vs(ours, p.calls) ?? [],
      vs(theirs, tp.calls),
      sides,
      items,
      dep(p.calls, tp.calls),
    );
    compareVariants(
      'event',
      pname,
      vs(ours, p.events) ?? [],
      vs(theirs, tp.events),
      sides,
      items,
      dep(p.events, tp.events),
    );
    compareVariants(
      'error',
      pname,
      vs(ours, p.errors) ?? [],
      vs(theirs, tp.errors),
      sides,
      items,
      dep(p.errors, tp.errors),
    );

    const theirItems = tp.storage.isSome ? [...tp.storage.unwrap().items] : [];
    for (const item of p.storage.isSome ? p.storage.unwrap().items : []) {
      const name = `${pname}.${item.name.toString()}`;
      const ti = theirItems.find((x) => x.name.eq(item.name));
      if (ti === undefined) {
        items.push({
          kind: 'storage',
          name,
          problems: ['storage item not in their metadata'],
          missing: true,
        });
        continue;
      }
      const problems: string[] = [];
      diff('modifier', item.modifier.toString(), ti.modifier.toString(), problems);
      const describe = (side: Side, x: typeof item) =>
        x.type.isMap
          ? `map ${x.type.asMap.hashers.map((h) => h.toString()).join('+')} ${shapeOf(side, x.type.asMap.key)} => ${shapeOf(side, x.type.asMap.value)}`
          : `value ${shapeOf(side, x.type.asPlain)}`;
      diff('type', describe(ours, item), describe(theirs, ti), problems);
      if (v16) diff('deprecation', item.deprecationInfo.type, ti.deprecationInfo.type, problems);
      const [ov, tv] = [item.fallback.toHex(), ti.fallback.toHex()];
      items.push({
        kind: 'storage',
        name,
        problems,
        missing: false,
        ...(ov === tv ? {} : { valueDiffers: { ours: ov, theirs: tv } }),
      });
    }

    for (const c of p.constants) {
      const name = `${pname}.${c.name.toString()}`;
      const tc = tp.constants.find((x) => x.name.eq(c.name));
      if (tc === undefined) {
        items.push({ kind: 'constant', name, problems: ['constant not in their metadata'], missing: true });
        continue;
      }
      const problems: string[] = [];
      diff('type', shapeOf(ours, c.type), shapeOf(theirs, tc.type), problems);
      if (v16) diff('deprecation', c.deprecationInfo.type, tc.deprecationInfo.type, problems);
      const [ov, tv] = [c.value.toHex(), tc.value.toHex()];
      items.push({
        kind: 'constant',
        name,
        problems,
        missing: false,
        ...(ov === tv ? {} : { valueDiffers: { ours: ov, theirs: tv } }),
      });
    }

    if (ours.metadata.version >= 16) {
      for (const a of p.associatedTypes) {
        const name = `${pname}.${a.name.toString()}`;
        const ta = tp.associatedTypes.find((x) => x.name.eq(a.name));
        if (ta === undefined) {
          items.push({ kind: 'associated type', name, problems: ['not in their metadata'], missing: true });
          continue;
        }
        const problems: string[] = [];
        diff('type', shapeOf(ours, a.type), shapeOf(theirs, ta.type), problems);
        items.push({ kind: 'associated type', name, problems, missing: false });
      }
    }
  }

  for (const api of ours.md.apis) {
    const ta = theirs.md.apis.find((x) => x.name.eq(api.name));
    for (const m of api.methods) {
      const name = `${api.name.toString()}.${m.name.toString()}`;
      const tm = ta?.methods.find((x) => x.name.eq(m.name));
      if (ta === undefined || tm === undefined) {
        items.push({
          kind: 'api',
          name,
          problems: ['runtime API method not in their metadata'],
          missing: true,
        });
        continue;
      }
      const problems: string[] = [];
      const inputs = (side: Side, x: typeof m) =>
        x.inputs.map((i) => `${i.name.toString()}: ${shapeOf(side, i.type)}`).join(', ');
      diff('inputs', inputs(ours, m), inputs(theirs, tm), problems);
      diff('output', shapeOf(ours, m.output), shapeOf(theirs, tm.output), problems);
      if (ours.metadata.version >= 16) {
        diff('api version', api.version.toString(), ta.version.toString(), problems);
        diff('deprecation', m.deprecationInfo.type, tm.deprecationInfo.type, problems);
      }
      items.push({ kind: 'api', name, problems, missing: false });
    }
  }

  const theirExt = extensionsOf(theirs);
  for (const e of extensionsOf(ours)) {
    const te = theirExt.find((x) => x.identifier === e.identifier);
    if (te === undefined) {
      items.push({
        kind: 'extension',
        name: e.identifier,
        problems: ['not in their metadata'],
        missing: true,
      });
      continue;
    }
    const problems: string[] = [];
    diff('type', shapeOf(ours, e.type), shapeOf(theirs, te.type), problems);
    diff('additional signed', shapeOf(ours, e.implicit), shapeOf(theirs, te.implicit), problems);
    items.push({ kind: 'extension', name: e.identifier, problems, missing: false });
  }
  return { items };
}

/** Signed (V14/V15) or transaction (V16) extensions: identifier, type, additional signed / implicit. */
function extensionsOf(side: Side): Array<{ identifier: string; type: number; implicit: number }> {
  const m = side.metadata;
  if (m.version === 14 || m.version === 15) {
    const x = m.version === 14 ? m.asV14.extrinsic : m.asV15.extrinsic;
    return x.signedExtensions.map((e) => ({
      identifier: e.identifier.toString(),
      type: e.type.toNumber(),
      implicit: e.additionalSigned.toNumber(),
    }));
  }
  return side.md.extrinsic.transactionExtensions.map((e) => ({
    identifier: e.identifier.toString(),
    type: e.type.toNumber(),
    implicit: e.implicit.toNumber(),
  }));
}

/** Counts per kind of the items compared (present in both). */
export function countByKind(items: ItemResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) if (!i.missing) counts[i.kind] = (counts[i.kind] ?? 0) + 1;
  return counts;
}

/** One line per failing item. */
export function formatProblems(items: ItemResult[]): string[] {
  return items
    .filter((i) => i.problems.length > 0)
    .map((i) => `${i.kind} ${i.name}: ${i.problems.join('; ')}`);
}
