/**
 * A model bundle: everything that determines a model's outputs — `model.json` (kind, labels, featuriser
 * or tokenizer settings) and every file it names (ONNX graph, tokenizer files) — and its digest, which
 * is what a miner commits on chain and what validators check downloads and re-executions against.
 *
 * Canonical bundle manifest (the bytes the digest is taken over), so any implementation can recompute it:
 *
 *   {"format":"expertnet-bundle","version":1,"files":[{"path":P,"sha256":H,"size":N},...]}
 *
 * - JSON without whitespace, keys in exactly this order, `files` sorted by `path` in ascending byte
 *   order; `path` is a plain file name (`[A-Za-z0-9._-]+`, no directories) inside the model directory;
 *   `sha256` lower-case hex of the file's bytes; `size` its length in bytes (a JSON integer).
 * - Files: `model.json` plus each file the manifest references (`onnx.file`; for `hf` also
 *   `tokenizer.file` and `tokenizerConfig.file`), each once.
 * - digest = lower-case hex SHA-256 of the canonical manifest's UTF-8 bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelError } from './errors.js';
import { MANIFEST_FILE, type ModelManifest, readManifest } from './manifest.js';

export const BUNDLE_FORMAT = 'expertnet-bundle';
export const BUNDLE_VERSION = 1;
/** Most files a bundle may list. */
export const MAX_BUNDLE_FILES = 16;
const FILE_NAME = /^[A-Za-z0-9._-]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface BundleFile {
  path: string;
  sha256: string;
  size: number;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  files: BundleFile[];
}

export interface Bundle {
  dir: string;
  /** The model's own manifest (`model.json`). */
  model: ModelManifest;
  manifest: BundleManifest;
  /** Canonical manifest bytes (what `digest` hashes). */
  manifestBytes: Uint8Array;
  /** Lower-case hex SHA-256 of `manifestBytes`. */
  digest: string;
  /** Sum of the files' sizes. */
  totalBytes: number;
}

/** The files of a model directory that belong to its bundle, `model.json` first. */
export function bundleFileNames(model: ModelManifest): string[] {
  const names = [MANIFEST_FILE, model.onnx.file];
  if (model.kind === 'hf') {
    names.push(model.tokenizer.file);
    if (model.tokenizerConfig) names.push(model.tokenizerConfig.file);
  }
  return [...new Set(names)];
}

/** Canonical bytes of a bundle manifest; throws `ModelError` BUNDLE_INVALID on a bad entry. */
export function canonicalBundleManifest(files: readonly BundleFile[]): Uint8Array {
  const sorted = [...files].sort((a, b) => compareBytes(a.path, b.path));
  sorted.forEach((f, i) => {
    checkFile(f, `files[${i}]`);
    if (i > 0 && sorted[i - 1]?.path === f.path)
      throw invalid(`files[${i}].path`, `duplicate path ${f.path}`);
  });
  if (sorted.length === 0 || sorted.length > MAX_BUNDLE_FILES) {
    throw invalid('files', `must list 1..${MAX_BUNDLE_FILES} files`);
  }
  const body = sorted.map(
    (f) => `{"path":${JSON.stringify(f.path)},"sha256":"${f.sha256}","size":${f.size}}`,
  );
  return new TextEncoder().encode(
    `{"format":"${BUNDLE_FORMAT}","version":${BUNDLE_VERSION},"files":[${body.join(',')}]}`,
  );
}

export function bundleDigest(manifestBytes: Uint8Array): string {
  return createHash('sha256').update(manifestBytes).digest('hex');
}

/**
 * Parses manifest bytes received from someone else (a miner): they must be exactly canonical, so one
 * digest names one manifest. Throws `ModelError` BUNDLE_INVALID naming the problem.
 */
export function parseBundleManifest(bytes: Uint8Array): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalid('$', 'not UTF-8 JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('$', 'not an object');
  const { format, version, files } = raw as Record<string, unknown>;
  if (format !== BUNDLE_FORMAT) throw invalid('format', `must be "${BUNDLE_FORMAT}"`);
  if (version !== BUNDLE_VERSION) throw invalid('version', `must be ${BUNDLE_VERSION}`);
  if (!Array.isArray(files)) throw invalid('files', 'must be an array');
  const parsed = files.map((f: unknown, i): BundleFile => {
    if (typeof f !== 'object' || f === null) throw invalid(`files[${i}]`, 'not an object');
    const { path, sha256, size } = f as Record<string, unknown>;
    const file = { path, sha256, size } as BundleFile;
    checkFile(file, `files[${i}]`);
    return file;
  });
  const canonical = canonicalBundleManifest(parsed);
  if (!sameBytes(canonical, bytes)) throw invalid('$', 'not in canonical form (key order, spacing, sorting)');
  return { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, files: parsed };
}

/** Reads a model directory's bundle: hashes `model.json` and every file it names (streamed). */
export async function readBundle(dir: string): Promise<Bundle> {
  const model = await readManifest(dir);
  const files: BundleFile[] = [];
  for (const name of bundleFileNames(model)) files.push(await hashFile(dir, name));
  const manifestBytes = canonicalBundleManifest(files);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    files: [...files].sort((a, b) => compareBytes(a.path, b.path)),
  };
  return {
    dir,
    model,
    manifest,
    manifestBytes,
    digest: bundleDigest(manifestBytes),
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
  };
}

/** Reads `dir`'s bundle and checks it has `digest`; throws `ModelError` BUNDLE_MISMATCH otherwise. */
export async function verifyBundle(dir: string, digest: string): Promise<Bundle> {
  const bundle = await readBundle(dir);
  if (bundle.digest !== digest) {
    throw new ModelError(
      { code: 'BUNDLE_MISMATCH', path: dir, expected: digest, actual: bundle.digest },
      `${dir}: bundle digest ${bundle.digest} is not the expected ${digest}`,
    );
  }
  return bundle;
}

async function hashFile(dir: string, name: string): Promise<BundleFile> {
  const path = join(dir, name);
  try {
    const { size } = await stat(path);
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return { path: name, sha256: hash.digest('hex'), size };
  } catch (err) {
    throw new ModelError({ code: 'FILE_MISSING', path }, `bundle file ${path} is missing or unreadable`, {
      cause: err,
    });
  }
}

function checkFile(f: BundleFile, field: string): void {
  if (typeof f.path !== 'string' || !FILE_NAME.test(f.path) || f.path === '.' || f.path === '..') {
    throw invalid(`${field}.path`, 'must be a plain file name [A-Za-z0-9._-]+');
  }
  if (typeof f.sha256 !== 'string' || !SHA256_HEX.test(f.sha256)) {
    throw invalid(`${field}.sha256`, 'must be 64 lower-case hex characters');
  }
  if (!Number.isSafeInteger(f.size) || f.size < 0) throw invalid(`${field}.size`, 'must be an integer ≥ 0');
}

function invalid(field: string, reason: string): ModelError {
  return new ModelError({ code: 'BUNDLE_INVALID', field, reason }, `bundle manifest: ${field} ${reason}`);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
