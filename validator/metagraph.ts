/**
 * The validator's view of its subnet: metagraph + every miner commitment + hyperparameters, refreshed
 * every few blocks. The miner list is the neurons serving an Expertnet WebSocket axon (protocol 2) with
 * a valid model commitment, without ourselves. While the chain is unreachable the last good snapshot
 * stays in use (rounds go on); a miner whose committed model hash changes is noted in the log.
 */

import { chainErrorName } from '../shared/chain/errors.js';
import {
  AXON_PROTOCOL_WEBSOCKET,
  type ChainClient,
  type CommitmentRecord,
  type DecodedModelCommitment,
  decodeModelCommitment,
  labelsHash,
  type Metagraph,
  type SubnetHyperparams,
} from '../shared/chain/index.js';
import { getTask } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export interface MinerEntry {
  uid: number;
  hotkey: string;
  coldkey: string;
  ip: string;
  port: number;
  domain: string;
  task: string;
  /**
   * Committed labels; when only their hash fits on chain, the task's canonical labels if the hash is
   * theirs; else undefined (the miner's `info` has them).
   */
  labels: string[] | undefined;
  labelsHash: Uint8Array;
  /** The committed 32-byte hash, hex: the bundle digest, or the ONNX sha256 of an old commitment. */
  modelSha256: string;
  /** The committed bundle digest; undefined for an old `expertnet/1` commitment (unverifiable). */
  bundleDigest: string | undefined;
  /** Block the commitment was registered in (the earliest commitment of a digest is the original). */
  commitBlock: number;
}

export interface MetagraphSnapshot {
  block: number;
  metagraph: Metagraph;
  hyperparams: SubnetHyperparams;
  miners: MinerEntry[];
  /** Every registered uid's hotkey (for score pruning and re-registration). */
  hotkeysByUid: Map<number, string>;
  /** Our uid, undefined when our hotkey is not registered (any more). */
  ownUid: number | undefined;
}

export interface MetagraphSyncOptions {
  chain: ChainClient;
  netuid: number;
  ownHotkey: string;
  log: Logger;
  /** Refresh when this many blocks passed since the snapshot. Default 5. */
  refreshBlocks?: number;
  onSync?: (snapshot: MetagraphSnapshot) => void;
  onChainError?: (errorName: string) => void;
}

export class MetagraphSync {
  readonly #options: MetagraphSyncOptions;
  readonly #refreshBlocks: number;
  #snapshot: MetagraphSnapshot | undefined;
  #inFlight: Promise<MetagraphSnapshot | undefined> | undefined;
  #failing = false;

  constructor(options: MetagraphSyncOptions) {
    this.#options = options;
    this.#refreshBlocks = options.refreshBlocks ?? 5;
  }

  /** The last good snapshot (undefined until the first sync succeeded). */
  get snapshot(): MetagraphSnapshot | undefined {
    return this.#snapshot;
  }

  /** Reads the chain now; on failure logs, counts and keeps the previous snapshot. Never throws. */
  refresh(): Promise<MetagraphSnapshot | undefined> {
    this.#inFlight ??= this.#read().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** New head: refresh when the snapshot is `refreshBlocks` old (one read at a time). */
  onBlock(block: number): void {
    const last = this.#snapshot?.block;
    if (this.#inFlight) return;
    if (last === undefined || block - last >= this.#refreshBlocks || block < last) void this.refresh();
  }

  async #read(): Promise<MetagraphSnapshot | undefined> {
    const { chain, netuid, log } = this.#options;
    try {
      const [metagraph, commitments, hyperparams] = await Promise.all([
        chain.metagraph(netuid),
        chain.commitmentRecords(netuid),
        chain.hyperparams(netuid),
      ]);
      const snapshot = buildSnapshot(metagraph, commitments, hyperparams, this.#options.ownHotkey);
      this.#noteChanges(this.#snapshot, snapshot);
      this.#snapshot = snapshot;
      if (this.#failing) log.info({ block: snapshot.block }, 'metagraph sync recovered');
      this.#failing = false;
      this.#options.onSync?.(snapshot);
      return snapshot;
    } catch (err) {
      const name = chainErrorName(err);
      this.#options.onChainError?.(name);
      // One warning per outage, not one per block.
      if (!this.#failing) {
        log.warn(
          { err: errorMessage(err), error: name, keptBlock: this.#snapshot?.block },
          'metagraph sync failed; keeping the last snapshot',
        );
      }
      this.#failing = true;
      return this.#snapshot;
    }
  }

  #noteChanges(before: MetagraphSnapshot | undefined, after: MetagraphSnapshot): void {
    const { log } = this.#options;
    if (!before) {
      log.info({ block: after.block, n: after.metagraph.n, miners: after.miners.length }, 'metagraph synced');
      return;
    }
    const previous = new Map(before.miners.map((m) => [m.hotkey, m]));
    for (const miner of after.miners) {
      const old = previous.get(miner.hotkey);
      if (!old) {
        log.info({ uid: miner.uid, hotkey: miner.hotkey, domain: miner.domain }, 'new miner');
      } else if (old.modelSha256 !== miner.modelSha256) {
        log.info(
          { uid: miner.uid, hotkey: miner.hotkey, from: old.modelSha256, to: miner.modelSha256 },
          'miner changed its committed model',
        );
      }
    }
  }
}

/** Pure: turns chain reads into the miner list. */
export function buildSnapshot(
  metagraph: Metagraph,
  commitments: ReadonlyMap<string, CommitmentRecord>,
  hyperparams: SubnetHyperparams,
  ownHotkey: string,
): MetagraphSnapshot {
  const miners: MinerEntry[] = [];
  const hotkeysByUid = new Map<number, string>();
  let ownUid: number | undefined;
  for (let i = 0; i < metagraph.n; i++) {
    const uid = metagraph.uids[i]!;
    const hotkey = metagraph.hotkeys[i]!;
    hotkeysByUid.set(uid, hotkey);
    if (hotkey === ownHotkey) {
      ownUid = uid;
      continue;
    }
    const axon = metagraph.axons[i];
    if (!axon || axon.protocol !== AXON_PROTOCOL_WEBSOCKET || axon.port === 0) continue;
    if (axon.ip === '0.0.0.0' || axon.ip === '::') continue;
    const record = commitments.get(hotkey);
    const model = record ? decodeModelCommitment(record.fields) : undefined;
    if (!model) continue;
    miners.push({
      uid,
      hotkey,
      coldkey: metagraph.coldkeys[i]!,
      ip: axon.ip,
      port: axon.port,
      domain: model.domain,
      task: model.task,
      labels: model.labels ?? canonicalLabels(model),
      labelsHash: model.labelsHash,
      modelSha256: model.modelSha256,
      bundleDigest: model.bundleDigest,
      commitBlock: record?.block ?? 0,
    });
  }
  return { block: metagraph.block, metagraph, hyperparams, miners, hotkeysByUid, ownUid };
}

/** The task's own label list when the committed hash is its hash (the usual case for long lists). */
function canonicalLabels(model: DecodedModelCommitment): string[] | undefined {
  try {
    const labels = [...getTask(model.domain, model.task).labels];
    const hash = labelsHash(labels);
    return hash.length === model.labelsHash.length && hash.every((b, i) => b === model.labelsHash[i])
      ? labels
      : undefined;
  } catch {
    return undefined;
  }
}
