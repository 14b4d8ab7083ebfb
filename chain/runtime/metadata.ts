/**
 * Runtime metadata V14, V15 and V16, generated from the pallet definitions and serialised with
 * `@polkadot/types` (`createType('MetadataV14' | 'MetadataV15' | 'MetadataV16', obj)`), prefixed with `meta` + version.
 *
 * `@polkadot/types` is loaded on demand (`loadMetadataCodec`): it is ~130 ms of module loading that only
 * metadata serialisation needs, so the node starts without it and loads it once its RPC server is up.
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import type { ApiDef, ApiMethod } from './apis-types.js';
import type { ConstructedRuntime } from './construct.js';
import { RUNTIME_CRATE } from './construct.js';
import { RuntimeError } from './errors.js';
import { associatedTypes, extrinsicV16, NOT_DEPRECATED } from './metadata-v16.js';
import type { Deprecation, PalletDef } from './pallet.js';
import { AccountId32, bytes32, Era, H256, MultiAddress, MultiSignature } from './scale/substrate.js';
import {
  bytes,
  compactU32,
  compactU64,
  emptyStruct,
  enumOf,
  newtype,
  option,
  PortableRegistryBuilder,
  struct,
  type Ty,
  tuple,
  u32,
  unit,
} from './scale/ty.js';

const generic = { params: [{ name: 'T' }] };
const ext = 'frame_system::extensions';

/**
 * Signed extensions: the type carried in the transaction and the additional signed data. CheckMortality and
 * CheckNonce are the runtime's own types, as in subtensor (finney spec 424), not frame_system's.
 */
export const signedExtensionTypes: Array<{ identifier: string; type: Ty<any>; additionalSigned: Ty<any> }> = [
  {
    identifier: 'CheckNonZeroSender',
    type: emptyStruct(`${ext}::check_non_zero_sender::CheckNonZeroSender`, generic),
    additionalSigned: unit,
  },
  {
    identifier: 'CheckSpecVersion',
    type: emptyStruct(`${ext}::check_spec_version::CheckSpecVersion`, generic),
    additionalSigned: u32,
  },
  {
    identifier: 'CheckTxVersion',
    type: emptyStruct(`${ext}::check_tx_version::CheckTxVersion`, generic),
    additionalSigned: u32,
  },
  {
    identifier: 'CheckGenesis',
    type: emptyStruct(`${ext}::check_genesis::CheckGenesis`, generic),
    additionalSigned: H256,
  },
  {
    identifier: 'CheckMortality',
    type: newtype(`${RUNTIME_CRATE}::check_mortality::CheckMortality`, Era, 'Era', generic),
    additionalSigned: H256,
  },
  {
    identifier: 'CheckNonce',
    type: newtype(`${RUNTIME_CRATE}::check_nonce::CheckNonce`, compactU32, 'T::Nonce', generic),
    additionalSigned: unit,
  },
  {
    identifier: 'CheckWeight',
    type: emptyStruct(`${ext}::check_weight::CheckWeight`, generic),
    additionalSigned: unit,
  },
  {
    identifier: 'ChargeTransactionPayment',
    type: newtype(
      'pallet_transaction_payment::ChargeTransactionPayment',
      compactU64,
      'BalanceOf<T>',
      generic,
    ),
    additionalSigned: unit,
  },
  {
    identifier: 'CheckMetadataHash',
    type: struct(
      'frame_metadata_hash_extension::CheckMetadataHash',
      {
        mode: {
          ty: enumOf('frame_metadata_hash_extension::Mode', {
            Disabled: { index: 0 },
            Enabled: { index: 1 },
          }),
          typeName: 'Mode',
        },
      },
      generic,
    ),
    additionalSigned: option(bytes32),
  },
];

export const extraTy = tuple(...signedExtensionTypes.map((e) => e.type));

const extrinsicTys = new WeakMap<Ty<any>, Ty<Uint8Array>>();
const selfContainedTys = new WeakMap<Ty<any>, Ty<Uint8Array>>();
/** The call type each extrinsic type was made for (metadata V16's associated types need it). */
const callOfExtrinsic = new WeakMap<Ty<any>, Ty<any>>();

/**
 * `UncheckedExtrinsic<Address, Call, Signature, Extra>`: clients find Call/Address/Signature through it.
 * One object per call type (named types are registered by identity).
 */
