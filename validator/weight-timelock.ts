/**
 * The timelock half of the weight setter: `commit_timelocked_weights` of the u16 weights, SCALE-encoded
 * as subtensor's `WeightsTlockPayload` (hotkey = ours) and encrypted to the drand round the subnet's reveal
 * period implies (the SDK's rule, `weights-mode.ts`). The chain decrypts and applies them itself once that
 * round's pulse is on chain, in the reveal epoch: there is no reveal to send, and nobody, not even us, can
 * read them before.
 *
 * - One commit per epoch: the store keeps the last committed epoch, and before committing the chain's
 *   `TimelockedWeightCommits[netuid, epoch]` is checked for one of ours (a restart without the store, or a
 *   crash between sending and saving, never commits twice).
 * - Each block the commits we wait for are matched against the chain: seen → confirmed; gone after being
 *   seen → applied (our weights row is the committed vector; subtensor leaves `LastUpdate` at the commit
 *   block) or dropped by the chain (expired, undecryptable, refused); never seen → given up after a
 *   grace, as hash commits are.
 */
import { decodeAddress } from '@polkadot/util-crypto';
import { ChainClientError } from '../shared/chain/errors.js';
import type { BeaconConfig, CommitRevealSettings, TimelockedCommitInfo } from '../shared/chain/types.js';
import { errorMessage } from '../shared/errors.js';
import { encodeWeightsPayload, timelockEncrypt } from '../shared/timelock/index.js';
import { type CommitOutcome, commitGivenUp, type WeightTxContext } from './weight-commits.js';
import { certainlyNotApplied } from './weight-errors.js';
import type { TimelockedCommit } from './weight-store.js';
import { type ChosenBeacon, chooseBeacon, epochOf, timelockRevealRound } from './weights-mode.js';

export interface TimelockTxContext extends WeightTxContext {
  /** The chain applied one of our timelocked commits in `block` (our weights row is now these). */
  applied(block: number, weights: { uids: number[]; weights: number[] }): void;
}

/** Epochs after the one it was sent in that a commit is looked for (short dev epochs, slow inclusion). */
const SEARCH_EPOCHS = 2;

/** Beacon config re-read after this many blocks (a dev chain's is fixed; finney's never changes). */
const BEACON_REFRESH_BLOCKS = 100;

/**
 * The stored row (max-upscaled by the chain, sorted by uid) is the committed vector: same uids, and each
 * weight the same share of the largest, to the u16 rounding.
 */
export function sameVector(
  row: { uids: number[]; weights: number[] },
  commit: { uids: number[]; weights: number[] },
): boolean {
  if (row.uids.length !== commit.uids.length) return false;
  const stored = new Map(row.uids.map((uid, i) => [uid, row.weights[i] ?? 0]));
  const rowMax = Math.max(0, ...row.weights);
  const ourMax = Math.max(0, ...commit.weights);
  return commit.uids.every((uid, i) => {
    const got = stored.get(uid);
    if (got === undefined) return false;
    const want = ourMax === 0 ? 0 : ((commit.weights[i] ?? 0) / ourMax) * 65535;
    const have = rowMax === 0 ? 0 : (got / rowMax) * 65535;
    return Math.abs(want - have) <= 1;
  });
}

export class TimelockCommits {
  readonly #ctx: TimelockTxContext;
  readonly #publicNetwork: boolean;
  #pending: TimelockedCommit[] = [];
  #lastEpoch: number | undefined;
  #sending: TimelockedCommit | undefined;
  #beacon: { chosen: ChosenBeacon; chain: BeaconConfig | undefined; block: number } | undefined;

  constructor(ctx: TimelockTxContext, publicNetwork: boolean) {
    this.#ctx = ctx;
    this.#publicNetwork = publicNetwork;
  }

  restore(commits: readonly TimelockedCommit[], lastEpoch: number | undefined): void {
    this.#pending = commits.map((c) => ({ ...c }));
    this.#lastEpoch = lastEpoch;
  }

  get pending(): TimelockedCommit[] {
    return this.#pending.map((c) => ({ ...c }));
  }

  get lastEpoch(): number | undefined {
    return this.#lastEpoch;
  }

  /** A commit sent that the chain has not shown yet: no new commit while there is one. */
  get unconfirmed(): TimelockedCommit | undefined {
    return this.#pending.find((c) => c.commitBlock === undefined);
  }

  /** Forget the beacon (re-read before the next commit), e.g. after `InvalidRevealRound`. */
  beaconChanged(): void {
    this.#beacon = undefined;
  }

