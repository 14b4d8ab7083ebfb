/**
 * The validator's accountability: one epoch seed per chain epoch (`epochSeed`), committed on chain
 * before the epoch's first round together with the hash of the epoch's data set items, revealed in the
 * next commitment and in the published audit, and the audit trail v2 of every round (docs/audit.md).
 *
 * The round loop calls `beginRound` (opens the epoch when it changed: closes the previous one, commits
 * the new seed, writes `epoch_start`; after a restart mid-epoch it writes `resume` and goes on at the
 * next round index) and `recordRound`; the weight setter's submissions come in through `noteWeights`.
 * Nothing here ever throws into the round loop: a failed commitment marks the epoch unauditable and the
 * rounds run anyway; a failed write is logged.
 */
import { readFile, truncate } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { u8aToHex } from '@polkadot/util';
import type { ChainClient, TxSigner } from '../../shared/chain/index.js';
import type { LabelledItem } from '../../shared/domains/index.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { epochIndex } from '../../shared/subtensor/epoch.js';
import { epochSeed } from '../challenges.js';
import type { MetagraphSnapshot } from '../metagraph.js';
import { AuditStore, type EpochListing } from './audit-store.js';
import type { AuditConfig, AuditRecordV2, AuditScore, SeedCommitment, WeightsRecord } from './audit-types.js';
import {
  decodeSeedCommitment,
  encodeSeedCommitment,
  type SeedReveal,
  seedCommitmentHash,
} from './commitment.js';
import { datasetHash, datasetReveal, epochDatasets } from './dataset.js';
import { metagraphRecord, offerKey, roundRecord, type TrailRoundInput } from './round-record.js';

export interface AuditTrailOptions {
  /** `<stateDir>/audit/epochs`. */
  dir: string;
  netuid: number;
  /** The validator's hotkey address and its signer for `set_commitment`. */
  hotkey: string;
  signer: TxSigner;
  chain: Pick<ChainClient, 'setCommitment' | 'commitmentRecords'>;
  /** The validator's long-lived secret: epoch seeds derive from it. */
  secret: Uint8Array;
  /** All `--dataset` items by `domain/task` (each epoch uses a draw of them). */
  datasets: ReadonlyMap<string, readonly LabelledItem[]>;
  config: AuditConfig;
  /** The moving averages now (for `epoch_start` / `resume`). */
  scores: () => AuditScore[];
  retainDays: number;
  /** How long an epoch's first round waits for its commitment to land. Default 60 s. */
  commitTimeoutMs?: number;
  log: Logger;
  /** Bytes appended per round (metrics). */
  onWrite?: (bytes: number) => void;
}

/** What a round needs from the trail: the epoch, its seed, the round index and the data set draw. */
export interface EpochRound {
  epoch: number;
  roundIndex: number;
  seed: Uint8Array;
  datasets: ReadonlyMap<string, readonly LabelledItem[]>;
}

interface OpenEpoch {
  epoch: number;
  seed: Uint8Array;
  datasets: Map<string, LabelledItem[]>;
  datasetHash: Uint8Array;
  nextRound: number;
  firstBlock: number | null;
  lastBlock: number | null;
  /** Digest of the last metagraph record written (a new one only on change). */
  metagraph: string;
}

/** Tries of a seed commitment, a second apart. */
const COMMIT_ATTEMPTS = 3;
const COMMIT_RETRY_MS = 1_000;
/** Offers remembered to tell which round a submitted vector came from. */
const MAX_OFFERS = 64;

export class AuditTrail {
  readonly store: AuditStore;
  readonly #opt: AuditTrailOptions;
  #open: OpenEpoch | undefined;
  #startup = true;
  /** Writes in order (rounds and weight notes come from different tasks). */
  #queue: Promise<unknown> = Promise.resolve();
  readonly #offers = new Map<string, { epoch: number; round: number }>();

  constructor(options: AuditTrailOptions) {
    this.#opt = options;
    this.store = new AuditStore(options.dir, options.netuid, { retainDays: options.retainDays });
  }

