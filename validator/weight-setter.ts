/**
 * Puts the validator's weights on chain, the way subtensor expects them:
 *
 * - `set_weights` when the subnet has commit-reveal off; with `CommitRevealWeightsEnabled`, a
 *   `commit_weights` of blake2(hotkey, netuid, uids, weights, salt, versionKey) now and a `reveal_weights`
 *   of the same vectors in the commit's reveal epoch (`RevealPeriodEpochs` epochs later; the chain
 *   stores the window as `firstRevealBlock..lastRevealBlock` and we read it back).
 * - At most once per interval (the subnet's tempo unless told otherwise), never faster than
 *   `WeightsSetRateLimit` since the neuron's `LastUpdate`, with the subnet's `WeightsVersionKey` (or the
 *   validator's own version key, so an outdated validator is told so by the chain).
 * - The salt and vectors of a commit are persisted (the caller's `persist()`) BEFORE the commit is sent,
 *   so a validator restarted between commit and reveal still reveals; a commit saved but never seen on
 *   chain is dropped after a grace period, an expired one with a log line.
 * - Chain errors are caught, named (`SettingWeightsTooFast`, `RateLimitExceeded`,
 *   `IncorrectWeightVersionKey`, `NOT_CONNECTED`, ...), reported, and retried at a later block chosen by
 *   the error; `onBlock` never throws and never runs two submissions at once.
 */
import { randomFillSync } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import { Ajv, type JSONSchemaType } from 'ajv';
import { ChainClientError, chainErrorName } from '../shared/chain/errors.js';
import type { ChainClient, SubnetHyperparams, TxSigner, WeightCommitInfo } from '../shared/chain/types.js';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export type WeightSetterErrorType =
  | { code: 'BAD_WEIGHTS'; reason: string }
  | { code: 'BAD_SNAPSHOT'; reason: string };

export class WeightSetterError extends ExpertnetError<WeightSetterErrorType> {}

/** A commit whose salt we hold until it is revealed. Plain JSON: it lives in the state file. */
export interface PendingCommit {
  /** 0x-hex of the 32-byte commit hash. */
  hash: string;
  uids: number[];
  weights: number[];
  salt: number[];
  /** u64 as decimal text (JSON has no bigint); part of the hash. */
  versionKey: string;
  /** Head block when the commit was sent. */
  sentBlock: number;
  /** The chain's record, once the commit has been seen there; absent while unconfirmed. */
  commitBlock?: number;
  firstRevealBlock?: number;
  lastRevealBlock?: number;
}

export interface WeightSetterSnapshot {
  pendingCommits: PendingCommit[];
  lastWeights?: { block: number; uids: number[]; weights: number[]; method: 'set' | 'commit' | 'reveal' };
  /** Block of the last successful `set_weights` or commit (the once-per-interval clock). */
  lastSubmittedBlock?: number;
  /** Whom the commits belong to: a snapshot of another hotkey or subnet is ignored on restore. */
  netuid?: number;
  hotkey?: string;
}

export type WeightsMethod = 'set_weights' | 'commit' | 'reveal';

export interface WeightSetterOptions {
  chain: ChainClient;
  hotkey: TxSigner;
  netuid: number;
  log: Logger;
  /** The validator's own version key; default the chain's `WeightsVersionKey` (always accepted). */
  versionKey?: bigint;
  onSubmitted?: (method: WeightsMethod, result: 'ok' | string) => void;
  onChainError?: (errorName: string) => void;
  /** Saves `snapshot()` durably (called before every commit is sent, and after each change). */
  persist: () => Promise<void>;
  /** Blocks between submissions; default the subnet's tempo. Never below `WeightsSetRateLimit`. */
  intervalBlocks?: number;
  /** How long one extrinsic may wait for inclusion. Default 60 s. */
  txTimeoutMs?: number;
  /** Re-read the hyperparameters after this many blocks (sooner after errors that hint at a change). Default 20. */
  hyperparamsRefreshBlocks?: number;
  /** u16 values in a commit's salt. Default 8, as the Bittensor SDK. */
  saltLength?: number;
}

