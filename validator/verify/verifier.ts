/**
 * Per miner and epoch, is what it answers computed by the bundle it committed? The round loop hands
 * every answered challenge to `observe`; a private-seeded sample of its items (`pickSpotChecks`: the rate,
 * topped up to the per-epoch minimum) is queued and, in the background, the committed bundle is fetched
 * (one download at a time, content-addressed cache) and the sampled items are re-run on it in a worker
 * with a CPU budget (`Reexecutor`). Outputs further apart than the tolerance of the miner's declared
 * execution provider are a REEXECUTION_MISMATCH with a signed evidence record. The loop asks `verdict`
 * before folding a round score in: a failing status zeroes it.
 *
 * Statuses: VERIFIED (a spot check passed this epoch, none failed), PENDING (nothing checked yet),
 * UNVERIFIABLE (old commitment without a bundle digest), MODEL_UNAVAILABLE (refused, or the download
 * did not complete), MODEL_MISMATCH (bytes that do not hash to the commitment), REEXECUTION_MISMATCH,
 * DUPLICATE_MODEL (`duplicates.ts`). A failing status holds for the rest of the epoch in which it was
 * found; in a later epoch it clears only when a new spot check passes (a caught miner earns nothing
 * until it proves itself again), and a bundle that could not be had is fetched again once per epoch.
 * Nothing here blocks a round: scoring never waits for a download or a re-execution.
 */
import { errorMessage } from '../../shared/errors.js';
import { findDuplicates } from './duplicates.js';
import type {
  AnsweredChallenge,
  DownloadOutcome,
  FailingStatus,
  MinerVerification,
  VerifiableMiner,
  VerificationStatus,
  VerifierDeps,
  VerifySettings,
} from './verification-types.js';

export * from './verification-types.js';

interface MinerState extends MinerVerification {
  /** Spot checks queued or running. */
  queued: number;
  /** Epoch of the last download attempt that failed (one retry per epoch). */
  downloadFailedEpoch: number | undefined;
  /** Epoch `checked` and `failed` count in. */
  countersEpoch: number;
  /** A spot check of this bundle passed once (its weight may count while PENDING). */
  verifiedOnce: boolean;
}

interface SpotCheck {
  miner: VerifiableMiner;
  digest: string;
  round: number;
  block: number;
  epoch: number;
  answer: AnsweredChallenge;
  items: number[];
}

const FAILING: ReadonlySet<VerificationStatus> = new Set([
  'MODEL_UNAVAILABLE',
  'MODEL_MISMATCH',
  'REEXECUTION_MISMATCH',
  'DUPLICATE_MODEL',
]);
const EVIDENCE_IDS_KEPT = 16;

export class Verifier {
  readonly #settings: VerifySettings;
  readonly #deps: VerifierDeps;
  readonly #state = new Map<number, MinerState>();
  /** uid → uid of the original, for this snapshot's duplicates. */
  #duplicates = new Map<number, number>();
  #epoch = 0;
  /** One download at a time, in the background. */
  #downloadLane: Promise<unknown> = Promise.resolve();
  readonly #downloads = new Map<string, Promise<DownloadOutcome | undefined>>();
  /** One re-execution at a time (the worker has its own CPU budget). */
  #reexecLane: Promise<unknown> = Promise.resolve();
  #pending = 0;
  readonly #abort = new AbortController();

  constructor(settings: VerifySettings, deps: VerifierDeps) {
    this.#settings = settings;
    this.#deps = deps;
  }

  /** Each round, before scoring: the miners of the snapshot and the current epoch. */
  beginRound(miners: readonly VerifiableMiner[], epoch: number): void {
    this.#epoch = epoch;
    this.#duplicates = findDuplicates(
      miners.map((m) => ({ uid: m.uid, bundleDigest: m.bundleDigest, commitBlock: m.commitBlock ?? 0 })),
      this.#settings.duplicateModels,
    );
    const live = new Set<number>();
    for (const miner of miners) {
      live.add(miner.uid);
      this.#refresh(miner);
    }
    for (const uid of this.#state.keys()) if (!live.has(uid)) this.#state.delete(uid);
  }

