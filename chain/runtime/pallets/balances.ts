/**
 * pallet_balances (index 5): free balances (u64 rao, stored in `System.Account.data` as in subtensor),
 * transfers, the existential deposit with account reaping, total issuance. `withdraw`/`deposit`/`transfer`
 * are exported for other pallets (fees, staking).
 */
import { u8aEq } from '@polkadot/util';
import { dbWeight, EXISTENTIAL_DEPOSIT } from '../config.js';
import {
  type DispatchContext,
  DispatchFailure,
  ensureRoot,
  ensureSigned,
  type PalletDef,
  palletEvent,
  type TokenErrorName,
  tokenError,
} from '../pallet.js';
import { AccountId32, boundedVec, CompactBalance, MultiAddress } from '../scale/substrate.js';
import { bool, type EnumValue, enumOf, fixedBytes, struct, u32, u64 } from '../scale/ty.js';
import { StorageMap, StorageValue } from '../storage.js';
import { Account, AccountData, type AccountInfoValue, emptyAccount } from './system.js';

const P = 'Balances';

export const TotalIssuance = new StorageValue(P, 'TotalIssuance', u64, {
  default: 0n,
  docs: [' The total units issued in the system.'],
});
export const InactiveIssuance = new StorageValue(P, 'InactiveIssuance', u64, {
  default: 0n,
  docs: [' The total units of outstanding deactivated balance in the system.'],
});

// Balances keeps its accounts in System.Account (AccountStore = System); its own map stays empty.
const BalancesAccount = new StorageMap(
  P,
  'Account',
  [{ ty: AccountId32, hasher: 'Blake2_128Concat' }],
  AccountData,
  {
    // pallet_balances' default ExtraFlags has IS_NEW_LOGIC (bit 127) set, as finney's metadata shows.
    default: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n },
    docs: [
      ' The Balances pallet example of storing the balance of an account (unused: accounts live in System).',
    ],
  },
);
const Reasons = enumOf('pallet_balances::types::Reasons', {
  Fee: { index: 0 },
  Misc: { index: 1 },
  All: { index: 2 },
});
export const Locks = new StorageMap(
  P,
  'Locks',
  [{ ty: AccountId32, hasher: 'Blake2_128Concat' }],
  boundedVec(
    struct('pallet_balances::types::BalanceLock', {
      id: { ty: fixedBytes(8), typeName: 'LockIdentifier' },
      amount: { ty: u64, typeName: 'Balance' },
      reasons: { ty: Reasons, typeName: 'Reasons' },
    }),
    true,
  ),
  { default: [], docs: [' Any liquidity locks on some account balances.'] },
);
export const Reserves = new StorageMap(
  P,
  'Reserves',
  [{ ty: AccountId32, hasher: 'Blake2_128Concat' }],
  boundedVec(
    struct('pallet_balances::types::ReserveData', {
      id: { ty: fixedBytes(8), typeName: 'ReserveIdentifier' },
      amount: { ty: u64, typeName: 'Balance' },
    }),
  ),
  { default: [], docs: [' Named reserves on some account balances.'] },
);

const who = { ty: AccountId32, typeName: 'T::AccountId' };
const amount = { ty: u64, typeName: 'T::Balance' };
const dest = { ty: MultiAddress, typeName: 'AccountIdLookupOf<T>' };
const value = { ty: CompactBalance, typeName: 'T::Balance' };

