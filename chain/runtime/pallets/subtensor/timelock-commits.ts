/**
 * Timelocked commit-reveal (subtensor's `internal_commit_timelocked_weights` and
 * `coinbase/reveal_commits.rs`): a hotkey commits weights encrypted to a drand round; at each block the
 * chain decrypts, with that round's pulse, the commits made `RevealPeriodEpochs` epochs ago and applies
 * them through `set_weights`' checks as the committing hotkey. Nobody sends a reveal.
 *
 * A commit whose pulse has not arrived waits (retried every block of its reveal epoch); one that does not
 * decrypt or decode, names another hotkey, or fails a weights check is dropped with a trace log, as in
 * subtensor (no event). Nothing here may throw out of the block step.
 */
import { u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import { createLogger } from '../../../../shared/logger.js';
import {
  decodeWeightsPayload,
  timelockDecrypt,
  type WeightsPayload,
} from '../../../../shared/timelock/index.js';
import type { StateView } from '../../interface.js';
import type { DispatchContext } from '../../pallet.js';
import { lastStoredRound, pulseSignature } from '../drand.js';
import { ensure, fail } from './errors.js';
import { ensureMechanismExists, mechanismIds, storageIndex } from './mechanisms.js';
import { currentEpoch, uidOf } from './neurons.js';
import {
  CommitRevealWeightsEnabled,
  NetworksAdded,
  RevealPeriodEpochs,
  StakeThreshold,
  TotalHotkeyAlpha,
} from './storage.js';
import {
  CommitRevealWeightsVersion,
  type TimelockedCommit,
  TimelockedWeightCommits,
} from './storage-weights.js';
import { MAX_UNREVEALED_COMMITS, subtensorEvent } from './types.js';
import { doSetWeights, passesRateLimit, setLastUpdate, timelockedEpochOfKey } from './weights.js';

const log = createLogger({ name: 'subtensor' });

export interface TimelockedCommitArgs {
  netuid: number;
  mecid: number;
  commit: Uint8Array;
  revealRound: bigint;
  version: number;
}

/**
 * Every check a timelocked commit passes, in subtensor's order: the weights dispatch extension (stake
 * threshold, reveal round not before the last stored pulse), then the call's own. Writes nothing; the
 * pool runs it as the call's validation and the dispatch before writing.
 */
export function checkTimelockedCommit(
  state: StateView,
  block: number,
  hotkey: Uint8Array,
  a: TimelockedCommitArgs,
): { uid: number; index: number; epoch: bigint; queue: TimelockedCommit[] } {
  ensure(
    TotalHotkeyAlpha.get(state, hotkey, a.netuid) >= StakeThreshold.get(state),
    'NotEnoughStakeToSetWeights',
  );
  ensure(a.revealRound >= lastStoredRound(state), 'InvalidRevealRound');
  ensureMechanismExists(state, a.netuid, a.mecid);
  ensure(CommitRevealWeightsEnabled.get(state, a.netuid), 'CommitRevealDisabled');
  ensure(a.version === CommitRevealWeightsVersion.get(state), 'IncorrectCommitRevealVersion');
  const uid = uidOf(state, a.netuid, hotkey);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(passesRateLimit(state, a.netuid, a.mecid, uid, block), 'CommittingWeightsTooFast');
  const index = storageIndex(a.netuid, a.mecid);
  const epoch = currentEpoch(state, a.netuid, block);
  // A copy: `get` hands out the item's shared default for a missing key.
  const queue = [...TimelockedWeightCommits.get(state, index, epoch)];
  const mine = queue.filter(([who]) => u8aEq(who, hotkey)).length;
  ensure(mine < MAX_UNREVEALED_COMMITS, 'TooManyUnrevealedCommits');
  return { uid, index, epoch, queue };
}

/** `commit_timelocked_(mechanism_)weights`: queues the ciphertext under (netuid index, current epoch). */
export function commitTimelockedWeights(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  a: TimelockedCommitArgs,
): void {
  const { uid, index, epoch, queue } = checkTimelockedCommit(ctx.state, ctx.blockNumber, hotkey, a);
  const block = BigInt(ctx.blockNumber);
  queue.push([hotkey, block, a.commit, a.revealRound]);
  TimelockedWeightCommits.put(ctx.state, queue, index, epoch);
  ctx.deposit(
    subtensorEvent('TimelockedWeightsCommitted', [hotkey, index, blake2AsU8a(a.commit, 256), a.revealRound]),
  );
  setLastUpdate(ctx.state, a.netuid, a.mecid, uid, ctx.blockNumber);
}

/**
 * The weights in a decrypted payload, or why it is dropped: the payload layouts are decoded as subtensor
 * does (shared/timelock); one naming another hotkey than the committer is refused.
 */
export function payloadWeights(plain: Uint8Array, who: Uint8Array): WeightsPayload | string {
  let payload: ReturnType<typeof decodeWeightsPayload>;
  try {
    payload = decodeWeightsPayload(plain);
  } catch (err) {
    return `payload does not decode: ${(err as Error).message}`;
  }
  if (!payload.legacy && !u8aEq(payload.hotkey, who)) return 'hotkey mismatch in payload';
  return payload;
}

/** Decrypts and applies one commit; returns why it was dropped, or undefined when applied. */
function revealOne(
  ctx: DispatchContext,
  netuid: number,
  mecid: number,
  commit: TimelockedCommit,
  signature: Uint8Array,
): string | undefined {
  const [who, , ciphertext] = commit;
  let plain: Uint8Array;
  try {
    plain = timelockDecrypt(ciphertext, signature);
  } catch (err) {
    return `does not decrypt: ${(err as Error).message}`;
  }
  const weights = payloadWeights(plain, who);
  if (typeof weights === 'string') return weights;
  const s = ctx.state;
  s.begin();
  try {
    doSetWeights(ctx, who, netuid, mecid, weights.uids, weights.values, weights.versionKey);
    s.commit();
  } catch (err) {
    s.rollback();
    return `set weights failed: ${(err as Error).message}`;
  }
  return undefined;
}

/** `reveal_crv3_commits_for_subnet`: one subnet, every mechanism, at the current block. */
export function revealTimelockedCommitsForSubnet(ctx: DispatchContext, netuid: number): void {
  const s = ctx.state;
  const period = RevealPeriodEpochs.get(s, netuid);
  const epoch = currentEpoch(s, netuid, ctx.blockNumber);
  const revealEpoch = epoch > period ? epoch - period : 0n;
  for (const mecid of mechanismIds(s, netuid)) {
    const index = storageIndex(netuid, mecid);
    for (const key of s.keys(TimelockedWeightCommits.prefixOf(index))) {
      const e = timelockedEpochOfKey(key);
      if (e < revealEpoch) TimelockedWeightCommits.remove(s, index, e);
    }
    if (epoch < period) return;
    const entries = TimelockedWeightCommits.get(s, index, revealEpoch);
    if (entries.length === 0) continue;
    TimelockedWeightCommits.remove(s, index, revealEpoch);
    const waiting: TimelockedCommit[] = [];
    for (const commit of entries) {
      const [who, commitBlock, , round] = commit;
      const signature = pulseSignature(s, round);
      if (signature === undefined) {
        waiting.push(commit);
        continue;
      }
      const dropped = revealOne(ctx, netuid, mecid, commit, signature);
      if (dropped === undefined) {
        ctx.deposit(subtensorEvent('TimelockedWeightsRevealed', [index, who]));
      } else {
        log.trace({ netuidIndex: index, commitBlock, round, reason: dropped }, 'timelocked commit dropped');
      }
    }
    if (waiting.length > 0) TimelockedWeightCommits.put(s, waiting, index, revealEpoch);
  }
}

/** `reveal_crv3_commits`: every subnet but root, before the block's epochs run. */
export function revealTimelockedCommits(ctx: DispatchContext): void {
  const prefix = NetworksAdded.prefixOf();
  for (const key of ctx.state.keys(prefix)) {
    const hex = key.slice(prefix.length);
    const netuid = Number.parseInt(hex.slice(0, 2), 16) | (Number.parseInt(hex.slice(2, 4), 16) << 8);
    if (netuid === 0 || !NetworksAdded.get(ctx.state, netuid)) continue;
    try {
      ctx.state.begin();
      revealTimelockedCommitsForSubnet(ctx, netuid);
      ctx.state.commit();
    } catch (err) {
      ctx.state.rollback();
      log.warn({ err, netuid }, 'failed to reveal timelocked commits');
    }
  }
}