  /** The miner's status now (a miner not seen yet is PENDING). */
  status(uid: number, hotkey: string): MinerVerification | undefined {
    const state = this.#state.get(uid);
    if (!state || state.hotkey !== hotkey) return undefined;
    const { queued: _q, downloadFailedEpoch: _d, countersEpoch: _c, verifiedOnce: _v, ...view } = state;
    return { ...view, evidenceIds: [...view.evidenceIds] };
  }

  /** Every miner's status (copies). */
  statuses(): MinerVerification[] {
    return [...this.#state.values()]
      .map((s) => this.status(s.uid, s.hotkey))
      .filter((s): s is MinerVerification => s !== undefined);
  }

  /** The failing status that zeroes this miner's scores now, if any. */
  verdict(miner: VerifiableMiner): FailingStatus | undefined {
    const state = this.#refresh(miner);
    if (FAILING.has(state.status)) return state.status as FailingStatus;
    if (state.status === 'UNVERIFIABLE' && this.#settings.unverifiable === 'zero') return 'UNVERIFIABLE';
    return undefined;
  }

  /**
   * Whether the miner's weight is held at 0 now: a failing status, or a bundle never verified yet (scores
   * still accumulate meanwhile; emission pays for verified work). With no spot checks configured (rate
   * and minimum 0) only failing statuses hold it.
   */
  holdsWeight(miner: VerifiableMiner): boolean {
    if (this.verdict(miner) !== undefined) return true;
    const state = this.#refresh(miner);
    const checking = this.#settings.rate > 0 || this.#settings.minPerEpoch > 0;
    return checking && state.status === 'PENDING' && !state.verifiedOnce;
  }

  /**
   * An answered challenge: queue its spot checks (and the bundle download when not cached). Returns the
   * item indices picked (possibly none). Never throws, never waits.
   */
  observe(miner: VerifiableMiner, round: number, block: number, answer: AnsweredChallenge): number[] {
    const state = this.#refresh(miner);
    const digest = miner.bundleDigest;
    if (digest === undefined || state.status === 'DUPLICATE_MODEL') return [];
    // A bundle we could not get this epoch is not asked for again until the next one.
    if (state.downloadFailedEpoch === this.#epoch) return [];
    const needed = Math.max(0, this.#settings.minPerEpoch - state.checked - state.queued);
    let items: number[];
    try {
      items = this.#deps.pickSpotChecks({
        secret: this.#deps.secret,
        round,
        uid: miner.uid,
        items: answer.texts.length,
        rate: this.#settings.rate,
        needed,
      });
    } catch (err) {
      this.#deps.log.warn({ uid: miner.uid, err: errorMessage(err) }, 'could not pick spot checks');
      return [];
    }
    if (items.length === 0) return [];
    if (this.#pending >= (this.#settings.maxQueued ?? 256)) {
      this.#deps.onSpotCheck?.('dropped', items.length);
      return [];
    }
    state.queued += items.length;
    this.#pending++;
    const check: SpotCheck = { miner, digest, round, block, epoch: this.#epoch, answer, items };
    void this.#run(check, state).finally(() => {
      state.queued -= items.length;
      this.#pending--;
    });
    return items;
  }

  /** Resolves when every queued spot check has finished (tests, the bench, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.#pending > 0) {
      await Promise.all([this.#downloadLane, this.#reexecLane]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Stops downloads in flight; queued checks end without a verdict. */
  close(): void {
    this.#abort.abort();
  }

  /** The miner's state for this epoch, created or reset as its commitment and the epoch say. */
  #refresh(miner: VerifiableMiner): MinerState {
    let state = this.#state.get(miner.uid);
    if (!state || state.hotkey !== miner.hotkey || state.bundleDigest !== miner.bundleDigest) {
      state = {
        uid: miner.uid,
        hotkey: miner.hotkey,
        status: 'PENDING',
        detail: undefined,
        bundleDigest: miner.bundleDigest,
        epoch: this.#epoch,
        checked: 0,
        failed: 0,
        evidenceIds: state?.hotkey === miner.hotkey ? state.evidenceIds : [],
        queued: 0,
        downloadFailedEpoch: undefined,
        countersEpoch: this.#epoch,
        verifiedOnce: false,
      };
      this.#state.set(miner.uid, state);
    }
    if (state.countersEpoch !== this.#epoch) {
      // A new epoch: counters start again; a failing status stays until a new check passes.
      state.checked = 0;
      state.failed = 0;
      state.countersEpoch = this.#epoch;
      if (state.status === 'VERIFIED') this.#set(state, 'PENDING');
    }
    const original = this.#duplicates.get(miner.uid);
    if (miner.bundleDigest === undefined)
      this.#set(state, 'UNVERIFIABLE', 'old commitment without a bundle digest');
    else if (original !== undefined)
      this.#set(state, 'DUPLICATE_MODEL', `same bundle as uid ${original}, committed earlier`);
    else if (state.status === 'DUPLICATE_MODEL' || state.status === 'UNVERIFIABLE')
      this.#set(state, 'PENDING');
    return state;
  }

