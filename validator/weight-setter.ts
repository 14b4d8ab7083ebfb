/**
 * Puts the validator's weights on chain, the way subtensor expects them (`--weights.mode`, weights-mode.ts):
 *
 * - `set_weights` when the subnet has commit-reveal off; with `CommitRevealWeightsEnabled`, a timelocked
 *   commit the chain applies itself (`weight-timelock.ts`) where the chain has them, else a hash commit
 *   now and its reveal in the commit's reveal epoch (`weight-commits.ts`).
 * - At most once per interval (the subnet's tempo unless told otherwise), never faster than
 *   `WeightsSetRateLimit` since the neuron's `LastUpdate`, with the subnet's `WeightsVersionKey` (or the
 *   validator's own version key, so an outdated validator is told so by the chain).
 * - Two lanes, driven by new heads: reveals, and submissions (`set_weights` / commit). Each runs one step
 *   at a time, but a submission waiting for inclusion never holds back a reveal that is due.
 * - Its snapshot (pending commits with their salts, last weights, the interval clock) goes to its own
 *   store (`weight-store.ts`) whenever it changes, and before every commit is sent.
 * - Chain errors are caught, named (`SettingWeightsTooFast`, `RateLimitExceeded`,
 *   `IncorrectWeightVersionKey`, `NOT_CONNECTED`, ...), reported, and retried at a later block chosen by
 *   the error; `onBlock` never throws.
 */
import { chainErrorName } from '../shared/chain/errors.js';
import type { CommitRevealSettings, SubnetHyperparams } from '../shared/chain/types.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { CommitReveal, type WeightTxContext } from './weight-commits.js';
import {
  checkU16Vectors,
  HYPERPARAM_ERRORS,
  RATE_LIMIT_ERRORS,
  retryDelayBlocks,
  TIMELOCK_ROUND_ERRORS,
} from './weight-errors.js';
import type { WeightSetterOptions } from './weight-setter-options.js';
import type { PendingCommit, WeightSetterSnapshot, WeightsMethod } from './weight-store.js';
import { TimelockCommits } from './weight-timelock.js';
import { type PathChoice, type WeightsPath, WeightsPathChooser } from './weights-mode.js';

export type { WeightSetterOptions } from './weight-setter-options.js';

/** Longest backoff while the subnet's tempo is unknown (the chain could not be read at all). */
const UNKNOWN_INTERVAL_BLOCKS = 16;

type Offered = { uids: number[]; weights: number[] };

export class WeightSetter {
  readonly #opt: WeightSetterOptions;
  readonly #log: Logger;
  readonly #txTimeoutMs: number;
  readonly #refreshBlocks: number;
  readonly #commits: CommitReveal;
  readonly #timelock: TimelockCommits;
  readonly #paths: WeightsPathChooser;

  #offered: Offered | undefined;
  #lastWeights: WeightSetterSnapshot['lastWeights'];
  #lastSubmittedBlock: number | undefined;
  #hyperparams: { value: SubnetHyperparams; block: number } | undefined;
  /** No new submission before this block (schedule or backoff). */
  #submitNotBefore = 0;
  #consecutiveFailures = 0;
  /** The latest head we were told of. */
  #head = 0;
  /** The running step of each lane, if any. */
  #revealLane: Promise<void> | undefined;
  #submitLane: Promise<void> | undefined;

  constructor(options: WeightSetterOptions) {
    this.#opt = options;
    this.#log = options.log;
    this.#txTimeoutMs = options.txTimeoutMs ?? 60_000;
    this.#refreshBlocks = options.hyperparamsRefreshBlocks ?? 20;
    this.#commits = new CommitReveal(this.#context(), options.saltLength ?? 8);
    this.#paths = new WeightsPathChooser({ ...options, mode: options.mode ?? 'auto' });
    const applied = (block: number, weights: Offered) => {
      this.#lastWeights = { block, ...weights, method: 'reveal' };
      this.#callback('onApplied', () => this.#opt.onApplied?.(block));
    };
    this.#timelock = new TimelockCommits({ ...this.#context(), applied }, options.publicNetwork ?? false);
  }

