/**
 * The audit trail's files: `<dir>/<netuid>-<epoch>.jsonl` while the epoch is open (one append per
 * round), `<netuid>-<epoch>.jsonl.gz` once it is closed, with a `<netuid>-<epoch>.meta.json` sidecar
 * (first/last block, rounds) so that listing never reads the epochs. Closed epochs older than
 * `retainDays` (by the time they were closed) are deleted.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { AuditRecordV2 } from './audit-types.js';

export interface EpochListing {
  netuid: number;
  epoch: number;
  status: 'open' | 'closed';
  /** First and last block a record of the epoch names (null when not known). */
  firstBlock: number | null;
  lastBlock: number | null;
  rounds: number | null;
  /** Size on disk (compressed for a closed epoch). */
  bytes: number;
}

export interface EpochMeta {
  firstBlock: number | null;
  lastBlock: number | null;
  rounds: number;
}

const NAME = /^(\d+)-(\d+)\.(jsonl|jsonl\.gz|meta\.json)$/;
const DAY_MS = 86_400_000;

export class AuditStore {
  readonly dir: string;
  readonly netuid: number;
  readonly #retainDays: number;
  #ready: Promise<void> | undefined;

  constructor(dir: string, netuid: number, options: { retainDays?: number } = {}) {
    this.dir = dir;
    this.netuid = netuid;
    this.#retainDays = options.retainDays ?? 30;
  }

  openPath(epoch: number): string {
    return join(this.dir, `${this.netuid}-${epoch}.jsonl`);
  }

  closedPath(epoch: number): string {
    return join(this.dir, `${this.netuid}-${epoch}.jsonl.gz`);
  }

  #metaPath(epoch: number): string {
    return join(this.dir, `${this.netuid}-${epoch}.meta.json`);
  }

  /** Appends records to the open file of `epoch` in one write. */
  async append(epoch: number, records: readonly AuditRecordV2[]): Promise<number> {
    if (records.length === 0) return 0;
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.#ready;
    const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
    await appendFile(this.openPath(epoch), text, 'utf8');
    return Buffer.byteLength(text);
  }

  /** Compresses the open file of `epoch` (then removes it), writes its sidecar and prunes old epochs. */
  async close(epoch: number, meta: EpochMeta, now = new Date()): Promise<void> {
    const open = this.openPath(epoch);
    const closed = this.closedPath(epoch);
    const partial = `${closed}.partial`;
    await pipeline(createReadStream(open), createGzip({ level: 6 }), createWriteStream(partial));
    await writeFile(this.#metaPath(epoch), `${JSON.stringify(meta)}\n`, 'utf8');
    await rename(partial, closed);
    await rm(open, { force: true });
    await this.prune(now);
  }

  /** Epochs of this netuid on disk, oldest first. */
  async list(): Promise<EpochListing[]> {
    const byEpoch = new Map<number, EpochListing>();
    for (const name of await this.#names()) {
      const match = NAME.exec(name);
      if (!match || Number(match[1]) !== this.netuid || match[3] === 'meta.json') continue;
      const epoch = Number(match[2]);
      const status = match[3] === 'jsonl' ? 'open' : 'closed';
      const info = await stat(join(this.dir, name)).catch(() => undefined);
      if (!info) continue;
      // An epoch caught mid-close has both files: the closed one wins.
      if (byEpoch.get(epoch)?.status === 'closed') continue;
      const meta = status === 'closed' ? await this.meta(epoch) : undefined;
      byEpoch.set(epoch, {
        netuid: this.netuid,
        epoch,
        status,
        firstBlock: meta?.firstBlock ?? null,
        lastBlock: meta?.lastBlock ?? null,
        rounds: meta?.rounds ?? null,
        bytes: info.size,
      });
    }
    return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }

  async meta(epoch: number): Promise<EpochMeta | undefined> {
    try {
      const json = JSON.parse(await readFile(this.#metaPath(epoch), 'utf8')) as EpochMeta;
      return typeof json === 'object' && json !== null ? json : undefined;
    } catch {
      return undefined;
    }
  }

  /** The file holding `epoch` now: the closed one if any, else the open one; undefined when neither. */
  async locate(epoch: number): Promise<{ path: string; gzip: boolean; bytes: number } | undefined> {
    for (const [path, gzip] of [
      [this.closedPath(epoch), true],
      [this.openPath(epoch), false],
    ] as const) {
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) return { path, gzip, bytes: info.size };
    }
    return undefined;
  }

  /** Deletes this netuid's closed epochs (and sidecars) closed more than `retainDays` before `now`. */
  async prune(now = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.#retainDays * DAY_MS;
    let removed = 0;
    for (const name of await this.#names()) {
      const match = NAME.exec(name);
      if (match?.[3] !== 'jsonl.gz' || Number(match[1]) !== this.netuid) continue;
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || info.mtimeMs >= cutoff) continue;
      await rm(path, { force: true });
      await rm(join(this.dir, `${match[1]}-${match[2]}.meta.json`), { force: true });
      removed++;
    }
    return removed;
  }

  async #names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch {
      return [];
    }
  }
}
