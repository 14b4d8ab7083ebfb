/**
 * What metadata V16 adds over V15, as Substrate (frame-metadata 23) encodes it: per-pallet associated
 * types, (empty) view functions, deprecation info on every item, runtime API versions, and the extrinsic's
 * supported versions with its transaction extensions by extension version.
 *
 * Associated types are listed where this runtime has the type subtensor's pallet declares (same names and
 * docs as finney's metadata); the ones it has no such type for (RuntimeHoldReason, PalletsOrigin,
 * AuthorityId ...) are left out rather than invented.
 */
import { AccountData } from './pallets/system-storage.js';
import { AccountId32, H256 } from './scale/substrate.js';
import {
  bytes,
  compactU32,
  emptyStruct,
  enumOf,
  fixedBytes,
  struct,
  type Ty,
  u32,
  u64,
  vec,
} from './scale/ty.js';

/** Nothing in this runtime is deprecated. */
export const NOT_DEPRECATED = { NotDeprecated: null } as const;

const BlakeTwo256 = emptyStruct('sp_runtime::traits::BlakeTwo256');

const engineId = { ty: fixedBytes(4), typeName: 'ConsensusEngineId' };
const payload = { ty: bytes, typeName: 'Vec<u8>' };
const DigestItem = enumOf('sp_runtime::generic::digest::DigestItem', {
  PreRuntime: { index: 6, fields: [engineId, payload] },
  Consensus: { index: 4, fields: [engineId, payload] },
  Seal: { index: 5, fields: [engineId, payload] },
  Other: { index: 0, fields: payload },
  RuntimeEnvironmentUpdated: { index: 8 },
});
const Digest = struct('sp_runtime::generic::digest::Digest', {
  logs: { ty: vec(DigestItem), typeName: 'Vec<DigestItem>' },
});

/** The block header as the node builds it (`sp_runtime::generic::Header<u32, BlakeTwo256>`). */
const Header = struct(
  'sp_runtime::generic::header::Header',
  {
    parent_hash: { ty: H256, typeName: 'Hash::Output' },
    number: { ty: compactU32, typeName: 'Number' },
    state_root: { ty: H256, typeName: 'Hash::Output' },
    extrinsics_root: { ty: H256, typeName: 'Hash::Output' },
    digest: { ty: Digest, typeName: 'Digest' },
  },
  { params: [{ name: 'Number', ty: u32 }, { name: 'Hash' }] },
);

export interface AssociatedType {
  name: string;
  ty: Ty<any>;
  docs: string[];
}

const doc = (...lines: string[]) => lines.map((l) => (l === '' ? '' : ` ${l}`));

/**
 * The associated types of each pallet, by pallet name. `call` is the outer RuntimeCall, `extrinsic` the
 * runtime's extrinsic type (the self-contained one, as in subtensor's `Block`).
 */
export function associatedTypes(call: Ty<any>, extrinsic: Ty<any>): Record<string, AssociatedType[]> {
  const Block = struct(
    'sp_runtime::generic::block::Block',
    {
      header: { ty: Header, typeName: 'Header' },
      extrinsics: { ty: vec(extrinsic), typeName: 'Vec<Extrinsic>' },
    },
    {
      params: [
        { name: 'Header', ty: Header },
        { name: 'Extrinsic', ty: extrinsic },
      ],
    },
  );
  const runtimeCall = (docs: string[]) => ({ name: 'RuntimeCall', ty: call, docs });
  return {
    System: [
      runtimeCall(doc('The aggregated `RuntimeCall` type.')),
      {
        name: 'Nonce',
        ty: u32,
        docs: doc('This stores the number of previous transactions associated with a sender account.'),
      },
      { name: 'Hash', ty: H256, docs: doc('The output of the `Hashing` function.') },
      {
        name: 'Hashing',
        ty: BlakeTwo256,
        docs: doc('The hashing system (algorithm) being used in the runtime (e.g. Blake2).'),
      },
      { name: 'AccountId', ty: AccountId32, docs: doc('The user account identifier type for the runtime.') },
      {
        name: 'Block',
        ty: Block,
        docs: doc(
          'The Block type used by the runtime. This is used by `construct_runtime` to retrieve the',
          'extrinsics or other block specific data as needed.',
        ),
      },
      {
        name: 'AccountData',
        ty: AccountData,
        docs: doc(
          'Data to be associated with an account (other than nonce/transaction counter, which this',
          'pallet does regardless).',
        ),
      },
    ],
    Timestamp: [{ name: 'Moment', ty: u64, docs: doc('Type used for expressing a timestamp.') }],
    Balances: [
      { name: 'Balance', ty: u64, docs: doc('The balance of an account.') },
      {
        name: 'ReserveIdentifier',
        ty: fixedBytes(8),
        docs: doc(
          'The ID type for reserves.',
          '',
          'Use of reserves is deprecated in favour of holds. See `https://github.com/paritytech/substrate/pull/12951/`',
        ),
      },
    ],
    SubtensorModule: [
      runtimeCall(doc('call type')),
      { name: 'SudoRuntimeCall', ty: call, docs: doc('A sudo-able call.') },
    ],
    Utility: [runtimeCall(doc('The overarching call type.'))],
    Sudo: [runtimeCall(doc('A sudo-able call.'))],
  };
}

/**
 * `ExtrinsicMetadataV16`: extrinsic format 4 only (this runtime decodes no v5 general transactions), and
 * every transaction extension under extension version 0, as Substrate lists them.
 */
export function extrinsicV16(
  types: { addressType: number; callType: number; signatureType: number },
  extensions: Array<{ identifier: string; type: number; additionalSigned: number }>,
) {
  return {
    versions: [4],
    ...types,
    transactionExtensionsByVersion: new Map([[0, extensions.map((_, i) => i)]]),
    transactionExtensions: extensions.map((e) => ({
      identifier: e.identifier,
      type: e.type,
      implicit: e.additionalSigned,
    })),
  };
}
