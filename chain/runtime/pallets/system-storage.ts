import { AccountId32, CowStr, H256, Phase, Weight } from '../scale/substrate.js';
import { bool, compactU32, struct, type Ty, u32, u64, u128, vec } from '../scale/ty.js';
import { StorageMap, StorageValue, storagePrefix } from '../storage.js';

export const P = 'System';

export const ExtraFlags: Ty<bigint> = {
  ...u128,
  path: ['pallet_balances', 'types', 'ExtraFlags'],
  describe: (reg) => ({
    path: ['pallet_balances', 'types', 'ExtraFlags'],
    params: [],
    def: { composite: { fields: [{ name: null, type: reg.idOf(u128), typeName: 'u128', docs: [] }] } },
    docs: [],
  }),
};

export const AccountData = struct(
  'pallet_balances::types::AccountData',
  {
    free: { ty: u64, typeName: 'Balance' },
    reserved: { ty: u64, typeName: 'Balance' },
    frozen: { ty: u64, typeName: 'Balance' },
    flags: { ty: ExtraFlags, typeName: 'ExtraFlags' },
  },
  { params: [{ name: 'Balance', ty: u64 }] },
);

export const AccountInfo = struct(
  'frame_system::AccountInfo',
  {
    nonce: { ty: u32, typeName: 'Nonce' },
    consumers: { ty: u32, typeName: 'RefCount' },
    providers: { ty: u32, typeName: 'RefCount' },
    sufficients: { ty: u32, typeName: 'RefCount' },
    data: { ty: AccountData, typeName: 'AccountData' },
  },
  {
    params: [
      { name: 'Nonce', ty: u32 },
      { name: 'AccountData', ty: AccountData },
    ],
  },
);
export type AccountInfoValue = typeof AccountInfo extends Ty<infer V> ? V : never;

/** `ExtraFlags` with the "new logic" bit set, as pallet_balances writes for fresh accounts. */
export const NEW_LOGIC_FLAG = 1n << 127n;

export const emptyAccount = (): AccountInfoValue => ({
  nonce: 0,
  consumers: 0,
  providers: 0,
  sufficients: 0,
  data: { free: 0n, reserved: 0n, frozen: 0n, flags: NEW_LOGIC_FLAG },
});

export const perDispatchClass = <T>(inner: Ty<T>, typeName: string) =>
  struct(
    'frame_support::dispatch::PerDispatchClass',
    {
      normal: { ty: inner, typeName: 'T' },
      operational: { ty: inner, typeName: 'T' },
      mandatory: { ty: inner, typeName: 'T' },
    },
    { params: [{ name: 'T', ty: inner }], docs: typeName ? [] : [] },
  );

export const PerClassWeight = perDispatchClass(Weight, 'Weight');

/** Built by the runtime assembly: `EventRecord<RuntimeEvent, H256>` needs the outer event enum. */
export function eventRecordTy(runtimeEvent: Ty<any>) {
  return struct(
    'frame_system::EventRecord',
    {
      phase: { ty: Phase, typeName: 'Phase' },
      event: { ty: runtimeEvent, typeName: 'E' },
      topics: { ty: vec(H256), typeName: 'Vec<T>' },
    },
    {
      params: [
        { name: 'E', ty: runtimeEvent },
        { name: 'T', ty: H256 },
      ],
    },
  );
}

export const Account = new StorageMap<[Uint8Array], AccountInfoValue>(
  P,
  'Account',
  [{ ty: AccountId32, hasher: 'Blake2_128Concat' }],
  AccountInfo,
  { default: emptyAccount(), docs: [' The full account information for a particular account ID.'] },
);
export const ExtrinsicCount = new StorageValue(P, 'ExtrinsicCount', u32, {
  docs: [' Total extrinsics count for the current block.'],
});
export const BlockWeight = new StorageValue(P, 'BlockWeight', PerClassWeight, {
  default: {
    normal: { ref_time: 0n, proof_size: 0n },
    operational: { ref_time: 0n, proof_size: 0n },
    mandatory: { ref_time: 0n, proof_size: 0n },
  },
  docs: [' The current weight for the block.'],
});
export const AllExtrinsicsLen = new StorageValue(P, 'AllExtrinsicsLen', u32, {
  docs: [' Total length (in bytes) for all extrinsics put together, for the current block.'],
});
export const BlockHash = new StorageMap<[number], Uint8Array>(
  P,
  'BlockHash',
  [{ ty: u32, hasher: 'Twox64Concat' }],
  H256,
  {
    default: new Uint8Array(32),
    docs: [' Map of block numbers to block hashes.'],
  },
);
export const Number_ = new StorageValue(P, 'Number', u32, {
  default: 0,
  docs: [' The current block number being processed.'],
});
export const ParentHash = new StorageValue(P, 'ParentHash', H256, {
  default: new Uint8Array(32),
  docs: [' Hash of the previous block.'],
});
/** `System.Events` is written whole at block end from pre-encoded records (see executive.ts). */
export const EVENTS_KEY = storagePrefix(P, 'Events');
export const EventCount = new StorageValue(P, 'EventCount', u32, {
  default: 0,
  docs: [' The number of events in the `Events<T>` list.'],
});
export const LastRuntimeUpgrade = new StorageValue(
  P,
  'LastRuntimeUpgrade',
  struct('frame_system::LastRuntimeUpgradeInfo', {
    spec_version: { ty: compactU32, typeName: 'codec::Compact<u32>' },
    spec_name: { ty: CowStr, typeName: "Cow<'static, str>" },
  }),
  { docs: [' Stores the `spec_version` and `spec_name` of when the last runtime upgrade happened.'] },
);
export const UpgradedToU32RefCount = new StorageValue(P, 'UpgradedToU32RefCount', bool, { default: false });
export const UpgradedToTripleRefCount = new StorageValue(P, 'UpgradedToTripleRefCount', bool, {
  default: false,
});
export const ExecutionPhase = new StorageValue(P, 'ExecutionPhase', Phase, {
  docs: [' The execution phase of the block.'],
});
