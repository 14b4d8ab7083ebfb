/**
 * Metadata V16 as Substrate encodes it: @polkadot/types decodes it and re-encodes the same bytes,
 * polkadot-api (an independent decoder) builds the same call bytes and reads the same constants, and it
 * carries what V16 adds (associated types, empty view functions, deprecation info, API versions,
 * transaction extensions by version) consistently with V15.
 */
import { Metadata, TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, encodeAddress } from '@polkadot/util-crypto';
import { type ChainDefinition, type Codec, getTypedCodecs } from 'polkadot-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type ExpertnetRuntime } from '../../../chain/runtime/index.js';
import { SUBTENSOR_CONSTANTS } from '../../../chain/runtime/pallets/subtensor/constants.js';

let runtime: ExpertnetRuntime;
let v15: ReturnType<Metadata['asV15']['toJSON']> extends never ? never : Metadata['asV15'];
let v16: Metadata['asV16'];
let registry: TypeRegistry;

beforeAll(async () => {
  runtime = await createRuntime({ blockTimeMs: 12_000 });
  registry = new TypeRegistry();
  const metadata = new Metadata(registry, runtime.metadata(16));
  registry.setMetadata(metadata);
  expect(metadata.version).toBe(16);
  v16 = metadata.asV16;
  v15 = new Metadata(new TypeRegistry(), runtime.metadata(15)).asV15;
});

