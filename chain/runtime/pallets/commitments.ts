/**
 * pallet_commitments (index 18, as subtensor): a neuron publishes small data on chain per subnet
 * (`set_commitment(netuid, info)`), e.g. a miner's domain and model hash. Only hotkeys registered on the
 * subnet may commit; each may write at most `MaxSpace` bytes per epoch. Types and storage as subtensor's.
 */

import { CUSTOM_TRANSACTION_ERRORS } from '../../../shared/subtensor/transaction-errors.js';
import { dbWeight } from '../config.js';
import type { StateView } from '../interface.js';
import {
  DispatchFailure,
  ensureRoot,
  ensureSigned,
  moduleError,
  type PalletDef,
  palletEvent,
} from '../pallet.js';
import { AccountId32, boundedVec } from '../scale/substrate.js';
import {
  type EnumValue,
  enumOf,
  fixedBytes,
  struct,
  u8,
  u16,
  u32,
  u64,
  type VariantSpec,
} from '../scale/ty.js';
import { StorageMap, StorageValue } from '../storage.js';
import { currentEpoch, uidOf } from './subtensor/neurons.js';

const P = 'Commitments';
/** Fields per commitment (`MaxFields`). */
export const MAX_FIELDS = 3;

function dataVariants(): Record<string, VariantSpec> {
  const v: Record<string, VariantSpec> = { None: { index: 0 } };
  for (let n = 0; n <= 128; n++) v[`Raw${n}`] = { index: n + 1, fields: { ty: fixedBytes(n) } };
  const hash = { ty: fixedBytes(32) };
  v.BlakeTwo256 = { index: 130, fields: hash };
  v.Sha256 = { index: 131, fields: hash };
  v.Keccak256 = { index: 132, fields: hash };
  v.ShaThree256 = { index: 133, fields: hash };
  v.TimelockEncrypted = {
    index: 134,
    fields: { encrypted: { ty: boundedVec(u8) }, reveal_round: { ty: u64 } },
  };
  v.ResetBondsFlag = { index: 135 };
  v.BigRaw = { index: 136, fields: { ty: boundedVec(u8) } };
  return v;
}

/** `pallet_commitments::types::Data`: raw bytes up to 128, hashes, timelocked or big raw data. */
export const Data = enumOf('pallet_commitments::types::Data', dataVariants());

export const CommitmentInfo = struct(
  'pallet_commitments::types::CommitmentInfo',
  { fields: { ty: boundedVec(Data), typeName: 'BoundedVec<Data, FieldLimit>' } },
  { params: [{ name: 'FieldLimit' }] },
);
export type CommitmentInfoValue = { fields: EnumValue[] };

export const Registration = struct(
  'pallet_commitments::types::Registration',
  {
    deposit: { ty: u64, typeName: 'Balance' },
    block: { ty: u32, typeName: 'BlockNumber' },
    info: { ty: CommitmentInfo, typeName: 'CommitmentInfo<MaxFields>' },
  },
  { params: [{ name: 'Balance', ty: u64 }, { name: 'MaxFields' }, { name: 'BlockNumber', ty: u32 }] },
);

export const UsageTracker = struct('pallet_commitments::types::UsageTracker', {
  last_epoch: { ty: u64, typeName: 'u64' },
  used_space: { ty: u64, typeName: 'u64' },
});

const keys = [
  { ty: u16, hasher: 'Identity' as const },
  { ty: AccountId32, hasher: 'Twox64Concat' as const },
];
export const CommitmentOf = new StorageMap<
  [number, Uint8Array],
  { deposit: bigint; block: number; info: CommitmentInfoValue }
>(P, 'CommitmentOf', keys as never, Registration as never, { docs: [' Identity data by account'] });
export const LastCommitment = new StorageMap<[number, Uint8Array], number>(
  P,
  'LastCommitment',
  keys as never,
  u32,
);
export const UsedSpaceOf = new StorageMap<[number, Uint8Array], { last_epoch: bigint; used_space: bigint }>(
  P,
  'UsedSpaceOf',
  keys as never,
  UsageTracker,
);
export const MaxSpace = new StorageValue(P, 'MaxSpace', u32, { default: 3100 });

/** Bytes a field counts against `MaxSpace` (`len_for_rate_limit`). */
export function fieldLength(d: EnumValue): number {
  if (d.tag === 'None' || d.tag === 'ResetBondsFlag') return 0;
  if (d.tag === 'TimelockEncrypted') return (d.value as { encrypted: ArrayLike<number> }).encrypted.length;
  return (d.value as ArrayLike<number>).length;
}

/** subtensor's `CustomTransactionError::BadRequest`: commitments have no custom code of their own. */
const BAD_REQUEST = CUSTOM_TRANSACTION_ERRORS.BadRequest;

/**
 * `set_commitment`'s checks (registered hotkey, field count, `MaxSpace` per epoch), shared by dispatch and
 * pool validation; returns the hotkey's space usage after this commitment.
 */
