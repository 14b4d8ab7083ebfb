/**
 * Routes a classify request to the miners of its domain.
 *
 * Candidates are the miners of the domain (and task) ordered by the validator's moving-average score.
 * Load is spread over the top `spread` of them (fewest requests in flight from this gateway first,
 * round-robin among equals); the others are fallbacks, tried in score order when a miner times out,
 * fails its signature, answers malformed or cannot be reached. A miner that failed is put behind the
 * healthy ones for `cooldownMs`, so a dead miner does not cost every request a connect attempt.
 * With `redundancy: k`, k miners answer the same texts and each text gets the majority label with the
 * share of miners that agree.
 */
import { errorMessage } from '../../shared/errors.js';
import { MinerClientError, type MinerFailure } from '../errors.js';
import type { ClassifyResult, MinerConnections } from '../miner-client.js';
import { GatewayError } from './errors.js';
import type {
  ClassifyItem,
  ClassifyRequest,
  ClassifyResponse,
  GatewayMiner,
  GatewayView,
  Provenance,
} from './types.js';

/** How one miner attempt ended: ok, a miner failure, or LABELS (answer over a different label set). */
export type AttemptOutcome = 'ok' | MinerFailure | 'LABELS' | 'ERROR';

export interface RouterOptions {
  view: GatewayView;
  connections: MinerConnections;
  /** Top miners (by score) the load is spread over. Default 3. */
  spread?: number;
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

interface Answer {
  miner: GatewayMiner;
  /** One vector per text, over the response's labels (the miner's own order). */
  probabilities: number[][];
  modelSha256: string;
  result: ClassifyResult;
}

export class MinerRouter {
  readonly #view: GatewayView;
  readonly #connections: MinerConnections;
  readonly #spread: number;
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
    const chosenTask = task ?? ofDomain[0]!.task;
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

    const worker = async (): Promise<Answer | undefined> => {
      while (budget > 0 && queue.length > 0) {
        budget--;
        const miner = queue.shift()!;
        try {
          return await this.#ask(miner, request.texts, labels);
        } catch (err) {
          failures.push(`uid ${miner.uid}: ${errorMessage(err)}`);
        }
      }
      return undefined;
    };
    const answers = (await Promise.all(Array.from({ length: wanted }, worker))).filter(
      (a): a is Answer => a !== undefined,
    );
    if (answers.length === 0) {
      throw new GatewayError(
        { code: 'ALL_MINERS_FAILED', domain: request.domain, attempts: failures.length },
        `no miner of "${request.domain}" answered (${failures.length} tried)`,
        { metaMessages: failures },
      );
    }
    return {
      domain: request.domain,
      task,
      labels: labels.value!,
      redundancy: { requested: request.redundancy ?? 1, answered: answers.length },
      results: request.texts.map((_, i) => combine(labels.value!, answers, i, request.texts.length)),
      latencyMs: round(this.#now() - started),
    };
  }

  /** Top `spread` healthy miners first (least loaded, then round-robin), then the rest by score. */
  #order(miners: GatewayMiner[]): GatewayMiner[] {
    const now = this.#now();
    const cooling = (m: GatewayMiner): boolean => {
      const c = this.#cooldown.get(m.uid);
      return c !== undefined && c.hotkey === m.hotkey && c.until > now;
    };
    const healthy = miners.filter((m) => !cooling(m));
    const cooled = miners.filter(cooling);
    const top = healthy.slice(0, this.#spread);
    const turn = this.#turn++ % Math.max(1, top.length);
    const rotated = [...top.slice(turn), ...top.slice(0, turn)];
    // Stable sort: equal loads keep the rotation.
    rotated.sort((a, b) => (this.#inFlight.get(a.uid) ?? 0) - (this.#inFlight.get(b.uid) ?? 0));
    return [...rotated, ...healthy.slice(this.#spread), ...cooled];
  }

  /** `labels.value`: the labels every answer must use; the first answer sets it when still unknown. */
  async #ask(miner: GatewayMiner, texts: string[], labels: { value: string[] | undefined }): Promise<Answer> {
    const started = this.#now();
    this.#inFlight.set(miner.uid, (this.#inFlight.get(miner.uid) ?? 0) + 1);
    let outcome: AttemptOutcome = 'ERROR';
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
      return { miner, probabilities: result.probabilities, modelSha256: info.modelSha256, result };
    } catch (err) {
      if (err instanceof MinerClientError) outcome = err.failure;
      // A connection that lied (bad signature, garbage) is not reused; the pool reopens it next time.
      if (outcome === 'BAD_SIGNATURE' || outcome === 'MALFORMED' || outcome === 'LABELS') {
        this.#connections.drop(miner.uid);
      }
      this.#cooldown.set(miner.uid, { hotkey: miner.hotkey, until: this.#now() + this.#cooldownMs });
      throw err;
    } finally {
      this.#inFlight.set(miner.uid, (this.#inFlight.get(miner.uid) ?? 1) - 1);
      this.#onAttempt?.(miner, texts.length, outcome, this.#now() - started);
    }
  }
}

function byScore(a: GatewayMiner, b: GatewayMiner): number {
  return b.score - a.score || b.incentive - a.incentive || a.uid - b.uid;
}

function argmax(vector: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < vector.length; i++) if (vector[i]! > vector[best]!) best = i;
  return best;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** One text's answer: majority label (ties to the higher mean probability), mean vector, provenance. */
function combine(labels: string[], answers: Answer[], index: number, batchSize: number): ClassifyItem {
  const votes = new Array<number>(labels.length).fill(0);
  const mean = new Array<number>(labels.length).fill(0);
  const provenance: Provenance[] = answers.map((answer) => {
    const vector = answer.probabilities[index]!;
    const top = argmax(vector);
    votes[top]! += 1;
    for (let j = 0; j < labels.length; j++) mean[j]! += vector[j]! / answers.length;
    return {
      uid: answer.miner.uid,
      hotkey: answer.miner.hotkey,
      modelSha256: answer.modelSha256,
      requestHash: answer.result.evidence.requestHash,
      responseHash: answer.result.evidence.responseHash,
      signature: answer.result.evidence.signature,
      label: labels[top]!,
      probabilities: vector,
      batchSize,
      latencyMs: round(answer.result.latencyMs),
      inferenceMs: answer.result.inferenceMs,
    };
  });
  let winner = 0;
  for (let j = 1; j < labels.length; j++) {
    if (votes[j]! > votes[winner]! || (votes[j] === votes[winner] && mean[j]! > mean[winner]!)) winner = j;
  }
  return {
    label: labels[winner]!,
    probabilities: mean,
    agreement: votes[winner]! / answers.length,
    provenance,
  };
}