  /** The epoch of `snapshot`'s block, opened (committed) if it is a new one; never throws. */
  async beginRound(snapshot: MetagraphSnapshot): Promise<EpochRound> {
    const { netuid, tempo } = snapshot.hyperparams;
    const epoch = epochIndex(netuid, tempo, snapshot.block);
    if (this.#open?.epoch !== epoch) {
      await this.#serial(() => this.#openEpoch(epoch, snapshot)).catch((err: unknown) => {
        this.#opt.log.warn({ err: errorMessage(err), epoch }, 'audit: could not open the epoch');
      });
    }
    const open = this.#open?.epoch === epoch ? this.#open : this.#fallback(epoch);
    const roundIndex = open.nextRound;
    // The index is taken even if the round fails to be written: a gap shows a lost round.
    open.nextRound += 1;
    open.firstBlock ??= snapshot.block;
    open.lastBlock = snapshot.block;
    const metagraph = metagraphRecord(epoch, snapshot);
    const digest = JSON.stringify([
      metagraph.n,
      metagraph.minAllowedWeights,
      metagraph.maxWeightsLimit,
      metagraph.miners,
    ]);
    if (digest !== open.metagraph) {
      open.metagraph = digest;
      void this.#write(epoch, [metagraph]);
    }
    return { epoch, roundIndex, seed: open.seed, datasets: open.datasets };
  }

  /** Appends a round's record (and remembers its offered weights). */
  recordRound(round: EpochRound, input: TrailRoundInput): Promise<void> {
    const record = roundRecord(round, input);
    if (record.uids.length > 0) {
      this.#offers.set(offerKey(record.uids, record.weights), {
        epoch: round.epoch,
        round: round.roundIndex,
      });
      if (this.#offers.size > MAX_OFFERS) this.#offers.delete(this.#offers.keys().next().value ?? '');
    }
    return this.#write(round.epoch, [record]);
  }

  /** A submission landed: set, commit or reveal of `uids`/`weights` in `block`. */
  noteWeights(
    method: WeightsRecord['method'],
    landed: { block: number; uids: number[]; weights: number[] },
  ): void {
    const open = this.#open;
    if (!open) return;
    const from = this.#offers.get(offerKey(landed.uids, landed.weights));
    void this.#write(open.epoch, [
      {
        v: 2,
        kind: 'weights',
        epoch: open.epoch,
        method,
        block: landed.block,
        time: new Date().toISOString(),
        uids: landed.uids,
        weights: landed.weights,
        ...(from && { fromRound: from.round, fromEpoch: from.epoch }),
      },
    ]);
  }

  /** Epochs on disk, for the gateway. */
  list(): Promise<EpochListing[]> {
    return this.store.list();
  }

  /** The file holding `epoch` now (closed or open), for the gateway. */
  locate(epoch: number): ReturnType<AuditStore['locate']> {
    return this.store.locate(epoch);
  }

  /** Resolves when every write queued so far is done (the epoch stays open: a restart resumes it). */
  async flush(): Promise<void> {
    await this.#queue;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #write(epoch: number, records: AuditRecordV2[]): Promise<void> {
    return this.#serial(async () => {
      const bytes = await this.store.append(epoch, records);
      this.#opt.onWrite?.(bytes);
    }).catch((err: unknown) => {
      this.#opt.log.warn({ err: errorMessage(err), epoch }, 'audit write failed');
    });
  }

  /** Seeds for an epoch that could not be opened (rounds must run anyway). */
  #fallback(epoch: number): OpenEpoch {
    const open = this.#epochParts(epoch, 0);
    this.#open = open;
    return open;
  }

  #epochParts(epoch: number, nextRound: number): OpenEpoch {
    const seed = epochSeed(this.#opt.secret, this.#opt.netuid, epoch);
    const datasets = epochDatasets(this.#opt.datasets, seed);
    return {
      epoch,
      seed,
      datasets,
      datasetHash: datasetHash(datasetReveal(datasets)),
      nextRound,
      firstBlock: null,
      lastBlock: null,
      metagraph: '',
    };
  }

  async #openEpoch(epoch: number, snapshot: MetagraphSnapshot): Promise<void> {
    const log = this.#opt.log;
    let reveal: SeedReveal | undefined;
    if (this.#open) {
      const previous = this.#open;
      this.#open = undefined;
      await this.#closeEpoch(previous, snapshot.block);
      reveal = { epoch: previous.epoch, seed: previous.seed, datasetHash: previous.datasetHash };
    }
    if (this.#startup) {
      this.#startup = false;
      const found = await this.#recover(epoch, snapshot);
      if (found.resumed) return;
      reveal ??= found.reveal;
    }
    const open = this.#epochParts(epoch, 0);
    const commitment = await this.#commit(open, reveal);
    if (commitment.block === null) {
      log.warn({ epoch, reason: commitment.reason }, 'seed commitment failed: this epoch is unauditable');
    } else log.info({ epoch, block: commitment.block }, 'epoch seed committed');
    this.#open = open;
    await this.store.append(epoch, [
      {
        v: 2,
        kind: 'epoch_start',
        netuid: this.#opt.netuid,
        epoch,
        block: snapshot.block,
        time: new Date().toISOString(),
        validator: this.#opt.hotkey,
        tempo: snapshot.hyperparams.tempo,
        commitment,
        auditable: commitment.block !== null,
        ...(commitment.block === null && {
          reason: `seed commitment failed: ${commitment.reason ?? 'unknown'}`,
        }),
        config: this.#opt.config,
        scores: this.#opt.scores(),
      },
    ]);
  }

  /**
   * After a start: closes epochs a previous run left open (before `epoch`), resumes `epoch` when its
   * file exists, and finds the latest earlier epoch to reveal.
   */
  async #recover(
    epoch: number,
    snapshot: MetagraphSnapshot,
  ): Promise<{ resumed: boolean; reveal?: SeedReveal }> {
    const listing = await this.store.list();
    let latest: number | undefined;
    let resumed = false;
    for (const entry of listing) {
      if (entry.epoch < epoch) {
        latest = entry.epoch;
        if (entry.status === 'open') {
          const found = await this.#scanOpen(entry.epoch);
          await this.#closeEpoch(
            { ...this.#epochParts(entry.epoch, found.nextRound), ...found },
            snapshot.block,
          );
        }
      } else if (entry.epoch === epoch && entry.status === 'open') {
        const found = await this.#scanOpen(epoch);
        const open: OpenEpoch = { ...this.#epochParts(epoch, found.nextRound), ...found };
        this.#open = open;
        await this.store.append(epoch, [
          {
            v: 2,
            kind: 'resume',
            epoch,
            block: snapshot.block,
            time: new Date().toISOString(),
            nextRound: open.nextRound,
            config: this.#opt.config,
            scores: this.#opt.scores(),
          },
        ]);
        this.#opt.log.info({ epoch, nextRound: open.nextRound }, 'audit: resumed the open epoch');
        resumed = true;
      }
    }
    if (latest === undefined) return { resumed };
    const parts = this.#epochParts(latest, 0);
    return { resumed, reveal: { epoch: latest, seed: parts.seed, datasetHash: parts.datasetHash } };
  }

  /** The next round index and blocks of an open file a previous run left (a cut last line is dropped). */
  async #scanOpen(
    epoch: number,
  ): Promise<{ nextRound: number; firstBlock: number | null; lastBlock: number | null }> {
    const path = this.store.openPath(epoch);
    const text = await readFile(path, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) await truncate(path, Buffer.byteLength(text.slice(0, end)));
    let nextRound = 0;
    let firstBlock: number | null = null;
    let lastBlock: number | null = null;
    for (const line of text.slice(0, end).split('\n')) {
      if (!line.startsWith('{"v":2,"kind":"round"')) continue;
      try {
        const record = JSON.parse(line) as { round: number; block: number };
        nextRound = Math.max(nextRound, record.round + 1);
        firstBlock ??= record.block;
        lastBlock = record.block;
      } catch {
        // A broken line is the reader's to report; the round count comes from the others.
      }
    }
    return { nextRound, firstBlock, lastBlock };
  }

  async #closeEpoch(open: OpenEpoch, block: number): Promise<void> {
    const reveal = this.#opt.config.revealDataset ? datasetReveal(open.datasets) : null;
    await this.store.append(open.epoch, [
      {
        v: 2,
        kind: 'epoch_end',
        epoch: open.epoch,
        block,
        time: new Date().toISOString(),
        rounds: open.nextRound,
        seed: u8aToHex(open.seed),
        datasetHash: u8aToHex(open.datasetHash),
        dataset: reveal,
      },
    ]);
    await this.store.close(open.epoch, {
      firstBlock: open.firstBlock,
      lastBlock: open.lastBlock,
      rounds: open.nextRound,
    });
  }

  /**
   * Puts the seed commitment on chain and reads back the block it landed in. Up to `COMMIT_ATTEMPTS`
   * tries a second apart, so one transient failure (a dropped connection, a pool refusal, a timeout)
   * does not cost the epoch its audit; the nonce race with the weight setter, which signs with the
   * same hotkey, is settled in `submitExtrinsic` (one key's submissions reach the pool in turn). A try
   * that timed out may still have landed: each retry looks first.
   */
  async #commit(open: OpenEpoch, reveal: SeedReveal | undefined): Promise<SeedCommitment> {
    const hash = seedCommitmentHash(open.seed, open.datasetHash);
    const hex = u8aToHex(hash);
    const { chain, netuid, hotkey, signer } = this.#opt;
    const landed = async (): Promise<number | undefined> => {
      const record = (await chain.commitmentRecords(netuid)).get(hotkey);
      const fields = record && decodeSeedCommitment(record.fields);
      return fields?.epoch === open.epoch && u8aToHex(fields.hash) === hex ? record?.block : undefined;
    };
    const fields = encodeSeedCommitment({ epoch: open.epoch, hash, reveal });
    let reason = 'not attempted';
    for (let attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
      try {
        if (attempt > 1) {
          await delay(COMMIT_RETRY_MS);
          const block = await landed();
          if (block !== undefined) return { hash: hex, block };
        }
        await chain.setCommitment(signer, netuid, fields, { timeoutMs: this.#opt.commitTimeoutMs ?? 60_000 });
        const block = await landed();
        if (block !== undefined) return { hash: hex, block };
        reason = 'the commitment is not on chain after inclusion';
      } catch (err) {
        reason = errorMessage(err);
      }
    }
    return { hash: hex, block: null, reason };
  }
}
