/**
 * The pallet-definition type. A pallet is a plain object: its calls (argument names and types, weight,
 * dispatch function), events, errors, storage items and constants. The runtime assembles pallets into
 * RuntimeCall / RuntimeEvent / RuntimeError, metadata and dispatch, so new pallets (SubtensorModule,
 * AdminUtils, Commitments) drop in as more modules.
 */

import type { ApiDef } from './apis-types.js';
import type { BlockContext, GenesisConfig, InvalidReason, StateView } from './interface.js';
import type { DispatchClassName } from './scale/substrate.js';
import type { EnumValue, FieldSpec, Ty, VariantSpec } from './scale/ty.js';
import type { Overlay, StorageMap, StorageValue } from './storage.js';

/** Who dispatches a call. */
export type Origin = { kind: 'signed'; who: Uint8Array } | { kind: 'root' } | { kind: 'none' };

/** `sp_runtime::DispatchError` as a value (`{ tag: 'Module', value: { index, error } }`, ...). */
export type DispatchErrorValue = EnumValue;

/** Thrown by a dispatch function: the call fails and its storage layer and events are rolled back. */
export class DispatchFailure extends Error {
  constructor(readonly error: DispatchErrorValue) {
    super(`dispatch failed: ${describeDispatchError(error)}`);
    this.name = 'DispatchFailure';
  }
}

export function describeDispatchError(error: DispatchErrorValue): string {
  if (error.tag === 'Module') {
    const { index, error: code } = error.value as { index: number; error: Uint8Array };
    return `Module(${index}, ${code[0]})`;
  }
  return error.value === undefined ? error.tag : `${error.tag}(${(error.value as EnumValue).tag})`;
}

export const badOrigin = (): DispatchFailure => new DispatchFailure({ tag: 'BadOrigin', value: undefined });

/** What a dispatch may report back (Substrate's `PostDispatchInfo`). */
export interface PostDispatch {
  /** `false` refunds the fee (e.g. sudo calls by the sudo key). */
  paysFee?: boolean;
  /** Actual weight when lower than declared (refunds nothing here; reported in events). */
  actualWeight?: bigint;
}

/** Everything a dispatch function can touch. */
export interface DispatchContext {
  readonly state: Overlay;
  readonly blockNumber: number;
  /** Emits a runtime event (`{ tag: palletName, value: { tag: eventName, value } }`). */
  deposit(event: EnumValue): void;
  /** Dispatches a nested call transactionally (sudo, utility); never throws a `DispatchFailure`. */
  dispatch(
    origin: Origin,
    call: EnumValue,
  ): { ok: true; post: PostDispatch } | { ok: false; error: DispatchErrorValue };
  /** Declared ref-time weight and class of a call (for nested calls). */
  infoOf(call: EnumValue): { weight: bigint; class: DispatchClassName; paysFee: boolean };
}

export interface CallDef<A = any> {
  index: number;
  args: Record<string, FieldSpec>;
  docs?: string[];
  /** Metadata V16 deprecation (as subtensor marks calls it keeps only for their index). */
  deprecated?: Deprecation;
  /** Declared ref-time weight (proof size is not modelled). */
  weight: (args: A, ctx: Pick<DispatchContext, 'infoOf'>) => bigint;
  class?: DispatchClassName | ((args: A, ctx: Pick<DispatchContext, 'infoOf'>) => DispatchClassName);
  /** Default `true`. */
  paysFee?: boolean;
  dispatch: (ctx: DispatchContext, origin: Origin, args: A) => PostDispatch | undefined;
  /**
   * Pool-level pre-check of a signed call (a pallet's `TransactionExtension::validate`, e.g. subtensor's
   * `SubtensorTransactionExtension`): the executive runs it after the signature, nonce, weight and fee
   * checks, both when the pool validates the transaction and when a block applies it. A rejection makes
   * the transaction invalid (`InvalidTransaction::Custom(code)`): it never enters a block and costs
   * nothing, which is what keeps fee-free calls from being a spam vector. Only top-level calls are checked.
   * Must not write to `ctx.state`.
   */
  validate?: (ctx: ValidateContext, origin: Origin, args: A) => CallRejection | undefined;
  /**
   * Accepts the call as an unsigned transaction (FRAME's `ValidateUnsigned`, e.g. Drand's `write_pulse`),
   * in the pool and again when a block applies it; it is then dispatched with origin `none` and pays no
   * fee. Without it an unsigned call is `Unknown(NoUnsignedValidator)`. Must not write to `ctx.state`.
   */
  validateUnsigned?: (ctx: ValidateContext, args: A) => UnsignedValidity;
}

