/**
 * frame_system (index 0): accounts and nonces, block number/hashes, events, weights, `remark`.
 * Per-block bookkeeping (initialise/finalise) lives in `executive.ts`; this module owns the storage.
 */
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import {
  BASE_BLOCK_WEIGHT,
  BASE_EXTRINSIC_WEIGHT,
  BLOCK_HASH_COUNT,
  DB_READ_WEIGHT,
  DB_WRITE_WEIGHT,
  dbWeight,
  MAX_BLOCK_LENGTH,
  MAX_BLOCK_REF_TIME,
  MAX_NORMAL_BLOCK_LENGTH,
  MAX_PROOF_SIZE,
  NORMAL_MAX_EXTRINSIC,
  NORMAL_MAX_TOTAL,
  OPERATIONAL_MAX_EXTRINSIC,
  SS58_PREFIX,
} from '../config.js';
import type { RuntimeVersion } from '../interface.js';
import { ensureRoot, ensureSigned, type PalletDef, palletEvent } from '../pallet.js';
import {
  AccountId32,
  DispatchError,
  DispatchEventInfo,
  H256,
  KeyValue,
  RuntimeVersionTy,
  Weight,
  type WeightValue,
} from '../scale/substrate.js';
import { bytes, option, struct, type Ty, u16, u32, u64, vec } from '../scale/ty.js';
import { StorageValue } from '../storage.js';

import {
  Account,
  AllExtrinsicsLen,
  BlockHash,
  BlockWeight,
  EventCount,
  ExecutionPhase,
  ExtrinsicCount,
  eventRecordTy,
  LastRuntimeUpgrade,
  Number_,
  P,
  ParentHash,
  perDispatchClass,
  UpgradedToTripleRefCount,
  UpgradedToU32RefCount,
} from './system-storage.js';

export * from './system-storage.js';

const BlockWeights = struct('frame_system::limits::BlockWeights', {
  base_block: { ty: Weight, typeName: 'Weight' },
  max_block: { ty: Weight, typeName: 'Weight' },
  per_class: {
    ty: perDispatchClass(
      struct('frame_system::limits::WeightsPerClass', {
        base_extrinsic: { ty: Weight, typeName: 'Weight' },
        max_extrinsic: { ty: option(Weight), typeName: 'Option<Weight>' },
        max_total: { ty: option(Weight), typeName: 'Option<Weight>' },
        reserved: { ty: option(Weight), typeName: 'Option<Weight>' },
      }),
      'WeightsPerClass',
    ),
    typeName: 'PerDispatchClass<WeightsPerClass>',
  },
});

const w = (ref_time: bigint, proof_size = 0n): WeightValue => ({ ref_time, proof_size });

