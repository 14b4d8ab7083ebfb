import { u8aToHex } from '@polkadot/util';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { CommitTimelockedWeightsParams, TxOptions, TxResult, TxSigner } from '../types.js';
import { checkNetuid } from './decode.js';
import { submitExtrinsic } from './submit-extrinsic.js';
import { callOf } from './untyped.js';

/** subtensor's `MAX_CRV3_COMMIT_SIZE_BYTES`: the `commit` argument's bound. */
export const MAX_TIMELOCKED_COMMIT_BYTES = 5000;

export interface CommitTimelockedWeightsParameters extends CommitTimelockedWeightsParams, TxOptions {
  /** The validator's hotkey (the payload inside `commit` must name it too). */
  hotkey: TxSigner;
}

/**
 * `SubtensorModule.commit_timelocked_weights` [113]: weights encrypted to drand round `revealRound`; the
 * chain decrypts and applies them in the reveal epoch once that round's pulse is on chain. No reveal.
 * `UNSUPPORTED` on a chain without the call.
 * @example await commitTimelockedWeights(connection, { hotkey, netuid: 1, commit, revealRound, commitRevealVersion: 4 });
 */
export async function commitTimelockedWeights(
  connection: ChainConnection,
  { hotkey, netuid, commit, revealRound, commitRevealVersion, ...options }: CommitTimelockedWeightsParameters,
): Promise<TxResult> {
  checkNetuid(netuid);
  const bad = (field: string, value: string, why: string) =>
    new ChainClientError({ code: 'BAD_INPUT', field, value }, why);
  if (commit.length === 0 || commit.length > MAX_TIMELOCKED_COMMIT_BYTES) {
    throw bad('commit', `${commit.length} bytes`, `commit must be 1..${MAX_TIMELOCKED_COMMIT_BYTES} bytes`);
  }
  if (revealRound < 1n || revealRound > 0xffff_ffff_ffff_ffffn) {
    throw bad('revealRound', String(revealRound), 'reveal round must be a u64 ≥ 1');
  }
  if (!Number.isInteger(commitRevealVersion) || commitRevealVersion < 0 || commitRevealVersion > 0xffff) {
    throw bad('commitRevealVersion', String(commitRevealVersion), 'commit-reveal version must be a u16');
  }
  const build = callOf(connection.live(), 'subtensorModule', 'commitTimelockedWeights');
  if (!build) {
    throw new ChainClientError(
      { code: 'UNSUPPORTED', feature: 'subtensorModule.commitTimelockedWeights' },
      'the chain has no SubtensorModule.commit_timelocked_weights call',
    );
  }
  const tx = build(netuid, u8aToHex(commit), revealRound, commitRevealVersion);
  return submitExtrinsic(connection, {
    call: 'SubtensorModule.commit_timelocked_weights',
    tx,
    signer: hotkey,
    ...options,
  });
}
