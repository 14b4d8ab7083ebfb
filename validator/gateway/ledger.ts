/**
 * Usage counters per API key and per miner: the ledger a paid model market would settle from.
 * Kept in memory, flushed to a JSON file when dirty (every `flushMs`) and on close.
 */
import type { Logger } from '../../shared/logger.js';
import { JsonStateFile } from '../state.js';

export const LEDGER_VERSION = 1;

export interface KeyUsage {
  /** Classify requests accepted (HTTP or WebSocket). */
  requests: number;
  /** Texts classified for this key. */
  texts: number;
  /** Requests that failed after admission (no miner could answer). */
  failed: number;
  lastUsedAt: string;
}

export interface MinerUsage {
  uid: number;
  /** Batches this miner answered, and the texts in them. */
  requests: number;
  texts: number;
  /** Batches that failed on this miner (timeout, bad signature, error). */
  failures: number;
  lastUsedAt: string;
}

export interface LedgerSnapshot {
  since: string;
  keys: Record<string, KeyUsage>;
  /** By miner hotkey (a uid can be re-registered by someone else). */
  miners: Record<string, MinerUsage>;
}

function emptyLedger(now: Date): LedgerSnapshot {
  return { since: now.toISOString(), keys: {}, miners: {} };
}

function parseLedger(path: string, json: unknown): LedgerSnapshot {
  const l = json as Partial<LedgerSnapshot>;
  const ok =
    typeof l === 'object' &&
    l !== null &&
    typeof l.since === 'string' &&
    typeof l.keys === 'object' &&
    l.keys !== null &&
    typeof l.miners === 'object' &&
    l.miners !== null;
  if (!ok) throw new Error(`usage ledger ${path} lacks since/keys/miners`);
  return l as LedgerSnapshot;
}

export class UsageLedger {
  readonly #file: JsonStateFile<LedgerSnapshot> | undefined;
  #data: LedgerSnapshot;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  readonly #log: Logger;

  private constructor(file: JsonStateFile<LedgerSnapshot> | undefined, data: LedgerSnapshot, log: Logger) {
    this.#file = file;
    this.#data = data;
    this.#log = log;
  }

  get path(): string | undefined {
    return this.#file?.path;
  }

  /**
   * Loads the ledger at `path` (a missing file starts empty; a corrupt one is kept aside as `.corrupt`
   * and logged, never a crash); without a path it lives in memory only.
   */
  static async open(path: string | undefined, log: Logger, flushMs = 5_000): Promise<UsageLedger> {
    const file = path
      ? new JsonStateFile(path, (json) => parseLedger(path, json), { schemaVersion: LEDGER_VERSION })
      : undefined;
    const data = (await file?.loadOrStartFresh(log)) ?? emptyLedger(new Date());
    const ledger = new UsageLedger(file, data, log);
    if (file) {
      ledger.#timer = setInterval(() => void ledger.flush(), flushMs);
      ledger.#timer.unref();
    }
    return ledger;
  }

  recordKey(keyId: string, texts: number, ok: boolean, now: Date = new Date()): void {
    this.#data.keys[keyId] ??= { requests: 0, texts: 0, failed: 0, lastUsedAt: '' };
    const usage = this.#data.keys[keyId];
    usage.requests += 1;
    if (ok) usage.texts += texts;
    else usage.failed += 1;
    usage.lastUsedAt = now.toISOString();
    this.#dirty = true;
  }

  recordMiner(hotkey: string, uid: number, texts: number, ok: boolean, now: Date = new Date()): void {
    this.#data.miners[hotkey] ??= { uid, requests: 0, texts: 0, failures: 0, lastUsedAt: '' };
    const usage = this.#data.miners[hotkey];
    usage.uid = uid;
    if (ok) {
      usage.requests += 1;
      usage.texts += texts;
    } else usage.failures += 1;
    usage.lastUsedAt = now.toISOString();
    this.#dirty = true;
  }

  key(keyId: string): KeyUsage | undefined {
    const usage = this.#data.keys[keyId];
    return usage && { ...usage };
  }

  snapshot(): LedgerSnapshot {
    return structuredClone(this.#data);
  }

  /** Writes the ledger if it changed; never throws (a failed write is logged and retried later). */
  flush(): Promise<void> {
    const file = this.#file;
    if (!file || !this.#dirty) return this.#writing;
    this.#dirty = false;
    const data = this.snapshot();
    this.#writing = file.save(data).catch((err) => {
      this.#dirty = true;
      this.#log.warn({ err, path: file.path }, 'gateway usage ledger write failed');
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
