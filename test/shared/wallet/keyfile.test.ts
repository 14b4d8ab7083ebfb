import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/wallet/errors.js';
import {
  decryptKeyfileData,
  detectKeyfileFormat,
  encryptKeyfileData,
  type NaclKdfParams,
  parseKeyfile,
  serializeKeypair,
} from '../../../shared/wallet/keyfile.js';
import { Sr25519Keypair } from '../../../shared/wallet/keypair.js';

const CHEAP_KDF: NaclKdfParams = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
const MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const enc = (s: string) => new TextEncoder().encode(s);

async function errorOf(p: Promise<unknown> | (() => unknown)): Promise<WalletError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof WalletError) return err;
    throw err;
  }
  throw new Error('expected a WalletError');
}

describe('$NACL keyfiles', () => {
  it('decrypts a keyfile encrypted by libsodium with btwallet parameters (real Argon2i cost)', async () => {
    // Made with PyNaCl/libsodium: argon2i13 kdf(ops 8, mem 512 MiB, btwallet salt) + secretbox.
    const data = readFileSync(new URL('./fixtures/coldkey-libsodium.nacl', import.meta.url));
    expect(detectKeyfileFormat(data)).toBe('nacl');
    const plain = await decryptKeyfileData(data, 'thisisafakepassword');
    const pair = parseKeyfile(plain);
    expect(pair.address).toBe(Sr25519Keypair.fromMnemonic(MNEMONIC).address);
    expect(pair.mnemonic).toBe(MNEMONIC);
  });

  it('round-trips with the layout "$NACL" ‖ nonce(24) ‖ tag(16) ‖ ciphertext', async () => {
    const plain = enc('{"ss58Address":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"}');
    const a = await encryptKeyfileData(plain, 'pw-123456', CHEAP_KDF);
    const b = await encryptKeyfileData(plain, 'pw-123456', CHEAP_KDF);
    expect(Buffer.from(a.subarray(0, 5)).toString()).toBe('$NACL');
    expect(a.length).toBe(45 + plain.length);
    expect(Buffer.compare(a, b)).not.toBe(0); // fresh nonce each time
    expect(await decryptKeyfileData(a, 'pw-123456', { kdf: CHEAP_KDF })).toEqual(plain);
  });

  it('says WRONG_PASSWORD for a wrong password or a tampered file', async () => {
    const data = await encryptKeyfileData(enc('{}'), 'right-password', CHEAP_KDF);
    expect((await errorOf(decryptKeyfileData(data, 'wrong-password', { kdf: CHEAP_KDF }))).code).toBe(
      'WRONG_PASSWORD',
    );
    const tampered = Uint8Array.from(data);
    tampered[tampered.length - 1]! ^= 0xff;
    expect((await errorOf(decryptKeyfileData(tampered, 'right-password', { kdf: CHEAP_KDF }))).code).toBe(
      'WRONG_PASSWORD',
    );
    expect((await errorOf(decryptKeyfileData(enc('$NACLshort'), 'x', { kdf: CHEAP_KDF }))).code).toBe(
      'CORRUPT_KEYFILE',
    );
  });

  it('refuses legacy Ansible Vault and Fernet files as unsupported', async () => {
    const ansible = enc('$ANSIBLE_VAULT;1.1;AES256\n3365623430...');
    const fernet = enc('gAAAAABkZ1x2...');
    const e1 = await errorOf(decryptKeyfileData(ansible, 'pw'));
    expect(e1.type).toMatchObject({ code: 'UNSUPPORTED_FORMAT', format: 'ansible-vault' });
    const e2 = await errorOf(() => parseKeyfile(fernet));
    expect(e2.type).toMatchObject({ code: 'UNSUPPORTED_FORMAT', format: 'fernet' });
    expect((await errorOf(() => parseKeyfile(enc('$NACL...')))).code).toBe('PASSWORD_REQUIRED');
  });
});

describe('keyfile JSON', () => {
  it('writes the btcli fields, all 0x-hex except the phrase and address', () => {
    const pair = Sr25519Keypair.fromMnemonic(MNEMONIC);
    const json = JSON.parse(new TextDecoder().decode(serializeKeypair(pair)));
    expect(Object.keys(json).sort()).toEqual(
      ['accountId', 'privateKey', 'publicKey', 'secretPhrase', 'secretSeed', 'ss58Address'].sort(),
    );
    expect(json.accountId).toBe('0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446');
    expect(json.publicKey).toBe(json.accountId);
    expect(json.privateKey).toMatch(/^0x1f1995bd/);
    expect(json.secretSeed).toBe('0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143');
    expect(json.ss58Address).toBe(pair.address);
    const pub = JSON.parse(new TextDecoder().decode(serializeKeypair(pair, { publicOnly: true })));
    expect(Object.keys(pub).sort()).toEqual(['accountId', 'publicKey', 'ss58Address']);
  });

  it('reads in btwallet priority order and tolerates nulls and any key order', () => {
    const pair = Sr25519Keypair.fromMnemonic(MNEMONIC);
    const full = JSON.parse(new TextDecoder().decode(serializeKeypair(pair)));
    const seedOnly = { ss58Address: full.ss58Address, secretSeed: full.secretSeed, secretPhrase: null };
    expect(parseKeyfile(enc(JSON.stringify(seedOnly))).address).toBe(pair.address);
    const privOnly = { privateKey: full.privateKey, publicKey: full.publicKey };
    const fromPriv = parseKeyfile(enc(JSON.stringify(privOnly)));
    expect(fromPriv.hasSecret).toBe(true);
    expect(fromPriv.address).toBe(pair.address);
    const pubOnly = parseKeyfile(enc(JSON.stringify({ ss58Address: full.ss58Address })));
    expect(pubOnly.hasSecret).toBe(false);
    // The oldest coldkeypub.txt form: a bare hex public key.
    expect(parseKeyfile(enc(full.publicKey)).address).toBe(pair.address);
  });

  it('flags corrupt files with CORRUPT_KEYFILE', async () => {
    const pair = Sr25519Keypair.fromMnemonic(MNEMONIC);
    const other = Sr25519Keypair.fromUri('//Bob');
    const cases = [
      '{"secretPhrase": "old leopard',
      '[1,2,3]',
      '{}',
      '{"secretSeed": 42}',
      '{"secretSeed": "0x1234"}',
      JSON.stringify({ secretPhrase: MNEMONIC, ss58Address: other.address }),
      JSON.stringify({ secretPhrase: 'not a valid bip39 phrase at all', ss58Address: pair.address }),
    ];
    for (const text of cases) {
      const err = await errorOf(() => parseKeyfile(enc(text), '/x/coldkey'));
      expect(err.type, text).toMatchObject({ code: 'CORRUPT_KEYFILE', path: '/x/coldkey' });
    }
  });
});
