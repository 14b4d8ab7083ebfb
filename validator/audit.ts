/**
 * The audit log: per round, one JSON line per queried miner with the request hash, the miner's response
 * hash and signature (re-checkable offline with `verifyEvidence` and the miner's hotkey), and the scores,
 * then one `round` line with the weights offered. Files rotate per UTC day (`audit/YYYY-MM-DD.jsonl`),
 * the oldest beyond `keepDays` are deleted. A failed write is reported, never fatal.
 */
import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface MinerAuditRecord {
  kind: 'miner';
  round: number;
  block: number;
  time: string;
  uid: number;
  hotkey: string;
  domain: string;
  task: string;
  modelSha256: string;
  items: number;
  /** Hex hashes and signature from the miner's signed answer; absent when it gave none. */
  requestHash?: string;
  responseHash?: string;
  signature?: string;
  /** Mean item score (0..1) before the latency factor. */
  quality: number;
  latencyMs?: number;
  latencyFactor: number;
  /** Round score: quality × latency factor, 0 on any failure. */
  score: number;
  /** Moving average after this round. */
  average: number;
  failure?: string;
  /** Verification status after this round (issue 14) and why, for a failing one. */
  verification?: string;
  verificationDetail?: string;
}

export interface RoundAuditRecord {
  kind: 'round';
  round: number;
  block: number;
  time: string;
  validator: string;
  miners: number;
  /** u16 weights offered to the chain after this round (empty when none). */
  uids: number[];
  weights: number[];
}

export type AuditRecord = MinerAuditRecord | RoundAuditRecord;

const FILE = /^\d{4}-\d{2}-\d{2}\.jsonl$/;

export class AuditLog {
  readonly dir: string;
  readonly #keepDays: number;
  #ready: Promise<void> | undefined;
  #lastDay: string | undefined;

  constructor(dir: string, options: { keepDays?: number } = {}) {
    this.dir = dir;
    this.#keepDays = options.keepDays ?? 30;
  }

  /** The file records written at `date` go to. */
  fileFor(date: Date): string {
    return join(this.dir, `${date.toISOString().slice(0, 10)}.jsonl`);
  }

  /** Appends one round's records in a single write. */
  async write(records: readonly AuditRecord[], now = new Date()): Promise<void> {
    if (records.length === 0) return;
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.#ready;
    const text = records.map((r) => JSON.stringify(r)).join('\n');
    await appendFile(this.fileFor(now), `${text}\n`, 'utf8');
    const day = now.toISOString().slice(0, 10);
    if (day !== this.#lastDay) {
      this.#lastDay = day;
      await this.#prune(now);
    }
  }

  async #prune(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - this.#keepDays * 86_400_000).toISOString().slice(0, 10);
    for (const name of await readdir(this.dir)) {
      if (FILE.test(name) && name.slice(0, 10) < cutoff) await rm(join(this.dir, name), { force: true });
    }
  }
}