  #context(): WeightTxContext {
    return {
      chain: this.#opt.chain,
      hotkey: this.#opt.hotkey,
      netuid: this.#opt.netuid,
      log: this.#log,
      txTimeoutMs: this.#txTimeoutMs,
      head: () => this.#head,
      report: (what, err) => this.#report(what, err),
      notify: (method, result) => this.#notify(method, result),
      save: () => this.save(),
      landedBlock: (fallback) => this.#landedBlock(fallback),
      confirmed: (commitBlock) => {
        this.#lastSubmittedBlock = Math.max(this.#lastSubmittedBlock ?? 0, commitBlock);
      },
      revealed: (block, commit) => {
        this.#lastWeights = { block, uids: commit.uids, weights: commit.weights, method: 'reveal' };
      },
      hyperparamsChanged: () => {
        this.#hyperparams = undefined;
      },
    };
  }

  restore(snapshot: WeightSetterSnapshot | undefined): void {
    if (!snapshot) return;
    const hotkey = this.#opt.hotkey.address;
    if (
      (snapshot.netuid !== undefined && snapshot.netuid !== this.#opt.netuid) ||
      (snapshot.hotkey !== undefined && snapshot.hotkey !== hotkey)
    ) {
      this.#log.warn(
        { savedNetuid: snapshot.netuid, savedHotkey: snapshot.hotkey, netuid: this.#opt.netuid, hotkey },
        'weight setter state belongs to another subnet or hotkey; ignoring it',
      );
      return;
    }
    this.#commits.restore(snapshot.pendingCommits);
    this.#timelock.restore(snapshot.timelockedCommits ?? [], snapshot.lastTimelockEpoch);
    this.#lastWeights = snapshot.lastWeights;
    this.#lastSubmittedBlock = snapshot.lastSubmittedBlock;
    if (snapshot.pendingCommits.length > 0) {
      this.#log.info({ pending: snapshot.pendingCommits.length }, 'restored pending weight commits');
    }
  }

  snapshot(): WeightSetterSnapshot {
    return {
      netuid: this.#opt.netuid,
      hotkey: this.#opt.hotkey.address,
      pendingCommits: this.#commits.pending,
      ...(this.#lastWeights && { lastWeights: this.#lastWeights }),
      ...(this.#lastSubmittedBlock !== undefined && { lastSubmittedBlock: this.#lastSubmittedBlock }),
      ...(this.#timelock.pending.length > 0 && { timelockedCommits: this.#timelock.pending }),
      ...(this.#timelock.lastEpoch !== undefined && { lastTimelockEpoch: this.#timelock.lastEpoch }),
    };
  }

  /** Saves `snapshot()` to the store now. */
  save(): Promise<void> {
    return this.#opt.store.save(this.snapshot());
  }

  /** Commits not revealed yet (copies). */
  get pendingCommits(): readonly PendingCommit[] {
    return this.#commits.pending;
  }

  get lastWeights(): WeightSetterSnapshot['lastWeights'] {
    return this.#lastWeights;
  }

  /** The path the last submission took (undefined before the first). */
  get path(): WeightsPath | undefined {
    return this.#paths.path;
  }

  /** Latest processed u16 weights to put on chain; submitted when the rate limit / tempo allow. */
  offer(weights: Offered): void {
    checkU16Vectors(weights.uids, weights.weights);
    this.#offered = { uids: [...weights.uids], weights: [...weights.weights] };
  }

  /**
   * Called on every new head: starts the reveal step and the submission step unless they are still busy
   * with an earlier block (a submission started at the same block waits for the reveals). Resolves when
   * the steps this call started are done; never throws.
   */
  onBlock(block: number): Promise<void> {
    this.#head = block;
    this.#checkChainBehind(block);
    const started: Promise<void>[] = [];
    if (!this.#revealLane) {
      const run = this.#lane('reveal', block, async () => {
        await this.#commits.revealDue(block);
        await this.#timelock.watch(block);
      });
      this.#revealLane = run;
      void run.finally(() => {
        if (this.#revealLane === run) this.#revealLane = undefined;
      });
      started.push(run);
    }
    if (!this.#submitLane) {
      const reveals = this.#revealLane;
      const run = this.#lane('submit', block, async () => {
        await reveals;
        await this.#maybeSubmit(block);
      });
      this.#submitLane = run;
      void run.finally(() => {
        if (this.#submitLane === run) this.#submitLane = undefined;
      });
      started.push(run);
    }
    if (started.length === 0) this.#log.debug({ block }, 'weight setter still busy with an earlier block');
    return Promise.all(started).then(() => undefined);
  }

  /** Resolves when neither lane is running (for a clean shutdown before the final save). */
  async whenIdle(): Promise<void> {
    while (this.#revealLane || this.#submitLane) await Promise.all([this.#revealLane, this.#submitLane]);
  }

  #lane(what: string, block: number, step: () => Promise<void>): Promise<void> {
    return step().catch((err: unknown) => {
      this.#report(`${what} step at block ${block}`, err);
    });
  }

  #checkChainBehind(block: number): void {
    if (this.#lastSubmittedBlock === undefined || block + 1 >= this.#lastSubmittedBlock) return;
    // The chain is behind our last submission: a fresh dev chain, or another network. Restart the clock.
    this.#log.warn(
      { block, lastSubmittedBlock: this.#lastSubmittedBlock },
      'chain head is behind the last weights we submitted; resetting the weights schedule',
    );
    this.#lastSubmittedBlock = undefined;
    this.#submitNotBefore = 0;
  }

  // ---- submissions --------------------------------------------------------------------------------

  async #maybeSubmit(block: number): Promise<void> {
    const offered = this.#offered;
    if (!offered || block < this.#submitNotBefore) return;
    if (offered.uids.length === 0) {
      this.#log.debug('no non-zero weights offered; nothing to submit');
      return;
    }
    let hp: SubnetHyperparams;
    try {
      hp = await this.#params(block);
    } catch (err) {
      this.#submitFailed(block, undefined, err);
      return;
    }
    const interval = Math.max(this.#opt.intervalBlocks ?? hp.tempo, hp.weightsSetRateLimit, 1);
    const lands = block + 1;
    // Our own clock first: no chain read while an interval is still running.
    if (this.#lastSubmittedBlock !== undefined && lands - this.#lastSubmittedBlock < interval) {
      this.#submitNotBefore = this.#lastSubmittedBlock + interval - 1;
      return;
    }
    let choice: PathChoice;
    try {
      choice = await this.#paths.choose(hp.commitRevealEnabled);
    } catch (err) {
      this.#submitFailed(block, undefined, err, undefined, hp);
      return;
    }
    const inDoubt = choice.path === 'timelock' ? this.#timelock.unconfirmed : this.#commits.unconfirmed;
    if (choice.path !== 'set' && inDoubt) {
      // It may still land (the reveal lane watches the chain for it): never commit twice by accident.
      this.#log.debug(
        { block, sentBlock: inDoubt.sentBlock },
        'a commit is not confirmed yet; not committing again',
      );
      return;
    }
    let lastUpdate: number;
    try {
      const neuron = await this.#opt.chain.getNeuron(this.#opt.netuid, this.#opt.hotkey.address);
      if (!neuron) {
        this.#submitFailed(block, undefined, undefined, 'HotKeyNotRegisteredInSubNet', hp);
        return;
      }
      lastUpdate = neuron.lastUpdate;
    } catch (err) {
      this.#submitFailed(block, undefined, err, undefined, hp);
      return;
    }
    // A restart without state (or a reveal, or another instance) may have set weights recently.
    const since = this.#lastSubmittedBlock ?? (lastUpdate > 0 ? lastUpdate : undefined);
    const notBefore = Math.max(
      since === undefined ? 0 : since + interval,
      lastUpdate > 0 ? lastUpdate + hp.weightsSetRateLimit : 0,
    );
    if (lands < notBefore) {
      this.#submitNotBefore = notBefore - 1;
      this.#log.debug({ block, lastUpdate, interval, nextAt: notBefore - 1 }, 'weights not due yet');
      return;
    }
    const versionKey = this.#opt.versionKey ?? hp.weightsVersionKey;
    if (choice.path === 'set') await this.#set(block, offered, versionKey, hp);
    else await this.#commit(block, offered, versionKey, hp, choice.settings);
  }

  async #set(block: number, offered: Offered, versionKey: bigint, hp: SubnetHyperparams): Promise<void> {
    try {
      await this.#opt.chain.setWeights(
        this.#opt.hotkey,
        { netuid: this.#opt.netuid, uids: offered.uids, weights: offered.weights, versionKey },
        { timeoutMs: this.#txTimeoutMs },
      );
    } catch (err) {
      this.#submitFailed(block, 'set_weights', err, undefined, hp);
      return;
    }
    const landed = await this.#landedBlock(block + 1);
    this.#succeeded(landed);
    this.#lastWeights = { block: landed, ...offered, method: 'set' };
    this.#log.info(
      { block: landed, uids: offered.uids.length, versionKey: String(versionKey) },
      'weights set',
    );
    this.#notify('set_weights', 'ok');
    await this.#saveQuietly();
  }

  /** A hash commit, or a timelocked one when `timelock` (the settings read for it) is given. */
  async #commit(
    block: number,
    offered: Offered,
    versionKey: bigint,
    hp: SubnetHyperparams,
    timelock?: CommitRevealSettings,
  ): Promise<void> {
    const method: WeightsMethod = timelock ? 'commit_timelocked' : 'commit';
    const outcome = timelock
      ? await this.#timelock.commit(block, offered, versionKey, timelock)
      : await this.#commits.commit(block, offered, versionKey);
    if (outcome.kind === 'skipped') {
      this.#submitNotBefore = outcome.nextBlock;
      return;
    }
    if (outcome.kind === 'not-saved') {
      this.#consecutiveFailures++;
      this.#submitNotBefore =
        block + retryDelayBlocks(undefined, this.#consecutiveFailures, this.#intervalFor(hp));
      return;
    }
    if (outcome.kind === 'failed') {
      this.#submitFailed(block, method, outcome.err, undefined, hp);
      return;
    }
    this.#succeeded(outcome.landed);
    this.#lastWeights = { block: outcome.landed, ...offered, method: 'commit' };
    this.#notify(method, 'ok');
    await this.#saveQuietly();
  }

  #succeeded(landed: number): void {
    this.#lastSubmittedBlock = landed;
    this.#consecutiveFailures = 0;
  }

  /** Names and reports a failed submission (or a failed read before one) and picks the next block to try. */
  #submitFailed(
    block: number,
    method: WeightsMethod | undefined,
    err: unknown,
    knownName?: string,
    hp?: SubnetHyperparams,
  ): void {
    const name = knownName ?? this.#report(method ?? 'read', err);
    if (knownName) {
      this.#log.warn({ error: name, block }, `weights not submitted: ${name}`);
      this.#countError(name);
    }
    if (method) this.#notify(method, name);
    this.#consecutiveFailures++;
    if (RATE_LIMIT_ERRORS.has(name) || HYPERPARAM_ERRORS.has(name)) this.#hyperparams = undefined;
    if (TIMELOCK_ROUND_ERRORS.has(name)) this.#timelock.beaconChanged();
    if (name === 'IncorrectWeightVersionKey') {
      this.#log.warn(
        { sent: this.#opt.versionKey?.toString(), required: hp?.weightsVersionKey.toString() },
        'the chain wants a newer weights version key: this validator may be outdated',
      );
    }
    this.#submitNotBefore = block + retryDelayBlocks(name, this.#consecutiveFailures, this.#intervalFor(hp));
  }

  /** The submission interval; before the hyperparameters are known, a cap for backoffs. */
  #intervalFor(hp: SubnetHyperparams | undefined): number {
    return Math.max(this.#opt.intervalBlocks ?? hp?.tempo ?? UNKNOWN_INTERVAL_BLOCKS, 1);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  async #params(block: number): Promise<SubnetHyperparams> {
    const cached = this.#hyperparams;
    if (cached && block - cached.block < this.#refreshBlocks && block >= cached.block) return cached.value;
    try {
      const value = await this.#opt.chain.hyperparams(this.#opt.netuid);
      this.#hyperparams = { value, block };
      return value;
    } catch (err) {
      if (!cached) throw err;
      this.#report('read', err);
      return cached.value;
    }
  }

  /** The block our weights landed in: the neuron's LastUpdate, or `fallback` when it cannot be read. */
  async #landedBlock(fallback: number): Promise<number> {
    try {
      const neuron = await this.#opt.chain.getNeuron(this.#opt.netuid, this.#opt.hotkey.address);
      return neuron && neuron.lastUpdate > 0 ? neuron.lastUpdate : fallback;
    } catch {
      return fallback;
    }
  }

  /** Logs a chain failure by name, counts it, and returns the name. */
  #report(what: string, err: unknown): string {
    const name = chainErrorName(err);
    this.#log.warn(
      { error: name, during: what, message: errorMessage(err) },
      `weights: ${what} failed: ${name}`,
    );
    this.#countError(name);
    return name;
  }

  #countError(name: string): void {
    this.#callback('onChainError', () => this.#opt.onChainError?.(name));
  }

  #notify(method: WeightsMethod, result: 'ok' | string): void {
    this.#callback('onSubmitted', () => this.#opt.onSubmitted?.(method, result));
  }

  #callback(name: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, `${name} callback threw`);
    }
  }

  async #saveQuietly(): Promise<void> {
    try {
      await this.save();
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, 'cannot save weight setter state');
    }
  }
}
