/**
 * Keyfile passwords from the environment, as btwallet caches them: variable `BT_PW_` + the keyfile path
 * (as given, before `~` expansion) upper-cased with path separators and `.` replaced by `_`; value =
 * base64(password XOR variable name, the name repeated). This is obfuscation, not protection.
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

/** The cached password for a keyfile, if its `BT_PW_...` variable is set. */
export function passwordFromEnv(
  keyfilePath: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const name = passwordEnvVarName(keyfilePath);
  const value = env[name];
  return value === undefined || value === '' ? undefined : decodeEnvPassword(value, name);
}
