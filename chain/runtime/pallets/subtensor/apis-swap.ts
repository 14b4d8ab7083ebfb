/**
 * Runtime APIs of dynamic TAO, with finney spec 424's signatures and struct layouts:
 * `SwapRuntimeApi` (`current_alpha_price`, `current_alpha_price_all`, `sim_swap_tao_for_alpha`,
 * `sim_swap_alpha_for_tao`) and the stake reads of `StakeInfoRuntimeApi`.
 */
import * as $ from 'scale-ts';
import type { StateView } from '../../interface.js';
import type { PalletApi } from '../../pallet.js';
import { AccountId32 } from '../../scale/substrate.js';
import { bool, compactU64, decodeExact, option, struct, tuple, u16, u64, vec } from '../../scale/ty.js';
import { fx } from './balancer.js';
import { subnetExists, uidOf } from './neurons.js';
import { stakeOf } from './stake-shares.js';
import { NetworksAdded, StakingHotkeys, TotalNetworks } from './storage.js';
import { AlphaDividendsPerSubnet } from './storage-emission.js';
import { alphaPriceBits, alphaPriceRao, simSwapAlphaForTao, simSwapTaoForAlpha } from './swap.js';
import { compactU16 } from './types.js';

const SubnetPrice = struct('pallet_subtensor_swap_runtime_api::SubnetPrice', {
  netuid: { ty: u16, typeName: 'NetUid' },
  price: { ty: u64, typeName: 'u64' },
});
const SimSwapResult = struct('pallet_subtensor_swap_runtime_api::SimSwapResult', {
  tao_amount: { ty: u64, typeName: 'TaoBalance' },
  alpha_amount: { ty: u64, typeName: 'AlphaBalance' },
  tao_fee: { ty: u64, typeName: 'TaoBalance' },
  alpha_fee: { ty: u64, typeName: 'AlphaBalance' },
  tao_slippage: { ty: u64, typeName: 'TaoBalance' },
  alpha_slippage: { ty: u64, typeName: 'AlphaBalance' },
});
const StakeInfo = struct(
  'pallet_subtensor::rpc_info::stake_info::StakeInfo',
  {
    hotkey: { ty: AccountId32, typeName: 'AccountId' },
    coldkey: { ty: AccountId32, typeName: 'AccountId' },
    netuid: { ty: compactU16, typeName: 'Compact<NetUid>' },
    stake: { ty: compactU64, typeName: 'Compact<AlphaBalance>' },
    locked: { ty: compactU64, typeName: 'Compact<u64>' },
    emission: { ty: compactU64, typeName: 'Compact<AlphaBalance>' },
    tao_emission: { ty: compactU64, typeName: 'Compact<TaoBalance>' },
    drain: { ty: compactU64, typeName: 'Compact<u64>' },
    is_registered: { ty: bool, typeName: 'bool' },
  },
  { params: [{ name: 'AccountId', ty: AccountId32 }] },
);

type SimSwap = {
  [K in 'tao_amount' | 'alpha_amount' | 'tao_fee' | 'alpha_fee' | 'tao_slippage' | 'alpha_slippage']: bigint;
};
const ZERO_SIM: SimSwap = {
  tao_amount: 0n,
  alpha_amount: 0n,
  tao_fee: 0n,
  alpha_fee: 0n,
  tao_slippage: 0n,
  alpha_slippage: 0n,
};
const sat = (a: bigint, b: bigint) => (a > b ? a - b : 0n);

function netuids(state: StateView): number[] {
  const out: number[] = [];
  const last = TotalNetworks.get(state) + 64;
  for (let n = 0; n <= last; n++) if (NetworksAdded.get(state, n)) out.push(n);
  return out;
}

/** `sim_swap_tao_for_alpha`: the runtime's answer, with slippage against the no-slippage price. */
export function simBuy(state: StateView, netuid: number, tao: bigint): SimSwap {
  try {
    const r = simSwapTaoForAlpha(state, netuid, tao);
    const noSlippage = fx.toU64(fx.div(fx.from(tao), alphaPriceBits(state, netuid)));
    return {
      ...ZERO_SIM,
      tao_amount: r.amountIn,
      alpha_amount: r.amountOut,
      tao_fee: r.fee,
      alpha_slippage: sat(noSlippage, r.amountOut),
    };
  } catch {
    return ZERO_SIM;
  }
}

/** `sim_swap_alpha_for_tao`. */
export function simSell(state: StateView, netuid: number, alpha: bigint): SimSwap {
  try {
    const r = simSwapAlphaForTao(state, netuid, alpha);
    const noSlippage = fx.toU64(fx.mul(fx.from(alpha), alphaPriceBits(state, netuid)));
    return {
      ...ZERO_SIM,
      tao_amount: r.amountOut,
      alpha_amount: r.amountIn,
      alpha_fee: r.fee,
      tao_slippage: sat(noSlippage, r.amountOut),
    };
  } catch {
    return ZERO_SIM;
  }
}

