/**
 * Substrate's shared runtime types (sp_core, sp_runtime, frame_support, frame_system), with the registry
 * paths clients rely on (see CLIENT-EXPECTATIONS.md: AccountId32, H256, MultiAddress, Era map to built-ins).
 */
import * as $ from 'scale-ts';
import {
  bool,
  bytes,
  compactU64,
  enumOf,
  fixedBytes,
  newtype,
  type PortableTypeInfo,
  result,
  str,
  struct,
  type Ty,
  tuple,
  u8,
  u32,
  u64,
  unit,
  vec,
} from './ty.js';

export const bytes32 = fixedBytes(32);
export const AccountId32 = newtype('sp_core::crypto::AccountId32', bytes32, '[u8; 32]');
export const H256 = newtype('primitive_types::H256', bytes32, '[u8; 32]');

/** Balance of this chain: u64 rao, as in subtensor. */
export const Balance = u64;
export const CompactBalance = compactU64;

export const MultiAddress = enumOf(
  'sp_runtime::multiaddress::MultiAddress',
  {
    Id: { index: 0, fields: { ty: AccountId32, typeName: 'AccountId' } },
    Index: { index: 1, fields: { ty: unitCompact(), typeName: 'AccountIndex' } },
    Raw: { index: 2, fields: { ty: bytes, typeName: 'Vec<u8>' } },
    Address32: { index: 3, fields: { ty: bytes32, typeName: '[u8; 32]' } },
    Address20: { index: 4, fields: { ty: fixedBytes(20), typeName: '[u8; 20]' } },
  },
  {
    params: [
      { name: 'AccountId', ty: AccountId32 },
      { name: 'AccountIndex', ty: unit },
    ],
  },
);

/** `Compact<()>`, the account index of a chain without the Indices pallet. */
function unitCompact(): Ty<undefined> {
  return {
    codec: $._void,
    path: [],
    describe: (reg): PortableTypeInfo => ({
      path: [],
      params: [],
      def: { compact: { type: reg.idOf(unit) } },
      docs: [],
    }),
  };
}

export const MultiSignature = enumOf('sp_runtime::MultiSignature', {
  Ed25519: { index: 0, fields: { ty: fixedBytes(64), typeName: 'ed25519::Signature' } },
  Sr25519: { index: 1, fields: { ty: fixedBytes(64), typeName: 'sr25519::Signature' } },
  Ecdsa: { index: 2, fields: { ty: fixedBytes(65), typeName: 'ecdsa::Signature' } },
});

/**
 * `Era` as its two-byte encoding: 0 = immortal, otherwise the u16 `enc` (`period = 2 << (enc % 16)`).
 * Declared with all 256 variants, as Substrate's metadata does (polkadot-api builds its codec from it).
 */
export const Era: Ty<number> = {
  codec: $.createCodec(
    (enc: number) => (enc === 0 ? new Uint8Array([0]) : new Uint8Array([enc & 0xff, enc >> 8])),
    $.createDecoder((b) => {
      const first = $.u8.dec(b);
      return first === 0 ? 0 : first | ($.u8.dec(b) << 8);
    }),
  ),
  path: ['sp_runtime', 'generic', 'era', 'Era'],
  describe: (reg) => {
    const u8Id = reg.idOf(u8);
    const variants = [{ name: 'Immortal', fields: [], index: 0, docs: [] }];
    for (let i = 1; i < 256; i++) {
      variants.push({
        name: `Mortal${i}`,
        fields: [{ name: null, type: u8Id, typeName: null, docs: [] }] as never,
        index: i,
        docs: [],
      });
    }
    return {
      path: ['sp_runtime', 'generic', 'era', 'Era'],
      params: [],
      def: { variant: { variants } },
      docs: [],
    };
  },
};

export const Weight = struct('sp_weights::weight_v2::Weight', {
  ref_time: { ty: compactU64, typeName: 'u64' },
  proof_size: { ty: compactU64, typeName: 'u64' },
});
export type WeightValue = { ref_time: bigint; proof_size: bigint };

export const DispatchClass = enumOf('frame_support::dispatch::DispatchClass', {
  Normal: { index: 0 },
  Operational: { index: 1 },
  Mandatory: { index: 2 },
});
export type DispatchClassName = 'Normal' | 'Operational' | 'Mandatory';

export const Pays = enumOf('frame_support::dispatch::Pays', { Yes: { index: 0 }, No: { index: 1 } });

export const DispatchEventInfo = struct('frame_system::DispatchEventInfo', {
  weight: { ty: Weight, typeName: 'Weight' },
  class: { ty: DispatchClass, typeName: 'DispatchClass' },
  pays_fee: { ty: Pays, typeName: 'Pays' },
});

