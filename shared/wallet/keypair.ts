/**
 * sr25519 keypairs as Bittensor wallets hold them: built from a mnemonic, a 32-byte mini-secret, a
 * substrate URI (`//Alice`, `<mnemonic>//hard/soft`) or btwallet's `privateKey`, with signing and
 * verification on `@polkadot/wasm-crypto` (the pure-JS path in util-crypto is ~8x slower).
 *
 * Secret forms: wasm-crypto/util-crypto hold the 64-byte secret in the *ed25519-compatible* form (scalar
 * multiplied by the cofactor 8); btwallet writes `privateKey` in schnorrkel's canonical form (scalar / 8).
 * `toCanonicalSecret`/`fromCanonicalSecret` convert between the two (a 3-bit shift of the scalar).
 */
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
} from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, sr25519Sign, sr25519Verify } from '@polkadot/wasm-crypto';
import { WalletError } from './errors.js';

// wasm-crypto must be initialised before any call; doing it once here keeps every API below synchronous.
await cryptoWaitReady();

/** SS58 prefix of Bittensor ("5..." addresses). */
export const BITTENSOR_SS58_FORMAT = 42;

/** Anything that can sign raw bytes with sr25519: our `Sr25519Keypair` or a polkadot-js `KeyringPair`. */
export interface Sr25519Signer {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export type MnemonicWords = 12 | 15 | 18 | 21 | 24;

/** Where the keypair came from; decides which keyfile fields can be written. */
interface KeypairOrigin {
  mnemonic?: string;
  miniSecret?: Uint8Array;
}

export class Sr25519Keypair implements Sr25519Signer {
  readonly publicKey: Uint8Array;
  /** 64-byte ed25519-compatible secret (wasm-crypto form); undefined for public-only keys. */
  readonly #secretKey: Uint8Array | undefined;
  readonly mnemonic: string | undefined;
  /** 32-byte mini-secret (btwallet `secretSeed`), when known. */
  readonly miniSecret: Uint8Array | undefined;
  readonly address: string;

  private constructor(publicKey: Uint8Array, secretKey: Uint8Array | undefined, origin: KeypairOrigin = {}) {
    this.publicKey = publicKey;
    this.#secretKey = secretKey;
    this.mnemonic = origin.mnemonic;
    this.miniSecret = origin.miniSecret;
    this.address = encodeAddress(publicKey, BITTENSOR_SS58_FORMAT);
  }

  /** A fresh BIP39 mnemonic (btcli creates 12 words). */
  static generateMnemonic(words: MnemonicWords = 12): string {
    return mnemonicGenerate(words);
  }

  /** Substrate derivation (substrate-bip39 entropy → PBKDF2 → mini-secret), as btwallet and polkadot-js. */
  static fromMnemonic(mnemonic: string): Sr25519Keypair {
    const phrase = normaliseMnemonic(mnemonic);
    if (!mnemonicValidate(phrase)) {
      throw new WalletError({ code: 'INVALID_MNEMONIC' }, 'not a valid BIP39 English mnemonic', {
        metaMessages: ['Check the words and their order (12, 15, 18, 21 or 24 words).'],
      });
    }
    const miniSecret = mnemonicToMiniSecret(phrase);
    return Sr25519Keypair.#fromMiniSecret(miniSecret, { mnemonic: phrase, miniSecret });
  }

  /** From a 32-byte mini-secret (`secretSeed`), hex or bytes. */
  static fromSeed(seed: Uint8Array | string): Sr25519Keypair {
    const bytes = typeof seed === 'string' ? parseHex(seed, 'seed') : seed;
    if (bytes.length !== 32) {
      throw invalidKey(`seed must be 32 bytes, got ${bytes.length}`);
    }
    return Sr25519Keypair.#fromMiniSecret(bytes, { miniSecret: Uint8Array.from(bytes) });
  }

