/**
 * API keys of the gateway, kept hashed in a JSON file (mode 0600).
 *
 * A key is `exn_<id>_<secret>` with 32 random bytes of secret; the file keeps only the id and the
 * sha256 of the whole key. A fast hash is the right tool here: the secret has 256 bits of entropy, so
 * there is nothing for a slow KDF (scrypt/argon2) to protect, and every request can be checked in
 * microseconds. Comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { JsonStateFile } from '../state.js';
import { GatewayError } from './errors.js';

export const KEYS_FILE_VERSION = 1;
const KEY_PATTERN = /^exn_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface KeyRateLimit {
  /** Requests per second on average. */
  perSecond: number;
  /** Largest burst. */
  burst: number;
}

export interface ApiKeyRecord {
  id: string;
  name: string;
  /** `sha256:<hex>` of the full key string. */
  hash: string;
  createdAt: string;
  revokedAt?: string;
  rateLimit: KeyRateLimit;
}

export interface KeysFile {
  keys: ApiKeyRecord[];
}

export const DEFAULT_KEY_RATE_LIMIT: Readonly<KeyRateLimit> = Object.freeze({ perSecond: 5, burst: 20 });

function hashKey(key: string): string {
  return `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function badFile(path: string, why: string): never {
  throw new GatewayError({ code: 'KEYS_FILE', path }, `keys file ${path}: ${why}`);
}

function parseKeysFile(path: string, json: unknown): KeysFile {
  const file = json as Partial<KeysFile>;
  if (typeof file !== 'object' || file === null || !Array.isArray(file.keys)) {
    return badFile(path, 'expected {"keys": [...]}');
  }
  for (const [i, k] of file.keys.entries()) {
    const ok =
      typeof k === 'object' &&
      k !== null &&
      typeof k.id === 'string' &&
      typeof k.name === 'string' &&
      typeof k.hash === 'string' &&
      k.hash.startsWith('sha256:') &&
      typeof k.createdAt === 'string' &&
      (k.revokedAt === undefined || typeof k.revokedAt === 'string') &&
      typeof k.rateLimit?.perSecond === 'number' &&
      k.rateLimit.perSecond > 0 &&
      typeof k.rateLimit?.burst === 'number' &&
      k.rateLimit.burst >= 1;
    if (!ok) badFile(path, `keys[${i}] is malformed`);
  }
  return { keys: file.keys as ApiKeyRecord[] };
}

/** The keys file: schema-versioned, written atomically with mode 0600 (the validator's state file). */
function keysStateFile(path: string): JsonStateFile<KeysFile> {
  return new JsonStateFile(path, (json) => parseKeysFile(path, json), {
    schemaVersion: KEYS_FILE_VERSION,
    mode: 0o600,
  });
}

/** Reads the keys file; a missing file is an empty set, a corrupt one a typed error. */
export async function readKeysFile(path: string): Promise<KeysFile> {
  return (await keysStateFile(path).load()) ?? { keys: [] };
}

export async function writeKeysFile(path: string, file: KeysFile): Promise<void> {
  await keysStateFile(path).save(file);
}

/** Creates a key in the file; the plain key is returned once and never stored. */
export async function createKey(
  path: string,
  options: { name: string; rateLimit?: Partial<KeyRateLimit>; now?: Date },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const file = await readKeysFile(path);
  let id: string;
  do id = randomBytes(6).toString('hex');
  while (file.keys.some((k) => k.id === id));
  const key = `exn_${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    name: options.name,
    hash: hashKey(key),
    createdAt: (options.now ?? new Date()).toISOString(),
    rateLimit: { ...DEFAULT_KEY_RATE_LIMIT, ...options.rateLimit },
  };
  file.keys.push(record);
  await writeKeysFile(path, file);
  return { key, record };
}

/** Marks a key revoked (kept in the file so usage stays attributable). */
export async function revokeKey(path: string, id: string, now: Date = new Date()): Promise<ApiKeyRecord> {
  const file = await readKeysFile(path);
  const record = file.keys.find((k) => k.id === id);
  if (!record) throw new GatewayError({ code: 'UNKNOWN_KEY', id }, `no key with id ${id} in ${path}`);
  record.revokedAt ??= now.toISOString();
  await writeKeysFile(path, file);
  return record;
}

/** The id a key claims, without checking it (for logs: never log the key itself). */
export function keyIdOf(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

/**
 * The gateway's view of the keys file: re-read when its mtime changes (checked at most once a
 * second), so `gateway-keys create/revoke` take effect without restarting the validator.
 */
export class ApiKeyStore {
  readonly path: string;
  #byId = new Map<string, ApiKeyRecord>();
  #mtimeMs = -1;
  #checkedAt = -Infinity;
  #refreshing: Promise<void> | undefined;
  readonly #refreshMs: number;

  private constructor(path: string, refreshMs: number) {
    this.path = path;
    this.#refreshMs = refreshMs;
  }

  /** `refreshMs`: how often at most the file's mtime is checked. Default 1000. */
  static async open(path: string, refreshMs = 1_000): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(path, refreshMs);
    await store.#reload();
    return store;
  }

  get size(): number {
    return this.#byId.size;
  }

  async #reload(): Promise<void> {
    const mtimeMs = await stat(this.path).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (mtimeMs === this.#mtimeMs) return;
    const file = await readKeysFile(this.path);
    this.#byId = new Map(file.keys.map((k) => [k.id, k]));
    this.#mtimeMs = mtimeMs;
  }

  /** Re-reads the file if it changed; a bad file keeps the previous keys (and the error propagates). */
  async refresh(now: number = performance.now()): Promise<void> {
    if (now - this.#checkedAt < this.#refreshMs) return this.#refreshing;
    this.#checkedAt = now;
    this.#refreshing = this.#reload().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** The live record of `key`, or undefined for unknown, malformed or revoked keys. */
  authenticate(key: string): ApiKeyRecord | undefined {
    const id = keyIdOf(key);
    if (!id) return undefined;
    const record = this.#byId.get(id);
    if (!record || record.revokedAt) return undefined;
    const expected = Buffer.from(record.hash);
    const actual = Buffer.from(hashKey(key));
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? record : undefined;
  }
}