export function uncheckedExtrinsicTy(call: Ty<any>): Ty<Uint8Array> {
  let ty = extrinsicTys.get(call);
  if (ty === undefined) {
    ty = newtype('sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic', bytes, undefined, {
      params: [
        { name: 'Address', ty: MultiAddress },
        { name: 'Call', ty: call },
        { name: 'Signature', ty: MultiSignature },
        { name: 'Extra', ty: extraTy },
      ],
    });
    extrinsicTys.set(call, ty);
    callOfExtrinsic.set(ty, call);
  }
  return ty;
}

/**
 * The runtime's extrinsic type as subtensor's runtime APIs take it: Frontier's self-contained wrapper (it
 * admits Ethereum transactions there) around the generic one. A newtype: the bytes are the same.
 */
export function selfContainedExtrinsicTy(call: Ty<any>): Ty<Uint8Array> {
  let ty = selfContainedTys.get(call);
  if (ty === undefined) {
    ty = newtype(
      'fp_self_contained::unchecked_extrinsic::UncheckedExtrinsic',
      uncheckedExtrinsicTy(call),
      'generic::UncheckedExtrinsic<Address, Call, Signature, Extension>',
      {
        params: [
          { name: 'Address', ty: MultiAddress },
          { name: 'Call', ty: call },
          { name: 'Signature', ty: MultiSignature },
          { name: 'Extension', ty: extraTy },
        ],
      },
    );
    selfContainedTys.set(call, ty);
  }
  return ty;
}

const RuntimeTy = emptyStruct(`${RUNTIME_CRATE}::Runtime`);

function hex(b: Uint8Array): string {
  return u8aToHex(b);
}

/** The metadata objects (`MetadataV14` / `MetadataV15` / `MetadataV16` shapes) for a constructed runtime. */
export function buildMetadataObjects(rt: ConstructedRuntime, apis: ApiDef[], extrinsic: Ty<any>) {
  const reg = new PortableRegistryBuilder();
  // Well-known ids first (AccountId32 at 0, as in Substrate runtimes: some tools assume it).
  reg.idOf(AccountId32);
  const call = callOfExtrinsic.get(extrinsic) ?? rt.call;
  const associated = associatedTypes(call, selfContainedExtrinsicTy(call));
  const pallets = rt.pallets.map((p) => {
    const storage =
      p.storage && p.storage.length > 0
        ? {
            prefix: p.name,
            items: p.storage.map((s) => {
              const info = s.info;
              const value = reg.idOf(info.value);
              const type =
                info.keys.length === 0
                  ? { Plain: value }
                  : {
                      Map: {
                        hashers: info.hashers,
                        key: reg.idOf(info.keys.length === 1 ? info.keys[0]! : tuple(...info.keys)),
                        value,
                      },
                    };
              return {
                name: info.name,
                modifier: info.modifier,
                type,
                fallback: hex(info.fallback),
                docs: info.docs,
              };
            }),
          }
        : null;
    const callTy = rt.palletCall.get(p.name);
    const eventTy = rt.palletEvent.get(p.name);
    const errorTy = rt.palletError.get(p.name);
    return {
      name: p.name,
      storage,
      calls: callTy ? { type: reg.idOf(callTy) } : null,
      events: eventTy ? { type: reg.idOf(eventTy) } : null,
      constants: Object.entries(p.constants ?? {}).map(([name, c]) => ({
        name,
        type: reg.idOf(c.ty),
        value: hex(c.ty.codec.enc(c.value)),
        docs: c.docs ?? [],
      })),
      errors: errorTy ? { type: reg.idOf(errorTy) } : null,
      index: p.index,
      docs: p.docs ?? [],
      associatedTypes: (associated[p.name] ?? []).map((a) => ({
        name: a.name,
        type: reg.idOf(a.ty),
        docs: a.docs,
      })),
    };
  });
  const signedExtensions = signedExtensionTypes.map((e) => ({
    identifier: e.identifier,
    type: reg.idOf(e.type),
    additionalSigned: reg.idOf(e.additionalSigned),
  }));
  const extrinsicId = reg.idOf(extrinsic);
  const callType = reg.idOf(rt.call);
  const eventType = reg.idOf(rt.event);
  const errorType = reg.idOf(rt.error);
  const addressType = reg.idOf(MultiAddress);
  const signatureType = reg.idOf(MultiSignature);
  const extraType = reg.idOf(extraTy);
  const runtimeType = reg.idOf(RuntimeTy);
  const apiList = apis.map((a) => ({
    name: a.name,
    version: a.version,
    methods: a.methods.map((m) => ({
      name: m.name,
      inputs: m.inputs.map((i) => ({ name: i.name, type: reg.idOf(i.ty) })),
      output: reg.idOf(m.output),
      docs: m.docs ?? [],
    })),
    docs: a.docs ?? [],
  }));
  const deprecation = (d: ApiMethod['deprecated']) => (d === undefined ? NOT_DEPRECATED : deprecationInfo(d));
  const lookup = { types: reg.types };
  const v14 = {
    lookup,
    pallets: pallets.map(({ docs: _docs, associatedTypes: _a, ...rest }) => rest),
    extrinsic: { type: extrinsicId, version: 4, signedExtensions },
    type: runtimeType,
  };
  const v15 = {
    lookup,
    pallets: pallets.map(({ associatedTypes: _a, ...rest }) => rest),
    extrinsic: { version: 4, addressType, callType, signatureType, extraType, signedExtensions },
    type: runtimeType,
    apis: apiList.map(({ version: _v, ...rest }) => rest),
    outerEnums: { callType, eventType, errorType },
    custom: { map: {} },
  };
  const deprecatable = <T>(item: T) => ({ ...item, deprecationInfo: NOT_DEPRECATED });
  const enumItem = (x: { type: number } | null, deprecated = new Map<number, unknown>()) =>
    x === null ? null : { ...x, deprecationInfo: deprecated };
  const deprecatedCalls = (def: PalletDef | undefined) =>
    new Map(
      Object.values(def?.calls ?? {}).flatMap((c) =>
        c.deprecated === undefined ? [] : [[c.index, deprecationInfo(c.deprecated)] as const],
      ),
    );
  const v16 = {
    lookup,
    pallets: pallets.map((p, i) => ({
      ...p,
      storage: p.storage === null ? null : { ...p.storage, items: p.storage.items.map(deprecatable) },
      calls: enumItem(p.calls, deprecatedCalls(rt.pallets[i])),
      events: enumItem(p.events),
      constants: p.constants.map(deprecatable),
      errors: enumItem(p.errors),
      viewFunctions: [],
      deprecationInfo: NOT_DEPRECATED,
    })),
    extrinsic: extrinsicV16({ addressType, callType, signatureType }, signedExtensions),
    apis: apiList.map((a, i) => ({
      ...deprecatable(a),
      methods: a.methods.map((m, j) => ({
        ...m,
        deprecationInfo: deprecation(apis[i]?.methods[j]?.deprecated),
      })),
    })),
    outerEnums: { callType, eventType, errorType },
    custom: { map: {} },
  };
  return { v14, v15, v16 };
}

