/**
 * Bittensor keyfile bytes: format detection, `$NACL` encryption (Argon2i v1.3 + XSalsa20-Poly1305
 * secretbox, as btwallet/sodiumoxide) and the keypair JSON. No file system here; see `wallet.ts`.
 *
 * `$NACL` layout: "$NACL" ‖ nonce(24) ‖ tag(16) ‖ ciphertext. Key = Argon2i13(password, fixed salt,
 * ops 8, mem 512 MiB) — libsodium's OPSLIMIT/MEMLIMIT_SENSITIVE — so one derivation costs seconds.
 */
import { naclDecrypt, naclEncrypt } from '@polkadot/util-crypto';
import argon2 from 'argon2';
import { type KeyfileFormat, WalletError } from './errors.js';
import { hex, Sr25519Keypair, toPublicKey } from './keypair.js';

const NACL_PREFIX = '$NACL';
const NACL_NONCE_BYTES = 24;
const SECRETBOX_TAG_BYTES = 16;
/** btwallet's fixed salt (the same for every file; only the nonce differs). */
export const NACL_SALT = Uint8Array.from(Buffer.from('137183dff15a09bc9c90b5518739e9b1', 'hex'));

/** Argon2i cost; anything but the default makes files btcli cannot open (tests use a cheap one). */
export interface NaclKdfParams {
  /** Passes (libsodium opslimit). */
  opsLimit: number;
  /** Memory in bytes (libsodium memlimit). */
  memLimitBytes: number;
}
export const NACL_KDF_SENSITIVE: NaclKdfParams = { opsLimit: 8, memLimitBytes: 512 * 1024 * 1024 };

/** The keypair JSON fields btwallet writes (all optional when reading; `null` is tolerated). */
export interface KeyfileJson {
  accountId?: string | null;
  publicKey?: string | null;
  privateKey?: string | null;
  secretPhrase?: string | null;
  secretSeed?: string | null;
  ss58Address?: string | null;
}

const KEYFILE_FIELDS: ReadonlyArray<keyof KeyfileJson> = [
  'accountId',
  'publicKey',
  'privateKey',
  'secretPhrase',
  'secretSeed',
  'ss58Address',
];

/** Which encoding a keyfile uses, by byte prefix in btwallet's order. */
export function detectKeyfileFormat(data: Uint8Array): KeyfileFormat {
  const head = Buffer.from(data.subarray(0, 16)).toString('latin1');
  if (head.startsWith(NACL_PREFIX)) return 'nacl';
  if (head.startsWith('$ANSIBLE_VAULT')) return 'ansible-vault';
  if (head.startsWith('gAAAAA')) return 'fernet';
  return 'plain';
}

export function isEncrypted(data: Uint8Array): boolean {
  return detectKeyfileFormat(data) !== 'plain';
}

/** The 32-byte secretbox key for `password` (Argon2i v1.3, parallelism 1, fixed salt). */
export async function deriveNaclKey(
  password: string,
  kdf: NaclKdfParams = NACL_KDF_SENSITIVE,
): Promise<Uint8Array> {
  if (password.length === 0)
    throw new WalletError({ code: 'PASSWORD_REQUIRED' }, 'an empty password cannot encrypt');
  const key = await argon2.hash(password, {
    type: argon2.argon2i,
    version: 0x13,
    raw: true,
    salt: Buffer.from(NACL_SALT),
    timeCost: kdf.opsLimit,
    memoryCost: Math.floor(kdf.memLimitBytes / 1024),
    parallelism: 1,
    hashLength: 32,
  });
  return new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
}

/** Encrypts keyfile bytes in the `$NACL` format (fresh random nonce each time). */
export async function encryptKeyfileData(
  plaintext: Uint8Array,
  password: string,
  kdf: NaclKdfParams = NACL_KDF_SENSITIVE,
): Promise<Uint8Array> {
  const key = await deriveNaclKey(password, kdf);
  const { encrypted, nonce } = naclEncrypt(plaintext, key);
  return Buffer.concat([Buffer.from(NACL_PREFIX, 'latin1'), nonce, encrypted]);
}

/**
 * Decrypts `$NACL` data; WRONG_PASSWORD when the secretbox does not open. Legacy Ansible Vault and
 * Fernet files are refused with UNSUPPORTED_FORMAT (re-encrypt them with btcli first).
 */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: { path?: string; kdf?: NaclKdfParams } = {},
): Promise<Uint8Array> {
  const { path } = options;
  const format = detectKeyfileFormat(data);
  if (format === 'plain') return data;
  if (format !== 'nacl') throw unsupportedFormat(format, path);
  const body = data.subarray(NACL_PREFIX.length);
  if (body.length < NACL_NONCE_BYTES + SECRETBOX_TAG_BYTES) {
    throw new WalletError(
      { code: 'CORRUPT_KEYFILE', path, reason: 'truncated $NACL data' },
      'keyfile is truncated',
    );
  }
  const key = await deriveNaclKey(password, options.kdf);
  const opened = naclDecrypt(body.subarray(NACL_NONCE_BYTES), body.subarray(0, NACL_NONCE_BYTES), key);
  if (!opened) {
    throw new WalletError({ code: 'WRONG_PASSWORD', path }, `wrong password for ${path ?? 'keyfile'}`, {
      metaMessages: ['The secretbox did not open: wrong password, or the file was modified.'],
    });
  }
  return opened;
}

