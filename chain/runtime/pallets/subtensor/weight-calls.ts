/** SubtensorModule: Weight-setting calls: direct weights and hash commit-reveal. Indices and arguments as in subtensor. */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { H256 } from '../../scale/substrate.js';
import { u64 } from '../../scale/ty.js';
import { f, netuid, u16s } from './call-args.js';
import { subtensorCallValidators as validators } from './validation.js';
import { commitWeights, revealWeights, setWeights } from './weights.js';

const SET_WEIGHTS_BASE = 20_000_000n;
const PER_WEIGHT = 300_000n;

export const subtensorWeightCalls: Record<string, CallDef> = {
  set_weights: {
    index: 0,
    args: { netuid, dests: u16s, weights: u16s, version_key: f(u64, 'u64') },
    docs: [" Sets the caller's weights on a subnet (refused while commit-reveal is enabled)."],
    weight: (a: { dests: number[] }) =>
      SET_WEIGHTS_BASE + PER_WEIGHT * BigInt(a.dests.length) + dbWeight(10, 2),
    paysFee: false,
    dispatch: (
      ctx,
      origin,
      a: { netuid: number; dests: number[]; weights: number[]; version_key: bigint },
    ) => {
      setWeights(ctx, ensureSigned(origin), a.netuid, a.dests, a.weights, a.version_key);
      return undefined;
    },
    validate: validators.set_weights,
  },
  commit_weights: {
    index: 96,
    args: { netuid, commit_hash: f(H256, 'H256') },
    docs: [' Commits a hash of weights to reveal in a later epoch (commit-reveal).'],
    weight: () => 30_000_000n + dbWeight(7, 2),
    paysFee: false,
    dispatch: (ctx, origin, a: { netuid: number; commit_hash: Uint8Array }) => {
      commitWeights(ctx, ensureSigned(origin), a.netuid, a.commit_hash);
      return undefined;
    },
    validate: validators.commit_weights,
  },
  reveal_weights: {
    index: 97,
    args: { netuid, uids: u16s, values: u16s, salt: u16s, version_key: f(u64, 'u64') },
    docs: [' Reveals committed weights; they are set if the hash matches a commit due this epoch.'],
    weight: (a: { uids: number[] }) =>
      SET_WEIGHTS_BASE * 2n + PER_WEIGHT * BigInt(a.uids.length) + dbWeight(12, 3),
    paysFee: false,
    dispatch: (
      ctx,
      origin,
      a: { netuid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint },
    ) => {
      revealWeights(ctx, ensureSigned(origin), a.netuid, a.uids, a.values, a.salt, a.version_key);
      return undefined;
    },
    validate: validators.reveal_weights,
  },
};
