/**
 * Every pallet, call, event, error, storage item and constant this runtime shares with subtensor must
 * match subtensor's metadata (`../shared/reference/subtensor/devnet.scale`): indices, argument names and
 * types, storage hashers and key/value types.
 */
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Si1LookupTypeId } from '@polkadot/types/interfaces';
import type { PortableRegistry } from '@polkadot/types/metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../chain/runtime/index.js';
import { haveReference, referencePath } from '../../helpers/reference.js';

const DEVNET = referencePath('reference/subtensor/devnet.scale');
const present = haveReference(DEVNET, 'subtensor parity');

type Latest = ReturnType<Metadata['asLatest']['toJSON']> extends never ? never : Metadata['asLatest'];

function load(bytes: Uint8Array): { md: Latest; lookup: PortableRegistry; metadata: Metadata } {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  return { md: metadata.asLatest, lookup: metadata.asLatest.lookup, metadata };
}

/** A structural description of a type, independent of registry ids and of polkadot-js' generated names. */
function shape(lookup: PortableRegistry, id: Si1LookupTypeId | number, depth = 0): unknown {
  const t = lookup.getSiType(id);
  const path = t.path.map((p) => p.toString()).join('::');
  if (
    depth > 3 ||
    path === 'node_subtensor_runtime::RuntimeCall' ||
    path === 'expertnet_runtime::RuntimeCall'
  ) {
    return path.endsWith('RuntimeCall') ? 'RuntimeCall' : path || 'deep';
  }
  const def = t.def;
  if (def.isPrimitive) return def.asPrimitive.toString();
  if (def.isCompact) return { compact: shape(lookup, def.asCompact.type, depth + 1) };
  if (def.isSequence) return { vec: shape(lookup, def.asSequence.type, depth + 1) };
  if (def.isArray)
    return { array: def.asArray.len.toNumber(), of: shape(lookup, def.asArray.type, depth + 1) };
  if (def.isTuple) return { tuple: def.asTuple.map((x) => shape(lookup, x, depth + 1)) };
  if (def.isComposite) {
    return {
      composite: def.asComposite.fields.map((f) => [f.name.toString(), shape(lookup, f.type, depth + 1)]),
    };
  }
  if (def.isVariant) {
    // Enums are compared by the variants they share elsewhere; here only their identity.
    return { enum: path.replace(/^node_subtensor_runtime::|^expertnet_runtime::/, '') };
  }
  return def.type;
}