/** A commit saved but not seen on chain this many blocks after sending is taken as never sent. */
const UNCONFIRMED_GRACE_BLOCKS = 5;
/** Longest backoff while the subnet's tempo is unknown (the chain could not be read at all). */
const UNKNOWN_INTERVAL_BLOCKS = 16;

/** Module errors and pool rejections that mean "too soon": wait for the rate limit, re-read the chain. */
const RATE_LIMIT_ERRORS = new Set(['SettingWeightsTooFast', 'RateLimitExceeded', 'CommittingWeightsTooFast']);
/** Errors that a hyperparameter change explains (version key raised, commit-reveal toggled). */
const HYPERPARAM_ERRORS = new Set([
  'IncorrectWeightVersionKey',
  'CommitRevealEnabled',
  'CommitRevealDisabled',
]);
/** Errors that only an epoch (permits, stake) or an operator can fix: retry once an interval has passed. */
const SLOW_ERRORS = new Set([
  'NeuronNoValidatorPermit',
  'NotEnoughStakeToSetWeights',
  'StakeAmountTooLow',
  'HotKeyNotRegisteredInSubNet',
  'UidNotFound',
  'TooManyUnrevealedCommits',
]);
/** Reveal errors after which the commit can never be revealed: forget it. */
const FINAL_REVEAL_ERRORS = new Set([
  'NoWeightsCommitFound',
  'CommitNotFound',
  'ExpiredWeightCommit',
  'InvalidRevealCommitHashNotMatch',
  // Commit-reveal switched off: nothing committed can be revealed any more.
  'CommitRevealDisabled',
]);

/** True when the failed extrinsic certainly did not change chain state (so a saved commit can go). */
function certainlyNotApplied(err: unknown): boolean {
  if (!(err instanceof ChainClientError)) return false;
  return [
    'TX_REJECTED',
    'DISPATCH_FAILED',
    'TX_DROPPED',
    'NOT_CONNECTED',
    'BAD_INPUT',
    'UNSUPPORTED',
  ].includes(err.code);
}

function checkU16Vectors(uids: readonly number[], weights: readonly number[]): void {
  const bad = (reason: string) =>
    new WeightSetterError({ code: 'BAD_WEIGHTS', reason }, `bad weights: ${reason}`);
  if (uids.length !== weights.length) throw bad(`${uids.length} uids but ${weights.length} weights`);
  for (const v of [...uids, ...weights]) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw bad(`${v} is not a u16`);
  }
  if (new Set(uids).size !== uids.length) throw bad('duplicate uids');
}

export class WeightSetter {
  readonly #chain: ChainClient;
  readonly #hotkey: TxSigner;
  readonly #netuid: number;
  readonly #log: Logger;
  readonly #versionKey: bigint | undefined;
  readonly #onSubmitted: WeightSetterOptions['onSubmitted'];
  readonly #onChainError: WeightSetterOptions['onChainError'];
  readonly #persist: () => Promise<void>;
  readonly #intervalBlocks: number | undefined;
  readonly #txTimeoutMs: number;
  readonly #refreshBlocks: number;
  readonly #saltLength: number;

  #offered: { uids: number[]; weights: number[] } | undefined;
  #pending: PendingCommit[] = [];
  #lastWeights: WeightSetterSnapshot['lastWeights'];
  #lastSubmittedBlock: number | undefined;
  #hyperparams: { value: SubnetHyperparams; block: number } | undefined;
  /** No new submission before this block (schedule or backoff). */
  #submitNotBefore = 0;
  #consecutiveFailures = 0;
  /** Per commit hash: no reveal attempt before this block, and how many have failed. */
  #revealBackoff = new Map<string, { notBefore: number; failures: number }>();
  /** The running step, if any: one at a time. */
  #running: Promise<void> | undefined;