/** What a `validateUnsigned` hook decides: the transaction's pool validity, or why it is invalid. */
export type UnsignedValidity =
  | { ok: true; priority: bigint; provides: Uint8Array[]; longevity: bigint; propagate: boolean }
  | { ok: false; invalid: InvalidReason; message: string };

/** What a call's `validate` hook reads: the state at the block the transaction is checked against. */
export interface ValidateContext {
  readonly state: StateView;
  readonly blockNumber: number;
}

/** A call refused by its `validate` hook: `InvalidTransaction::Custom(custom)` with a readable reason. */
export interface CallRejection {
  custom: number;
  message: string;
}

/** A `#[deprecated(note, since)]` item, as metadata V16 reports it. */
export interface Deprecation {
  note: string;
  since?: string;
}

export interface ConstantDef {
  ty: Ty<any>;
  value: unknown;
  docs?: string[];
}

export type StorageDef = StorageValue<any> | StorageMap<any, any>;

export interface PalletDef {
  name: string;
  index: number;
  /** Rust crate path used for type paths (`pallet_balances` gives `pallet_balances::pallet::Call`). */
  crate: string;
  docs?: string[];
  calls?: Record<string, CallDef>;
  events?: Record<string, VariantSpec>;
  /** Error names by index. */
  errors?: Record<string, { index: number; docs?: string[] }>;
  storage?: StorageDef[];
  constants?: Record<string, ConstantDef>;
  /** Runs at the start of every block, after System's initialisation (FRAME's `on_initialize`). */
  onInitialize?: (ctx: DispatchContext) => void;
  /** Runtime APIs this pallet serves (metadata V15 `apis`, `state_call` as `Api_method`). */
  apis?: PalletApi[];
  /** Writes the pallet's genesis storage (FRAME's genesis config build). */
  genesis?: (state: Overlay, config: GenesisConfig) => void;
}

/** A runtime API with its implementation: each method gets the SCALE-encoded arguments. */
export interface PalletApi extends ApiDef {
  impl: Record<string, (state: StateView, args: Uint8Array, ctx: BlockContext) => Uint8Array>;
}

/** `DispatchError::Module` for `pallet`'s error `name`. */
export function moduleError(
  pallet: Pick<PalletDef, 'name' | 'index' | 'errors'>,
  name: string,
): DispatchFailure {
  const err = pallet.errors?.[name];
  if (!err) throw new Error(`${pallet.name} has no error ${name}`);
  return new DispatchFailure({
    tag: 'Module',
    value: { index: pallet.index, error: new Uint8Array([err.index, 0, 0, 0]) },
  });
}

/** `sp_runtime::TokenError` variants (DispatchError::Token), as current fungible-based pallets report them. */
export type TokenErrorName =
  | 'FundsUnavailable'
  | 'OnlyProvider'
  | 'BelowMinimum'
  | 'CannotCreate'
  | 'UnknownAsset'
  | 'Frozen'
  | 'Unsupported'
  | 'CannotCreateHold'
  | 'NotExpendable'
  | 'Blocked';

/** `DispatchError::Token(name)`. */
export function tokenError(name: TokenErrorName): DispatchFailure {
  return new DispatchFailure({ tag: 'Token', value: { tag: name, value: undefined } });
}

export function ensureSigned(origin: Origin): Uint8Array {
  if (origin.kind !== 'signed') throw badOrigin();
  return origin.who;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw badOrigin();
}

export function ensureNone(origin: Origin): void {
  if (origin.kind !== 'none') throw badOrigin();
}

/** Helper for a pallet's event: `event(pallet, 'Transfer', { from, to, amount })`. */
export function palletEvent(pallet: PalletDef, name: string, value?: unknown): EnumValue {
  return { tag: pallet.name, value: { tag: name, value } };
}
