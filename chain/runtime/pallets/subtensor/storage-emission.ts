/**
 * Dynamic-TAO coinbase storage (emission per block, pending alpha, moving prices, dividends, the
 * registration burn's decay and bump): names, hashers, value types and defaults as finney spec 424.
 * The pools, their per-block emission and moving prices are staking's (storage-pools.ts).
 */
import type { Ty } from '../../scale/portable.js';
import { AccountId32 } from '../../scale/substrate.js';
import { bool, enumOf, u16, u64 } from '../../scale/ty.js';
import { StorageMap, StorageValue } from '../../storage.js';
import { SUBTENSOR_CONSTANTS as C } from './constants.js';
import { PALLET as P, U64F64 } from './types.js';

/** `RecycleOrBurnEnum`: what happens to incentive earned by the subnet owner's own hotkeys. */
export const RecycleOrBurnEnum = enumOf('pallet_subtensor::pallet::RecycleOrBurnEnum', {
  Burn: { index: 0 },
  Recycle: { index: 1 },
});

const netuidKey = { ty: u16, hasher: 'Identity' as const };
const accountKey = { ty: AccountId32, hasher: 'Blake2_128Concat' as const };

function perNet<V>(name: string, ty: Ty<V>, d: V, docs: string): StorageMap<[number], V> {
  return new StorageMap<[number], V>(P, name, [netuidKey], ty, { default: d, docs: [` ${docs}`] });
}

// --- Per block, per subnet (what the coinbase did on the last block) ---
export const SubnetExcessTao = perNet<bigint>('SubnetExcessTao', u64, 0n, 'Excess TAO swapped (chain buys).');
export const SubnetProtocolAlpha = perNet<bigint>('SubnetProtocolAlpha', u64, 0n, 'Protocol-owned alpha.');
export const SubnetEmissionEnabled = perNet<boolean>(
  'SubnetEmissionEnabled',
  bool,
  true,
  'Pool-side emission on.',
);
export const RootProp = perNet<{ bits: bigint }>(
  'RootProp',
  U64F64,
  { bits: 0n },
  'The subnet root proportion.',
);

// --- Moving price (the emission shares; the price itself is storage-pools.ts') ---
export const EMAPriceHalvingBlocks = perNet<bigint>(
  'EMAPriceHalvingBlocks',
  u64,
  C.InitialEmaPriceHalvingPeriod,
  'EMA price halving.',
);
export const TaoWeight = new StorageValue(P, 'TaoWeight', u64, {
  default: C.InitialTaoWeight,
  docs: [' Weight of root TAO against alpha (u64 fraction).'],
});

// --- Pending alpha, drained at each epoch ---
export const PendingRootAlphaDivs = perNet<bigint>('PendingRootAlphaDivs', u64, 0n, 'Pending root alpha.');
export const OwnerCutEnabled = perNet<boolean>('OwnerCutEnabled', bool, true, 'Owner cut enabled.');
export const MinerBurned = perNet<{ bits: bigint }>(
  'MinerBurned',
  U64F64,
  { bits: 0n },
  'Miner emission withheld.',
);
export const RecycleOrBurn = perNet(
  'RecycleOrBurn',
  RecycleOrBurnEnum,
  { tag: 'Burn', value: undefined },
  'Recycle or burn.',
);

// --- Dividends of the last epoch ---
/** A hotkey's take of its validator dividends (u16 fraction); every hotkey has the default 18 % here. */
export const Delegates = new StorageMap<[Uint8Array], number>(P, 'Delegates', [accountKey], u16, {
  default: C.InitialDefaultDelegateTake,
  docs: [' Returns the hotkey delegation take.'],
});
export const AlphaDividendsPerSubnet = new StorageMap<[number, Uint8Array], bigint>(
  P,
  'AlphaDividendsPerSubnet',
  [netuidKey, accountKey],
  u64,
  { default: 0n, docs: [' Last alpha dividend this hotkey got on tempo.'] },
);
export const TotalHotkeyAlphaLastEpoch = new StorageMap<[Uint8Array, number], bigint>(
  P,
  'TotalHotkeyAlphaLastEpoch',
  [accountKey, netuidKey],
  u64,
  { default: 0n, docs: [' Total alpha a hotkey owned in the last epoch.'] },
);

// --- Registration burn price ---
export const BurnHalfLife = perNet<number>('BurnHalfLife', u16, 360, 'BurnHalfLife (blocks).');
export const BurnIncreaseMult = perNet<{ bits: bigint }>(
  'BurnIncreaseMult',
  U64F64,
  { bits: 23_242_897_532_874_035_200n },
  'BurnIncreaseMult.',
);
export const RegistrationsThisBlock = perNet<number>(
  'RegistrationsThisBlock',
  u16,
  0,
  'Registrations this block.',
);
export const RAORecycledForRegistration = perNet<bigint>(
  'RAORecycledForRegistration',
  u64,
  0n,
  'RAO recycled for registration.',
);

export const emissionStorage = [
  SubnetExcessTao,
  SubnetProtocolAlpha,
  SubnetEmissionEnabled,
  RootProp,
  EMAPriceHalvingBlocks,
  TaoWeight,
  PendingRootAlphaDivs,
  OwnerCutEnabled,
  MinerBurned,
  RecycleOrBurn,
  Delegates,
  AlphaDividendsPerSubnet,
  TotalHotkeyAlphaLastEpoch,
  BurnHalfLife,
  BurnIncreaseMult,
  RegistrationsThisBlock,
  RAORecycledForRegistration,
];
