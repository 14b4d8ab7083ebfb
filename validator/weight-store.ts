/**
 * The weight setter's own durable store: the commits it has yet to reveal (with their salts), the
 * timelocked commits the chain has yet to apply, the last weights it put on chain and its submission clock, in `<state.dir>/weights.json`. Written atomically
 * through `JsonStateFile` (temp file, fsync, rename, directory fsync; mode 0600: salts), checked against
 * a JSON schema on load. A file that is not what we wrote is set aside as `weights.json.corrupt` and the
 * setter starts fresh, as the validator's state file does.
 *
 * Validators before this store kept the same snapshot inside `state.json` (`weightSetter`); `load()`
 * takes it from there when `weights.json` does not exist yet, so a commit made before an upgrade is
 * still revealed.
 */
import { join } from 'node:path';
import { Ajv, type JSONSchemaType } from 'ajv';
import type { Logger } from '../shared/logger.js';
import { JsonStateFile, StateFileError } from './state.js';
import { WeightSetterError } from './weight-errors.js';

/** A commit whose salt we hold until it is revealed. Plain JSON: it lives in the store. */
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
  /**
   * Head block when waiting for the commit's inclusion timed out: it may still land. No new commit goes
   * while it is unconfirmed, and the grace before it is given up counts from here.
   */
  unknownSince?: number;
  /** The chain's record, once the commit has been seen there; absent while unconfirmed. */
  commitBlock?: number;
  firstRevealBlock?: number;
  lastRevealBlock?: number;
}

/**
 * A timelocked commit (`commit_timelocked_weights`) the chain has yet to apply: kept to watch for it being
 * applied (or dropped), and so a restart neither commits twice in an epoch nor forgets it. No secret.
 */
export interface TimelockedCommit {
  /** The epoch the chain files it under (`TimelockedWeightCommits[netuid, epoch]`). */
  epoch: number;
  /** u64 as decimal text: the drand round it opens at. */
  revealRound: string;
  uids: number[];
  weights: number[];
  versionKey: string;
  sentBlock: number;
  /** As `PendingCommit.unknownSince`: the inclusion wait timed out; it may still land. */
  unknownSince?: number;
  /** The block it landed in, once seen in `TimelockedWeightCommits`. */
  commitBlock?: number;
}

/** Extrinsics the setter sends (the metrics' `method` label). */
export type WeightsMethod = 'set_weights' | 'commit' | 'reveal' | 'commit_timelocked';

export interface WeightSetterSnapshot {
  pendingCommits: PendingCommit[];
  lastWeights?: { block: number; uids: number[]; weights: number[]; method: 'set' | 'commit' | 'reveal' };
  /** Block of the last successful `set_weights` or commit (the once-per-interval clock). */
  lastSubmittedBlock?: number;
  /** Timelocked commits not applied yet (absent in stores written before timelocked commits). */
  timelockedCommits?: TimelockedCommit[];
  /** The epoch of the last timelocked commit: one per epoch. */
  lastTimelockEpoch?: number;
  /** Whom the commits belong to: a snapshot of another hotkey or subnet is ignored on restore. */
  netuid?: number;
  hotkey?: string;
}

/** Where a snapshot goes whenever it changes (a `WeightStore`, or any `JsonStateFile` of snapshots). */
export interface WeightSnapshotSink {
  save(snapshot: WeightSetterSnapshot): Promise<void>;
}

export const WEIGHT_STORE_FILE = 'weights.json';

export class WeightStore implements WeightSnapshotSink {
  readonly #file: JsonStateFile<WeightSetterSnapshot>;

  constructor(stateDir: string) {
    this.#file = new JsonStateFile(join(stateDir, WEIGHT_STORE_FILE), parseWeightSetterSnapshot);
  }

  get path(): string {
    return this.#file.path;
  }

