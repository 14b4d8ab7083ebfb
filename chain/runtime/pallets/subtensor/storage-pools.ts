/**
 * SubtensorModule storage of dynamic TAO's per-subnet pools (names, hashers, types and defaults as in
 * finney spec 424). `SubnetTAO` (the pool's TAO reserve) stays in `storage.ts`; the pool's weights and fee
 * rate live in the Swap pallet (`../swap.ts`). The coinbase writes the `*Emission` items.
 */
import * as $ from 'scale-ts';
import { structural } from '../../scale/portable.js';
import { struct, type Ty, u16, u64, u128 } from '../../scale/ty.js';
import { StorageMap, StorageValue } from '../../storage.js';
import { PALLET as P } from './types.js';

const i128: Ty<bigint> = { codec: $.i128, path: [], describe: () => structural({ primitive: 'I128' }) };

/** `substrate_fixed::FixedI128<U32>` (I96F32): the raw 128-bit value (`bits / 2^32`). */
export const I96F32 = struct(
  'substrate_fixed::FixedI128',
  { bits: { ty: i128, typeName: 'i128' } },
  { params: [{ name: 'Frac' }] },
);

function perNet<V>(name: string, ty: Ty<V>, d: V, docs: string): StorageMap<[number], V> {
  return new StorageMap<[number], V>(P, name, [{ ty: u16, hasher: 'Identity' }], ty, {
    default: d,
    docs: [docs],
  });
}

export const SubnetAlphaIn = perNet<bigint>(
  'SubnetAlphaIn',
  u64,
  0n,
  ' --- MAP ( netuid ) --> alpha_supply_in_pool | Returns the amount of alpha in the pool.',
);
export const SubnetAlphaOut = perNet<bigint>(
  'SubnetAlphaOut',
  u64,
  0n,
  ' --- MAP ( netuid ) --> alpha_supply_in_subnet | Returns the amount of alpha in the subnet.',
);
export const SubnetVolume = perNet<bigint>(
  'SubnetVolume',
  u128,
  0n,
  ' --- MAP ( netuid ) --> total_volume | The total amount of TAO bought and sold since the start of the network.',
);
export const SubnetMovingPrice = perNet<{ bits: bigint }>(
  'SubnetMovingPrice',
  I96F32,
  { bits: 0n },
  ' --- MAP ( netuid ) --> moving_price | The subnet moving price.',
);
export const SubnetTaoInEmission = perNet<bigint>(
  'SubnetTaoInEmission',
  u64,
  0n,
  ' --- MAP ( netuid ) --> tao_in_emission | Returns the amount of tao emitted into this subent on the last block.',
);
export const SubnetAlphaInEmission = perNet<bigint>(
  'SubnetAlphaInEmission',
  u64,
  0n,
  ' --- MAP ( netuid ) --> alpha_in_emission | Returns the amount of alph in  emission into the pool per block.',
);
export const SubnetAlphaOutEmission = perNet<bigint>(
  'SubnetAlphaOutEmission',
  u64,
  0n,
  ' --- MAP ( netuid ) --> alpha_out_emission | Returns the amount of alpha out emission into the network per block.',
);
/** 12885 / 2^32 ≈ 0.000003, subtensor's default. */
export const SubnetMovingAlpha = new StorageValue(P, 'SubnetMovingAlpha', I96F32, {
  default: { bits: 12_885n },
  docs: [' --- ITEM ( moving_alpha ) -- subnet moving alpha.'],
});

export const poolStorage = [
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetVolume,
  SubnetMovingPrice,
  SubnetMovingAlpha,
  SubnetTaoInEmission,
  SubnetAlphaInEmission,
  SubnetAlphaOutEmission,
];