describe.skipIf(!present)('subtensor parity (devnet.scale)', () => {
  let ours: ReturnType<typeof load>;
  let theirs: ReturnType<typeof load>;

  beforeAll(async () => {
    const runtime = await createRuntime({ blockTimeMs: 12_000 });
    ours = load(runtime.metadata(15));
    theirs = load(readFileSync(DEVNET));
  });

  it('shares pallet names and indices', () => {
    const theirPallets = new Map(theirs.md.pallets.map((p) => [p.name.toString(), p.index.toNumber()]));
    for (const p of ours.md.pallets) {
      expect(theirPallets.get(p.name.toString()), p.name.toString()).toBe(p.index.toNumber());
    }
  });

  it('shares call indices, argument names and types', () => {
    let compared = 0;
    for (const p of ours.md.pallets) {
      if (p.calls.isNone) continue;
      const tp = theirs.md.pallets.find((x) => x.name.eq(p.name))!;
      const theirCalls = theirs.lookup.getSiType(tp.calls.unwrap().type).def.asVariant.variants;
      for (const v of ours.lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants) {
        const name = `${p.name}.${v.name}`;
        const tv = theirCalls.find((x) => x.name.eq(v.name));
        expect(tv, `${name} exists in subtensor`).toBeDefined();
        expect(v.index.toNumber(), `${name} index`).toBe(tv!.index.toNumber());
        expect(
          v.fields.map((f) => f.name.toString()),
          `${name} arg names`,
        ).toEqual(tv!.fields.map((f) => f.name.toString()));
        expect(
          v.fields.map((f) => f.typeName.toString()),
          `${name} arg type names`,
        ).toEqual(tv!.fields.map((f) => f.typeName.toString()));
        expect(
          v.fields.map((f) => shape(ours.lookup, f.type)),
          `${name} arg types`,
        ).toEqual(tv!.fields.map((f) => shape(theirs.lookup, f.type)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('shares events and errors', () => {
    for (const p of ours.md.pallets) {
      const tp = theirs.md.pallets.find((x) => x.name.eq(p.name))!;
      if (p.events.isSome) {
        const theirEvents = theirs.lookup.getSiType(tp.events.unwrap().type).def.asVariant.variants;
        for (const v of ours.lookup.getSiType(p.events.unwrap().type).def.asVariant.variants) {
          const tv = theirEvents.find((x) => x.name.eq(v.name));
          const name = `${p.name}.${v.name}`;
          expect(tv, `event ${name}`).toBeDefined();
          expect(v.index.toNumber(), `event ${name} index`).toBe(tv!.index.toNumber());
          expect(
            v.fields.map((f) => [f.name.toString(), f.typeName.toString()]),
            `event ${name} fields`,
          ).toEqual(tv!.fields.map((f) => [f.name.toString(), f.typeName.toString()]));
        }
      }
      if (p.errors.isSome) {
        const theirErrors = theirs.lookup.getSiType(tp.errors.unwrap().type).def.asVariant.variants;
        for (const v of ours.lookup.getSiType(p.errors.unwrap().type).def.asVariant.variants) {
          const tv = theirErrors.find((x) => x.name.eq(v.name));
          expect(tv?.index.toNumber(), `error ${p.name}.${v.name}`).toBe(v.index.toNumber());
        }
      }
    }
  });

  it('shares storage hashers, key and value types', () => {
    let compared = 0;
    for (const p of ours.md.pallets) {
      if (p.storage.isNone) continue;
      const tp = theirs.md.pallets.find((x) => x.name.eq(p.name))!;
      const theirItems = tp.storage.unwrap().items;
      for (const item of p.storage.unwrap().items) {
        const name = `${p.name}.${item.name}`;
        const ti = theirItems.find((x) => x.name.eq(item.name));
        expect(ti, `storage ${name} exists in subtensor`).toBeDefined();
        expect(item.modifier.toString(), `${name} modifier`).toBe(ti!.modifier.toString());
        expect(item.type.type, `${name} kind`).toBe(ti!.type.type);
        if (item.type.isMap) {
          const [a, b] = [item.type.asMap, ti!.type.asMap];
          expect(
            a.hashers.map((h) => h.toString()),
            `${name} hashers`,
          ).toEqual(b.hashers.map((h) => h.toString()));
          expect(shape(ours.lookup, a.key), `${name} key`).toEqual(shape(theirs.lookup, b.key));
          expect(shape(ours.lookup, a.value), `${name} value`).toEqual(shape(theirs.lookup, b.value));
        } else {
          expect(JSON.stringify(shape(ours.lookup, item.type.asPlain)), `${name} value`).toBe(
            JSON.stringify(shape(theirs.lookup, ti!.type.asPlain)),
          );
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(15);
  });

  it('shares constant types', () => {
    for (const p of ours.md.pallets) {
      const tp = theirs.md.pallets.find((x) => x.name.eq(p.name))!;
      for (const c of p.constants) {
        const tc = tp.constants.find((x) => x.name.eq(c.name));
        expect(tc, `constant ${p.name}.${c.name}`).toBeDefined();
        expect(JSON.stringify(shape(ours.lookup, c.type)), `constant ${p.name}.${c.name}`).toBe(
          JSON.stringify(shape(theirs.lookup, tc!.type)),
        );
      }
    }
  });

  it('shares runtime API methods, argument types and result layouts (subnet APIs)', () => {
    type Api = {
      name: { toString(): string };
      methods: Array<{
        name: { toString(): string };
        inputs: Array<{ name: { toString(): string }; type: Si1LookupTypeId }>;
        output: Si1LookupTypeId;
      }>;
    };
    const apis = (m: ReturnType<typeof load>) => (m.md as unknown as { apis: Api[] }).apis;
    let compared = 0;
    for (const api of apis(ours).filter((a) => /NeuronInfo|SubnetInfo/.test(a.name.toString()))) {
      const theirApi = apis(theirs).find((a) => a.name.toString() === api.name.toString());
      expect(theirApi, api.name.toString()).toBeDefined();
      for (const m of api.methods) {
        const name = `${api.name}.${m.name}`;
        const tm = theirApi!.methods.find((x) => x.name.toString() === m.name.toString());
        expect(tm, name).toBeDefined();
        expect(
          m.inputs.map((i) => [i.name.toString(), shape(ours.lookup, i.type)]),
          `${name} inputs`,
        ).toEqual(tm!.inputs.map((i) => [i.name.toString(), shape(theirs.lookup, i.type)]));
        expect(shape(ours.lookup, m.output), `${name} output`).toEqual(shape(theirs.lookup, tm!.output));
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it('uses the same signed extension types for the extensions it shares', () => {
    // V16 renamed signed extensions to transaction extensions (`implicit` = additional signed); read
    // ours from V15 directly (polkadot-js' V15 to V16 conversion drops `additionalSigned`).
    type Ext = {
      identifier: { eq(o: unknown): boolean; toString(): string };
      type: number;
      additionalSigned: number;
    };
    const exts = (m: ReturnType<typeof load>): Ext[] => {
      if (m.metadata.version === 15) {
        return m.metadata.asV15.extrinsic.signedExtensions.map((e) => ({
          identifier: e.identifier,
          type: e.type.toNumber(),
          additionalSigned: e.additionalSigned.toNumber(),
        }));
      }
      const x = m.md.extrinsic as unknown as { transactionExtensions: Array<Record<string, any>> };
      return x.transactionExtensions.map((e) => ({
        identifier: e.identifier,
        type: e.type,
        additionalSigned: e.implicit,
      }));
    };
    const ourExt = exts(ours);
    const theirExt = exts(theirs);
    for (const e of ourExt) {
      const te = theirExt.find((x) => x.identifier.eq(e.identifier));
      expect(te, e.identifier.toString()).toBeDefined();
      expect(shape(ours.lookup, e.type), `${e.identifier} type`).toEqual(shape(theirs.lookup, te!.type));
      expect(shape(ours.lookup, e.additionalSigned), `${e.identifier} additional`).toEqual(
        shape(theirs.lookup, te!.additionalSigned),
      );
    }
  });
});
