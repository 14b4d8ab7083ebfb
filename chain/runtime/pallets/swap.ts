/**
 * Swap (pallet_subtensor_swap, index 28): the per-subnet pool parameters of dynamic TAO as finney spec 424
 * keeps them: the fee rate, the balancer's reserve weight (0.5 = constant product) and whether a subnet's
 * balancer was initialised. The reserves themselves are SubtensorModule's `SubnetTAO` / `SubnetAlphaIn`; the
 * swap itself is `subtensor/swap.ts`. User liquidity positions are deprecated in subtensor (every position
 * call fails with `Deprecated`), and so they are here.
 */
import * as $ from 'scale-ts';
import { type CallDef, ensureRoot, moduleError, type PalletDef, palletEvent } from '../pallet.js';
import { structural } from '../scale/portable.js';
import { AccountId32, boundedVec } from '../scale/substrate.js';
import {
  bool,
  type FieldSpec,
  fixedBytes,
  i64,
  newtype,
  struct,
  type Ty,
  u8,
  u16,
  u64,
  u128,
} from '../scale/ty.js';
import { StorageMap } from '../storage.js';
import { HALF } from './subtensor/balancer.js';
import { subnetExists } from './subtensor/neurons.js';

const P = 'Swap';
export const SWAP_INDEX = 28;
/** `DefaultFeeRate`: 33 / 65535 ≈ 0.05 %. */
export const DEFAULT_FEE_RATE = 33;
/** `MaxFeeRate`: 10000 / 65535 ≈ 15 %. */
export const MAX_FEE_RATE = 10_000;
/** `MinimumReserve`: a swap needs at least this much of the token it pays out in the pool. */
export const MINIMUM_RESERVE = 1_000_000n;
/** `MinimumLiquidity`. */
export const MINIMUM_LIQUIDITY = 1000n;

const i32: Ty<number> = { codec: $.i32, path: [], describe: () => structural({ primitive: 'I32' }) };
const netuidKey = { ty: u16, hasher: 'Twox64Concat' as const };
const netuid = { ty: u16, typeName: 'NetUid' };

const Perquintill = newtype('sp_arithmetic::per_things::Perquintill', u64, 'u64');
/** `Balancer { quote: Perquintill }`: the quote (TAO) reserve weight in parts of 10^18. */
export const Balancer = struct('pallet_subtensor_swap::pallet::balancer::Balancer', {
  quote: { ty: Perquintill, typeName: 'Perquintill' },
});
const TickIndex = newtype('pallet_subtensor_swap::pallet::TickIndex', i32, 'i32');
const PositionId = newtype('pallet_subtensor_swap::pallet::PositionId', u128, 'u128');
const PalletId = newtype('frame_support::PalletId', fixedBytes(8), '[u8; 8]');
const NonZeroU64 = newtype('NonZeroU64', u64);

export const FeeRate = new StorageMap<[number], number>(P, 'FeeRate', [netuidKey], u16, {
  default: DEFAULT_FEE_RATE,
  docs: [' The fee rate applied to swaps per subnet, normalized value between 0 and u16::MAX'],
});
export const SwapBalancer = new StorageMap<[number], { quote: bigint }>(
  P,
  'SwapBalancer',
  [netuidKey],
  Balancer,
  {
    default: { quote: HALF },
    docs: [' u64-normalized reserve weight'],
  },
);
export const PalSwapInitialized = new StorageMap<[number], boolean>(
  P,
  'PalSwapInitialized',
  [netuidKey],
  bool,
  {
    default: false,
    docs: [' Storage to determine whether balancer swap was initialized for a specific subnet.'],
  },
);
export const HasMigrationRun = new StorageMap<[number[]], boolean>(
  P,
  'HasMigrationRun',
  [{ ty: boundedVec(u8), hasher: 'Identity' }],
  bool,
  { default: false, docs: [' --- Storage for migration run status'] },
);
export const ScrapReservoirAlpha = new StorageMap<[number], bigint>(
  P,
  'ScrapReservoirAlpha',
  [netuidKey],
  u64,
  {
    default: 0n,
    docs: [' Alpha reservoir for scraps of protocol claimed fees.'],
  },
);

