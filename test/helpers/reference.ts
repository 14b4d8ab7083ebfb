/**
 * The reference material beside the checkout (`../shared`: subtensor metadata, Yuma vectors and
 * scenarios) for parity tests. Outside CI a missing file skips its tests with a warning, so a clone
 * without `../shared` still runs the rest; under `CI=true` it is a failure, as a missing browser is, so a
 * CI run cannot go green having checked nothing. `EXPERTNET_SHARED_DIR` points at another copy.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = process.env.EXPERTNET_SHARED_DIR ?? resolve(import.meta.dirname, '../../../shared');

/** The path of a file or folder under the reference directory. */
export function referencePath(...parts: string[]): string {
  return join(SHARED_DIR, ...parts);
}

/**
 * Whether `path` exists. When it does not: throws under `CI=true` (the test file fails to load, with this
 * message), else warns once and returns false so the caller skips what needs it.
 */
export function haveReference(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  const message = `${what}: ${path} not found (../shared beside the checkout, or EXPERTNET_SHARED_DIR)`;
  if (process.env.CI === 'true') throw new Error(`${message}; required under CI=true`);
  console.warn(`skipping ${message}`);
  return false;
}
