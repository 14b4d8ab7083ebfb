/**
 * The commit-reveal half of the weight setter. A commit is `commit_weights` of blake2(hotkey, netuid,
 * uids, weights, salt, versionKey); its reveal, `reveal_weights` of the same vectors, is due in the
 * commit's reveal epoch (`RevealPeriodEpochs` epochs later; the chain stores the window as
 * `firstRevealBlock..lastRevealBlock` and we read it back).
 *
 * - The salt is saved BEFORE the commit is sent, so a validator restarted between commit and reveal
 *   still reveals.
 * - Each block the pending commits are checked against the chain's `WeightCommits` for our hotkey: a
 *   commit seen there gets its window; one gone from the chain was revealed or pruned; one never seen
 *   there is given up a grace period after it was sent, or after its inclusion wait timed out.
 * - While a commit's fate is unknown (`unconfirmed`), the setter commits nothing else: a commit that timed
 *   out may still land, and two live commits for one epoch must not happen by accident.
 */
import { randomFillSync } from 'node:crypto';
import { u8aToHex } from '@polkadot/util';
import type { ChainClient, TxSigner, WeightCommitInfo } from '../shared/chain/types.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { certainlyNotApplied, FINAL_REVEAL_ERRORS, HYPERPARAM_ERRORS } from './weight-errors.js';
import type { PendingCommit, WeightsMethod } from './weight-store.js';

/** What the commit-reveal path needs from the setter that owns it. */
export interface WeightTxContext {
  readonly chain: ChainClient;
  readonly hotkey: TxSigner;
  readonly netuid: number;
  readonly log: Logger;
  readonly txTimeoutMs: number;
  /** The latest head the setter was told of (it keeps counting while a submission is in flight). */
  head(): number;
  /** Logs and counts a chain failure; returns its name. */
  report(what: string, err: unknown): string;
  notify(method: WeightsMethod, result: 'ok' | string): void;
  /** Saves the setter's snapshot; rejects when it cannot. */
  save(): Promise<void>;
  /** The block our weights landed in (the neuron's LastUpdate), `fallback` when it cannot be read. */
  landedBlock(fallback: number): Promise<number>;
  /** One of our commits is on chain at `commitBlock` (the once-per-interval clock counts from there). */
  confirmed(commitBlock: number): void;
  revealed(block: number, commit: PendingCommit): void;
  /** A refusal that a hyperparameter change explains: re-read them before the next submission. */
  hyperparamsChanged(): void;
}

export type CommitOutcome =
  | { kind: 'ok'; landed: number }
  /** The salt could not be saved: nothing was sent. */
  | { kind: 'not-saved' }
  /** `inDoubt`: the commit may still land (kept, unconfirmed); otherwise it certainly did not (forgotten). */
  | { kind: 'failed'; err: unknown; inDoubt: boolean };

/** A commit saved but not seen on chain this many blocks after sending (or timing out) is taken as never sent. */
export const UNCONFIRMED_GRACE_BLOCKS = 5;

/**
 * A sent commit not seen on chain for the grace since it was sent (or since its inclusion wait timed
 * out), or sent on a chain ahead of this one: give it up. Hash and timelocked commits share the rule.
 */
export function commitGivenUp(commit: { sentBlock: number; unknownSince?: number }, block: number): boolean {
  const since = commit.unknownSince ?? commit.sentBlock;
  return block >= since + UNCONFIRMED_GRACE_BLOCKS || block < commit.sentBlock;
}

export class CommitReveal {
  readonly #ctx: WeightTxContext;
  readonly #saltLength: number;
  #pending: PendingCommit[] = [];
  /** Per commit hash: no reveal attempt before this block, and how many have failed. */
  readonly #revealBackoff = new Map<string, { notBefore: number; failures: number }>();
  /** The commit being sent right now: never given up while its extrinsic is in flight. */
  #sending: PendingCommit | undefined;

  constructor(ctx: WeightTxContext, saltLength: number) {
    this.#ctx = ctx;
    this.#saltLength = saltLength;
  }

  restore(commits: readonly PendingCommit[]): void {
    this.#pending = commits.map((c) => ({ ...c }));
    this.#revealBackoff.clear();
  }

  /** Commits not revealed yet (copies). */
  get pending(): PendingCommit[] {
    return this.#pending.map((c) => ({ ...c }));
  }

  /** A commit sent (or about to be) that the chain has not shown yet; no new commit while there is one. */
  get unconfirmed(): PendingCommit | undefined {
    return this.#pending.find((c) => c.commitBlock === undefined);
  }