const ERRORS = [
  'FeeRateTooHigh',
  'InsufficientInputAmount',
  'InsufficientLiquidity',
  'PriceLimitExceeded',
  'InsufficientBalance',
  'InvalidTickRange',
  'InvalidLiquidityValue',
  'ReservesTooLow',
  'MechanismDoesNotExist',
  'SubtokenDisabled',
  'ReservesOutOfBalance',
  'SwapInputTooLarge',
  'Deprecated',
] as const;
export type SwapErrorName = (typeof ERRORS)[number];

const LIQUIDITY_DISABLED = { note: 'Deprecated, user liquidity is permanently disabled' };

/** A user-liquidity call: kept for its index and arguments, always `Deprecated` (as subtensor). */
function deprecatedCall(index: number, args: Record<string, FieldSpec>): CallDef {
  return {
    index,
    args,
    docs: ['DEPRECATED'],
    weight: () => 15_000_000n,
    dispatch: () => {
      throw swapError('Deprecated');
    },
  };
}

export const swapPallet: PalletDef = {
  name: P,
  index: SWAP_INDEX,
  crate: 'pallet_subtensor_swap',
  docs: [' Swap: fee rate and balancer weights of the subnet pools.'],
  calls: {
    set_fee_rate: {
      index: 0,
      args: { netuid, rate: { ty: u16, typeName: 'u16' } },
      docs: [
        'Set the fee rate for swaps on a specific subnet (normalized value).',
        'For example, 0.3% is approximately 196.',
        '',
        'Only callable by the admin origin',
      ],
      weight: () => 20_000_000n,
      dispatch: (ctx, origin, a: { netuid: number; rate: number }) => {
        ensureRoot(origin);
        if (!subnetExists(ctx.state, a.netuid)) throw swapError('MechanismDoesNotExist');
        if (a.rate > MAX_FEE_RATE) throw swapError('FeeRateTooHigh');
        FeeRate.put(ctx.state, a.rate, a.netuid);
        ctx.deposit(palletEvent(swapPallet, 'FeeRateSet', { netuid: a.netuid, rate: a.rate }));
        return undefined;
      },
    },
    toggle_user_liquidity: deprecatedCall(4, { netuid, enable: { ty: bool, typeName: 'bool' } }),
    add_liquidity: deprecatedCall(1, {
      hotkey: { ty: AccountId32, typeName: 'T::AccountId' },
      netuid,
      tick_low: { ty: TickIndex, typeName: 'TickIndex' },
      tick_high: { ty: TickIndex, typeName: 'TickIndex' },
      liquidity: { ty: u64, typeName: 'u64' },
    }),
    remove_liquidity: deprecatedCall(2, {
      hotkey: { ty: AccountId32, typeName: 'T::AccountId' },
      netuid,
      position_id: { ty: PositionId, typeName: 'PositionId' },
    }),
    modify_position: {
      ...deprecatedCall(3, {
        hotkey: { ty: AccountId32, typeName: 'T::AccountId' },
        netuid,
        position_id: { ty: PositionId, typeName: 'PositionId' },
        liquidity_delta: { ty: i64, typeName: 'i64' },
      }),
      deprecated: LIQUIDITY_DISABLED, // metadata V16, as finney
    },
    disable_lp: { ...deprecatedCall(5, {}), deprecated: LIQUIDITY_DISABLED },
  },
  events: {
    FeeRateSet: {
      index: 0,
      fields: { netuid: { ty: u16, typeName: 'NetUid' }, rate: { ty: u16, typeName: 'u16' } },
      docs: ['Event emitted when the fee rate has been updated for a subnet'],
    },
  },
  errors: Object.fromEntries(ERRORS.map((name, index) => [name, { index }])),
  storage: [FeeRate, SwapBalancer, PalSwapInitialized, HasMigrationRun, ScrapReservoirAlpha],
  constants: {
    ProtocolId: {
      ty: PalletId,
      value: new TextEncoder().encode('ten/swap'),
      docs: [' This type is used to derive protocol accoun ID.'],
    },
    MaxFeeRate: { ty: u16, value: MAX_FEE_RATE, docs: [' The maximum fee rate that can be set'] },
    MinimumLiquidity: {
      ty: u64,
      value: MINIMUM_LIQUIDITY,
      docs: [' Minimum liquidity that is safe for rounding and integer math.'],
    },
    MinimumReserve: { ty: NonZeroU64, value: MINIMUM_RESERVE, docs: [' Minimum reserve for tao and alpha'] },
  },
};

/** `DispatchError::Module` for one of the Swap pallet's errors. */
export function swapError(name: SwapErrorName) {
  return moduleError(swapPallet, name);
}
