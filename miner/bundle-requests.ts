/**
 * Serving the committed model bundle to validators: `bundle_manifest` answers the canonical manifest
 * (what the on-chain digest hashes), `bundle_chunk` a byte range of one listed file, read with `fs` on
 * the main thread (never in the inference worker). Bundle requests have their own limits, outside the
 * classify slots and the request-rate bucket, so a download never takes scoring capacity: one in
 * flight per validator and `maxConcurrent` in all (more get OVERLOADED with a retry hint).
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../shared/logger.js';
import type { Bundle, BundleFile } from '../shared/models/bundle.js';
import {
  type BundleChunkRequestFrame,
  type ErrorFrame,
  encodeBundleChunkPayload,
  encodeBundleManifestPayload,
  errorFrame,
} from '../shared/protocol/index.js';
import type { Connection } from './connection.js';

/** What the request handler needs to answer: send the signed payload, or an error frame. */
export interface BundleAnswer {
  payload(conn: Connection, id: number, request: Uint8Array, payload: Uint8Array, type: string): void;
  error(conn: Connection, frame: ErrorFrame, type: string): void;
}

export interface BundleRequestsOptions {
  bundle: Pick<Bundle, 'dir' | 'digest' | 'manifest' | 'manifestBytes'>;
  /** Bundle requests being read across all validators. Default 4. */
  maxConcurrent?: number;
  onBytesSent?: (bytes: number) => void;
  logger: Logger;
}

const RETRY_AFTER_MS = 20;

export class BundleRequests {
  readonly #o: BundleRequestsOptions;
  readonly #files: Map<string, BundleFile>;
  readonly #manifestPayload: Uint8Array;
  readonly #maxConcurrent: number;
  #reading = 0;

  constructor(options: BundleRequestsOptions) {
    this.#o = options;
    this.#files = new Map(options.bundle.manifest.files.map((f) => [f.path, f]));
    this.#manifestPayload = encodeBundleManifestPayload({
      kind: 'bundle_manifest',
      digest: options.bundle.digest,
      manifest: options.bundle.manifestBytes,
    });
    this.#maxConcurrent = options.maxConcurrent ?? 4;
  }

  manifest(conn: Connection, id: number, request: Uint8Array, out: BundleAnswer): void {
    out.payload(conn, id, request, this.#manifestPayload, 'bundle_manifest');
  }

  chunk(conn: Connection, frame: BundleChunkRequestFrame, request: Uint8Array, out: BundleAnswer): void {
    const type = 'bundle_chunk';
    const { id, path, offset, length } = frame;
    if (conn.bundleInflight >= 1 || this.#reading >= this.#maxConcurrent) {
      const why = conn.bundleInflight >= 1 ? 'one bundle request at a time' : 'bundle reads are busy';
      out.error(conn, errorFrame('OVERLOADED', why, id, RETRY_AFTER_MS), type);
      return;
    }
    const file = this.#files.get(path);
    if (!file) {
      out.error(conn, errorFrame('BAD_REQUEST', `${path} is not a file of the bundle`, id), type);
      return;
    }
    if (offset > file.size) {
      out.error(conn, errorFrame('BAD_REQUEST', `offset ${offset} is past the end (${file.size})`, id), type);
      return;
    }
    const size = Math.min(length, file.size - offset);
    conn.bundleInflight++;
    this.#reading++;
    readRange(join(this.#o.bundle.dir, path), offset, size)
      .then(
        (data) => {
          const payload = encodeBundleChunkPayload({ kind: 'bundle_chunk', path, offset, data });
          out.payload(conn, id, request, payload, type);
          this.#o.onBytesSent?.(data.length);
        },
        (err: unknown) => {
          // The file changed or vanished since start: say so rather than send wrong bytes silently.
          this.#o.logger.warn({ path, err: (err as Error).message }, 'cannot read a bundle file');
          out.error(conn, errorFrame('INTERNAL', `cannot read ${path}`, id), type);
        },
      )
      .finally(() => {
        conn.bundleInflight--;
        this.#reading--;
      });
  }
}

async function readRange(path: string, offset: number, size: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const data = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(data, filled, size - filled, offset + filled);
      if (bytesRead === 0) throw new Error(`file ended at ${offset + filled}, before ${offset + size}`);
      filled += bytesRead;
    }
    return data;
  } finally {
    await handle.close();
  }
}
