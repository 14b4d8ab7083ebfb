/**
 * pallet_transaction_payment (index 6): the fee formula, fee withdrawal before dispatch (kept even when
 * the call fails), refunds for `Pays::No`, `TransactionFeePaid`, and Substrate's tip-based priority.
 *
 * fee = weight_to_fee(base_extrinsic) + len * LENGTH_FEE_PER_BYTE + weight_to_fee(call weight) + tip,
 * weight_to_fee(w) = w.ref_time * 50_000 / 1e9 (fee multiplier fixed at 1).
 */
import {
  BASE_EXTRINSIC_WEIGHT,
  LENGTH_FEE_PER_BYTE,
  MAX_BLOCK_LENGTH,
  MAX_NORMAL_BLOCK_LENGTH,
  NORMAL_MAX_TOTAL,
  OPERATIONAL_FEE_MULTIPLIER,
  WEIGHT_FEE_DENOMINATOR,
  WEIGHT_FEE_NUMERATOR,
} from '../config.js';
import type { DispatchContext, PalletDef } from '../pallet.js';
import { palletEvent } from '../pallet.js';
import { AccountId32, type DispatchClassName } from '../scale/substrate.js';
import { enumOf, newtype, u8, u64, u128 } from '../scale/ty.js';
import { StorageValue } from '../storage.js';
import { deposit, TotalIssuance, withdraw } from './balances.js';

const P = 'TransactionPayment';

/** FixedU128 one: the fee multiplier is constant on the dev chain. */
const FEE_MULTIPLIER_ONE = 1_000_000_000_000_000_000n;

export const NextFeeMultiplier = new StorageValue(
  P,
  'NextFeeMultiplier',
  newtype('sp_arithmetic::fixed_point::FixedU128', u128, 'u128'),
  {
    default: FEE_MULTIPLIER_ONE,
    docs: [' The fee multiplier (fixed at 1 on the dev chain).'],
  },
);
export const StorageVersion = new StorageValue(
  P,
  'StorageVersion',
  enumOf('pallet_transaction_payment::Releases', { V1Ancient: { index: 0 }, V2: { index: 1 } }),
  { default: { tag: 'V1Ancient', value: undefined } },
);

export const transactionPaymentPallet: PalletDef = {
  name: P,
  index: 6,
  crate: 'pallet_transaction_payment',
  docs: [' Transaction fees: length and weight based, withdrawn before dispatch.'],
  events: {
    TransactionFeePaid: {
      index: 0,
      fields: {
        who: { ty: AccountId32, typeName: 'T::AccountId' },
        actual_fee: { ty: u64, typeName: 'BalanceOf<T>' },
        tip: { ty: u64, typeName: 'BalanceOf<T>' },
      },
      docs: [
        ' A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee, has been paid by `who`.',
      ],
    },
  },
  storage: [NextFeeMultiplier, StorageVersion],
  constants: {
    OperationalFeeMultiplier: {
      ty: u8,
      value: OPERATIONAL_FEE_MULTIPLIER,
      docs: [
        ' A fee multiplier for `Operational` extrinsics to compute "virtual tip" to boost their `priority`.',
      ],
    },
  },
};

export function weightToFee(refTime: bigint): bigint {
  return (refTime * WEIGHT_FEE_NUMERATOR) / WEIGHT_FEE_DENOMINATOR;
}

export interface FeeParts {
  baseFee: bigint;
  lenFee: bigint;
  weightFee: bigint;
  /** Inclusion fee (without tip); 0 for calls that do not pay. */
  inclusionFee: bigint;
}

export function computeFee(len: number, weight: bigint, paysFee: boolean): FeeParts {
  if (!paysFee) return { baseFee: 0n, lenFee: 0n, weightFee: 0n, inclusionFee: 0n };
  const baseFee = weightToFee(BASE_EXTRINSIC_WEIGHT);
  const lenFee = BigInt(len) * LENGTH_FEE_PER_BYTE;
  const weightFee = weightToFee(weight);
  return { baseFee, lenFee, weightFee, inclusionFee: baseFee + lenFee + weightFee };
}

/**
 * Substrate's `ChargeTransactionPayment::get_priority`: the tip scaled by how many such transactions fit
 * in a block, plus a virtual tip for operational ones.
 */
export function priorityOf(
  tip: bigint,
  fee: bigint,
  len: number,
  weight: bigint,
  cls: DispatchClassName,
): bigint {
  const totalWeight = weight + BASE_EXTRINSIC_WEIGHT;
  const maxLen = BigInt(cls === 'Normal' ? MAX_NORMAL_BLOCK_LENGTH : MAX_BLOCK_LENGTH);
  const byWeight = totalWeight > 0n ? NORMAL_MAX_TOTAL / totalWeight : 1n;
  const byLength = len > 0 ? maxLen / BigInt(len) : 1n;
  const maxPerBlock = (byWeight < byLength ? byWeight : byLength) || 1n;
  const scaledTip = (tip + 1n) * maxPerBlock;
  const priority =
    cls === 'Operational' ? scaledTip + fee * BigInt(OPERATIONAL_FEE_MULTIPLIER) * maxPerBlock : scaledTip;
  return priority > 0xffff_ffff_ffff_ffffn ? 0xffff_ffff_ffff_ffffn : priority;
}

type Ctx = Pick<DispatchContext, 'state' | 'deposit'>;

/** Withdraws `fee` (inclusion fee + tip) before dispatch; throws when the account cannot pay. */
export function withdrawFee(ctx: Ctx, who: Uint8Array, fee: bigint): void {
  if (fee === 0n) return;
  withdraw(ctx, who, fee, false);
  ctx.deposit({ tag: 'Balances', value: { tag: 'Withdraw', value: { who, amount: fee } } });
}

/**
 * After dispatch: gives back what is not owed (`actual` < `charged` for `Pays::No`), burns the rest and
 * emits `TransactionFeePaid`.
 */
export function settleFee(ctx: Ctx, who: Uint8Array, charged: bigint, actual: bigint, tip: bigint): void {
  const refund = charged - actual;
  if (refund > 0n) {
    try {
      deposit(ctx, who, refund);
      ctx.deposit({ tag: 'Balances', value: { tag: 'Deposit', value: { who, amount: refund } } });
    } catch {
      // The fee reaped the account and the refund is below the existential deposit: it is burnt too.
      actual = charged;
    }
  }
  TotalIssuance.put(ctx.state, TotalIssuance.get(ctx.state) - actual);
  ctx.deposit(palletEvent(transactionPaymentPallet, 'TransactionFeePaid', { who, actual_fee: actual, tip }));
}
