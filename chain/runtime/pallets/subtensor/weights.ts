/**
 * Weights: `set_weights` with subtensor's checks in subtensor's order, and hash commit-reveal
 * (`commit_weights` / `reveal_weights`, "CRv2"). Weights are stored max-upscaled (row max = 65535).
 * Every function takes a mechanism id (0 for the plain calls); weights, LastUpdate and commits live
 * under the mechanism's storage index (`mechanisms.ts`), everything else is the subnet's.
 */
import { u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import * as $ from 'scale-ts';
import { checkVecMaxLimited, vecU16MaxUpscaleToU16 } from '../../../yuma/index.js';
import type { StateView } from '../../interface.js';
import type { DispatchContext, ValidateContext } from '../../pallet.js';
import type { Overlay } from '../../storage.js';
import { ensure, fail } from './errors.js';
import { ensureMechanismExists, storageIndex } from './mechanisms.js';
import { currentEpoch, epochIndex, firstBlockOfEpoch, subnetExists, uidOf } from './neurons.js';
import {
  CommitRevealWeightsEnabled,
  LastUpdate,
  MaxWeightsLimit,
  MinAllowedWeights,
  RevealPeriodEpochs,
  StakeThreshold,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  ValidatorPermit,
  WeightCommits,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
} from './storage.js';
import { TimelockedWeightCommits } from './storage-weights.js';
import { MAX_UNREVEALED_COMMITS, subtensorEvent, type WeightCommitValue } from './types.js';

const event = subtensorEvent;

/**
 * `check_rate_limit`: the first weights are always allowed, then once per `WeightsSetRateLimit` blocks
 * (LastUpdate of the mechanism, limit of the subnet).
 */
export function passesRateLimit(
  state: StateView,
  netuid: number,
  mecid: number,
  uid: number,
  block: number,
): boolean {
  const last = LastUpdate.get(state, storageIndex(netuid, mecid))[uid] ?? 0n;
  if (last === 0n) return true;
  return BigInt(block) - last >= WeightsSetRateLimit.get(state, netuid);
}

export function setLastUpdate(
  state: Overlay,
  netuid: number,
  mecid: number,
  uid: number,
  block: number,
): void {
  const index = storageIndex(netuid, mecid);
  const v = [...LastUpdate.get(state, index)]; // not the shared default of a missing key
  const n = SubnetworkN.get(state, netuid);
  while (v.length < n) v.push(0n);
  v[uid] = BigInt(block);
  LastUpdate.put(state, v, index);
}

const isSelfWeight = (uid: number, uids: readonly number[], values: readonly number[]) =>
  uids.length === 1 && values.length === 1 && uids[0] === uid;

/**
 * `internal_set_weights`: every check subtensor makes, in its order; stores the max-upscaled row under
 * the mechanism's index. LastUpdate moves only without commit-reveal (with it, the commit moved it).
 */
export function doSetWeights(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  netuid: number,
  mecid: number,
  uids: number[],
  values: number[],
  versionKey: bigint,
): void {
  const state = ctx.state;
  ensure(netuid !== 0, 'CanNotSetRootNetworkWeights');
  ensure(uids.length === values.length, 'WeightVecNotEqualSize');
  ensureMechanismExists(state, netuid, mecid);
  const n = SubnetworkN.get(state, netuid);
  ensure(uids.length <= n, 'UidsLengthExceedUidsInSubNet');
  const uid = uidOf(state, netuid, hotkey);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(
    TotalHotkeyAlpha.get(state, hotkey, netuid) >= StakeThreshold.get(state),
    'NotEnoughStakeToSetWeights',
  );
  ensure(versionKey >= WeightsVersionKey.get(state, netuid), 'IncorrectWeightVersionKey');
  // With commit-reveal on, the commit already passed the rate limit (and set LastUpdate).
  const commitReveal = CommitRevealWeightsEnabled.get(state, netuid);
  if (!commitReveal) {
    ensure(passesRateLimit(state, netuid, mecid, uid, ctx.blockNumber), 'SettingWeightsTooFast');
  }
  const self = isSelfWeight(uid, uids, values);
  const isOwner = u8aEq(SubnetOwnerHotkey.get(state, netuid), hotkey);
  ensure(self || isOwner || (ValidatorPermit.get(state, netuid)[uid] ?? false), 'NeuronNoValidatorPermit');
  ensure(new Set(uids).size === uids.length, 'DuplicateUids');
  ensure(
    uids.every((u) => u < n),
    'UidVecContainInvalidOne',
  );
  ensure(self || uids.length >= Math.min(MinAllowedWeights.get(state, netuid), n), 'WeightVecLengthIsLow');
  const maxLimit = MaxWeightsLimit.get(state, netuid);
  ensure(self || maxLimit === 65_535 || checkVecMaxLimited(values, maxLimit), 'MaxWeightExceeded');

  const upscaled = vecU16MaxUpscaleToU16(values);
  const row: Array<[number, number]> = uids.map((u, i) => [u, upscaled[i]!]);
  const index = storageIndex(netuid, mecid);
  Weights.put(state, row, index, uid);
  if (!commitReveal) setLastUpdate(state, netuid, mecid, uid, ctx.blockNumber);
  ctx.deposit(event('WeightsSet', [index, uid]));
}

/** The `set_weights` / `set_mechanism_weights` dispatchable: refuses when the subnet uses commit-reveal. */
export function setWeights(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  netuid: number,
  mecid: number,
  uids: number[],
  values: number[],
  versionKey: bigint,
): void {
  ensure(!CommitRevealWeightsEnabled.get(ctx.state, netuid), 'CommitRevealEnabled');
  doSetWeights(ctx, hotkey, netuid, mecid, uids, values, versionKey);
}

/**
 * The pool's checks for the weights calls (run by `validation.ts` before a fee-free call may enter a
 * block, as subtensor's transaction extension does): commit-reveal mode, subnet and registration, stake
 * threshold, rate limit, and for reveals a matching commit due now. Each throws the pallet error the
 * dispatch would raise; the dispatch repeats them, so nothing depends on the pool having run them.
 */
export function precheckWeights(
  view: ValidateContext,
  hotkey: Uint8Array,
  call:
    | { kind: 'set'; netuid: number; mecid: number }
    | { kind: 'commit'; netuid: number; mecid: number }
    | {
        kind: 'reveal';
        netuid: number;
        mecid: number;
        uids: number[];
        values: number[];
        salt: number[];
        versionKey: bigint;
      },
): void {
  const { state, blockNumber } = view;
  const { netuid, mecid } = call;
  const index = storageIndex(netuid, mecid);
  ensure(subnetExists(state, netuid), 'SubnetNotExists');
  ensureMechanismExists(state, netuid, mecid);
  const commitReveal = CommitRevealWeightsEnabled.get(state, netuid);
  ensure(
    call.kind === 'set' ? !commitReveal : commitReveal,
    commitReveal ? 'CommitRevealEnabled' : 'CommitRevealDisabled',
  );
  const uid = uidOf(state, netuid, hotkey);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(
    TotalHotkeyAlpha.get(state, hotkey, netuid) >= StakeThreshold.get(state),
    'NotEnoughStakeToSetWeights',
  );
  if (call.kind === 'set') {
    ensure(passesRateLimit(state, netuid, mecid, uid, blockNumber), 'SettingWeightsTooFast');
  } else if (call.kind === 'commit') {
    ensure(passesRateLimit(state, netuid, mecid, uid, blockNumber), 'CommittingWeightsTooFast');
    const pending = (WeightCommits.tryGet(state, index, hotkey) ?? []).filter(
      (c) => !isExpired(state, netuid, c[1], blockNumber),
    );
    ensure(pending.length < MAX_UNREVEALED_COMMITS, 'TooManyUnrevealedCommits');
  } else {
    const hash = commitHash(hotkey, index, call.uids, call.values, call.salt, call.versionKey);
    const commit = WeightCommits.tryGet(state, index, hotkey)?.find((c) => u8aEq(c[0], hash));
    if (commit === undefined) throw fail('NoWeightsCommitFound');
    ensure(inRevealEpoch(state, netuid, commit[1], blockNumber), 'RevealTooEarly');
  }
}

const commitPreimage = $.Tuple($.Bytes(32), $.u16, $.Vector($.u16), $.Vector($.u16), $.Vector($.u16), $.u64);

/** `get_commit_hash`: blake2-256 of SCALE(hotkey, netuid index, uids, values, salt, version_key). */
export function commitHash(
  hotkey: Uint8Array,
  netuid: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): Uint8Array {
  return blake2AsU8a(
    commitPreimage.enc([hotkey, netuid, [...uids], [...values], [...salt], versionKey]),
    256,
  );
}

function isExpired(state: StateView, netuid: number, commitBlock: bigint, block: number): boolean {
  return isEpochExpired(state, netuid, epochIndex(netuid, Tempo.get(state, netuid), commitBlock), block);
}

/** `is_commit_expired`: the current epoch is past the commit epoch's reveal epoch. */
export function isEpochExpired(
  state: StateView,
  netuid: number,
  commitEpoch: bigint,
  block: number,
): boolean {
  return currentEpoch(state, netuid, block) > commitEpoch + RevealPeriodEpochs.get(state, netuid);
}

function inRevealEpoch(state: StateView, netuid: number, commitBlock: bigint, block: number): boolean {
  const tempo = Tempo.get(state, netuid);
  const period = RevealPeriodEpochs.get(state, netuid);
  return currentEpoch(state, netuid, block) === epochIndex(netuid, tempo, commitBlock) + period;
}

/**
 * Epoch step 5d (subtensor's `epoch_mechanism` with commit-reveal on): each validator's earliest
 * unexpired commit block (queues are in commit order, so the first unexpired one); `undefined` for a
 * validator without one. Weights it reveals were committed then, so they may not name a uid registered
 * later (that uid had another owner at commit time).
 */
export function earliestActiveCommitBlocks(
  state: StateView,
  netuid: number,
  block: number,
  hotkeys: readonly Uint8Array[],
): Array<bigint | undefined> {
  const earliest = hotkeys.map(
    (hotkey) =>
      WeightCommits.tryGet(state, netuid, hotkey)?.find((c) => !isExpired(state, netuid, c[1], block))?.[1],
  );
  // Timelocked commits of unexpired epochs count too (subtensor's "v4" pass).
  const prefix = TimelockedWeightCommits.prefixOf(netuid);
  for (const key of state.keys(prefix)) {
    const epoch = timelockedEpochOfKey(key);
    if (isEpochExpired(state, netuid, epoch, block)) continue;
    for (const [who, commitBlock] of TimelockedWeightCommits.get(state, netuid, epoch)) {
      const i = hotkeys.findIndex((h) => u8aEq(h, who));
      const current = earliest[i];
      if (i >= 0 && (current === undefined || commitBlock < current)) earliest[i] = commitBlock;
    }
  }
  return earliest;
}

/** The epoch of a `TimelockedWeightCommits` key: its last 8 bytes (Twox64Concat keeps the u64 LE). */
export function timelockedEpochOfKey(key: string): bigint {
  const le = key.slice(-16);
  let epoch = 0n;
  for (let i = 14; i >= 0; i -= 2) epoch = (epoch << 8n) | BigInt(Number.parseInt(le.slice(i, i + 2), 16));
  return epoch;
}

/**
 * Drops `W_ij` where validator i's earliest active commit block is before uid j's registration block
 * (step 5d, a plain filter ahead of the epoch's row normalisation). Rows without a commit are untouched.
 */
export function maskWeightsCommittedBeforeRegistration(
  weights: ReadonlyArray<ReadonlyArray<readonly [number, number]>>,
  commitBlocks: ReadonlyArray<bigint | undefined>,
  blockAtRegistration: readonly bigint[],
): Array<ReadonlyArray<readonly [number, number]>> {
  return weights.map((row, i) => {
    const committed = commitBlocks[i];
    if (committed === undefined) return row;
    return row.filter(([j]) => !(committed < (blockAtRegistration[j] ?? 0n)));
  });
}

/** `do_commit_weights`: queues a hash for reveal in epoch `commit_epoch + RevealPeriodEpochs`. */
export function commitWeights(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  netuid: number,
  mecid: number,
  hash: Uint8Array,
): void {
  const state = ctx.state;
  ensureMechanismExists(state, netuid, mecid);
  const index = storageIndex(netuid, mecid);
  ensure(CommitRevealWeightsEnabled.get(state, netuid), 'CommitRevealDisabled');
  const uid = uidOf(state, netuid, hotkey);
  if (uid === undefined) throw fail('HotKeyNotRegisteredInSubNet');
  ensure(passesRateLimit(state, netuid, mecid, uid, ctx.blockNumber), 'CommittingWeightsTooFast');
  const commits = (WeightCommits.tryGet(state, index, hotkey) ?? []).filter(
    (c) => !isExpired(state, netuid, c[1], ctx.blockNumber),
  );
  ensure(commits.length < MAX_UNREVEALED_COMMITS, 'TooManyUnrevealedCommits');
  const block = BigInt(ctx.blockNumber);
  const tempo = Tempo.get(state, netuid);
  const revealEpoch = epochIndex(netuid, tempo, block) + RevealPeriodEpochs.get(state, netuid);
  const first = firstBlockOfEpoch(netuid, tempo, revealEpoch);
  const last = firstBlockOfEpoch(netuid, tempo, revealEpoch + 1n) - 1n;
  commits.push([hash, block, first, last < first ? first : last]);
  WeightCommits.put(state, commits, index, hotkey);
  ctx.deposit(event('WeightsCommitted', [hotkey, index, hash]));
  setLastUpdate(state, netuid, mecid, uid, ctx.blockNumber);
}

/** `do_reveal_weights`: finds the matching unexpired commit, then sets the weights. */
export function revealWeights(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  netuid: number,
  mecid: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
): void {
  const state = ctx.state;
  const index = storageIndex(netuid, mecid);
  ensure(CommitRevealWeightsEnabled.get(state, netuid), 'CommitRevealDisabled');
  const stored = WeightCommits.tryGet(state, index, hotkey);
  if (stored === undefined) throw fail('NoWeightsCommitFound');
  const commits: WeightCommitValue[] = [...stored];
  while (commits.length > 0 && isExpired(state, netuid, commits[0]![1], ctx.blockNumber)) commits.shift();
  ensure(commits.length > 0, 'ExpiredWeightCommit');
  const hash = commitHash(hotkey, index, uids, values, salt, versionKey);
  const at = commits.findIndex((c) => u8aEq(c[0], hash));
  ensure(at >= 0, 'InvalidRevealCommitHashNotMatch');
  ensure(inRevealEpoch(state, netuid, commits[at]![1], ctx.blockNumber), 'RevealTooEarly');
  const rest = commits.slice(at + 1);
  if (rest.length === 0) WeightCommits.remove(state, index, hotkey);
  else WeightCommits.put(state, rest, index, hotkey);
  doSetWeights(ctx, hotkey, netuid, mecid, uids, values, versionKey);
  ctx.deposit(event('WeightsRevealed', [hotkey, index, hash]));
}