/** Builds System with the runtime version its `Version` constant reports. */
export function systemPallet(version: RuntimeVersion, runtimeEvent: Ty<any>): PalletDef {
  // Its value type needs the outer RuntimeEvent enum, so it is built per runtime.
  const Events = new StorageValue(P, 'Events', vec(eventRecordTy(runtimeEvent)), {
    default: [],
    docs: [' Events deposited for the current block.'],
  });
  const pallet: PalletDef = {
    name: P,
    index: 0,
    crate: 'frame_system',
    docs: [' System: accounts, block bookkeeping, events.'],
    calls: {
      remark: {
        index: 0,
        args: { remark: { ty: bytes, typeName: 'Vec<u8>' } },
        docs: [' Make some on-chain remark.'],
        weight: (a: { remark: Uint8Array }) => 2_000_000n + BigInt(a.remark.length) * 400n,
        dispatch: (_ctx, origin) => {
          ensureSigned(origin);
          return undefined;
        },
      },
      set_storage: {
        index: 4,
        args: { items: { ty: vec(KeyValue), typeName: 'Vec<KeyValue>' } },
        docs: [' Set some items of storage.'],
        weight: (a: { items: unknown[] }) => dbWeight(0, a.items.length),
        class: 'Operational',
        dispatch: (ctx, origin, a: { items: Array<[Uint8Array, Uint8Array]> }) => {
          ensureRoot(origin);
          for (const [k, v] of a.items) ctx.state.set(hex(k), v);
          return undefined;
        },
      },
      kill_storage: {
        index: 5,
        args: { keys: { ty: vec(bytes), typeName: 'Vec<Key>' } },
        docs: [' Kill some items from storage.'],
        weight: (a: { keys: unknown[] }) => dbWeight(0, a.keys.length),
        class: 'Operational',
        dispatch: (ctx, origin, a: { keys: Uint8Array[] }) => {
          ensureRoot(origin);
          for (const k of a.keys) ctx.state.set(hex(k), null);
          return undefined;
        },
      },
      kill_prefix: {
        index: 6,
        args: { prefix: { ty: bytes, typeName: 'Key' }, subkeys: { ty: u32, typeName: 'u32' } },
        docs: [' Kill all storage items with a key that starts with the given prefix.'],
        weight: (a: { subkeys: number }) => dbWeight(0, a.subkeys),
        class: 'Operational',
        dispatch: (ctx, origin, a: { prefix: Uint8Array; subkeys: number }) => {
          ensureRoot(origin);
          for (const k of ctx.state.keys(hex(a.prefix), undefined, a.subkeys)) ctx.state.set(k, null);
          return undefined;
        },
      },
      remark_with_event: {
        index: 7,
        args: { remark: { ty: bytes, typeName: 'Vec<u8>' } },
        docs: [' Make some on-chain remark and emit event.'],
        weight: (a: { remark: Uint8Array }) => 8_000_000n + BigInt(a.remark.length) * 1_000n,
        dispatch: (ctx, origin, a: { remark: Uint8Array }) => {
          const sender = ensureSigned(origin);
          ctx.deposit(palletEvent(pallet, 'Remarked', { sender, hash: blake2AsU8a(a.remark, 256) }));
          return undefined;
        },
      },
    },
    events: {
      ExtrinsicSuccess: {
        index: 0,
        fields: { dispatch_info: { ty: DispatchEventInfo, typeName: 'DispatchEventInfo' } },
        docs: [' An extrinsic completed successfully.'],
      },
      ExtrinsicFailed: {
        index: 1,
        fields: {
          dispatch_error: { ty: DispatchError, typeName: 'DispatchError' },
          dispatch_info: { ty: DispatchEventInfo, typeName: 'DispatchEventInfo' },
        },
        docs: [' An extrinsic failed.'],
      },
      CodeUpdated: { index: 2, docs: [' `:code` was updated.'] },
      NewAccount: {
        index: 3,
        fields: { account: { ty: AccountId32, typeName: 'T::AccountId' } },
        docs: [' A new account was created.'],
      },
      KilledAccount: {
        index: 4,
        fields: { account: { ty: AccountId32, typeName: 'T::AccountId' } },
        docs: [' An account was reaped.'],
      },
      Remarked: {
        index: 5,
        fields: {
          sender: { ty: AccountId32, typeName: 'T::AccountId' },
          hash: { ty: H256, typeName: 'T::Hash' },
        },
        docs: [' On on-chain remark happened.'],
      },
    },
    errors: {
      InvalidSpecName: { index: 0 },
      SpecVersionNeedsToIncrease: { index: 1 },
      FailedToExtractRuntimeVersion: { index: 2 },
      NonDefaultComposite: { index: 3 },
      NonZeroRefCount: { index: 4 },
      CallFiltered: { index: 5 },
      MultiBlockMigrationsOngoing: { index: 6 },
      NothingAuthorized: { index: 7 },
      Unauthorized: { index: 8 },
    },
    storage: [
      Account,
      ExtrinsicCount,
      BlockWeight,
      AllExtrinsicsLen,
      BlockHash,
      Number_,
      ParentHash,
      Events,
      EventCount,
      LastRuntimeUpgrade,
      UpgradedToU32RefCount,
      UpgradedToTripleRefCount,
      ExecutionPhase,
    ],
    constants: {
      BlockWeights: {
        ty: BlockWeights,
        value: {
          base_block: w(BASE_BLOCK_WEIGHT),
          max_block: w(MAX_BLOCK_REF_TIME, MAX_PROOF_SIZE),
          per_class: {
            normal: {
              base_extrinsic: w(BASE_EXTRINSIC_WEIGHT),
              max_extrinsic: w(NORMAL_MAX_EXTRINSIC, (MAX_PROOF_SIZE * 65n) / 100n),
              max_total: w(NORMAL_MAX_TOTAL, (MAX_PROOF_SIZE * 75n) / 100n),
              reserved: w(0n),
            },
            operational: {
              base_extrinsic: w(BASE_EXTRINSIC_WEIGHT),
              max_extrinsic: w(OPERATIONAL_MAX_EXTRINSIC, (MAX_PROOF_SIZE * 90n) / 100n),
              max_total: w(MAX_BLOCK_REF_TIME, MAX_PROOF_SIZE),
              reserved: w(MAX_BLOCK_REF_TIME - NORMAL_MAX_TOTAL, MAX_PROOF_SIZE / 4n),
            },
            mandatory: {
              base_extrinsic: w(BASE_EXTRINSIC_WEIGHT),
              max_extrinsic: undefined,
              max_total: undefined,
              reserved: undefined,
            },
          },
        },
        docs: [' Block & extrinsics weights: base values and limits.'],
      },
      BlockLength: {
        ty: struct('frame_system::limits::BlockLength', {
          max: { ty: perDispatchClass(u32, 'u32'), typeName: 'PerDispatchClass<u32>' },
        }),
        value: {
          max: {
            normal: MAX_NORMAL_BLOCK_LENGTH,
            operational: MAX_BLOCK_LENGTH,
            mandatory: MAX_BLOCK_LENGTH,
          },
        },
        docs: [' The maximum length of a block (in bytes).'],
      },
      BlockHashCount: {
        ty: u32,
        value: BLOCK_HASH_COUNT,
        docs: [' Maximum number of block number to block hash mappings to keep (oldest pruned first).'],
      },
      DbWeight: {
        ty: struct('sp_weights::RuntimeDbWeight', {
          read: { ty: u64, typeName: 'u64' },
          write: { ty: u64, typeName: 'u64' },
        }),
        value: { read: DB_READ_WEIGHT, write: DB_WRITE_WEIGHT },
        docs: [' The weight of runtime database operations the runtime can invoke.'],
      },
      Version: {
        ty: RuntimeVersionTy,
        value: versionValue(version),
        docs: [" Get the chain's in-code version."],
      },
      SS58Prefix: { ty: u16, value: SS58_PREFIX, docs: [' The designated SS58 prefix of this chain.'] },
    },
  };
  return pallet;
}

export function versionValue(v: RuntimeVersion) {
  return {
    spec_name: v.specName,
    impl_name: v.implName,
    authoring_version: v.authoringVersion,
    spec_version: v.specVersion,
    impl_version: v.implVersion,
    apis: v.apis.map(([id, ver]) => [hexToBytes(id), ver] as [Uint8Array, number]),
    transaction_version: v.transactionVersion,
    system_version: v.stateVersion,
  };
}

function hex(b: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`;
}

function hexToBytes(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h.slice(2), 'hex'));
}
