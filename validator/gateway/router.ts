/**
 * Routes a classify request to the miners of its domain.
 *
 * Candidates are the miners of the domain (and task) ordered by the validator's moving-average score.
 * Users get the best answer: requests go to the best-scoring healthy miner, and load is spread only
 * over miners whose score is within `spreadMargin` (relative, default 5 %) of the best, at most `spread`
 * of them (fewest requests in flight from this gateway first, round-robin among equals). A weak miner
 * is never picked first just because the domain has three miners. The others are fallbacks, tried in score order when a miner times out,
 * fails its signature, answers malformed or cannot be reached. A miner that failed is put behind the
 * healthy ones for `cooldownMs`, so a dead miner does not cost every request a connect attempt.
 * With `redundancy: k`, k miners answer the same texts and each text gets the majority label with the
 * share of miners that agree.
 *
 * A request the miner client refuses before sending (`INVALID_REQUEST`: it breaks the wire limits) is
 * the caller's fault: it ends the request with a 400 and never counts against a miner (no cooldown, no
 * attempt reported, so no ledger failure and no metric).
 */
import { errorMessage } from '../../shared/errors.js';
import { blamesMiner, MinerClientError, type MinerFailure } from '../errors.js';
import type { MinerConnections } from '../miners/index.js';
import { GatewayError } from './errors.js';
import { type Answer, combine, round, signedInfo, signedResponse } from './provenance.js';
import type { ClassifyRequest, ClassifyResponse, GatewayMiner, GatewayView } from './types.js';

/** How one miner attempt ended: ok, a miner failure, or LABELS (answer over a different label set). */
export type AttemptOutcome = 'ok' | Exclude<MinerFailure, 'INVALID_REQUEST'> | 'LABELS' | 'ERROR';

export interface RouterOptions {
  view: GatewayView;
  connections: MinerConnections;
  /** Most miners the load is spread over. Default 3. */
  spread?: number;
  /** Only miners scoring at least best × (1 − spreadMargin) share the load. Default 0.05. */
  spreadMargin?: number;
  /** Miners tried for one answer before giving up. Default 3. */
  maxAttempts?: number;
  /** Per-miner request timeout, ms. Default 5000. */
  timeoutMs?: number;
  /** How long a failed miner stays behind the healthy ones, ms. Default 30 000. */
  cooldownMs?: number;
  /** Called after every miner attempt (metrics, usage ledger). */
  onAttempt?: (miner: GatewayMiner, texts: number, outcome: AttemptOutcome, latencyMs: number) => void;
  now?: () => number;
}

/** Share of the best score a miner may fall short by and still take a share of the traffic. */
export const DEFAULT_SPREAD_MARGIN = 0.05;

export class MinerRouter {
  readonly #view: GatewayView;
  readonly #connections: MinerConnections;
  readonly #spread: number;
  readonly #spreadMargin: number;
  readonly #maxAttempts: number;
  readonly #timeoutMs: number;
  readonly #cooldownMs: number;
  readonly #onAttempt: RouterOptions['onAttempt'];
  readonly #now: () => number;
  /** Requests this gateway has in flight per uid. */
  readonly #inFlight = new Map<number, number>();
  /** uid → until when it stays behind the healthy miners (and for which hotkey). */
  readonly #cooldown = new Map<number, { hotkey: string; until: number }>();
  #turn = 0;