  /**
   * Substrate secret URI: `//Alice` (dev phrase), `<mnemonic>//hard/soft`, `0x<seed>//path`.
   * Without a path the result keeps mnemonic and seed so it can be written as a full keyfile.
   */
  static fromUri(uri: string): Sr25519Keypair {
    const suri = uri.trim().startsWith('/') ? `${DEV_PHRASE}${uri.trim()}` : uri.trim();
    let extracted: ReturnType<typeof keyExtractSuri>;
    try {
      extracted = keyExtractSuri(suri);
    } catch (err) {
      throw new WalletError(
        { code: 'INVALID_KEY', reason: 'unparsable secret URI' },
        'unparsable secret URI',
        {
          cause: err,
        },
      );
    }
    const { password, path, phrase } = extracted;
    let base: Sr25519Keypair;
    if (isHex(phrase, 256)) base = Sr25519Keypair.fromSeed(phrase);
    else if (password === undefined) base = Sr25519Keypair.fromMnemonic(phrase);
    else {
      // A BIP39 password changes the mini-secret; btwallet rejects it, polkadot-js supports it.
      if (!mnemonicValidate(phrase))
        throw new WalletError({ code: 'INVALID_MNEMONIC' }, 'invalid mnemonic in URI');
      base = Sr25519Keypair.#fromMiniSecret(mnemonicToMiniSecret(phrase, password));
    }
    if (path.length === 0) return base;
    const derived = keyFromPath(
      { publicKey: base.publicKey, secretKey: base.#requireSecret() },
      path,
      'sr25519',
    );
    return new Sr25519Keypair(derived.publicKey, derived.secretKey);
  }

  /**
   * From btwallet's `privateKey` (64 bytes: canonical scalar ‖ nonce) and the public key stored beside it.
   * The pair is checked by a sign/verify round trip, so a mismatched file fails here, not on the wire.
   */
  static fromPrivateKey(privateKey: Uint8Array | string, publicKey: Uint8Array | string): Sr25519Keypair {
    const bytes = typeof privateKey === 'string' ? parseHex(privateKey, 'privateKey') : privateKey;
    if (bytes.length !== 64) {
      throw invalidKey(`privateKey must be 64 bytes, got ${bytes.length}`);
    }
    const pair = new Sr25519Keypair(toPublicKey(publicKey), fromCanonicalSecret(bytes));
    const probe = new TextEncoder().encode('expertnet/keypair-check');
    if (!pair.verify(probe, pair.sign(probe))) {
      throw invalidKey('privateKey does not match publicKey');
    }
    return pair;
  }

  /** A verify-only key from an SS58 address or 32-byte public key. */
  static fromPublic(addressOrPublicKey: string | Uint8Array): Sr25519Keypair {
    return new Sr25519Keypair(toPublicKey(addressOrPublicKey), undefined);
  }

  static #fromMiniSecret(miniSecret: Uint8Array, origin: KeypairOrigin = {}): Sr25519Keypair {
    const full = sr25519KeypairFromSeed(miniSecret);
    return new Sr25519Keypair(full.slice(64, 96), full.slice(0, 64), origin);
  }

  get hasSecret(): boolean {
    return this.#secretKey !== undefined;
  }

  /** btwallet `privateKey` (canonical schnorrkel form); undefined for public-only keys. */
  get privateKey(): Uint8Array | undefined {
    return this.#secretKey && toCanonicalSecret(this.#secretKey);
  }

  /** sr25519 signature (64 bytes, schnorrkel context `substrate`), the same as btwallet's `sign`. */
  sign(message: Uint8Array): Uint8Array {
    return sr25519Sign(this.publicKey, this.#requireSecret(), message);
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return verifySr25519(message, signature, this.publicKey);
  }

  /** A polkadot-js pair for signing extrinsics with `@polkadot/api`. */
  toKeyringPair(name?: string): KeyringPair {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: BITTENSOR_SS58_FORMAT });
    if (!this.#secretKey) return keyring.addFromAddress(this.publicKey, name ? { name } : {});
    return keyring.addFromPair(
      { publicKey: this.publicKey, secretKey: this.#secretKey },
      name ? { name } : {},
    );
  }

  #requireSecret(): Uint8Array {
    if (!this.#secretKey) {
      throw new WalletError(
        { code: 'PUBLIC_ONLY', address: this.address },
        `key ${this.address} has no secret`,
      );
    }
    return this.#secretKey;
  }
}

/** sr25519 verification on wasm-crypto; false (never throws) for malformed inputs. */
export function verifySr25519(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  return sr25519Verify(signature, message, publicKey);
}

/** 32-byte public key from an SS58 address (any prefix), hex or bytes; typed error otherwise. */
export function toPublicKey(addressOrPublicKey: string | Uint8Array): Uint8Array {
  try {
    const key = decodeAddress(addressOrPublicKey);
    if (key.length !== 32) throw new Error(`expected 32 bytes, got ${key.length}`);
    return key;
  } catch (err) {
    throw new WalletError(
      { code: 'INVALID_KEY', reason: 'not an SS58 address or 32-byte public key' },
      'not an SS58 address or 32-byte public key',
      { cause: err },
    );
  }
}

/** SS58 address (prefix 42) of a public key. */
export function toSs58(publicKey: Uint8Array): string {
  return encodeAddress(publicKey, BITTENSOR_SS58_FORMAT);
}

/** ed25519-compatible secret (scalar·8) → schnorrkel canonical secret (scalar), nonce unchanged. */
export function toCanonicalSecret(secret: Uint8Array): Uint8Array {
  const out = Uint8Array.from(secret);
  let carry = 0;
  for (let i = 31; i >= 0; i--) {
    const byte = secret[i]!;
    out[i] = (byte >> 3) | carry;
    carry = (byte & 0b111) << 5;
  }
  return out;
}

/** schnorrkel canonical secret (scalar) → ed25519-compatible secret (scalar·8), nonce unchanged. */
export function fromCanonicalSecret(secret: Uint8Array): Uint8Array {
  const out = Uint8Array.from(secret);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const byte = secret[i]!;
    out[i] = ((byte << 3) & 0xff) | carry;
    carry = byte >> 5;
  }
  return out;
}

export function hex(bytes: Uint8Array): `0x${string}` {
  return u8aToHex(bytes);
}

function invalidKey(reason: string): WalletError {
  return new WalletError({ code: 'INVALID_KEY', reason }, reason);
}

function parseHex(value: string, what: string): Uint8Array {
  const text = value.startsWith('0x') ? value : `0x${value}`;
  if (!isHex(text)) throw invalidKey(`${what} is not hex`);
  return hexToU8a(text);
}

function normaliseMnemonic(mnemonic: string): string {
  return mnemonic.trim().toLowerCase().split(/\s+/).join(' ');
}
