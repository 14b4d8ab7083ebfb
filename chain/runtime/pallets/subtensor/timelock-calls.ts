/**
 * SubtensorModule: timelocked weight commits (drand commit-reveal). Indices, arguments and the legacy
 * `commit_crv3_mechanism_weights` (version fixed at 4) as in subtensor.
 */
import { dbWeight } from '../../config.js';
import { type CallDef, ensureSigned } from '../../pallet.js';
import { u8, u16, u64 } from '../../scale/ty.js';
import { f, netuid } from './call-args.js';
import { CommitBytes } from './storage-weights.js';
import { commitTimelockedWeights } from './timelock-commits.js';
import { subtensorCallValidators as validators } from './validation.js';

const commit = f(CommitBytes, 'BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>');
const reveal_round = f(u64, 'u64');
const commit_reveal_version = f(u16, 'u16');
const mecid = f(u8, 'MechId');

/** The client version `commit_crv3_mechanism_weights` commits with. */
const CRV3_VERSION = 4;

type Args = {
  netuid: number;
  mecid?: number;
  commit: Uint8Array;
  reveal_round: bigint;
  commit_reveal_version?: number;
};

const timelockedCall = (index: number, args: CallDef['args'], doc: string): CallDef => ({
  index,
  args,
  docs: [doc],
  weight: () => 84_020_000n + dbWeight(9, 2),
  paysFee: false,
  dispatch: (ctx, origin, a: Args) => {
    commitTimelockedWeights(ctx, ensureSigned(origin), {
      netuid: a.netuid,
      mecid: a.mecid ?? 0,
      commit: a.commit,
      revealRound: a.reveal_round,
      version: a.commit_reveal_version ?? CRV3_VERSION,
    });
    return undefined;
  },
  validate: (view, origin, a: Args) =>
    validators.commit_timelocked(view, origin, {
      netuid: a.netuid,
      mecid: a.mecid ?? 0,
      commit: a.commit,
      revealRound: a.reveal_round,
      version: a.commit_reveal_version ?? CRV3_VERSION,
    }),
});

export const subtensorTimelockCalls: Record<string, CallDef> = {
  commit_timelocked_weights: timelockedCall(
    113,
    { netuid, commit, reveal_round, commit_reveal_version },
    ' Commits weights encrypted to a drand round; the chain decrypts and applies them when it arrives.',
  ),
  commit_crv3_mechanism_weights: timelockedCall(
    117,
    { netuid, mecid, commit, reveal_round },
    ' Legacy timelocked commit for a mechanism (client version 4).',
  ),
  commit_timelocked_mechanism_weights: timelockedCall(
    118,
    { netuid, mecid, commit, reveal_round, commit_reveal_version },
    ' Commits weights for one mechanism encrypted to a drand round, applied when the round arrives.',
  ),
};
