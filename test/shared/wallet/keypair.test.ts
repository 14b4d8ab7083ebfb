import { encodeAddress, sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../shared/wallet/errors.js';
import {
  fromCanonicalSecret,
  hex,
  Sr25519Keypair,
  toCanonicalSecret,
  verifySr25519,
} from '../../../shared/wallet/keypair.js';

// Vectors from btwallet's and bittensor's own tests (mnemonic → key, private key, URI derivation).
const MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';
const PUBLIC_KEY = '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446';
const PRIVATE_KEY =
  '0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e';

describe('Sr25519Keypair', () => {
  it('derives the upstream public key, SS58 and canonical privateKey from a mnemonic', () => {
    const pair = Sr25519Keypair.fromMnemonic(MNEMONIC);
    expect(hex(pair.publicKey)).toBe(PUBLIC_KEY);
    expect(encodeAddress(pair.publicKey, 0)).toBe('16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2');
    expect(hex(pair.privateKey!)).toBe(PRIVATE_KEY);
    expect(pair.mnemonic).toBe(MNEMONIC);
    expect(pair.miniSecret).toHaveLength(32);
  });

  it('rebuilds the same key from btwallet privateKey and from the seed', () => {
    const fromMnemonic = Sr25519Keypair.fromMnemonic(MNEMONIC);
    const fromPrivate = Sr25519Keypair.fromPrivateKey(PRIVATE_KEY, PUBLIC_KEY);
    const fromSeed = Sr25519Keypair.fromSeed(fromMnemonic.miniSecret!);
    expect(fromPrivate.address).toBe(fromMnemonic.address);
    expect(fromSeed.address).toBe(fromMnemonic.address);
    const msg = new TextEncoder().encode('hello');
    expect(fromMnemonic.verify(msg, fromPrivate.sign(msg))).toBe(true);
  });

  it('refuses a privateKey that does not belong to the public key', () => {
    const other = Sr25519Keypair.fromUri('//Bob');
    expect(() => Sr25519Keypair.fromPrivateKey(PRIVATE_KEY, other.publicKey)).toThrow(WalletError);
  });

  it('follows substrate URI derivation (dev phrase, hard and soft junctions)', () => {
    expect(Sr25519Keypair.fromUri('//Alice').address).toBe(
      '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    );
    expect(Sr25519Keypair.fromUri('//Bob/test').address).toBe(
      '5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf',
    );
    expect(Sr25519Keypair.fromUri(`${MNEMONIC}//Alice`).address).toBe(
      '5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN',
    );
    expect(Sr25519Keypair.fromUri(`${MNEMONIC}/Alice`).address).toBe(
      '5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i',
    );
  });

  it('signs so that util-crypto and polkadot-js pairs agree', () => {
    const pair = Sr25519Keypair.fromUri('//Alice');
    const msg = new TextEncoder().encode('cross-implementation');
    expect(jsVerify(msg, pair.sign(msg), pair.publicKey)).toBe(true);
    const keyringPair = pair.toKeyringPair();
    expect(keyringPair.address).toBe(pair.address);
    expect(verifySr25519(msg, keyringPair.sign(msg), pair.publicKey)).toBe(true);
    const tampered = Uint8Array.from(msg);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(verifySr25519(tampered, pair.sign(msg), pair.publicKey)).toBe(false);
    expect(verifySr25519(msg, new Uint8Array(10), pair.publicKey)).toBe(false);
  });

  it('converts between canonical and ed25519-form secrets losslessly', () => {
    const canonical = Uint8Array.from(Buffer.from(PRIVATE_KEY.slice(2), 'hex'));
    const edForm = fromCanonicalSecret(canonical);
    expect(edForm[0]! & 0b111).toBe(0);
    expect(toCanonicalSecret(edForm)).toEqual(canonical);
  });

  it('gives typed errors for bad mnemonics, bad keys and public-only signing', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as WalletError).code;
      }
      return 'no error';
    };
    expect(code(() => Sr25519Keypair.fromMnemonic('not a real mnemonic at all'))).toBe('INVALID_MNEMONIC');
    expect(code(() => Sr25519Keypair.fromSeed('0x1234'))).toBe('INVALID_KEY');
    expect(code(() => Sr25519Keypair.fromPublic('5notAnAddress'))).toBe('INVALID_KEY');
    const pub = Sr25519Keypair.fromPublic(PUBLIC_KEY);
    expect(pub.hasSecret).toBe(false);
    expect(code(() => pub.sign(new Uint8Array(1)))).toBe('PUBLIC_ONLY');
  });

  it('generates valid fresh mnemonics', () => {
    const words = Sr25519Keypair.generateMnemonic(24);
    expect(words.split(' ')).toHaveLength(24);
    expect(Sr25519Keypair.fromMnemonic(words).address).toMatch(/^5/);
  });
});