export const ModuleError = struct('sp_runtime::ModuleError', {
  index: { ty: u8, typeName: 'u8' },
  error: { ty: fixedBytes(4), typeName: '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]' },
});

export const TokenError = enumOf('sp_runtime::TokenError', {
  FundsUnavailable: { index: 0 },
  OnlyProvider: { index: 1 },
  BelowMinimum: { index: 2 },
  CannotCreate: { index: 3 },
  UnknownAsset: { index: 4 },
  Frozen: { index: 5 },
  Unsupported: { index: 6 },
  CannotCreateHold: { index: 7 },
  NotExpendable: { index: 8 },
  Blocked: { index: 9 },
});

export const ArithmeticError = enumOf('sp_arithmetic::ArithmeticError', {
  Underflow: { index: 0 },
  Overflow: { index: 1 },
  DivisionByZero: { index: 2 },
});

export const TransactionalError = enumOf('sp_runtime::TransactionalError', {
  LimitReached: { index: 0 },
  NoLayer: { index: 1 },
});

/** `sp_runtime::proving_trie::TrieError` (only for `DispatchError::Trie`; never raised here). */
export const TrieError = enumOf(
  'sp_runtime::proving_trie::TrieError',
  Object.fromEntries(
    [
      'InvalidStateRoot',
      'IncompleteDatabase',
      'ValueAtIncompleteKey',
      'DecoderError',
      'InvalidHash',
      'DuplicateKey',
      'ExtraneousNode',
      'ExtraneousValue',
      'ExtraneousHashReference',
      'InvalidChildReference',
      'ValueMismatch',
      'IncompleteProof',
      'RootMismatch',
      'DecodeError',
    ].map((name, index) => [name, { index }]),
  ),
);

export const DispatchError = enumOf('sp_runtime::DispatchError', {
  Other: { index: 0 },
  CannotLookup: { index: 1 },
  BadOrigin: { index: 2 },
  Module: { index: 3, fields: { ty: ModuleError, typeName: 'ModuleError' } },
  ConsumerRemaining: { index: 4 },
  NoProviders: { index: 5 },
  TooManyConsumers: { index: 6 },
  Token: { index: 7, fields: { ty: TokenError, typeName: 'TokenError' } },
  Arithmetic: { index: 8, fields: { ty: ArithmeticError, typeName: 'ArithmeticError' } },
  Transactional: { index: 9, fields: { ty: TransactionalError, typeName: 'TransactionalError' } },
  Exhausted: { index: 10 },
  Corruption: { index: 11 },
  Unavailable: { index: 12 },
  RootNotAllowed: { index: 13 },
  Trie: { index: 14, fields: { ty: TrieError, typeName: 'TrieError' } },
});

export const DispatchResult = result(unit, DispatchError);

export const Phase = enumOf('frame_system::Phase', {
  ApplyExtrinsic: { index: 0, fields: { ty: u32, typeName: 'u32' } },
  Finalization: { index: 1 },
  Initialization: { index: 2 },
});

/** `Cow<'static, T>` as scale-info describes it: a newtype with path `Cow`. */
export const CowStr = newtype('Cow', str, undefined, { params: [{ name: 'T', ty: str }] });
const apisVec = vec(tuple(fixedBytes(8), u32));
const CowApis = newtype('Cow', apisVec, undefined, { params: [{ name: 'T', ty: apisVec }] });

export const RuntimeVersionTy = struct('sp_version::RuntimeVersion', {
  spec_name: { ty: CowStr, typeName: "Cow<'static, str>" },
  impl_name: { ty: CowStr, typeName: "Cow<'static, str>" },
  authoring_version: { ty: u32, typeName: 'u32' },
  spec_version: { ty: u32, typeName: 'u32' },
  impl_version: { ty: u32, typeName: 'u32' },
  apis: { ty: CowApis, typeName: 'ApisVec' },
  transaction_version: { ty: u32, typeName: 'u32' },
  system_version: { ty: u8, typeName: 'u8' },
});

export const KeyValue = tuple(bytes, bytes);
export { bool };

/** `BoundedVec<T, S>`: encoded as `Vec<T>`, described as the newtype scale-info emits. */
export function boundedVec<T>(inner: Ty<T>, weak = false): Ty<T[]> {
  const path = weak
    ? 'bounded_collections::weak_bounded_vec::WeakBoundedVec'
    : 'bounded_collections::bounded_vec::BoundedVec';
  return newtype(path, vec(inner), 'Vec<T>', { params: [{ name: 'T', ty: inner }, { name: 'S' }] });
}