  constructor(options: RouterOptions) {
    this.#view = options.view;
    this.#connections = options.connections;
    this.#spread = Math.max(1, options.spread ?? 3);
    this.#spreadMargin = Math.min(1, Math.max(0, options.spreadMargin ?? DEFAULT_SPREAD_MARGIN));
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#onAttempt = options.onAttempt;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Miners of `domain` (and `task`), best first; the task defaults to the best miner's. */
  candidates(domain: string, task?: string): { task: string; labels: string[]; miners: GatewayMiner[] } {
    const ofDomain = this.#view
      .miners()
      .filter((m) => m.domain === domain && m.endpoint.port > 0)
      .sort(byScore);
    if (ofDomain.length === 0) {
      const served = [...new Set(this.#view.miners().map((m) => m.domain))].sort();
      throw new GatewayError(
        { code: 'NO_MINERS', domain },
        `no miner serves domain "${domain}"${served.length ? ` (served: ${served.join(', ')})` : ''}`,
      );
    }
    const chosenTask = task ?? ofDomain[0]?.task ?? '';
    const ofTask = ofDomain.filter((m) => m.task === chosenTask);
    if (ofTask.length === 0) {
      const tasks = [...new Set(ofDomain.map((m) => m.task))].sort();
      throw new GatewayError(
        { code: 'NO_MINERS', domain, task: chosenTask },
        `no miner serves task "${chosenTask}" of domain "${domain}" (served: ${tasks.join(', ')})`,
      );
    }
    // A commitment may publish only the hash of a long label list: then the labels come from the
    // first miner's signed info (empty here).
    const labels = ofTask.find((m) => m.labels.length > 0)?.labels ?? [];
    return { task: chosenTask, labels: [...labels], miners: ofTask };
  }

  async classify(request: ClassifyRequest): Promise<ClassifyResponse> {
    const started = this.#now();
    const { task, labels: declared, miners } = this.candidates(request.domain, request.task ?? undefined);
    const labels: { value: string[] | undefined } = { value: declared.length > 0 ? declared : undefined };
    const wanted = Math.min(request.redundancy ?? 1, miners.length);
    const queue = this.#order(miners);
    let budget = Math.min(queue.length, wanted + this.#maxAttempts - 1);
    const failures: string[] = [];
    let refused: GatewayError | undefined;

    const worker = async (): Promise<Answer | undefined> => {
      while (budget > 0 && !refused) {
        const miner = queue.shift();
        if (!miner) break;
        budget--;
        try {
          return await this.#ask(miner, request.texts, labels);
        } catch (err) {
          if (isLocalRefusal(err)) {
            // Every miner would be refused the same: stop, and tell the caller why.
            refused ??= new GatewayError({ code: 'BAD_REQUEST' }, `request refused: ${errorMessage(err)}`);
          } else failures.push(`uid ${miner.uid}: ${errorMessage(err)}`);
        }
      }
      return undefined;
    };
    const answers = (await Promise.all(Array.from({ length: wanted }, worker))).filter(
      (a): a is Answer => a !== undefined,
    );
    if (refused) throw refused;
    if (answers.length === 0 || labels.value === undefined) {
      throw new GatewayError(
        { code: 'ALL_MINERS_FAILED', domain: request.domain, attempts: failures.length },
        `no miner of "${request.domain}" answered (${failures.length} tried)`,
        { metaMessages: failures },
      );
    }
    const answerLabels = labels.value;
    return {
      domain: request.domain,
      task,
      labels: answerLabels,
      redundancy: { requested: request.redundancy ?? 1, answered: answers.length },
      results: request.texts.map((_, i) => combine(answerLabels, answers, i, request.texts.length)),
      latencyMs: round(this.#now() - started),
    };
  }

  /**
   * The healthy miners close to the best (at most `spread`) first, least loaded then round-robin;
   * then the rest by score; miners cooling down after a failure last.
   */
  #order(miners: GatewayMiner[]): GatewayMiner[] {
    const now = this.#now();
    const cooling = (m: GatewayMiner): boolean => {
      const c = this.#cooldown.get(m.uid);
      return c !== undefined && c.hotkey === m.hotkey && c.until > now;
    };
    const healthy = miners.filter((m) => !cooling(m));
    const cooled = miners.filter(cooling);
    const floor = (healthy[0]?.score ?? 0) * (1 - this.#spreadMargin);
    let close = 0;
    while (close < healthy.length && close < this.#spread && (healthy[close]?.score ?? 0) >= floor) close++;
    const top = healthy.slice(0, Math.max(1, close));
    const turn = this.#turn++ % Math.max(1, top.length);
    const rotated = [...top.slice(turn), ...top.slice(0, turn)];
    // Stable sort: equal loads keep the rotation.
    rotated.sort((a, b) => (this.#inFlight.get(a.uid) ?? 0) - (this.#inFlight.get(b.uid) ?? 0));
    return [...rotated, ...healthy.slice(top.length), ...cooled];
  }

  /** `labels.value`: the labels every answer must use; the first answer sets it when still unknown. */
  async #ask(miner: GatewayMiner, texts: string[], labels: { value: string[] | undefined }): Promise<Answer> {
    const started = this.#now();
    this.#inFlight.set(miner.uid, (this.#inFlight.get(miner.uid) ?? 0) + 1);
    let outcome: AttemptOutcome | 'NOT_SENT' = 'ERROR';
    try {
      const connection = await this.#connections.get(miner.endpoint);
      const result = await connection.classify(texts, { timeoutMs: this.#timeoutMs });
      const info = connection.admittedInfo;
      labels.value ??= [...info.labels];
      const expected = labels.value;
      // Miners of one task share its label order; another order would need re-ordering the signed
      // vectors, which would then no longer match the miner's payload.
      if (info.labels.length !== expected.length || info.labels.some((label, j) => label !== expected[j])) {
        outcome = 'LABELS';
        throw new Error(
          `miner uid ${miner.uid} serves labels [${info.labels.join(', ')}], not [${expected.join(', ')}]`,
        );
      }
      outcome = 'ok';
      this.#cooldown.delete(miner.uid);
      return {
        miner,
        probabilities: result.probabilities,
        modelSha256: info.modelSha256,
        result,
        response: signedResponse(result),
        info: signedInfo(info),
      };
    } catch (err) {
      if (isLocalRefusal(err)) {
        outcome = 'NOT_SENT';
        throw err;
      }
      if (err instanceof MinerClientError && err.failure !== 'INVALID_REQUEST') outcome = err.failure;
      // A connection that lied (bad signature, garbage) is not reused; the pool reopens it next time.
      if (outcome === 'BAD_SIGNATURE' || outcome === 'MALFORMED' || outcome === 'LABELS') {
        this.#connections.drop(miner.uid);
      }
      this.#cooldown.set(miner.uid, { hotkey: miner.hotkey, until: this.#now() + this.#cooldownMs });
      throw err;
    } finally {
      this.#inFlight.set(miner.uid, (this.#inFlight.get(miner.uid) ?? 1) - 1);
      if (outcome !== 'NOT_SENT') this.#onAttempt?.(miner, texts.length, outcome, this.#now() - started);
    }
  }
}

function byScore(a: GatewayMiner, b: GatewayMiner): number {
  return b.score - a.score || b.incentive - a.incentive || a.uid - b.uid;
}

/** Refused by the miner client before anything was sent (the request breaks the wire limits). */
function isLocalRefusal(err: unknown): boolean {
  return err instanceof MinerClientError && !blamesMiner(err.failure);
}