export function unsupportedFormat(format: KeyfileFormat, path?: string): WalletError {
  const name = format === 'ansible-vault' ? 'Ansible Vault' : 'Fernet';
  return new WalletError({ code: 'UNSUPPORTED_FORMAT', path, format }, `${name} keyfiles are not supported`, {
    metaMessages: [
      'This is a legacy encryption that btcli still reads; re-encrypt it to $NACL with btcli',
      '(e.g. `btcli wallet update`), or regenerate the key from its mnemonic.',
    ],
  });
}

/** Serialises a keypair as btwallet does; `publicOnly` gives the `coldkeypub.txt` form. */
export function serializeKeypair(pair: Sr25519Keypair, options: { publicOnly?: boolean } = {}): Uint8Array {
  const json: KeyfileJson = { accountId: hex(pair.publicKey), publicKey: hex(pair.publicKey) };
  if (!options.publicOnly) {
    const privateKey = pair.privateKey;
    if (privateKey) json.privateKey = hex(privateKey);
    if (pair.mnemonic) json.secretPhrase = pair.mnemonic;
    if (pair.miniSecret) json.secretSeed = hex(pair.miniSecret);
  }
  json.ss58Address = pair.address;
  return new TextEncoder().encode(JSON.stringify(json));
}

/**
 * Parses decrypted keyfile bytes into a keypair, in btwallet's priority order: secretPhrase, secretSeed,
 * privateKey, then public fields. Stored public fields must agree with the derived key.
 * Also reads the oldest coldkeypub form: a bare `0x` + 64 hex public key.
 */
export function parseKeyfile(data: Uint8Array, path?: string): Sr25519Keypair {
  const format = detectKeyfileFormat(data);
  if (format !== 'plain') {
    if (format === 'nacl') {
      throw new WalletError({ code: 'PASSWORD_REQUIRED', path }, 'keyfile is encrypted; decrypt it first');
    }
    throw unsupportedFormat(format, path);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data).trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return Sr25519Keypair.fromPublic(text);
  const json = parseJsonObject(text, path);
  try {
    const pair = keypairFromJson(json);
    checkPublicFields(json, pair, path);
    return pair;
  } catch (err) {
    if (err instanceof WalletError && err.code === 'CORRUPT_KEYFILE') throw err;
    const reason = err instanceof WalletError ? err.shortMessage : 'unusable key material';
    throw new WalletError({ code: 'CORRUPT_KEYFILE', path, reason }, `corrupt keyfile: ${reason}`, {
      cause: err,
    });
  }
}

function parseJsonObject(text: string, path?: string): KeyfileJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new WalletError(
      { code: 'CORRUPT_KEYFILE', path, reason: 'not JSON' },
      'corrupt keyfile: not JSON',
      {
        cause: err,
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WalletError({ code: 'CORRUPT_KEYFILE', path, reason: 'not a JSON object' }, 'corrupt keyfile');
  }
  const json: KeyfileJson = {};
  for (const field of KEYFILE_FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') {
      const reason = `field ${field} is not a string`;
      throw new WalletError({ code: 'CORRUPT_KEYFILE', path, reason }, `corrupt keyfile: ${reason}`);
    }
    json[field] = v;
  }
  return json;
}

function keypairFromJson(json: KeyfileJson): Sr25519Keypair {
  if (json.secretPhrase) return Sr25519Keypair.fromMnemonic(json.secretPhrase);
  if (json.secretSeed) {
    const seedHex = json.secretSeed.replace(/^0x/, '');
    if (seedHex.length === 64) return Sr25519Keypair.fromSeed(seedHex);
    // A 64-byte "seed" is a full secret in btwallet's (canonical) form.
    if (seedHex.length === 128) return Sr25519Keypair.fromPrivateKey(seedHex, requirePublic(json));
    throw new WalletError(
      { code: 'INVALID_KEY', reason: 'secretSeed is neither 32 nor 64 bytes of hex' },
      'secretSeed is neither 32 nor 64 bytes of hex',
    );
  }
  if (json.privateKey) return Sr25519Keypair.fromPrivateKey(json.privateKey, requirePublic(json));
  const pub = json.ss58Address ?? json.publicKey ?? json.accountId;
  if (pub) return Sr25519Keypair.fromPublic(pub);
  throw new WalletError({ code: 'INVALID_KEY', reason: 'no key fields' }, 'keyfile holds no key fields');
}

function requirePublic(json: KeyfileJson): string {
  const pub = json.publicKey ?? json.accountId ?? json.ss58Address;
  if (!pub)
    throw new WalletError(
      { code: 'INVALID_KEY', reason: 'privateKey without a public key' },
      'privateKey without a public key',
    );
  return pub;
}

function checkPublicFields(json: KeyfileJson, pair: Sr25519Keypair, path?: string): void {
  for (const field of ['accountId', 'publicKey', 'ss58Address'] as const) {
    const value = json[field];
    if (!value) continue;
    const stored = toPublicKey(value);
    if (Buffer.compare(Buffer.from(stored), Buffer.from(pair.publicKey)) !== 0) {
      const reason = `${field} does not match the secret key`;
      throw new WalletError({ code: 'CORRUPT_KEYFILE', path, reason }, `corrupt keyfile: ${reason}`);
    }
  }
}