function checkCommitment(
  s: StateView,
  blockNumber: number,
  who: Uint8Array,
  netuid: number,
  info: CommitmentInfoValue,
): { last_epoch: bigint; used_space: bigint } {
  if (uidOf(s, netuid, who) === undefined) throw moduleError(commitmentsPallet, 'AccountNotAllowedCommit');
  if (info.fields.length > MAX_FIELDS) throw moduleError(commitmentsPallet, 'TooManyFieldsInCommitmentInfo');
  const required = BigInt(info.fields.reduce((sum, d) => sum + fieldLength(d), 0));
  const epoch = currentEpoch(s, netuid, blockNumber);
  let usage = UsedSpaceOf.tryGet(s, netuid, who) ?? { last_epoch: 0n, used_space: 0n };
  if (usage.last_epoch !== epoch) usage = { last_epoch: epoch, used_space: 0n };
  if (usage.used_space + required > BigInt(MaxSpace.get(s)))
    throw moduleError(commitmentsPallet, 'SpaceLimitExceeded');
  return { last_epoch: epoch, used_space: usage.used_space + required };
}

export const commitmentsPallet: PalletDef = {
  name: P,
  index: 18,
  crate: 'pallet_commitments',
  docs: [' Commitments: small per-subnet data published by registered neurons.'],
  calls: {
    set_commitment: {
      index: 0,
      args: {
        netuid: { ty: u16, typeName: 'NetUid' },
        info: { ty: CommitmentInfo, typeName: 'Box<CommitmentInfo<T::MaxFields>>' },
      },
      docs: [' Set the commitment for a given netuid'],
      weight: () => 30_000_000n + dbWeight(5, 3),
      // As subtensor: operational and fee-free (limited by MaxSpace per epoch instead).
      class: 'Operational',
      paysFee: false,
      // Fee-free, so a commitment that would fail is refused in the pool (else it fills blocks for free).
      validate: (ctx, origin, a: { netuid: number; info: CommitmentInfoValue }) => {
        if (origin.kind !== 'signed') return undefined;
        try {
          checkCommitment(ctx.state, ctx.blockNumber, origin.who, a.netuid, a.info);
          return undefined;
        } catch (err) {
          if (!(err instanceof DispatchFailure)) throw err;
          return {
            custom: BAD_REQUEST,
            message: `Commitments.set_commitment refused by the pool: ${err.message}`,
          };
        }
      },
      dispatch: (ctx, origin, a: { netuid: number; info: CommitmentInfoValue }) => {
        const who = ensureSigned(origin);
        const s = ctx.state;
        const usage = checkCommitment(s, ctx.blockNumber, who, a.netuid, a.info);
        UsedSpaceOf.put(s, usage, a.netuid, who);
        CommitmentOf.put(s, { deposit: 0n, block: ctx.blockNumber, info: a.info }, a.netuid, who);
        LastCommitment.put(s, ctx.blockNumber, a.netuid, who);
        ctx.deposit(palletEvent(commitmentsPallet, 'Commitment', { netuid: a.netuid, who }));
        return undefined;
      },
    },
    set_max_space: {
      index: 2,
      args: { new_limit: { ty: u32, typeName: 'u32' } },
      docs: [' Sudo-set MaxSpace'],
      weight: () => 10_000_000n + dbWeight(0, 1),
      dispatch: (ctx, origin, a: { new_limit: number }) => {
        ensureRoot(origin);
        MaxSpace.put(ctx.state, a.new_limit);
        return undefined;
      },
    },
  },
  events: {
    Commitment: {
      index: 0,
      fields: {
        netuid: { ty: u16, typeName: 'NetUid' },
        who: { ty: AccountId32, typeName: 'T::AccountId' },
      },
      docs: [' A commitment was set'],
    },
  },
  errors: {
    TooManyFieldsInCommitmentInfo: {
      index: 0,
      docs: [' Account passed too many additional fields to their commitment'],
    },
    AccountNotAllowedCommit: { index: 1, docs: [' Account is not allowed to make commitments to the chain'] },
    SpaceLimitExceeded: { index: 2, docs: [' Space Limit Exceeded for the current interval'] },
    UnexpectedUnreserveLeftover: {
      index: 3,
      docs: [' Indicates that unreserve returned a leftover, which is unexpected.'],
    },
  },
  storage: [CommitmentOf, LastCommitment, UsedSpaceOf, MaxSpace],
  constants: {
    MaxFields: {
      ty: u32,
      value: MAX_FIELDS,
      docs: [' The maximum number of additional fields that can be added to a commitment'],
    },
    InitialDeposit: { ty: u64, value: 0n, docs: [' The amount held on deposit for a registered identity'] },
    FieldDeposit: {
      ty: u64,
      value: 0n,
      docs: [' The amount held on deposit per additional field for a registered identity.'],
    },
  },
};