export const balancesPallet: PalletDef = {
  name: P,
  index: 5,
  crate: 'pallet_balances',
  docs: [' Balances: free balance, transfers, existential deposit.'],
  calls: {
    transfer_allow_death: {
      index: 0,
      args: { dest, value },
      docs: [' Transfer some liquid free balance to another account (the sender may be reaped).'],
      weight: () => 60_000_000n + dbWeight(1, 1),
      dispatch: (ctx, origin, a: { dest: EnumValue; value: bigint }) => {
        transfer(ctx, ensureSigned(origin), lookup(a.dest), a.value, false);
        return undefined;
      },
    },
    force_transfer: {
      index: 2,
      args: { source: dest, dest, value },
      docs: [
        ' Exactly as `transfer_allow_death`, except the origin must be root and the source account may be specified.',
      ],
      weight: () => 60_000_000n + dbWeight(2, 2),
      dispatch: (ctx, origin, a: { source: EnumValue; dest: EnumValue; value: bigint }) => {
        ensureRoot(origin);
        transfer(ctx, lookup(a.source), lookup(a.dest), a.value, false);
        return undefined;
      },
    },
    transfer_keep_alive: {
      index: 3,
      args: { dest, value },
      docs: [' Same as `transfer_allow_death`, but fails rather than reap the sender.'],
      weight: () => 50_000_000n + dbWeight(1, 1),
      dispatch: (ctx, origin, a: { dest: EnumValue; value: bigint }) => {
        transfer(ctx, ensureSigned(origin), lookup(a.dest), a.value, true);
        return undefined;
      },
    },
    transfer_all: {
      index: 4,
      args: { dest, keep_alive: { ty: bool, typeName: 'bool' } },
      docs: [' Transfer the entire transferable balance from the caller account.'],
      weight: () => 65_000_000n + dbWeight(1, 1),
      dispatch: (ctx, origin, a: { dest: EnumValue; keep_alive: boolean }) => {
        const from = ensureSigned(origin);
        const free = Account.get(ctx.state, from).data.free;
        const all = a.keep_alive ? (free > EXISTENTIAL_DEPOSIT ? free - EXISTENTIAL_DEPOSIT : 0n) : free;
        transfer(ctx, from, lookup(a.dest), all, a.keep_alive);
        return undefined;
      },
    },
    force_set_balance: {
      index: 8,
      args: { who: dest, new_free: { ty: CompactBalance, typeName: 'T::Balance' } },
      docs: [' Set the regular balance of a given account (root).'],
      weight: () => 20_000_000n + dbWeight(1, 1),
      dispatch: (ctx, origin, a: { who: EnumValue; new_free: bigint }) => {
        ensureRoot(origin);
        setFree(ctx, lookup(a.who), a.new_free);
        return undefined;
      },
    },
    burn: {
      index: 10,
      args: { value, keep_alive: { ty: bool, typeName: 'bool' } },
      docs: [' Burn the specified liquid free balance from the origin account.'],
      weight: () => 40_000_000n + dbWeight(1, 1),
      dispatch: (ctx, origin, a: { value: bigint; keep_alive: boolean }) => {
        const from = ensureSigned(origin);
        withdraw(ctx, from, a.value, a.keep_alive);
        TotalIssuance.put(ctx.state, TotalIssuance.get(ctx.state) - a.value);
        ctx.deposit(palletEvent(balancesPallet, 'Burned', { who: from, amount: a.value }));
        return undefined;
      },
    },
  },
  events: {
    Endowed: {
      index: 0,
      fields: { account: who, free_balance: amount },
      docs: [' An account was created with some free balance.'],
    },
    DustLost: {
      index: 1,
      fields: { account: who, amount },
      docs: [' An account was removed whose balance was non-zero but below ExistentialDeposit.'],
    },
    Transfer: { index: 2, fields: { from: who, to: who, amount }, docs: [' Transfer succeeded.'] },
    BalanceSet: { index: 3, fields: { who, free: amount }, docs: [' A balance was set by root.'] },
    Reserved: { index: 4, fields: { who, amount } },
    Unreserved: { index: 5, fields: { who, amount } },
    ReserveRepatriated: {
      index: 6,
      fields: {
        from: who,
        to: who,
        amount,
        destination_status: {
          ty: enumOf('frame_support::traits::tokens::misc::BalanceStatus', {
            Free: { index: 0 },
            Reserved: { index: 1 },
          }),
          typeName: 'Status',
        },
      },
    },
    Deposit: {
      index: 7,
      fields: { who, amount },
      docs: [' Some amount was deposited (e.g. for transaction fees).'],
    },
    Withdraw: {
      index: 8,
      fields: { who, amount },
      docs: [' Some amount was withdrawn from the account (e.g. for transaction fees).'],
    },
    Slashed: { index: 9, fields: { who, amount } },
    Minted: { index: 10, fields: { who, amount } },
    Burned: { index: 11, fields: { who, amount } },
    Suspended: { index: 12, fields: { who, amount } },
    Restored: { index: 13, fields: { who, amount } },
    Upgraded: { index: 14, fields: { who } },
    Issued: { index: 15, fields: { amount } },
    Rescinded: { index: 16, fields: { amount } },
    Locked: { index: 17, fields: { who, amount } },
    Unlocked: { index: 18, fields: { who, amount } },
    Frozen: { index: 19, fields: { who, amount } },
    Thawed: { index: 20, fields: { who, amount } },
    TotalIssuanceForced: { index: 21, fields: { old: amount, new: amount } },
  },
  errors: {
    VestingBalance: { index: 0, docs: [' Vesting balance too high to send value.'] },
    LiquidityRestrictions: { index: 1, docs: [' Account liquidity restrictions prevent withdrawal.'] },
    InsufficientBalance: { index: 2, docs: [' Balance too low to send value.'] },
    ExistentialDeposit: { index: 3, docs: [' Value too low to create account due to existential deposit.'] },
    Expendability: { index: 4, docs: [' Transfer/payment would kill account.'] },
    ExistingVestingSchedule: { index: 5 },
    DeadAccount: { index: 6, docs: [' Beneficiary account must pre-exist.'] },
    TooManyReserves: { index: 7 },
    TooManyHolds: { index: 8 },
    TooManyFreezes: { index: 9 },
    IssuanceDeactivated: { index: 10 },
    DeltaZero: { index: 11 },
  },
  storage: [TotalIssuance, InactiveIssuance, BalancesAccount, Locks, Reserves],
  constants: {
    ExistentialDeposit: {
      ty: u64,
      value: EXISTENTIAL_DEPOSIT,
      docs: [' The minimum amount required to keep an account open.'],
    },
    MaxLocks: { ty: u32, value: 50, docs: [' The maximum number of locks that should exist on an account.'] },
    MaxReserves: {
      ty: u32,
      value: 50,
      docs: [' The maximum number of named reserves that can exist on an account.'],
    },
    MaxFreezes: {
      ty: u32,
      value: 50,
      docs: [' The maximum number of individual freeze locks that can exist on an account.'],
    },
  },
};

