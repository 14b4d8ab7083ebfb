/**
 * The Drand pallet against real finney metadata (spec 424): index, calls with argument names and types,
 * events, errors, storage names / modifiers / hashers / key and value types / defaults (BeaconConfig's
 * default is quicknet's, byte for byte), and constants.
 */
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { PortableRegistry } from '@polkadot/types/metadata';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../chain/runtime/index.js';
import { haveReference, referencePath } from '../../helpers/reference.js';

const FINNEY = referencePath('reference/subtensor/finney-424.scale');
const present = haveReference(FINNEY, 'drand parity');

interface Loaded {
  pallet: ReturnType<Metadata['asLatest']['pallets']['find']> & object;
  lookup: PortableRegistry;
}

function load(bytes: Uint8Array): Loaded {
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  const pallet = metadata.asLatest.pallets.find((p) => p.name.toString() === 'Drand');
  if (pallet === undefined) throw new Error('no Drand pallet');
  return { pallet, lookup: metadata.asLatest.lookup };
}

/** A type's structure with paths and field names, independent of registry ids. */
function shape(lookup: PortableRegistry, id: number, depth = 0): unknown {
  const t = lookup.getSiType(id);
  const path = t.path.map((p) => p.toString()).join('::');
  if (depth > 5) return path || 'deep';
  const def = t.def;
  if (def.isPrimitive) return def.asPrimitive.toString();
  if (def.isCompact) return { compact: shape(lookup, def.asCompact.type.toNumber(), depth + 1) };
  if (def.isSequence) return { vec: shape(lookup, def.asSequence.type.toNumber(), depth + 1) };
  if (def.isArray)
    return { array: def.asArray.len.toNumber(), of: shape(lookup, def.asArray.type.toNumber(), depth + 1) };
  if (def.isTuple) return { tuple: def.asTuple.map((x) => shape(lookup, x.toNumber(), depth + 1)) };
  if (def.isComposite) {
    const fields = def.asComposite.fields.map((f) => [
      f.name.toString(),
      f.typeName.toString(),
      shape(lookup, f.type.toNumber(), depth + 1),
    ]);
    return { path, fields };
  }
  if (def.isVariant) {
    const variants = def.asVariant.variants.map((v) => [
      v.name.toString(),
      v.index.toNumber(),
      v.fields.map((f) => [
        f.name.toString(),
        f.typeName.toString(),
        shape(lookup, f.type.toNumber(), depth + 1),
      ]),
    ]);
    return { path, variants };
  }
  return def.type;
}

function storage(l: Loaded) {
  return l.pallet.storage.unwrap().items.map((item) => {
    const ty = item.type;
    return {
      name: item.name.toString(),
      modifier: item.modifier.toString(),
      fallback: item.fallback.toHex(),
      ...(ty.isPlain
        ? { value: shape(l.lookup, ty.asPlain.toNumber()) }
        : {
            hashers: ty.asMap.hashers.map((h) => h.toString()),
            key: shape(l.lookup, ty.asMap.key.toNumber()),
            value: shape(l.lookup, ty.asMap.value.toNumber()),
          }),
    };
  });
}

describe.skipIf(!present)('Drand pallet parity (finney-424.scale)', () => {
  let ours: Loaded;
  let theirs: Loaded;

  beforeAll(async () => {
    const runtime = await createRuntime({ blockTimeMs: 12_000 });
    ours = load(runtime.metadata(15));
    theirs = load(readFileSync(FINNEY));
  });

  it('sits at index 26', () => {
    expect(ours.pallet.index.toNumber()).toBe(26);
    expect(theirs.pallet.index.toNumber()).toBe(26);
  });

  it('has the calls, events and errors of finney (names, indices, argument names and types)', () => {
    for (const part of ['calls', 'events', 'errors'] as const) {
      const a = shape(ours.lookup, ours.pallet[part].unwrap().type.toNumber());
      const b = shape(theirs.lookup, theirs.pallet[part].unwrap().type.toNumber());
      expect(a, part).toEqual(b);
    }
  });

  it('has the storage items of finney (modifiers, hashers, types, defaults)', () => {
    const a = storage(ours);
    expect(a.map((s) => s.name)).toEqual([
      'BeaconConfig',
      'HasMigrationRun',
      'Pulses',
      'LastStoredRound',
      'OldestStoredRound',
      'NextUnsignedAt',
    ]);
    expect(a).toEqual(storage(theirs));
  });

  it('has the constants of finney', () => {
    const constants = (l: Loaded) =>
      l.pallet.constants.map((c) => [c.name.toString(), c.value.toHex(), shape(l.lookup, c.type.toNumber())]);
    expect(constants(ours)).toEqual(constants(theirs));
  });
});
