/**
 * The validator's rounds. Each round picks up to `sample_size` miners (the least recently scored
 * first), scores them `concurrency` at a time (`round.ts`) with the seeds of the epoch's audit trail
 * (accountability/trail.ts), folds the scores into the moving averages, writes the round to the trail,
 * offers the u16 weights (`weightsForChain`) to the weight setter (which submits
 * on its own schedule) and saves the state. Rounds never overlap. `run(signal)` runs one round per new
 * head of the clock (or one every 12 s when no head comes) until the signal aborts; nothing a miner or
 * the chain does stops it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LabelledItem, TaskDefinition } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { epochIndex } from '../shared/subtensor/epoch.js';
import type { AuditTrail } from './accountability/trail.js';
import type { CalibrationTracker } from './calibration.js';
import type { DifficultyMix } from './challenges.js';
import type { ChainClock } from './clock.js';
import type { ValidatorConfig } from './config.js';
import type { MetagraphSnapshot, MetagraphSync, MinerEntry } from './metagraph.js';
import { recordMinerRequest, type ValidatorMetrics } from './metrics.js';
import type { MinerConnections } from './miners/index.js';
import { type MinerRoundResult, mapBounded, type RoundSettings, scoreMiner } from './round.js';
import type { MovingAverageScores } from './scoring.js';
import type { Verifier } from './verify/verifier.js';
import { type U16Weights, weightsForChain } from './weights.js';

export interface RoundSummary {
  round: number;
  block: number;
  results: MinerRoundResult[];
  /** u16 weights offered after the round; undefined when there was nothing to weigh. */
  weights: U16Weights | undefined;
}

export interface RoundLoopParts {
  neuron: ValidatorConfig['neuron'];
  datasets: ReadonlyMap<string, readonly LabelledItem[]>;
  datasetShare: number;
  /** Private challenge packs by `domain/task`. */
  packs?: ReadonlyMap<string, TaskDefinition>;
  /** Difficulties of generated items; default DEFAULT_DIFFICULTY_MIX. */
  difficultyMix?: DifficultyMix | undefined;
  /** Rounds completed before (restored from state). */
  round: number;
  scores: MovingAverageScores;
  calibration: CalibrationTracker;
  metagraph: MetagraphSync;
  connections: MinerConnections;
  weightSetter: { offer(weights: U16Weights): void };
  metrics: ValidatorMetrics;
  /** Epoch seeds, seed commitments and the audit trail v2 (accountability/trail.ts). */
  trail: Pick<AuditTrail, 'beginRound' | 'recordRound'>;
  log: Logger;
  /** Saves the validator's state (called after every round). */
  saveState: () => Promise<void>;
  /** Checks that answers come from the committed bundles (issue 14); absent: no verification. */
  verifier?: Verifier | undefined;
}

/** Pause between rounds when no new block arrives (a round per block otherwise). */
const MAX_ROUND_GAP_MS = 12_000;
const MIN_ROUND_GAP_MS = 250;

