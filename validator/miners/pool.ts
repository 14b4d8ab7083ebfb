/**
 * The validator's miner connections: one open connection per uid, shared by every caller (round loop,
 * gateway), replaced when the metagraph moves the uid to another hotkey or axon, reopened on the next
 * `get` after a close.
 */
import type { Sr25519Signer } from '../../shared/wallet/index.js';
import { MinerClientError } from '../errors.js';
import { MinerConnection } from './connection.js';
import type { MinerConnectionOptions, MinerEndpoint } from './types.js';

export interface MinerConnectionsOptions extends Omit<MinerConnectionOptions, 'timeoutMs'> {
  /** Connect + handshake budget per open, ms. Default 5000. */
  connectTimeoutMs?: number;
}

interface PoolEntry {
  key: string;
  opening: Promise<MinerConnection>;
  connection: MinerConnection | undefined;
}

/** Pause before the one retry of an open the miner refused as a duplicate of our old connection. */
const DUPLICATE_RETRY_MS = 100;

/**
 * One open connection per miner, keyed by (uid, hotkey, ip, port): a new hotkey or axon at a uid replaces
 * the old connection; a closed one is reopened on the next `get`. Concurrent `get`s share one open.
 * One pool per validator hotkey and process: miners refuse a second connection of the same validator.
 */
export class MinerConnections {
  readonly #key: Sr25519Signer;
  readonly #options: MinerConnectionsOptions;
  readonly #entries = new Map<number, PoolEntry>();
  #closed = false;

  constructor(key: Sr25519Signer, options: MinerConnectionsOptions = {}) {
    this.#key = key;
    this.#options = options;
  }

  /** Connections open now. */
  get size(): number {
    let n = 0;
    for (const entry of this.#entries.values()) if (entry.connection?.isOpen) n++;
    return n;
  }

  get(endpoint: MinerEndpoint): Promise<MinerConnection> {
    if (this.#closed) return Promise.reject(closedError(endpoint, 'miner connection pool is closed'));
    const key = `${endpoint.uid}|${endpoint.hotkey}|${endpoint.ip}|${endpoint.port}`;
    const existing = this.#entries.get(endpoint.uid);
    if (existing?.key === key) {
      if (!existing.connection) return existing.opening;
      if (existing.connection.isOpen) return Promise.resolve(existing.connection);
    }
    existing?.connection?.close();
    const entry: PoolEntry = {
      key,
      opening: undefined as unknown as Promise<MinerConnection>,
      connection: undefined,
    };
    entry.opening = this.#open(endpoint, Boolean(existing)).then(
      (connection) => {
        if (this.#entries.get(endpoint.uid) !== entry) {
          // Dropped or replaced while opening.
          connection.close();
          throw closedError(endpoint, 'miner connection dropped while opening');
        }
        entry.connection = connection;
        return connection;
      },
      (err: unknown) => {
        if (this.#entries.get(endpoint.uid) === entry) this.#entries.delete(endpoint.uid);
        throw err;
      },
    );
    this.#entries.set(endpoint.uid, entry);
    return entry.opening;
  }

  /** Closes and forgets the connection of `uid` (e.g. deregistered, or after a bad answer). */
  drop(uid: number): void {
    const entry = this.#entries.get(uid);
    if (!entry) return;
    this.#entries.delete(uid);
    entry.connection?.close();
  }

  close(): void {
    this.#closed = true;
    for (const uid of [...this.#entries.keys()]) this.drop(uid);
  }

  async #open(endpoint: MinerEndpoint, replacing: boolean): Promise<MinerConnection> {
    const options = { ...this.#options, timeoutMs: this.#options.connectTimeoutMs };
    try {
      return await MinerConnection.open(endpoint, this.#key, options);
    } catch (err) {
      // The miner may not have seen our old connection's close yet: one retry after a short pause.
      if (!replacing || !(err instanceof MinerClientError) || err.type.closeReason !== 'DUPLICATE_CONNECTION')
        throw err;
      await new Promise((r) => setTimeout(r, DUPLICATE_RETRY_MS));
      return MinerConnection.open(endpoint, this.#key, options);
    }
  }
}

function closedError(endpoint: MinerEndpoint, message: string): MinerClientError {
  const { uid, hotkey, ip, port } = endpoint;
  return new MinerClientError({ code: 'CLOSED', uid, hotkey, address: `${ip}:${port}` }, message);
}