/** `ItemDeprecationInfo::Deprecated` / `VariantDeprecationInfo::Deprecated` (same shape and index). */
function deprecationInfo(d: Deprecation) {
  return { Deprecated: { note: d.note, since: d.since ?? null } };
}

const MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]);

type TypesModule = typeof import('@polkadot/types');
let typesModule: TypesModule | undefined;
let typesLoading: Promise<TypesModule> | undefined;

/** Loads the metadata serialiser (`@polkadot/types`); idempotent. `encodeMetadata` needs it. */
export async function loadMetadataCodec(): Promise<void> {
  typesLoading ??= import('@polkadot/types');
  typesModule = await typesLoading;
}

/** True once `loadMetadataCodec` has resolved (`encodeMetadata` can run synchronously). */
export function metadataCodecLoaded(): boolean {
  return typesModule !== undefined;
}

/** `RuntimeMetadataPrefixed` bytes for versions 14, 15 and 16 (after `loadMetadataCodec`). */
export function encodeMetadata(
  rt: ConstructedRuntime,
  apis: ApiDef[],
  extrinsic: Ty<any>,
): Map<number, Uint8Array> {
  if (typesModule === undefined) {
    throw new RuntimeError({
      code: 'NOT_READY',
      what: 'metadata',
      reason: 'the metadata codec is not loaded yet (await loadMetadataCodec() first)',
    });
  }
  const { v14, v15, v16 } = buildMetadataObjects(rt, apis, extrinsic);
  const registry = new typesModule.TypeRegistry();
  return new Map([
    [14, u8aConcat(MAGIC, new Uint8Array([14]), registry.createType('MetadataV14', v14).toU8a())],
    [15, u8aConcat(MAGIC, new Uint8Array([15]), registry.createType('MetadataV15', v15).toU8a())],
    [16, u8aConcat(MAGIC, new Uint8Array([16]), registry.createType('MetadataV16', v16).toU8a())],
  ]);
}