  #set(state: MinerState, status: VerificationStatus, detail?: string): void {
    if (state.status === status && state.detail === detail) return;
    const was = state.status;
    state.status = status;
    state.detail = detail;
    state.epoch = this.#epoch;
    const fields = { uid: state.uid, hotkey: state.hotkey, status, detail, was };
    if (FAILING.has(status) || status === 'UNVERIFIABLE') this.#deps.log.warn(fields, 'miner verification');
    else if (FAILING.has(was)) this.#deps.log.info(fields, 'miner verification');
    else this.#deps.log.debug(fields, 'miner verification');
  }

  async #run(check: SpotCheck, state: MinerState): Promise<void> {
    try {
      const dir = await this.#bundle(check, state);
      if (dir === undefined) return;
      await this.#reexecute(check, state, dir);
    } catch (err) {
      // Our own fault (worker died, disk full): no verdict on the miner.
      this.#deps.onSpotCheck?.('error', check.items.length);
      this.#deps.log.warn({ uid: check.miner.uid, err: errorMessage(err) }, 'spot check failed to run');
    }
  }

  /** The cached bundle directory, downloading it first (one download at a time) when needed. */
  async #bundle(check: SpotCheck, state: MinerState): Promise<string | undefined> {
    const cached = this.#deps.cachedBundle(check.digest);
    if (cached !== undefined) return cached;
    let download = this.#downloads.get(check.digest);
    if (!download) {
      const run = this.#downloadLane.then(() => this.#download(check.miner, check.digest));
      download = run.finally(() => this.#downloads.delete(check.digest));
      this.#downloads.set(check.digest, download);
      this.#downloadLane = download.catch(() => undefined);
    }
    const outcome = await download;
    // Stopped by close(): a download cut short by our own shutdown says nothing about the miner.
    if (outcome === undefined || this.#abort.signal.aborted) {
      this.#deps.onSpotCheck?.('error', check.items.length);
      return undefined;
    }
    if (!outcome.ok) {
      if (this.#state.get(check.miner.uid) === state && state.bundleDigest === check.digest) {
        state.downloadFailedEpoch = this.#epoch;
        this.#set(state, outcome.reason, outcome.detail);
      }
      return undefined;
    }
    return outcome.dir;
  }

  async #download(miner: VerifiableMiner, digest: string): Promise<DownloadOutcome | undefined> {
    // Cached meanwhile by another miner's download of the same digest.
    const cached = this.#deps.cachedBundle(digest);
    if (cached !== undefined) return { ok: true, dir: cached, bytes: 0 };
    if (this.#abort.signal.aborted) return undefined;
    try {
      const outcome = await this.#deps.download(miner, digest, this.#abort.signal);
      this.#deps.onDownload?.(outcome.ok ? 'ok' : outcome.reason, outcome.ok ? outcome.bytes : 0);
      if (outcome.ok)
        this.#deps.log.info({ uid: miner.uid, digest, bytes: outcome.bytes }, 'bundle downloaded');
      return outcome;
    } catch (err) {
      // Unreachable miner, our disk, shutdown: tried again with the next spot check.
      this.#deps.onDownload?.('error', 0);
      this.#deps.log.warn({ uid: miner.uid, digest, err: errorMessage(err) }, 'bundle download failed');
      return undefined;
    }
  }

  #reexecute(check: SpotCheck, state: MinerState, dir: string): Promise<void> {
    const run = this.#reexecLane.then(() => this.#compare(check, state, dir));
    this.#reexecLane = run.catch(() => undefined);
    return run;
  }

  async #compare(check: SpotCheck, state: MinerState, dir: string): Promise<void> {
    if (this.#abort.signal.aborted) return;
    const texts = check.items.map((i) => check.answer.texts[i] ?? '');
    const claimed = check.items.map((i) => [...(check.answer.probabilities[i] ?? [])]);
    const { probabilities, cpuMs } = await this.#deps.reexecute(dir, texts);
    this.#deps.onCpu?.(cpuMs);
    const tolerance = this.#deps.toleranceFor(check.answer.info.executionProvider ?? 'cpu');
    const result = this.#deps.compareOutputs(claimed, probabilities, tolerance);
    // The miner changed hands or commitment while we checked: the verdict is about someone else.
    const current = this.#state.get(check.miner.uid);
    if (current !== state || state.bundleDigest !== check.digest) return;
    const thisEpoch = check.epoch === state.countersEpoch;
    if (thisEpoch) state.checked += check.items.length;
    if (result.ok) {
      this.#deps.onSpotCheck?.('pass', check.items.length);
      // A failing status holds to the end of the epoch it was found in: only an answer given in a later
      // epoch clears it. A pass that ran late (a backlog across an epoch change) still counts.
      const failing = FAILING.has(state.status);
      if (failing && check.epoch <= state.epoch) return;
      if (state.failed === 0 && (failing || state.status === 'PENDING' || state.status === 'VERIFIED')) {
        this.#set(state, 'VERIFIED');
        state.verifiedOnce = true;
      }
      return;
    }
    this.#deps.onSpotCheck?.('fail', check.items.length);
    if (thisEpoch) state.failed += check.items.length;
    const id = await this.#deps
      .recordEvidence({
        block: check.block,
        round: check.round,
        miner: { uid: check.miner.uid, hotkey: check.miner.hotkey },
        bundleDigest: check.digest,
        answer: check.answer,
        items: check.items,
        recomputed: probabilities,
        maxAbsDiff: result.maxAbsDiff,
        tolerance,
      })
      .catch((err: unknown) => {
        this.#deps.log.error({ uid: check.miner.uid, err: errorMessage(err) }, 'could not write evidence');
        return undefined;
      });
    if (id !== undefined) {
      state.evidenceIds.push(id);
      if (state.evidenceIds.length > EVIDENCE_IDS_KEPT) state.evidenceIds.shift();
      this.#deps.onEvidence?.(id);
    }
    const item = result.item === undefined ? undefined : check.items[result.item];
    this.#set(
      state,
      'REEXECUTION_MISMATCH',
      `item ${item ?? '?'} of round ${check.round}: max |Δp| ${result.maxAbsDiff.toFixed(6)} > ${tolerance}` +
        (id === undefined ? '' : ` (evidence ${id})`),
    );
  }
}
