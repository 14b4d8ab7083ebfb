/**
 * Crash-safe JSON state files for the validator (scores, pending weight commits with their salts).
 *
 * A save never leaves a half-written file behind: the JSON goes to a temporary file in the same
 * directory, is fsynced, renamed over the target (atomic on POSIX) and the directory is fsynced so the
 * rename itself survives a power cut. Hand-written rather than `write-file-atomic`, which stops at the
 * rename (no directory fsync) and would add two packages for ~30 lines.
 *
 * Files carry a schema version in an envelope (`{ schemaVersion, savedAt, value }`); `load()` checks it
 * and runs the caller's `parse` on `value`, so a file that is not what we wrote is a typed `CORRUPT` error
 * naming the path, never a crash or a silently wrong state.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export type StateFileErrorType =
  /** The file exists but is not valid JSON, has another schema version, or `parse` refused it. */
  | { code: 'CORRUPT'; path: string; reason: string }
  | { code: 'READ_FAILED'; path: string; reason: string }
  | { code: 'WRITE_FAILED'; path: string; reason: string }
  /** The value cannot be written as JSON (a bigint, a cycle): a bug in the caller. */
  | { code: 'UNSERIALIZABLE'; path: string; reason: string };

export class StateFileError extends ExpertnetError<StateFileErrorType> {}

export interface JsonStateFileOptions {
  /** Version written into the envelope and required on load. Default 1. */
  schemaVersion?: number;
  /** File mode of the written file. Default 0o600: state holds commit salts. */
  mode?: number;
}

interface Envelope {
  schemaVersion: number;
  savedAt: string;
  value: unknown;
}

function isEnvelope(json: unknown): json is Envelope {
  return (
    typeof json === 'object' &&
    json !== null &&
    'schemaVersion' in json &&
    typeof json.schemaVersion === 'number' &&
    'value' in json
  );
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

export class JsonStateFile<T> {
  readonly path: string;
  readonly #parse: (json: unknown) => T;
  readonly #schemaVersion: number;
  readonly #mode: number;
  /** Saves run one after another, in call order: the last `save()` called is the one left on disk. */
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string, parse: (json: unknown) => T, options: JsonStateFileOptions = {}) {
    this.path = path;
    this.#parse = parse;
    this.#schemaVersion = options.schemaVersion ?? 1;
    this.#mode = options.mode ?? 0o600;
  }

  /** The saved value, or undefined when there is no file yet. `CORRUPT` / `READ_FAILED` otherwise. */
  async load(): Promise<T | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if (codeOf(err) === 'ENOENT') return undefined;
      throw new StateFileError(
        { code: 'READ_FAILED', path: this.path, reason: errorMessage(err) },
        `cannot read state file ${this.path}: ${errorMessage(err)}`,
        { cause: err },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw this.#corrupt(`not JSON (${errorMessage(err)})`, err);
    }
    if (!isEnvelope(json)) throw this.#corrupt('no schemaVersion/value envelope');
    if (json.schemaVersion !== this.#schemaVersion) {
      throw this.#corrupt(`schema version ${json.schemaVersion}, expected ${this.#schemaVersion}`);
    }
    try {
      return this.#parse(json.value);
    } catch (err) {
      throw this.#corrupt(errorMessage(err), err);
    }
  }

  /**
   * `load()`, but a corrupt file is moved aside to `<path>.corrupt` (kept for inspection), logged, and
   * treated as absent, so a daemon starts fresh instead of refusing to start. Read errors still throw.
   */
  async loadOrStartFresh(log: Logger): Promise<T | undefined> {
    try {
      return await this.load();
    } catch (err) {
      if (!(err instanceof StateFileError) || err.code !== 'CORRUPT') throw err;
      const aside = `${this.path}.corrupt`;
      await rename(this.path, aside).catch(() => undefined);
      log.warn(
        { path: this.path, keptAs: aside, reason: err.type.reason },
        'state file is corrupt; starting fresh',
      );
      return undefined;
    }
  }

  /** Atomically replaces the file with `value` (creating the directory when needed). */
  save(value: T): Promise<void> {
    let text: string;
    try {
      const envelope: Envelope = {
        schemaVersion: this.#schemaVersion,
        savedAt: new Date().toISOString(),
        value,
      };
      text = `${JSON.stringify(envelope, null, 1)}\n`;
    } catch (err) {
      return Promise.reject(
        new StateFileError(
          { code: 'UNSERIALIZABLE', path: this.path, reason: errorMessage(err) },
          `cannot write ${this.path} as JSON: ${errorMessage(err)}`,
          { cause: err },
        ),
      );
    }
    const run = this.#queue.then(() => this.#write(text));
    // The queue survives a failed save; the caller still sees the failure.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(text: string): Promise<void> {
    const dir = dirname(this.path);
    const temp = join(dir, `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(dir, { recursive: true });
      const file = await open(temp, 'wx', this.#mode);
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, this.path);
      await syncDirectory(dir);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new StateFileError(
        { code: 'WRITE_FAILED', path: this.path, reason: errorMessage(err) },
        `cannot save state file ${this.path}: ${errorMessage(err)}`,
        { cause: err },
      );
    }
  }

  #corrupt(reason: string, cause?: unknown): StateFileError {
    return new StateFileError(
      { code: 'CORRUPT', path: this.path, reason },
      `state file ${this.path} is corrupt: ${reason}`,
      { cause },
    );
  }
}

/** fsync of the directory entry, so the rename is durable; some file systems refuse it (harmless). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = codeOf(err);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}