describe('metadata V16', () => {
  it('re-encodes to the same bytes with @polkadot/types (nothing unread, nothing defaulted)', () => {
    const bytes = runtime.metadata(16);
    expect(u8aToHex(bytes.slice(0, 5))).toBe('0x6d65746110');
    expect(u8aToHex(registry.createType('MetadataV16', v16.toJSON()).toU8a())).toBe(u8aToHex(bytes.slice(5)));
  });

  it('shares V15 lookup, pallets, calls, events, errors, storage and constants', () => {
    expect(v16.lookup.types.length).toBe(v15.lookup.types.length);
    expect(v16.pallets.map((p) => [p.name.toString(), p.index.toNumber()])).toEqual(
      v15.pallets.map((p) => [p.name.toString(), p.index.toNumber()]),
    );
    for (const [i, p] of v16.pallets.entries()) {
      const q = v15.pallets[i]!;
      expect(p.calls.isSome && p.calls.unwrap().type.toNumber()).toBe(
        q.calls.isSome && q.calls.unwrap().type.toNumber(),
      );
      expect(p.constants.map((k) => [k.name.toString(), k.value.toHex()])).toEqual(
        q.constants.map((k) => [k.name.toString(), k.value.toHex()]),
      );
      const names = (x: typeof p.storage | typeof q.storage) =>
        x.isSome ? x.unwrap().items.map((s) => s.name.toString()) : [];
      expect(names(p.storage)).toEqual(names(q.storage));
      expect(p.viewFunctions.length).toBe(0);
      expect(p.deprecationInfo.isNotDeprecated).toBe(true);
      for (const s of p.storage.isSome ? p.storage.unwrap().items : []) {
        expect(s.deprecationInfo.isNotDeprecated).toBe(true);
      }
      // Calls are deprecated exactly where the pallet says so (Swap's user-liquidity calls, as finney).
      const def = runtime.constructed.pallets.find((d) => d.name === p.name.toString());
      const marked = Object.values(def?.calls ?? {}).filter((c) => c.deprecated !== undefined);
      if (p.calls.isSome) {
        const info = p.calls.unwrap().deprecationInfo;
        expect([...info.keys()].map((k) => k.toNumber()).sort()).toEqual(marked.map((c) => c.index).sort());
        for (const c of marked) {
          const entry = [...info.entries()].find(([k]) => k.toNumber() === c.index)?.[1];
          expect(entry?.isDeprecated && entry.asDeprecated.note.toString()).toBe(c.deprecated?.note);
        }
      }
    }
  });

  it('lists associated types by pallet', () => {
    const assoc = (name: string) =>
      v16.pallets
        .find((p) => p.name.eq(name))!
        .associatedTypes.map((a) => `${a.name}: ${registry.lookup.getTypeDef(a.type).lookupName ?? ''}`);
    expect(assoc('System').map((a) => a.split(':')[0])).toEqual([
      'RuntimeCall',
      'Nonce',
      'Hash',
      'Hashing',
      'AccountId',
      'Block',
      'AccountData',
    ]);
    expect(assoc('System')).toContain('Block: SpRuntimeBlock');
    expect(assoc('Timestamp').map((a) => a.split(':')[0])).toEqual(['Moment']);
    expect(assoc('SubtensorModule').map((a) => a.split(':')[0])).toEqual(['RuntimeCall', 'SudoRuntimeCall']);
  });

  it('gives each runtime API the version Core_version lists', () => {
    const versions = new Map(runtime.version.apis.map(([id, v]) => [id, v]));
    expect(v16.apis.length).toBeGreaterThanOrEqual(5);
    for (const a of v16.apis) {
      expect(versions.get(blake2AsHex(a.name.toString(), 64)), a.name.toString()).toBe(a.version.toNumber());
      expect(a.deprecationInfo.isNotDeprecated).toBe(true);
    }
    // Deprecated as on finney, with its note; the other methods are not.
    const subnetInfo = v16.apis.find((a) => a.name.eq('SubnetInfoRuntimeApi'))!;
    const v2 = subnetInfo.methods.find((m) => m.name.eq('get_subnet_hyperparams_v2'))!;
    expect(v2.deprecationInfo.isDeprecated && v2.deprecationInfo.asDeprecated.note.toString()).toBe(
      'Use `get_subnet_hyperparams_v3` instead.',
    );
    const deprecated = v16.apis.flatMap((a) => a.methods.filter((m) => !m.deprecationInfo.isNotDeprecated));
    expect(deprecated.map((m) => m.name.toString())).toEqual(['get_subnet_hyperparams_v2']);
  });

  it('describes extrinsic format 4 with its transaction extensions under extension version 0', () => {
    const x = v16.extrinsic;
    expect(Array.from(x.versions.toU8a(true))).toEqual([4]);
    expect(x.callType.toNumber()).toBe(v15.extrinsic.callType.toNumber());
    expect(x.addressType.toNumber()).toBe(v15.extrinsic.addressType.toNumber());
    expect(x.signatureType.toNumber()).toBe(v15.extrinsic.signatureType.toNumber());
    expect(
      x.transactionExtensions.map((e) => [e.identifier.toString(), e.type.toNumber(), e.implicit.toNumber()]),
    ).toEqual(
      v15.extrinsic.signedExtensions.map((e) => [
        e.identifier.toString(),
        e.type.toNumber(),
        e.additionalSigned.toNumber(),
      ]),
    );
    const byVersion = x.transactionExtensionsByVersion.toJSON() as Record<string, number[]>;
    expect(byVersion).toEqual({ 0: x.transactionExtensions.map((_, i) => i) });
  });

  it('decodes with polkadot-api: the same call bytes and constant values as the runtime', async () => {
    const bytes = runtime.metadata(16);
    type Codecs = Record<string, Record<string, Codec<unknown>>>;
    const typed = await getTypedCodecs({ getMetadata: async () => bytes } as unknown as ChainDefinition);
    const codecs = { tx: typed.tx as unknown as Codecs, constants: typed.constants as unknown as Codecs };
    const dest = new Uint8Array(32).fill(7);
    const args = { dest: { type: 'Id', value: encodeAddress(dest, 42) }, value: 123n };
    const papiCall = codecs.tx.Balances!.transfer_allow_death!.enc(args as never);
    const ours = runtime.encodeCall({
      tag: 'Balances',
      value: { tag: 'transfer_allow_death', value: { dest: { tag: 'Id', value: dest }, value: 123n } },
    });
    // papi encodes the call's arguments; ours is pallet index ++ call index ++ arguments.
    expect(u8aToHex(papiCall)).toBe(u8aToHex(ours.slice(2)));
    const tempo = v16.pallets
      .find((p) => p.name.eq('SubtensorModule'))!
      .constants.find((k) => k.name.eq('InitialTempo'))!;
    expect(codecs.constants.SubtensorModule!.InitialTempo!.dec(tempo.value.toU8a(true))).toBe(
      SUBTENSOR_CONSTANTS.InitialTempo,
    );
  });
});