  /** Reconciles the pending commits with the chain and reveals those whose window is open. Never throws. */
  async revealDue(block: number): Promise<void> {
    if (this.#pending.length === 0) return;
    const ctx = this.#ctx;
    let onChain: WeightCommitInfo[];
    try {
      onChain = await ctx.chain.weightCommits(ctx.netuid, ctx.hotkey.address);
    } catch (err) {
      ctx.report('reveal', err);
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
        } else if (commit !== this.#sending && commitGivenUp(commit, block)) {
          this.#drop(commit, 'never reached the chain');
          changed = true;
        }
        continue;
      }
      if (commit.commitBlock !== info.commitBlock || commit.lastRevealBlock !== info.lastRevealBlock) {
        if (commit.commitBlock === undefined) ctx.confirmed(info.commitBlock);
        commit.commitBlock = info.commitBlock;
        commit.firstRevealBlock = info.firstRevealBlock;
        commit.lastRevealBlock = info.lastRevealBlock;
        changed = true;
      }
      // A reveal sent now lands in the next block at the earliest; it must land inside the window.
      const lands = block + 1;
      if (lands > info.lastRevealBlock) {
        ctx.log.warn(
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
    if (changed) await this.#saveQuietly();
  }

  /** Sends one reveal; true when the pending list changed. */
  async #reveal(commit: PendingCommit, block: number): Promise<boolean> {
    const ctx = this.#ctx;
    let included: string;
    try {
      ({ blockHash: included } = await ctx.chain.revealWeights(
        ctx.hotkey,
        {
          netuid: ctx.netuid,
          uids: commit.uids,
          weights: commit.weights,
          salt: commit.salt,
          versionKey: BigInt(commit.versionKey),
        },
        { timeoutMs: ctx.txTimeoutMs },
      ));
    } catch (err) {
      const name = ctx.report('reveal', err);
      ctx.notify('reveal', name);
      if (HYPERPARAM_ERRORS.has(name)) ctx.hyperparamsChanged();
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
    // The inclusion block: with commit-reveal on, subtensor leaves LastUpdate at the commit's block.
    const landed = await ctx.chain.blockNumber(included).catch(() => block + 1);
    ctx.revealed(landed, commit);
    ctx.log.info({ block: landed, uids: commit.uids.length, hash: commit.hash }, 'weights revealed');
    ctx.notify('reveal', 'ok');
    return true;
  }

  /** Saves a fresh salt, then sends the commit of `offered`. */
  async commit(
    block: number,
    offered: { uids: number[]; weights: number[] },
    versionKey: bigint,
  ): Promise<CommitOutcome> {
    const ctx = this.#ctx;
    const salt = Array.from(randomFillSync(new Uint16Array(this.#saltLength)));
    const params = { netuid: ctx.netuid, uids: offered.uids, weights: offered.weights, salt, versionKey };
    let hash: Uint8Array;
    try {
      hash = ctx.chain.weightsCommitHash(ctx.hotkey.address, params);
    } catch (err) {
      return { kind: 'failed', err, inDoubt: false };
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
      await ctx.save();
    } catch (err) {
      this.#remove(commit);
      ctx.log.error({ err: errorMessage(err) }, 'cannot save the commit salt; not committing');
      return { kind: 'not-saved' };
    }
    this.#sending = commit;
    try {
      await ctx.chain.commitWeights(
        ctx.hotkey,
        { netuid: ctx.netuid, commitHash: hash },
        { timeoutMs: ctx.txTimeoutMs },
      );
    } catch (err) {
      const inDoubt = !certainlyNotApplied(err);
      // Refused or failed: forget it. Timed out: it may still land; kept unconfirmed, reconciled each block.
      if (inDoubt) commit.unknownSince = Math.max(ctx.head(), block);
      else this.#remove(commit);
      await this.#saveQuietly();
      return { kind: 'failed', err, inDoubt };
    } finally {
      this.#sending = undefined;
    }
    try {
      const info = (await ctx.chain.weightCommits(ctx.netuid, ctx.hotkey.address)).find(
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
    ctx.log.info(
      {
        block: landed,
        uids: offered.uids.length,
        hash: commit.hash,
        firstRevealBlock: commit.firstRevealBlock,
        lastRevealBlock: commit.lastRevealBlock,
      },
      'weights committed',
    );
    return { kind: 'ok', landed };
  }

  #drop(commit: PendingCommit, why: string): void {
    this.#ctx.log.warn(
      { hash: commit.hash, sentBlock: commit.sentBlock, commitBlock: commit.commitBlock },
      `weight commit dropped: ${why}`,
    );
    this.#remove(commit);
  }

  #remove(commit: PendingCommit): void {
    this.#pending = this.#pending.filter((c) => c !== commit);
    this.#revealBackoff.delete(commit.hash);
  }

  async #saveQuietly(): Promise<void> {
    try {
      await this.#ctx.save();
    } catch (err) {
      this.#ctx.log.error({ err: errorMessage(err) }, 'cannot save weight setter state');
    }
  }
}
