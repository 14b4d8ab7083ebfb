/**
 * SubtensorModule: Weight-setting calls: direct weights and hash commit-reveal, each also per mechanism
 * (`*_mechanism_weights`; the plain calls are mechanism 0). Indices and arguments as in subtensor.
 */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { H256 } from '../../scale/substrate.js';
import { u8, u64 } from '../../scale/ty.js';
import { f, netuid, u16s } from './call-args.js';
import { subtensorCallValidators as validators } from './validation.js';
import { commitWeights, revealWeights, setWeights } from './weights.js';

const SET_WEIGHTS_BASE = 20_000_000n;
const PER_WEIGHT = 300_000n;
const mecid = f(u8, 'MechId');

type SetArgs = { netuid: number; mecid?: number; dests: number[]; weights: number[]; version_key: bigint };
type CommitArgs = { netuid: number; mecid?: number; commit_hash: Uint8Array };
type RevealArgs = {
  netuid: number;
  mecid?: number;
  uids: number[];
  values: number[];
  salt: number[];
  version_key: bigint;
};

const setWeightsCall = (index: number, withMecid: boolean, doc: string): CallDef => ({
  index,
  args: withMecid
    ? { netuid, mecid, dests: u16s, weights: u16s, version_key: f(u64, 'u64') }
    : { netuid, dests: u16s, weights: u16s, version_key: f(u64, 'u64') },
  docs: [doc],
  weight: (a: { dests: number[] }) =>
    SET_WEIGHTS_BASE + PER_WEIGHT * BigInt(a.dests.length) + dbWeight(10, 2),
  paysFee: false,
  dispatch: (ctx, origin, a: SetArgs) => {
    setWeights(ctx, ensureSigned(origin), a.netuid, a.mecid ?? 0, a.dests, a.weights, a.version_key);
    return undefined;
  },
  validate: withMecid ? validators.set_mechanism_weights : validators.set_weights,
});

const commitWeightsCall = (index: number, withMecid: boolean, doc: string): CallDef => ({
  index,
  args: withMecid
    ? { netuid, mecid, commit_hash: f(H256, 'H256') }
    : { netuid, commit_hash: f(H256, 'H256') },
  docs: [doc],
  weight: () => 30_000_000n + dbWeight(7, 2),
  paysFee: false,
  dispatch: (ctx, origin, a: CommitArgs) => {
    commitWeights(ctx, ensureSigned(origin), a.netuid, a.mecid ?? 0, a.commit_hash);
    return undefined;
  },
  validate: withMecid ? validators.commit_mechanism_weights : validators.commit_weights,
});

const revealWeightsCall = (index: number, withMecid: boolean, doc: string): CallDef => ({
  index,
  args: {
    netuid,
    ...(withMecid ? { mecid } : {}),
    uids: u16s,
    values: u16s,
    salt: u16s,
    version_key: f(u64, 'u64'),
  },
  docs: [doc],
  weight: (a: { uids: number[] }) =>
    SET_WEIGHTS_BASE * 2n + PER_WEIGHT * BigInt(a.uids.length) + dbWeight(12, 3),
  paysFee: false,
  dispatch: (ctx, origin, a: RevealArgs) => {
    const who = ensureSigned(origin);
    revealWeights(ctx, who, a.netuid, a.mecid ?? 0, a.uids, a.values, a.salt, a.version_key);
    return undefined;
  },
  validate: withMecid ? validators.reveal_mechanism_weights : validators.reveal_weights,
});

export const subtensorWeightCalls: Record<string, CallDef> = {
  set_weights: setWeightsCall(
    0,
    false,
    " Sets the caller's weights on a subnet (refused while commit-reveal is enabled).",
  ),
  commit_weights: commitWeightsCall(
    96,
    false,
    ' Commits a hash of weights to reveal in a later epoch (commit-reveal).',
  ),
  reveal_weights: revealWeightsCall(
    97,
    false,
    ' Reveals committed weights; they are set if the hash matches a commit due this epoch.',
  ),
  commit_mechanism_weights: commitWeightsCall(
    115,
    true,
    ' Commits a hash of weights for one mechanism of a subnet (commit-reveal).',
  ),
  reveal_mechanism_weights: revealWeightsCall(
    116,
    true,
    " Reveals a mechanism's committed weights; set if the hash matches a commit due this epoch.",
  ),
  set_mechanism_weights: setWeightsCall(
    119,
    true,
    " Sets the caller's weights on one mechanism of a subnet (refused while commit-reveal is enabled).",
  ),
};