export class RoundLoop {
  readonly #parts: RoundLoopParts;
  readonly #settings: RoundSettings;
  #round: number;
  #inRound: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(parts: RoundLoopParts) {
    this.#parts = parts;
    this.#round = parts.round;
    this.#settings = {
      batchSize: parts.neuron.batchSize,
      timeoutMs: parts.neuron.timeoutMs,
      rule: parts.neuron.scoringRule,
      datasets: parts.datasets,
      datasetShare: parts.datasetShare,
      packs: parts.packs,
      difficultyMix: parts.difficultyMix,
    };
  }

  /** Rounds completed (including those before a restart). */
  get round(): number {
    return this.#round;
  }

  /** One round per new head until `signal` aborts; a round that throws is logged and the next one runs. */
  async run(clock: ChainClock, signal: AbortSignal): Promise<void> {
    const { log } = this.#parts;
    signal.addEventListener('abort', () => this.stop(), { once: true });
    while (!signal.aborted) {
      const started = Date.now();
      const heads = clock.headCount;
      await this.runRound().catch((err: unknown) => {
        log.error({ err: errorMessage(err) }, 'round failed');
      });
      if (signal.aborted) break;
      // One round per block: wait for a head seen since the round started, or the longest gap.
      await clock.nextHead({ after: heads, timeoutMs: MAX_ROUND_GAP_MS, signal });
      const elapsed = Date.now() - started;
      if (elapsed < MIN_ROUND_GAP_MS) {
        await delay(MIN_ROUND_GAP_MS - elapsed, undefined, { signal, ref: false }).catch(() => undefined);
      }
    }
  }

  /** No new round starts after this (one in flight finishes). */
  stop(): void {
    this.#stopped = true;
  }

  /** Resolves when no round is in flight. */
  async whenIdle(): Promise<void> {
    await this.#inRound;
  }

  /** Runs one round now (after the one in flight, if any). */
  runRound(): Promise<RoundSummary | undefined> {
    const run = this.#inRound.then(() => this.#runRound());
    this.#inRound = run.catch(() => undefined);
    return run;
  }

  /** Processed u16 weights from the current moving averages (undefined: nothing to weigh). */
  computeWeights(): U16Weights | undefined {
    const snapshot = this.#parts.metagraph.snapshot;
    return snapshot ? this.#weights(snapshot) : undefined;
  }

  async #runRound(): Promise<RoundSummary | undefined> {
    const { metagraph, connections, metrics, scores, log } = this.#parts;
    const snapshot = metagraph.snapshot ?? (await metagraph.refresh());
    if (!snapshot || this.#stopped) return undefined;
    const round = this.#round + 1;
    const { verifier } = this.#parts;
    const { netuid, tempo } = snapshot.hyperparams;
    verifier?.beginRound(snapshot.miners, epochIndex(netuid, tempo, snapshot.block));
    const epochRound = await this.#parts.trail.beginRound(snapshot);
    const settings = { ...this.#settings, datasets: epochRound.datasets };
    const scored = await mapBounded(this.#pick(snapshot.miners), this.#parts.neuron.concurrency, (miner) =>
      scoreMiner({ miner, connections, seed: epochRound.seed, roundIndex: epochRound.roundIndex, settings }),
    );
    const results = verifier ? scored.map((r) => this.#verify(verifier, r, round, snapshot.block)) : scored;
    const averages = new Map<number, number>();
    for (const result of results) {
      const { miner } = result;
      if (result.skipped) {
        log.warn({ uid: miner.uid, reason: result.skipped }, 'could not challenge a miner this round');
        continue;
      }
      metrics.scoredItems.inc(result.items);
      recordMinerRequest(metrics, miner.uid, result.latencyMs, result.failure);
      if (result.failure) {
        log.debug({ uid: miner.uid, hotkey: miner.hotkey, failure: result.failure }, 'miner scored 0');
      }
      averages.set(miner.uid, scores.update(miner.uid, miner.hotkey, result.score, round));
      if (result.calibration) this.#parts.calibration.record(miner.uid, miner.hotkey, result.calibration);
      for (const { difficulty, score } of result.itemScores ?? []) {
        metrics.itemScore.observe({ domain: miner.domain, difficulty }, score);
      }
    }
    this.#round = round;
    metrics.roundsTotal.inc();
    this.#updateScoreGauges(snapshot);
    const weights = this.#offerWeights(snapshot);
    await this.#parts.trail.recordRound(epochRound, {
      block: snapshot.block,
      results,
      averages,
      weights,
      zeroed: verifier ? snapshot.miners.filter((m) => verifier.holdsWeight(m)).map((m) => m.uid) : [],
      verification: (r) => (verifier ? verifier.status(r.miner.uid, r.miner.hotkey)?.status : undefined),
    });
    await this.#parts.saveState().catch((err: unknown) => {
      log.warn({ err: errorMessage(err) }, 'state save failed');
    });
    const failed = results.filter((r) => r.failure).length;
    log.info({ round, block: snapshot.block, miners: results.length, failed }, 'round done');
    return { round, block: snapshot.block, results, weights };
  }

  /** Queues the answer's spot checks; a failing verification status zeroes the round score. */
  #verify(verifier: Verifier, result: MinerRoundResult, round: number, block: number): MinerRoundResult {
    if (result.skipped) return result;
    if (result.answer && !result.failure) verifier.observe(result.miner, round, block, result.answer);
    const failing = verifier.verdict(result.miner);
    // The answer is not kept past the round (the verifier holds what it checks).
    const { answer: _answer, ...rest } = result;
    return failing ? { ...rest, score: 0, failure: failing } : rest;
  }

  /** Up to `sample_size` miners, the least recently scored first (ties in random order). */
  #pick(miners: readonly MinerEntry[]): MinerEntry[] {
    const size = this.#parts.neuron.sampleSize;
    if (miners.length <= size) return [...miners];
    const last = (m: MinerEntry) => {
      const entry = this.#parts.scores.get(m.uid);
      return entry && entry.hotkey === m.hotkey ? entry.lastRound : -1;
    };
    return miners
      .map((m) => ({ m, last: last(m), tie: Math.random() }))
      .sort((a, b) => a.last - b.last || a.tie - b.tie)
      .slice(0, size)
      .map((x) => x.m);
  }

  #updateScoreGauges(snapshot: MetagraphSnapshot): void {
    const { metrics, scores, calibration } = this.#parts;
    metrics.minerScore.reset();
    metrics.minerCalibrationError.reset();
    metrics.minerVerification.reset();
    const { verifier } = this.#parts;
    for (const miner of snapshot.miners) {
      const labels = { uid: String(miner.uid), hotkey: miner.hotkey, domain: miner.domain };
      const ece = calibration.ece(miner.uid, miner.hotkey);
      if (ece !== undefined) metrics.minerCalibrationError.set(labels, ece);
      const verification = verifier?.status(miner.uid, miner.hotkey);
      if (verification) {
        metrics.minerVerification.set(
          { uid: labels.uid, hotkey: miner.hotkey, status: verification.status },
          1,
        );
      }
      const entry = scores.get(miner.uid);
      if (!entry || entry.hotkey !== miner.hotkey) continue;
      metrics.minerScore.set(labels, entry.score);
    }
  }

  #weights(snapshot: MetagraphSnapshot): U16Weights | undefined {
    const { neuron, scores, verifier } = this.#parts;
    const hp = snapshot.hyperparams;
    // A failing verification status (or a bundle not verified yet) is worth nothing while it holds,
    // whatever the average carries.
    const failing = new Set(snapshot.miners.filter((m) => verifier?.holdsWeight(m)).map((m) => m.uid));
    return weightsForChain({
      miners: snapshot.miners,
      averages: scores.entries().map((e) => (failing.has(e.uid) ? { ...e, score: 0 } : e)),
      limits: {
        n: snapshot.metagraph.n,
        minAllowedWeights: hp.minAllowedWeights,
        maxWeightsLimit: hp.maxWeightsLimit,
      },
      settings: neuron,
    });
  }

  #offerWeights(snapshot: MetagraphSnapshot): U16Weights | undefined {
    try {
      const weights = this.#weights(snapshot);
      if (weights) this.#parts.weightSetter.offer(weights);
      return weights;
    } catch (err) {
      this.#parts.log.error({ err: errorMessage(err) }, 'could not compute weights this round');
      return undefined;
    }
  }
}
