/**
 * Types of the runtime APIs (`state_call`): transaction validity, opaque metadata, and the API/method
 * list that goes into metadata V15 `apis` and the runtime version's `apis` (blake2_64(name), version).
 */
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import type { Hex } from './interface.js';
import { AccountId32, DispatchClass, H256, RuntimeVersionTy, Weight } from './scale/substrate.js';
import {
  bool,
  bytes,
  enumOf,
  newtype,
  option,
  result,
  struct,
  type Ty,
  u8,
  u32,
  u64,
  vec,
} from './scale/ty.js';

/** pallet_transaction_payment's runtime API types (`TransactionPaymentApi_*`). */
export const RuntimeDispatchInfo = struct('pallet_transaction_payment::types::RuntimeDispatchInfo', {
  weight: { ty: Weight, typeName: 'Weight' },
  class: { ty: DispatchClass, typeName: 'DispatchClass' },
  partial_fee: { ty: u64, typeName: 'Balance' },
});

export const InclusionFee = struct('pallet_transaction_payment::types::InclusionFee', {
  base_fee: { ty: u64, typeName: 'Balance' },
  len_fee: { ty: u64, typeName: 'Balance' },
  adjusted_weight_fee: { ty: u64, typeName: 'Balance' },
});

export const FeeDetails = struct('pallet_transaction_payment::types::FeeDetails', {
  inclusion_fee: { ty: option(InclusionFee), typeName: 'Option<InclusionFee<Balance>>' },
  tip: { ty: u64, typeName: 'Balance' },
});

export const TransactionSource = enumOf('sp_runtime::transaction_validity::TransactionSource', {
  InBlock: { index: 0 },
  Local: { index: 1 },
  External: { index: 2 },
});

export const ValidTransaction = struct('sp_runtime::transaction_validity::ValidTransaction', {
  priority: { ty: u64, typeName: 'TransactionPriority' },
  requires: { ty: vec(bytes), typeName: 'Vec<TransactionTag>' },
  provides: { ty: vec(bytes), typeName: 'Vec<TransactionTag>' },
  longevity: { ty: u64, typeName: 'TransactionLongevity' },
  propagate: { ty: bool, typeName: 'bool' },
});

export const InvalidTransaction = enumOf('sp_runtime::transaction_validity::InvalidTransaction', {
  Call: { index: 0 },
  Payment: { index: 1 },
  Future: { index: 2 },
  Stale: { index: 3 },
  BadProof: { index: 4 },
  AncientBirthBlock: { index: 5 },
  ExhaustsResources: { index: 6 },
  Custom: { index: 7, fields: { ty: u8, typeName: 'u8' } },
  BadMandatory: { index: 8 },
  MandatoryValidation: { index: 9 },
  BadSigner: { index: 10 },
  IndeterminateImplicit: { index: 11 },
  UnknownOrigin: { index: 12 },
});

export const UnknownTransaction = enumOf('sp_runtime::transaction_validity::UnknownTransaction', {
  CannotLookup: { index: 0 },
  NoUnsignedValidator: { index: 1 },
  Custom: { index: 2, fields: { ty: u8, typeName: 'u8' } },
});

export const TransactionValidityError = enumOf('sp_runtime::transaction_validity::TransactionValidityError', {
  Invalid: { index: 0, fields: { ty: InvalidTransaction, typeName: 'InvalidTransaction' } },
  Unknown: { index: 1, fields: { ty: UnknownTransaction, typeName: 'UnknownTransaction' } },
});

export const TransactionValidityTy = result(ValidTransaction, TransactionValidityError);

export const OpaqueMetadata = newtype('sp_core::OpaqueMetadata', bytes, 'Vec<u8>');

export interface ApiMethod {
  name: string;
  inputs: Array<{ name: string; ty: Ty<any> }>;
  output: Ty<any>;
  docs?: string[];
  /** Metadata V16 deprecation info (subtensor deprecates methods it keeps for old clients). */
  deprecated?: { note: string; since?: string };
}

export interface ApiDef {
  name: string;
  version: number;
  methods: ApiMethod[];
  docs?: string[];
}

/** The runtime APIs this runtime serves; `extrinsic` is the UncheckedExtrinsic type. */
export function runtimeApis(extrinsic: Ty<any>): ApiDef[] {
  return [
    {
      name: 'Core',
      version: 5,
      methods: [
        {
          name: 'version',
          inputs: [],
          output: RuntimeVersionTy,
          docs: [' Returns the version of the runtime.'],
        },
      ],
      docs: [' The `Core` runtime api that every Substrate runtime needs to implement.'],
    },
    {
      name: 'Metadata',
      version: 2,
      methods: [
        {
          name: 'metadata',
          inputs: [],
          output: OpaqueMetadata,
          docs: [' Returns the metadata of a runtime.'],
        },
        {
          name: 'metadata_at_version',
          inputs: [{ name: 'version', ty: u32 }],
          output: option(OpaqueMetadata),
          docs: [' Returns the metadata at a given version.'],
        },
        {
          name: 'metadata_versions',
          inputs: [],
          output: vec(u32),
          docs: [' Returns the supported metadata versions.'],
        },
      ],
      docs: [' The `Metadata` api trait that returns metadata for the runtime.'],
    },
    {
      name: 'TaggedTransactionQueue',
      version: 3,
      methods: [
        {
          name: 'validate_transaction',
          inputs: [
            { name: 'source', ty: TransactionSource },
            { name: 'tx', ty: extrinsic },
            { name: 'block_hash', ty: H256 },
          ],
          output: TransactionValidityTy,
          docs: [' Validate the transaction.'],
        },
      ],
      docs: [' The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
    },
    {
      name: 'AccountNonceApi',
      version: 1,
      methods: [
        {
          name: 'account_nonce',
          inputs: [{ name: 'account', ty: AccountId32 }],
          output: u32,
          docs: [' Get current account nonce of given `AccountId`.'],
        },
      ],
      docs: [' The API to query account nonce.'],
    },
    {
      name: 'TransactionPaymentApi',
      version: 4,
      methods: [
        {
          name: 'query_info',
          inputs: [
            { name: 'uxt', ty: extrinsic },
            { name: 'len', ty: u32 },
          ],
          output: RuntimeDispatchInfo,
        },
        {
          name: 'query_fee_details',
          inputs: [
            { name: 'uxt', ty: extrinsic },
            { name: 'len', ty: u32 },
          ],
          output: FeeDetails,
        },
        { name: 'query_weight_to_fee', inputs: [{ name: 'weight', ty: Weight }], output: u64 },
        { name: 'query_length_to_fee', inputs: [{ name: 'length', ty: u32 }], output: u64 },
      ],
    },
  ];
}

/** `blake2_64(name)`, the id of a runtime API in `RuntimeVersion.apis`. */
export function apiId(name: string): Hex {
  return u8aToHex(blake2AsU8a(name, 64)) as Hex;
}