  constructor(options: WeightSetterOptions) {
    this.#chain = options.chain;
    this.#hotkey = options.hotkey;
    this.#netuid = options.netuid;
    this.#log = options.log;
    this.#versionKey = options.versionKey;
    this.#onSubmitted = options.onSubmitted;
    this.#onChainError = options.onChainError;
    this.#persist = options.persist;
    this.#intervalBlocks = options.intervalBlocks;
    this.#txTimeoutMs = options.txTimeoutMs ?? 60_000;
    this.#refreshBlocks = options.hyperparamsRefreshBlocks ?? 20;
    this.#saltLength = options.saltLength ?? 8;
  }

  restore(snapshot: WeightSetterSnapshot | undefined): void {
    if (!snapshot) return;
    const hotkey = this.#hotkey.address;
    if (
      (snapshot.netuid !== undefined && snapshot.netuid !== this.#netuid) ||
      (snapshot.hotkey !== undefined && snapshot.hotkey !== hotkey)
    ) {
      this.#log.warn(
        { savedNetuid: snapshot.netuid, savedHotkey: snapshot.hotkey, netuid: this.#netuid, hotkey },
        'weight setter state belongs to another subnet or hotkey; ignoring it',
      );
      return;
    }
    this.#pending = snapshot.pendingCommits.map((c) => ({ ...c }));
    this.#lastWeights = snapshot.lastWeights;
    this.#lastSubmittedBlock = snapshot.lastSubmittedBlock;
    if (this.#pending.length > 0) {
      this.#log.info({ pending: this.#pending.length }, 'restored pending weight commits');
    }
  }

  snapshot(): WeightSetterSnapshot {
    return {
      netuid: this.#netuid,
      hotkey: this.#hotkey.address,
      pendingCommits: this.#pending.map((c) => ({ ...c })),
      ...(this.#lastWeights && { lastWeights: this.#lastWeights }),
      ...(this.#lastSubmittedBlock !== undefined && { lastSubmittedBlock: this.#lastSubmittedBlock }),
    };
  }

  /** Commits not revealed yet (a copy). */
  get pendingCommits(): readonly PendingCommit[] {
    return this.#pending.map((c) => ({ ...c }));
  }

  get lastWeights(): WeightSetterSnapshot['lastWeights'] {
    return this.#lastWeights;
  }

  /** Latest processed u16 weights to put on chain; submitted when the rate limit / tempo allow. */
  offer(weights: { uids: number[]; weights: number[] }): void {
    checkU16Vectors(weights.uids, weights.weights);
    this.#offered = { uids: [...weights.uids], weights: [...weights.weights] };
  }

  /** Called on every new head: reveals due commits, submits offered weights once per interval. Never throws. */
  onBlock(block: number): Promise<void> {
    if (this.#running) {
      this.#log.debug({ block }, 'weight setter still busy with an earlier block; skipping');
      return this.#running;
    }
    const run = this.#step(block)
      .catch((err: unknown) => {
        this.#report('step', err);
      })
      .finally(() => {
        this.#running = undefined;
      });
    this.#running = run;
    return run;
  }

  /** Resolves when no step is running (for a clean shutdown before the final persist). */
  async whenIdle(): Promise<void> {
    await this.#running;
  }

  async #step(block: number): Promise<void> {
    if (this.#lastSubmittedBlock !== undefined && block + 1 < this.#lastSubmittedBlock) {
      // The chain is behind our last submission: a fresh dev chain, or another network. Restart the clock.
      this.#log.warn(
        { block, lastSubmittedBlock: this.#lastSubmittedBlock },
        'chain head is behind the last weights we submitted; resetting the weights schedule',
      );
      this.#lastSubmittedBlock = undefined;
      this.#submitNotBefore = 0;
    }
    await this.#revealDue(block);
    await this.#maybeSubmit(block);
  }

  // ---- reveals ----------------------------------------------------------------------------------

  async #revealDue(block: number): Promise<void> {
    if (this.#pending.length === 0) return;
    let onChain: WeightCommitInfo[];
    try {
      onChain = await this.#chain.weightCommits(this.#netuid, this.#hotkey.address);
    } catch (err) {
      this.#report('reveal', err);
      return;
    }
    const byHash = new Map<string, WeightCommitInfo>(onChain.map((c) => [u8aToHex(c.hash), c]));
    let changed = false;
    for (const commit of [...this.#pending]) {
      const info = byHash.get(commit.hash);
      if (!info) {
        if (commit.commitBlock !== undefined) {
          // It was on chain and is gone: revealed (by us, before a restart) or pruned once expired.
          this.#drop(commit, 'no longer on chain (revealed or expired)');
          changed = true;
        } else if (block >= commit.sentBlock + UNCONFIRMED_GRACE_BLOCKS) {
          this.#drop(commit, 'never reached the chain');
          changed = true;
        }
        continue;
      }
      if (commit.commitBlock !== info.commitBlock || commit.lastRevealBlock !== info.lastRevealBlock) {
        commit.commitBlock = info.commitBlock;
        commit.firstRevealBlock = info.firstRevealBlock;
        commit.lastRevealBlock = info.lastRevealBlock;
        changed = true;
      }
      // A reveal sent now lands in the next block at the earliest; it must land inside the window.
      const lands = block + 1;
      if (lands > info.lastRevealBlock) {
        this.#log.warn(
          { hash: commit.hash, commitBlock: info.commitBlock, lastRevealBlock: info.lastRevealBlock, block },
          'weight commit expired before it could be revealed; dropped',
        );
        this.#remove(commit);
        changed = true;
        continue;
      }
      if (lands < info.firstRevealBlock) continue;
      if ((this.#revealBackoff.get(commit.hash)?.notBefore ?? 0) > block) continue;
      if (await this.#reveal(commit, block)) changed = true;
    }
    if (changed) await this.#persistQuietly();
  }

  /** Sends one reveal; true when the pending list changed. */
  async #reveal(commit: PendingCommit, block: number): Promise<boolean> {
    try {
      await this.#chain.revealWeights(
        this.#hotkey,
        {
          netuid: this.#netuid,
          uids: commit.uids,
          weights: commit.weights,
          salt: commit.salt,
          versionKey: BigInt(commit.versionKey),
        },
        { timeoutMs: this.#txTimeoutMs },
      );
    } catch (err) {
      const name = this.#report('reveal', err);
      this.#notify('reveal', name);
      if (HYPERPARAM_ERRORS.has(name)) this.#hyperparams = undefined;
      if (FINAL_REVEAL_ERRORS.has(name)) {
        this.#drop(commit, `reveal refused with ${name}`);
        return true;
      }
      const backoff = this.#revealBackoff.get(commit.hash) ?? { notBefore: 0, failures: 0 };
      backoff.failures++;
      backoff.notBefore = block + Math.min(2 ** (backoff.failures - 1), 4);
      this.#revealBackoff.set(commit.hash, backoff);
      return false;
    }
    this.#remove(commit);
    const landed = await this.#landedBlock(block + 1);
    this.#lastWeights = { block: landed, uids: commit.uids, weights: commit.weights, method: 'reveal' };
    this.#log.info({ block: landed, uids: commit.uids.length, hash: commit.hash }, 'weights revealed');
    this.#notify('reveal', 'ok');
    return true;
  }

  #drop(commit: PendingCommit, why: string): void {
    this.#log.warn(
      { hash: commit.hash, sentBlock: commit.sentBlock, commitBlock: commit.commitBlock },
      `weight commit dropped: ${why}`,
    );
    this.#remove(commit);
  }

  #remove(commit: PendingCommit): void {
    this.#pending = this.#pending.filter((c) => c !== commit);
    this.#revealBackoff.delete(commit.hash);
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
    const interval = Math.max(this.#intervalBlocks ?? hp.tempo, hp.weightsSetRateLimit, 1);
    const lands = block + 1;
    // Our own clock first: no chain read while an interval is still running.
    if (this.#lastSubmittedBlock !== undefined && lands - this.#lastSubmittedBlock < interval) {
      this.#submitNotBefore = this.#lastSubmittedBlock + interval - 1;
      return;
    }
    let lastUpdate: number;
    try {
      const neuron = await this.#chain.getNeuron(this.#netuid, this.#hotkey.address);
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
    const versionKey = this.#versionKey ?? hp.weightsVersionKey;
    if (hp.commitRevealEnabled) await this.#commit(block, offered, versionKey, hp);
    else await this.#set(block, offered, versionKey, hp);
  }

  async #set(
    block: number,
    offered: { uids: number[]; weights: number[] },
    versionKey: bigint,
    hp: SubnetHyperparams,
  ): Promise<void> {
    try {
      await this.#chain.setWeights(
        this.#hotkey,
        { netuid: this.#netuid, uids: offered.uids, weights: offered.weights, versionKey },
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
    await this.#persistQuietly();
  }

  async #commit(
    block: number,
    offered: { uids: number[]; weights: number[] },
    versionKey: bigint,
    hp: SubnetHyperparams,
  ): Promise<void> {
    const salt = Array.from(randomFillSync(new Uint16Array(this.#saltLength)));
    const params = { netuid: this.#netuid, uids: offered.uids, weights: offered.weights, salt, versionKey };
    let hash: Uint8Array;
    try {
      hash = this.#chain.weightsCommitHash(this.#hotkey.address, params);
    } catch (err) {
      this.#submitFailed(block, 'commit', err, undefined, hp);
      return;
    }
    const commit: PendingCommit = {
      hash: u8aToHex(hash),
      uids: offered.uids,
      weights: offered.weights,
      salt,
      versionKey: versionKey.toString(),
      sentBlock: block,
    };
    // The salt must be on disk before the hash is on chain, or a crash makes the commit unrevealable.
    this.#pending.push(commit);
    try {
      await this.#persist();
    } catch (err) {
      this.#remove(commit);
      this.#log.error({ err: errorMessage(err) }, 'cannot save the commit salt; not committing');
      this.#consecutiveFailures++;
      this.#submitNotBefore = block + this.#backoff(hp);
      return;
    }
    try {
      await this.#chain.commitWeights(
        this.#hotkey,
        { netuid: this.#netuid, commitHash: hash },
        { timeoutMs: this.#txTimeoutMs },
      );
    } catch (err) {
      // Refused or failed: forget it. Timed out: it may still land; kept unconfirmed, reconciled later.
      if (certainlyNotApplied(err)) {
        this.#remove(commit);
        await this.#persistQuietly();
      }
      this.#submitFailed(block, 'commit', err, undefined, hp);
      return;
    }
    try {
      const info = (await this.#chain.weightCommits(this.#netuid, this.#hotkey.address)).find(
        (c) => u8aToHex(c.hash) === commit.hash,
      );
      if (info) {
        commit.commitBlock = info.commitBlock;
        commit.firstRevealBlock = info.firstRevealBlock;
        commit.lastRevealBlock = info.lastRevealBlock;
      }
    } catch {
      // Read again at the next block.
    }
    const landed = commit.commitBlock ?? block + 1;
    this.#succeeded(landed);
    this.#lastWeights = { block: landed, ...offered, method: 'commit' };
    this.#log.info(
      {
        block: landed,
        uids: offered.uids.length,
        hash: commit.hash,
        firstRevealBlock: commit.firstRevealBlock,
        lastRevealBlock: commit.lastRevealBlock,
      },
      'weights committed',
    );
    this.#notify('commit', 'ok');
    await this.#persistQuietly();
  }

  #succeeded(landed: number): void {
    this.#lastSubmittedBlock = landed;
    this.#consecutiveFailures = 0;
  }

  /**
   * Names and reports a failed submission (or a failed read before one) and picks the next block to
   * try: rate limits re-read the chain at once, permits and stake wait an interval, everything else backs
   * off exponentially up to an interval.
   */
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
    if (name === 'IncorrectWeightVersionKey') {
      this.#log.warn(
        { sent: this.#versionKey?.toString(), required: hp?.weightsVersionKey.toString() },
        'the chain wants a newer weights version key: this validator may be outdated',
      );
    }
    let delay: number;
    if (RATE_LIMIT_ERRORS.has(name)) delay = 1;
    else if (SLOW_ERRORS.has(name)) delay = this.#intervalFor(hp);
    else delay = this.#backoff(hp);
    this.#submitNotBefore = block + delay;
  }

  /** The submission interval; before the hyperparameters are known, a cap for backoffs. */
  #intervalFor(hp: SubnetHyperparams | undefined): number {
    return Math.max(this.#intervalBlocks ?? hp?.tempo ?? UNKNOWN_INTERVAL_BLOCKS, 1);
  }

  #backoff(hp: SubnetHyperparams | undefined): number {
    return Math.min(2 ** Math.max(this.#consecutiveFailures - 1, 0), this.#intervalFor(hp));
  }

  // ---- helpers ------------------------------------------------------------------------------------

  async #params(block: number): Promise<SubnetHyperparams> {
    const cached = this.#hyperparams;
    if (cached && block - cached.block < this.#refreshBlocks && block >= cached.block) return cached.value;
    try {
      const value = await this.#chain.hyperparams(this.#netuid);
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
      const neuron = await this.#chain.getNeuron(this.#netuid, this.#hotkey.address);
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
    try {
      this.#onChainError?.(name);
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, 'onChainError callback threw');
    }
  }

  #notify(method: WeightsMethod, result: 'ok' | string): void {
    try {
      this.#onSubmitted?.(method, result);
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, 'onSubmitted callback threw');
    }
  }

  async #persistQuietly(): Promise<void> {
    try {
      await this.#persist();
    } catch (err) {
      this.#log.error({ err: errorMessage(err) }, 'cannot save weight setter state');
    }
  }
}

// ---- snapshot parsing ------------------------------------------------------------------------------

const u16Array = { type: 'array', items: { type: 'integer', minimum: 0, maximum: 0xffff } } as const;

const snapshotSchema: JSONSchemaType<WeightSetterSnapshot> = {
  type: 'object',
  properties: {
    pendingCommits: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          hash: { type: 'string', pattern: '^0x[0-9a-f]{64}$' },
          uids: u16Array,
          weights: u16Array,
          salt: u16Array,
          versionKey: { type: 'string', pattern: '^[0-9]{1,20}$' },
          sentBlock: { type: 'integer', minimum: 0 },
          commitBlock: { type: 'integer', minimum: 0, nullable: true },
          firstRevealBlock: { type: 'integer', minimum: 0, nullable: true },
          lastRevealBlock: { type: 'integer', minimum: 0, nullable: true },
        },
        required: ['hash', 'uids', 'weights', 'salt', 'versionKey', 'sentBlock'],
        additionalProperties: false,
      },
    },
    lastWeights: {
      type: 'object',
      nullable: true,
      properties: {
        block: { type: 'integer', minimum: 0 },
        uids: u16Array,
        weights: u16Array,
        method: { type: 'string', enum: ['set', 'commit', 'reveal'] },
      },
      required: ['block', 'uids', 'weights', 'method'],
      additionalProperties: false,
    },
    lastSubmittedBlock: { type: 'integer', minimum: 0, nullable: true },
    netuid: { type: 'integer', minimum: 0, maximum: 0xffff, nullable: true },
    hotkey: { type: 'string', nullable: true },
  },
  required: ['pendingCommits'],
  additionalProperties: false,
};

const validateSnapshot = new Ajv({ allErrors: false }).compile(snapshotSchema);

/** Checks a saved `WeightSetterSnapshot` (e.g. as the `parse` of a `JsonStateFile`); `BAD_SNAPSHOT` otherwise. */
export function parseWeightSetterSnapshot(json: unknown): WeightSetterSnapshot {
  if (!validateSnapshot(json)) {
    const first = validateSnapshot.errors?.[0];
    const reason = first ? `${first.instancePath || '/'} ${first.message}` : 'invalid';
    throw new WeightSetterError({ code: 'BAD_SNAPSHOT', reason }, `bad weight setter snapshot: ${reason}`);
  }
  for (const commit of json.pendingCommits) {
    if (commit.uids.length !== commit.weights.length) {
      const reason = `commit ${commit.hash}: ${commit.uids.length} uids, ${commit.weights.length} weights`;
      throw new WeightSetterError({ code: 'BAD_SNAPSHOT', reason }, `bad weight setter snapshot: ${reason}`);
    }
  }
  return json;
}
