/**
 * What the gateway routes by (`GatewayView`), read from the validator's live state: the current miners
 * with their moving-average scores, incentive and emission from the last metagraph snapshot, and the
 * emission of the recent epochs (one entry per epoch, from the first snapshot seen in it).
 */
import { epochIndex } from '../shared/subtensor/epoch.js';
import type { CalibrationTracker } from './calibration.js';
import type { EmissionEpoch, GatewayMiner, GatewayView } from './gateway/types.js';
import type { MetagraphSnapshot } from './metagraph.js';
import type { MovingAverageScores } from './scoring.js';
import type { MinerVerification } from './verify/verifier.js';

const EMISSION_HISTORY = 64;

export class ValidatorGatewayView implements GatewayView {
  readonly #metagraph: { readonly snapshot: MetagraphSnapshot | undefined };
  readonly #scores: MovingAverageScores;
  readonly #calibration: CalibrationTracker | undefined;
  readonly #verification: { status(uid: number, hotkey: string): MinerVerification | undefined } | undefined;
  readonly #emission: EmissionEpoch[] = [];

  constructor(
    metagraph: { readonly snapshot: MetagraphSnapshot | undefined },
    scores: MovingAverageScores,
    calibration?: CalibrationTracker,
    verification?: { status(uid: number, hotkey: string): MinerVerification | undefined },
  ) {
    this.#metagraph = metagraph;
    this.#scores = scores;
    this.#calibration = calibration;
    this.#verification = verification;
  }

  miners(): GatewayMiner[] {
    const snapshot = this.#metagraph.snapshot;
    if (!snapshot) return [];
    const index = new Map(snapshot.metagraph.uids.map((uid, i) => [uid, i]));
    return snapshot.miners.map((miner) => {
      const entry = this.#scores.get(miner.uid);
      const i = index.get(miner.uid) ?? -1;
      const verification = this.#verification?.status(miner.uid, miner.hotkey);
      return {
        uid: miner.uid,
        hotkey: miner.hotkey,
        domain: miner.domain,
        task: miner.task,
        labels: miner.labels ?? [],
        modelSha256: miner.modelSha256,
        score: entry && entry.hotkey === miner.hotkey ? entry.score : 0,
        ece: this.#calibration?.ece(miner.uid, miner.hotkey) ?? null,
        ...(verification
          ? {
              verification: {
                status: verification.status,
                detail: verification.detail ?? null,
                evidenceIds: verification.evidenceIds,
              },
            }
          : {}),
        incentive: snapshot.metagraph.incentive[i] ?? 0,
        emission: snapshot.metagraph.emission[i] ?? 0n,
        endpoint: { uid: miner.uid, hotkey: miner.hotkey, ip: miner.ip, port: miner.port },
      };
    });
  }

  block(): number {
    return this.#metagraph.snapshot?.block ?? 0;
  }

  emissionHistory(): EmissionEpoch[] {
    return [...this.#emission];
  }

  /** Every metagraph sync: records the emission of an epoch not seen yet. */
  noteSnapshot(snapshot: MetagraphSnapshot): void {
    const { tempo, netuid } = snapshot.hyperparams;
    if (tempo <= 0) return;
    const epoch = epochIndex(netuid, tempo, snapshot.block);
    const last = this.#emission.at(-1);
    if (last && epochIndex(netuid, tempo, last.block) === epoch) return;
    const byUid: Record<number, string> = {};
    snapshot.metagraph.uids.forEach((uid, i) => {
      byUid[uid] = (snapshot.metagraph.emission[i] ?? 0n).toString();
    });
    this.#emission.push({ block: snapshot.block, byUid });
    if (this.#emission.length > EMISSION_HISTORY) this.#emission.shift();
  }
}