  /**
   * The saved snapshot; `legacy` (the `weightSetter` of an old all-in-one state file) when there is no
   * store yet, written to the store at once so the next state save may drop it. A corrupt store is set
   * aside (`.corrupt`) and treated as absent. Read errors other than corruption throw.
   */
  async load(log: Logger, legacy?: WeightSetterSnapshot): Promise<WeightSetterSnapshot | undefined> {
    let saved: WeightSetterSnapshot | undefined;
    try {
      saved = await this.#file.load();
    } catch (err) {
      if (!(err instanceof StateFileError) || err.code !== 'CORRUPT') throw err;
      // Sets the file aside and logs why; the setter starts fresh (an old state file's copy is older still).
      return this.#file.loadOrStartFresh(log);
    }
    if (saved || !legacy) return saved;
    await this.#file.save(legacy);
    log.info(
      { path: this.path, pending: legacy.pendingCommits.length },
      'weight commits moved from the state file to their own store',
    );
    return legacy;
  }

  save(snapshot: WeightSetterSnapshot): Promise<void> {
    return this.#file.save(snapshot);
  }
}

// ---- schema ---------------------------------------------------------------------------------------

const u16Array = { type: 'array', items: { type: 'integer', minimum: 0, maximum: 0xffff } } as const;
const block = { type: 'integer', minimum: 0 } as const;
const optionalBlock = { type: 'integer', minimum: 0, nullable: true } as const;

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
          sentBlock: block,
          unknownSince: optionalBlock,
          commitBlock: optionalBlock,
          firstRevealBlock: optionalBlock,
          lastRevealBlock: optionalBlock,
        },
        required: ['hash', 'uids', 'weights', 'salt', 'versionKey', 'sentBlock'],
        additionalProperties: false,
      },
    },
    lastWeights: {
      type: 'object',
      nullable: true,
      properties: {
        block,
        uids: u16Array,
        weights: u16Array,
        method: { type: 'string', enum: ['set', 'commit', 'reveal'] },
      },
      required: ['block', 'uids', 'weights', 'method'],
      additionalProperties: false,
    },
    lastSubmittedBlock: optionalBlock,
    timelockedCommits: {
      type: 'array',
      nullable: true,
      items: {
        type: 'object',
        properties: {
          epoch: block,
          revealRound: { type: 'string', pattern: '^[0-9]{1,20}$' },
          uids: u16Array,
          weights: u16Array,
          versionKey: { type: 'string', pattern: '^[0-9]{1,20}$' },
          sentBlock: block,
          unknownSince: optionalBlock,
          commitBlock: optionalBlock,
        },
        required: ['epoch', 'revealRound', 'uids', 'weights', 'versionKey', 'sentBlock'],
        additionalProperties: false,
      },
    },
    lastTimelockEpoch: optionalBlock,
    netuid: { type: 'integer', minimum: 0, maximum: 0xffff, nullable: true },
    hotkey: { type: 'string', nullable: true },
  },
  required: ['pendingCommits'],
  additionalProperties: false,
};

const validateSnapshot = new Ajv({ allErrors: false }).compile(snapshotSchema);

function badSnapshot(reason: string): WeightSetterError {
  return new WeightSetterError({ code: 'BAD_SNAPSHOT', reason }, `bad weight setter snapshot: ${reason}`);
}

/** Checks a saved `WeightSetterSnapshot` (the store's `parse`); `BAD_SNAPSHOT` naming the first fault. */
export function parseWeightSetterSnapshot(json: unknown): WeightSetterSnapshot {
  if (!validateSnapshot(json)) {
    const first = validateSnapshot.errors?.[0];
    throw badSnapshot(first ? `${first.instancePath || '/'} ${first.message}` : 'invalid');
  }
  for (const commit of [...json.pendingCommits, ...(json.timelockedCommits ?? [])]) {
    if (commit.uids.length !== commit.weights.length) {
      throw badSnapshot(
        `commit ${'hash' in commit ? commit.hash : `to round ${commit.revealRound}`}: ${commit.uids.length} uids, ${commit.weights.length} weights`,
      );
    }
  }
  return json;
}
