/**
 * Evidence records on disk, `<stateDir>/evidence/<id>.json` (the exact bytes `check-evidence` takes),
 * next to the audit log. Records are content-addressed and never change, so the summaries read once
 * stay valid; a file that does not parse and verify as evidence is left out of listings.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeEvidence, type FraudEvidence, parseEvidence } from './evidence.js';

/** What `GET /v1/evidence` lists per record. */
export interface EvidenceSummary {
  id: string;
  time: string;
  block: number;
  netuid: number;
  uid: number;
  hotkey: string;
  validator: string;
  bundleDigest: string;
  executionProvider: string;
  /** Re-executed items in the record. */
  items: number;
  maxAbsDiff: number;
  tolerance: number;
}

export interface EvidenceQuery {
  /** Only this miner uid. */
  uid?: number;
  /** Newest first, at most this many. Default 100. */
  limit?: number;
}

/** What the gateway needs from the store. */
export interface EvidenceReader {
  list(query?: EvidenceQuery): Promise<EvidenceSummary[]>;
  /** The record's file bytes; undefined for an unknown (or malformed) id. */
  get(id: string): Promise<Uint8Array | undefined>;
}

export const EVIDENCE_ID = /^[0-9a-f]{32}$/;
const FILE = /^([0-9a-f]{32})\.json$/;

export class EvidenceStore implements EvidenceReader {
  readonly dir: string;
  readonly #summaries = new Map<string, EvidenceSummary>();
  /** Files seen that are not valid evidence (not re-read on every listing). */
  readonly #rejected = new Set<string>();

  /** Records live in `<stateDir>/evidence`. */
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'evidence');
  }

  /** Writes a record (temp file, fsync, rename); returns its id. Writing the same record again is a no-op. */
  async add(record: FraudEvidence): Promise<string> {
    const bytes = encodeEvidence(record);
    const path = join(this.dir, `${record.id}.json`);
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${record.id}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o644);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    this.#rejected.delete(record.id);
    this.#summaries.set(record.id, summaryOf(record));
    return record.id;
  }

  async get(id: string): Promise<Uint8Array | undefined> {
    if (!EVIDENCE_ID.test(id) || this.#rejected.has(id)) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(join(this.dir, `${id}.json`)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    // Serve only what verifies as the record of that id (a file dropped in the directory may not).
    if (!this.#summaries.has(id) && !this.#accept(id, bytes)) return undefined;
    return bytes;
  }

  async list(query: EvidenceQuery = {}): Promise<EvidenceSummary[]> {
    await this.#scan();
    const limit = query.limit ?? 100;
    return [...this.#summaries.values()]
      .filter((s) => query.uid === undefined || s.uid === query.uid)
      .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : a.id < b.id ? -1 : 1))
      .slice(0, Math.max(0, limit));
  }

  /** Reads the records not seen yet (written by an earlier run, or copied in). */
  async #scan(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const name of names) {
      const id = FILE.exec(name)?.[1];
      if (!id || this.#summaries.has(id) || this.#rejected.has(id)) continue;
      const bytes = await readFile(join(this.dir, name)).catch(() => undefined);
      if (bytes) this.#accept(id, new Uint8Array(bytes));
    }
  }

  /** Remembers the record when `bytes` verify as evidence with this id; false (and remembered) if not. */
  #accept(id: string, bytes: Uint8Array): boolean {
    const { record } = parseEvidence(bytes);
    if (record && record.id === id) {
      this.#summaries.set(id, summaryOf(record));
      return true;
    }
    this.#rejected.add(id);
    return false;
  }
}

export function summaryOf(record: FraudEvidence): EvidenceSummary {
  return {
    id: record.id,
    time: record.time,
    block: record.block,
    netuid: record.netuid,
    uid: record.miner.uid,
    hotkey: record.miner.hotkey,
    validator: record.validator,
    bundleDigest: record.bundleDigest,
    executionProvider: record.executionProvider,
    items: record.items.length,
    maxAbsDiff: record.maxAbsDiff,
    tolerance: record.tolerance,
  };
}