type Ctx = Pick<DispatchContext, 'state' | 'deposit'>;

/** `MultiAddress::Id` (or `Address32`) to an account id; other forms cannot be looked up here. */
export function lookup(address: EnumValue): Uint8Array {
  if (address.tag === 'Id' || address.tag === 'Address32') return address.value as Uint8Array;
  throw new DispatchFailure({ tag: 'CannotLookup', value: undefined });
}

export function freeBalance(state: Ctx['state'], account: Uint8Array): bigint {
  return Account.get(state, account).data.free;
}

function store(ctx: Ctx, account: Uint8Array, info: AccountInfoValue): void {
  Account.put(ctx.state, info, account);
}

/** Removes an account whose balance fell below the existential deposit; the dust leaves the issuance. */
function reap(ctx: Ctx, account: Uint8Array, dust: bigint): void {
  Account.remove(ctx.state, account);
  if (dust > 0n) {
    TotalIssuance.put(ctx.state, TotalIssuance.get(ctx.state) - dust);
    ctx.deposit(palletEvent(balancesPallet, 'DustLost', { account, amount: dust }));
  }
  ctx.deposit({ tag: 'System', value: { tag: 'KilledAccount', value: { account } } });
}

/**
 * Why `account` could not pay `amount` (fungible `can_withdraw` → `into_result`), or undefined when it can:
 * more than its free balance is `Token(FundsUnavailable)`, dipping under its frozen balance `Token(Frozen)`,
 * falling below the existential deposit with `keepAlive` `Token(NotExpendable)`.
 */