/** `_get_stake_info_for_coldkeys` for one coldkey: one entry per (subnet, staked hotkey) with alpha. */
function stakeInfos(state: StateView, coldkey: Uint8Array) {
  const hotkeys = StakingHotkeys.get(state, coldkey);
  const out = [];
  for (const netuid of netuids(state)) {
    for (const hotkey of hotkeys) {
      const stake = stakeOf(state, hotkey, coldkey, netuid);
      if (stake !== 0n) out.push(stakeInfo(state, hotkey, coldkey, netuid, stake));
    }
  }
  return out;
}

function stakeInfo(state: StateView, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number, stake: bigint) {
  // `emission` is the hotkey's last epoch dividends, as subtensor reports it; no locks, TAO emission or drain.
  const emission = AlphaDividendsPerSubnet.get(state, netuid, hotkey);
  const zero = { locked: 0n, tao_emission: 0n, drain: 0n };
  return {
    hotkey,
    coldkey,
    netuid,
    stake,
    emission,
    ...zero,
    is_registered: uidOf(state, netuid, hotkey) !== undefined,
  };
}

const netuidArg = $.u16;
const netuidAmount = $.Tuple($.u16, $.u64);
const accountArg = AccountId32.codec;
const accountsArg = $.Vector(AccountId32.codec);
const hotColdNetuid = $.Tuple(AccountId32.codec, AccountId32.codec, $.u16);
const stakeInfos_ = vec(StakeInfo);
const perColdkey = vec(tuple(AccountId32, vec(StakeInfo)));
const maybeStakeInfo = option(StakeInfo);

export const swapApis: PalletApi[] = [
  {
    name: 'SwapRuntimeApi',
    version: 1,
    methods: [
      { name: 'current_alpha_price', inputs: [{ name: 'netuid', ty: u16 }], output: u64 },
      { name: 'current_alpha_price_all', inputs: [], output: vec(SubnetPrice) },
      {
        name: 'sim_swap_tao_for_alpha',
        inputs: [
          { name: 'netuid', ty: u16 },
          { name: 'tao', ty: u64 },
        ],
        output: SimSwapResult,
      },
      {
        name: 'sim_swap_alpha_for_tao',
        inputs: [
          { name: 'netuid', ty: u16 },
          { name: 'alpha', ty: u64 },
        ],
        output: SimSwapResult,
      },
    ],
    impl: {
      current_alpha_price: (state, args) =>
        u64.codec.enc(alphaPriceRao(state, decodeExact(netuidArg, args, 'netuid'))),
      current_alpha_price_all: (state) =>
        vec(SubnetPrice).codec.enc(
          netuids(state).map((netuid) => ({ netuid, price: alphaPriceRao(state, netuid) })),
        ),
      sim_swap_tao_for_alpha: (state, args) => {
        const [netuid, tao] = decodeExact(netuidAmount, args, 'netuid, tao');
        return SimSwapResult.codec.enc(simBuy(state, netuid, tao));
      },
      sim_swap_alpha_for_tao: (state, args) => {
        const [netuid, alpha] = decodeExact(netuidAmount, args, 'netuid, alpha');
        return SimSwapResult.codec.enc(simSell(state, netuid, alpha));
      },
    },
  },
  {
    name: 'StakeInfoRuntimeApi',
    version: 1,
    methods: [
      {
        name: 'get_stake_info_for_coldkey',
        inputs: [{ name: 'coldkey_account', ty: AccountId32 }],
        output: stakeInfos_,
      },
      {
        name: 'get_stake_info_for_coldkeys',
        inputs: [{ name: 'coldkey_accounts', ty: vec(AccountId32) }],
        output: perColdkey,
      },
      {
        name: 'get_stake_info_for_hotkey_coldkey_netuid',
        inputs: [
          { name: 'hotkey_account', ty: AccountId32 },
          { name: 'coldkey_account', ty: AccountId32 },
          { name: 'netuid', ty: u16 },
        ],
        output: maybeStakeInfo,
      },
    ],
    impl: {
      get_stake_info_for_coldkey: (state, args) =>
        stakeInfos_.codec.enc(stakeInfos(state, decodeExact(accountArg, args, 'coldkey')) as never),
      get_stake_info_for_coldkeys: (state, args) => {
        const coldkeys = decodeExact(accountsArg, args, 'coldkeys');
        return perColdkey.codec.enc(coldkeys.map((c) => [c, stakeInfos(state, c)]) as never);
      },
      get_stake_info_for_hotkey_coldkey_netuid: (state, args) => {
        const [hotkey, coldkey, netuid] = decodeExact(hotColdNetuid, args, 'hotkey, coldkey, netuid');
        const info = subnetExists(state, netuid)
          ? stakeInfo(state, hotkey, coldkey, netuid, stakeOf(state, hotkey, coldkey, netuid))
          : undefined;
        return maybeStakeInfo.codec.enc(info as never);
      },
    },
  },
];
