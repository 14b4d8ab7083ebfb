/**
 * SubtensorModule storage for timelocked commit-reveal and mechanisms (names, hashers, types and
 * defaults as finney spec 424). Keys named "netuid index" are `NetUidStorageIndex = mecid·4096 + netuid`.
 */
import * as $ from 'scale-ts';
import { AccountId32 } from '../../scale/substrate.js';
import { bytes, newtype, type Ty, tuple, u8, u16, u64, vec } from '../../scale/ty.js';
import { StorageMap, StorageValue } from '../../storage.js';
import { PALLET as P } from './types.js';

/** `MAX_CRV3_COMMIT_SIZE_BYTES`: the bound of a timelocked commit's ciphertext. */
export const MAX_CRV3_COMMIT_SIZE_BYTES = 5000;

/** `BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>`: `Vec<u8>` whose decoding refuses a longer one. */
export const CommitBytes: Ty<Uint8Array> = newtype(
  'bounded_collections::bounded_vec::BoundedVec',
  {
    ...bytes,
    codec: $.enhanceCodec(
      $.Bytes(),
      (v: Uint8Array) => v,
      (v: Uint8Array) => {
        if (v.length > MAX_CRV3_COMMIT_SIZE_BYTES) throw new RangeError('commit longer than its bound');
        return v;
      },
    ),
  },
  'Vec<T>',
  { params: [{ name: 'T', ty: u8 }, { name: 'S' }] },
);

/** One timelocked commit: `(who, commit_block, ciphertext, reveal_round)`. */
export type TimelockedCommit = [Uint8Array, bigint, Uint8Array, bigint];
const TimelockedCommitTy = tuple(AccountId32, u64, CommitBytes, u64) as unknown as Ty<TimelockedCommit>;

/** `(netuid index, commit epoch) → VecDeque<(who, commit_block, ciphertext, reveal_round)>`. */
export const TimelockedWeightCommits = new StorageMap<[number, bigint], TimelockedCommit[]>(
  P,
  'TimelockedWeightCommits',
  [
    { ty: u16, hasher: 'Twox64Concat' },
    { ty: u64, hasher: 'Twox64Concat' },
  ],
  vec(TimelockedCommitTy),
  {
    default: [],
    docs: [
      ' MAP (netuid, epoch) → VecDeque<(who, commit_block, ciphertext, reveal_round)>',
      ' Stores a queue of weight commits for an account on a given subnet.',
    ],
  },
);

/** The client version a timelocked commit must name (bittensor-drand's; finney: 4). */
export const CommitRevealWeightsVersion = new StorageValue(P, 'CommitRevealWeightsVersion', u16, {
  default: 4,
  docs: [' --- ITEM ( CommitRevealWeightsVersion )'],
});

export const MaxMechanismCount = new StorageValue(P, 'MaxMechanismCount', u8, {
  default: 2,
  docs: [' ITEM( max_mechanism_count )'],
});

export const MechanismEmissionSplit = new StorageMap<[number], number[]>(
  P,
  'MechanismEmissionSplit',
  [{ ty: u16, hasher: 'Twox64Concat' }],
  vec(u16),
  {
    docs: [
      ' --- MAP ( netuid ) --> Normalized vector of emission split proportion between subnet mechanisms',
    ],
  },
);

export const weightsStorage = [
  TimelockedWeightCommits,
  CommitRevealWeightsVersion,
  MaxMechanismCount,
  MechanismEmissionSplit,
];
