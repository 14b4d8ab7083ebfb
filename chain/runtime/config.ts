/**
 * Runtime parameters: identity, block limits, fees. Values follow subtensor where it has them
 * (existential deposit, decimals, SS58, base weights, DbWeight, block length) and the dev chain's brief
 * otherwise (a 2 s ref-time block budget with 75% for normal transactions).
 */
export const SPEC_NAME = 'expertnet';
export const IMPL_NAME = 'expertnet-node';
export const SPEC_VERSION = 1;
export const IMPL_VERSION = 1;
export const TRANSACTION_VERSION = 1;
export const STATE_VERSION = 1;
export const CHAIN_NAME = 'Expertnet Development';

export const SS58_PREFIX = 42;
export const TOKEN_DECIMALS = 9;
export const TOKEN_SYMBOL = 'TAO';
/** rao (1 TAO = 1e9 rao). */
export const EXISTENTIAL_DEPOSIT = 500n;

/** One second of ref time (`WEIGHT_REF_TIME_PER_SECOND`). */
export const WEIGHT_PER_SECOND = 1_000_000_000_000n;
export const MAX_BLOCK_REF_TIME = 2n * WEIGHT_PER_SECOND;
/** Share of the block for `Normal` dispatches (Substrate's `NORMAL_DISPATCH_RATIO`). */
export const NORMAL_MAX_TOTAL = (MAX_BLOCK_REF_TIME * 75n) / 100n;
export const BASE_BLOCK_WEIGHT = 431_614_000n;
export const BASE_EXTRINSIC_WEIGHT = 108_157_000n;
export const NORMAL_MAX_EXTRINSIC = NORMAL_MAX_TOTAL - BASE_EXTRINSIC_WEIGHT;
export const OPERATIONAL_MAX_EXTRINSIC = MAX_BLOCK_REF_TIME - BASE_EXTRINSIC_WEIGHT;
/** proof_size budget (not modelled; advertised as in subtensor). */
export const MAX_PROOF_SIZE = 0xffff_ffff_ffff_ffffn;

export const DB_READ_WEIGHT = 25_000_000n;
export const DB_WRITE_WEIGHT = 100_000_000n;
export const dbWeight = (reads: number, writes: number): bigint =>
  DB_READ_WEIGHT * BigInt(reads) + DB_WRITE_WEIGHT * BigInt(writes);

export const MAX_NORMAL_BLOCK_LENGTH = 7_864_320;
export const MAX_BLOCK_LENGTH = 10_485_760;
export const BLOCK_HASH_COUNT = 2_400;

/** Fee per byte of the encoded extrinsic (rao). */
export const LENGTH_FEE_PER_BYTE = 1n;
/** Weight to fee: `fee = ref_time * WEIGHT_FEE_NUMERATOR / 1e9` (subtensor's linear Perbill(50_000)). */
export const WEIGHT_FEE_NUMERATOR = 50_000n;
export const WEIGHT_FEE_DENOMINATOR = 1_000_000_000n;
export const OPERATIONAL_FEE_MULTIPLIER = 5;

export const BATCHED_CALLS_LIMIT = 10_922;