function cannotWithdraw(
  info: AccountInfoValue,
  amount: bigint,
  keepAlive: boolean,
): TokenErrorName | undefined {
  if (amount === 0n) return undefined;
  const free = info.data.free;
  if (amount > free) return 'FundsUnavailable';
  const left = free - amount;
  if (left + info.data.reserved < info.data.frozen) return 'Frozen';
  if (left < EXISTENTIAL_DEPOSIT && keepAlive) return 'NotExpendable';
  return undefined;
}

/**
 * Takes `amount` from `account`'s free balance (issuance unchanged: the caller decides where it goes).
 * `keepAlive` fails instead of reaping the account. Errors are current pallet_balances' `Token` errors.
 */
export function withdraw(ctx: Ctx, account: Uint8Array, amount: bigint, keepAlive: boolean): void {
  if (amount === 0n) return;
  const info = Account.get(ctx.state, account);
  const refused = cannotWithdraw(info, amount, keepAlive);
  if (refused !== undefined) throw tokenError(refused);
  const left = info.data.free - amount;
  if (left < EXISTENTIAL_DEPOSIT) {
    reap(ctx, account, left);
    return;
  }
  info.data.free = left;
  store(ctx, account, info);
}

/** Adds `amount` to `account`, creating it when it reaches the existential deposit. */
export function deposit(ctx: Ctx, account: Uint8Array, amount: bigint): void {
  const info = Account.tryGet(ctx.state, account);
  if (info === undefined || info.providers === 0) {
    // fungible `can_deposit`: a new account below the existential deposit is `Token(BelowMinimum)`.
    if (amount < EXISTENTIAL_DEPOSIT) throw tokenError('BelowMinimum');
    const fresh = info ?? emptyAccount();
    fresh.providers = 1;
    fresh.data.free = amount;
    store(ctx, account, fresh);
    ctx.deposit({ tag: 'System', value: { tag: 'NewAccount', value: { account } } });
    ctx.deposit(palletEvent(balancesPallet, 'Endowed', { account, free_balance: amount }));
    return;
  }
  info.data.free += amount;
  if (info.data.free >= 1n << 64n)
    throw new DispatchFailure({ tag: 'Arithmetic', value: { tag: 'Overflow', value: undefined } });
  store(ctx, account, info);
}

export function transfer(
  ctx: Ctx,
  from: Uint8Array,
  to: Uint8Array,
  amount: bigint,
  keepAlive: boolean,
): void {
  if (!u8aEq(from, to)) {
    withdraw(ctx, from, amount, keepAlive);
    deposit(ctx, to, amount);
  } else {
    // fungible `transfer` checks the withdrawal even when source and destination are the same account.
    const refused = cannotWithdraw(Account.get(ctx.state, from), amount, keepAlive);
    if (refused !== undefined) throw tokenError(refused);
  }
  ctx.deposit(palletEvent(balancesPallet, 'Transfer', { from, to, amount }));
}

/** Root: sets the free balance, adjusting total issuance; below the existential deposit reaps. */
export function setFree(ctx: Ctx, account: Uint8Array, newFree: bigint): void {
  const info = Account.tryGet(ctx.state, account);
  const old = info?.data.free ?? 0n;
  const target = newFree < EXISTENTIAL_DEPOSIT ? 0n : newFree;
  TotalIssuance.put(ctx.state, TotalIssuance.get(ctx.state) - old + target);
  if (target === 0n) {
    if (info && info.providers > 0) reap(ctx, account, 0n);
  } else if (!info || info.providers === 0) {
    const fresh = info ?? emptyAccount();
    fresh.providers = 1;
    fresh.data.free = target;
    store(ctx, account, fresh);
    ctx.deposit({ tag: 'System', value: { tag: 'NewAccount', value: { account } } });
    ctx.deposit(palletEvent(balancesPallet, 'Endowed', { account, free_balance: target }));
  } else {
    info.data.free = target;
    store(ctx, account, info);
  }
  ctx.deposit(palletEvent(balancesPallet, 'BalanceSet', { who: account, free: target }));
}