  /** Matches the commits we wait for with the chain. Never throws. */
  async watch(block: number): Promise<void> {
    if (this.#pending.length === 0) return;
    const ctx = this.#ctx;
    let changed = false;
    for (const commit of [...this.#pending]) {
      let found: { info: TimelockedCommitInfo; epoch: number } | undefined;
      try {
        found = await this.#findOnChain(commit);
      } catch (err) {
        ctx.report('timelock watch', err);
        return;
      }
      if (found) {
        if (commit.commitBlock === undefined || commit.epoch !== found.epoch) {
          if (commit.commitBlock === undefined) ctx.confirmed(found.info.commitBlock);
          commit.commitBlock = found.info.commitBlock;
          commit.epoch = found.epoch;
          this.#lastEpoch = Math.max(this.#lastEpoch ?? 0, found.epoch);
          delete commit.unknownSince;
          changed = true;
        }
        continue;
      }
      if (commit.commitBlock === undefined) {
        if (commit !== this.#sending && commitGivenUp(commit, block)) {
          this.#drop(commit, 'never reached the chain');
          changed = true;
        }
        continue;
      }
      // Seen before, gone now: applied (our row is the committed vector) or dropped by the chain.
      let row: { uids: number[]; weights: number[] };
      try {
        row = (await ctx.chain.validatorAt(ctx.netuid, ctx.hotkey.address, block)).weights;
      } catch (err) {
        ctx.report('timelock watch', err);
        return;
      }
      if (sameVector(row, commit)) {
        ctx.applied(block, { uids: commit.uids, weights: commit.weights });
        ctx.log.info(
          { block, revealRound: commit.revealRound, epoch: commit.epoch, mode: 'timelock' },
          'timelocked weights applied by the chain',
        );
      } else {
        ctx.log.warn(
          { revealRound: commit.revealRound, epoch: commit.epoch, commitBlock: commit.commitBlock },
          'timelocked commit left the chain without being applied (expired or undecryptable)',
        );
      }
      this.#remove(commit);
      changed = true;
    }
    if (changed) await this.#saveQuietly();
  }

  /**
   * Commits `offered` encrypted to the round the reveal period implies, unless one of ours is already
   * filed for this epoch. `settings` were read at `block`.
   */
  async commit(
    block: number,
    offered: { uids: number[]; weights: number[] },
    versionKey: bigint,
    settings: CommitRevealSettings,
  ): Promise<CommitOutcome | { kind: 'skipped'; nextBlock: number }> {
    const ctx = this.#ctx;
    const epoch = epochOf(settings.block + 1, ctx.netuid, settings.tempo);
    const nextEpoch = {
      kind: 'skipped' as const,
      nextBlock: (epoch + 1) * (settings.tempo + 1) - ctx.netuid - 2,
    };
    if (this.#lastEpoch !== undefined && this.#lastEpoch >= epoch) return nextEpoch;
    const version = settings.version;
    if (version === undefined) {
      const err = new ChainClientError(
        { code: 'UNSUPPORTED', feature: 'subtensorModule.commitRevealWeightsVersion' },
        'the chain has no CommitRevealWeightsVersion (no timelocked commits)',
      );
      return { kind: 'failed', err, inDoubt: false };
    }
    let round: bigint;
    let commitBytes: Uint8Array;
    try {
      const mine = (await ctx.chain.timelockedWeightCommits(ctx.netuid, epoch)).some(
        (c) => c.hotkey === ctx.hotkey.address,
      );
      if (mine) {
        ctx.log.info({ epoch }, 'a timelocked commit of ours is already on chain for this epoch');
        this.#lastEpoch = epoch;
        return nextEpoch;
      }
      const beacon = await this.#chooseBeacon(block);
      round = timelockRevealRound(settings, beacon.chosen.info, {
        lastStoredRound: beacon.chain?.lastStoredRound,
      });
      const payload = encodeWeightsPayload({
        hotkey: decodeAddress(ctx.hotkey.address),
        uids: offered.uids,
        values: offered.weights,
        versionKey,
      });
      commitBytes = timelockEncrypt(payload, round, beacon.chosen.info.publicKey);
    } catch (err) {
      return { kind: 'failed', err, inDoubt: false };
    }
    const commit: TimelockedCommit = {
      epoch,
      revealRound: round.toString(),
      uids: offered.uids,
      weights: offered.weights,
      versionKey: versionKey.toString(),
      // The head now (the reads above take time): the grace before it is given up counts from here.
      sentBlock: Math.max(ctx.head(), block),
    };
    this.#pending.push(commit);
    // In flight from now on: the watch lane (running beside this one) must not give it up.
    this.#sending = commit;
    // Not a secret, but what stops a restart from committing twice: saved first (a failure only logs).
    await this.#saveQuietly();
    try {
      await ctx.chain.commitTimelockedWeights(
        ctx.hotkey,
        { netuid: ctx.netuid, commit: commitBytes, revealRound: round, commitRevealVersion: version },
        { timeoutMs: ctx.txTimeoutMs },
      );
    } catch (err) {
      const inDoubt = !certainlyNotApplied(err);
      if (inDoubt) commit.unknownSince = Math.max(ctx.head(), block);
      else this.#remove(commit);
      await this.#saveQuietly();
      return { kind: 'failed', err, inDoubt };
    } finally {
      this.#sending = undefined;
    }
    this.#lastEpoch = epoch;
    try {
      const found = await this.#findOnChain(commit);
      if (found) {
        commit.commitBlock = found.info.commitBlock;
        commit.epoch = found.epoch;
        this.#lastEpoch = Math.max(epoch, found.epoch);
      }
    } catch {
      // Read again at the next block.
    }
    const landed = commit.commitBlock ?? block + 1;
    ctx.log.info(
      {
        block: landed,
        mode: 'timelock',
        uids: offered.uids.length,
        epoch: commit.epoch,
        revealRound: commit.revealRound,
        beacon: this.#beacon?.chosen.source,
      },
      'weights committed (timelocked)',
    );
    return { kind: 'ok', landed };
  }

  /** Ours in `TimelockedWeightCommits` for the commit's epoch or a later one (a commit that waited to land). */
  async #findOnChain(
    commit: TimelockedCommit,
  ): Promise<{ info: TimelockedCommitInfo; epoch: number } | undefined> {
    const ctx = this.#ctx;
    for (let epoch = commit.epoch; epoch <= commit.epoch + SEARCH_EPOCHS; epoch++) {
      const info = (await ctx.chain.timelockedWeightCommits(ctx.netuid, epoch)).find(
        (c) =>
          c.hotkey === ctx.hotkey.address &&
          c.revealRound.toString() === commit.revealRound &&
          (commit.commitBlock === undefined || c.commitBlock === commit.commitBlock),
      );
      if (info) return { info, epoch };
    }
    return undefined;
  }

  async #chooseBeacon(block: number): Promise<{ chosen: ChosenBeacon; chain: BeaconConfig | undefined }> {
    const cached = this.#beacon;
    if (cached && block >= cached.block && block - cached.block < BEACON_REFRESH_BLOCKS) {
      // The last stored round moves every block: re-read it, keep the key.
      return { chosen: cached.chosen, chain: await this.#readBeacon().catch(() => cached.chain) };
    }
    const chain = await this.#readBeacon().catch((err: unknown) => {
      if (!this.#publicNetwork) throw err;
      this.#ctx.log.warn({ err: errorMessage(err) }, 'cannot read Drand.BeaconConfig; using quicknet');
      return undefined;
    });
    const chosen = chooseBeacon(chain, this.#publicNetwork);
    if (!chosen) {
      throw new ChainClientError({ code: 'UNSUPPORTED', feature: 'drand' }, 'no drand beacon to encrypt to');
    }
    if (chosen.differs) {
      this.#ctx.log.warn(
        { chainGenesis: chain?.genesisTime, chainPeriod: chain?.period, chainHash: chain?.chainHash },
        "the chain's Drand.BeaconConfig is not quicknet; encrypting to quicknet's published key",
      );
    }
    this.#beacon = { chosen, chain, block };
    return { chosen, chain };
  }

  #readBeacon(): Promise<BeaconConfig> {
    return this.#ctx.chain.beaconConfig();
  }

  #drop(commit: TimelockedCommit, why: string): void {
    this.#ctx.log.warn(
      { revealRound: commit.revealRound, epoch: commit.epoch, sentBlock: commit.sentBlock },
      `timelocked commit dropped: ${why}`,
    );
    this.#remove(commit);
  }

  #remove(commit: TimelockedCommit): void {
    this.#pending = this.#pending.filter((c) => c !== commit);
  }

  async #saveQuietly(): Promise<void> {
    try {
      await this.#ctx.save();
    } catch (err) {
      this.#ctx.log.error({ err: errorMessage(err) }, 'cannot save weight setter state');
    }
  }
}
