/**
 * Keyfile passwords from the environment, as btwallet caches them: variable `BT_PW_` + the keyfile path
 * upper-cased with path separators and `.` replaced by `_`; value = base64(password XOR variable name,
 * the name repeated). This is obfuscation, not protection.
 *
 * btwallet 2.1 and later name the variable after the path *after* `~` expansion (`BT_PW__HOME_…`);
 * earlier versions (and Expertnet before them) used the path as given (`BT_PW_~_…`). Both are read, the
 * expanded name first (../shared/reference/bittensor/WALLET.md §1).
 */
import { sep } from 'node:path';

export function passwordEnvVarName(keyfilePath: string): string {
  const flattened = keyfilePath.split(sep).join('_').split('/').join('_').replaceAll('.', '_');
  return `BT_PW_${flattened.toUpperCase()}`;
}

function xorWithName(data: Uint8Array, name: string): Uint8Array {
  const key = Buffer.from(name, 'utf8');
  return data.map((byte, i) => byte ^ key[i % key.length]!);
}

/** The value btwallet stores for `password` under `envVarName`. */
export function encodeEnvPassword(password: string, envVarName: string): string {
  return Buffer.from(xorWithName(Buffer.from(password, 'utf8'), envVarName)).toString('base64');
}

export function decodeEnvPassword(value: string, envVarName: string): string {
  return Buffer.from(xorWithName(Buffer.from(value, 'base64'), envVarName)).toString('utf8');
}

/**
 * The variable names to look a keyfile's password up under, in order: one per path given, duplicates
 * dropped. Pass the expanded path first, then the path as given (the pre-2.1 name).
 */
export function passwordEnvVarNames(keyfilePaths: string | readonly string[]): string[] {
  const paths = typeof keyfilePaths === 'string' ? [keyfilePaths] : keyfilePaths;
  return [...new Set(paths.map(passwordEnvVarName))];
}

/** The cached password for a keyfile: the first of its `BT_PW_...` variables that is set. */
export function passwordFromEnv(
  keyfilePaths: string | readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  for (const name of passwordEnvVarNames(keyfilePaths)) {
    const value = env[name];
    if (value !== undefined && value !== '') return decodeEnvPassword(value, name);
  }
  return undefined;
}
