/**
 * Timelock encryption to a drand round (tle's `tle` / `tld` for `TinyBLS381` + `AESGCMStreamCipherProvider`):
 * a fresh 32-byte key encrypts the message with AES-256-GCM (12-byte nonce, no associated data), and
 * the key itself is IBE-encrypted to the round's identity, so the round's beacon signature opens it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeG1, decodeG2, roundPoint } from './beacon.js';
import {
  AES_GCM_NONCE_LENGTH,
  AES_GCM_TAG_LENGTH,
  CIPHER_SUITE,
  deserializeTleCiphertext,
  serializeTleCiphertext,
} from './ciphertext.js';
import { TimelockError } from './errors.js';
import { ibeDecrypt, ibeEncrypt } from './ibe.js';

/**
 * Encrypts `message` so that only the beacon's signature of `round` decrypts it; the bytes are what
 * subtensor's `commit_timelocked_*` calls take and what its `tld` opens.
 */
export function timelockEncrypt(message: Uint8Array, round: bigint, publicKey: Uint8Array): Uint8Array {
  const pPub = decodeG2(publicKey, 'publicKey');
  if (pPub.is0())
    throw new TimelockError({ code: 'BAD_POINT', field: 'publicKey' }, 'beacon public key is the identity');
  const key = randomBytes(32);
  const header = ibeEncrypt(key, roundPoint(round), pPub);
  const nonce = randomBytes(AES_GCM_NONCE_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]);
  return serializeTleCiphertext({
    u: header.u.toBytes(true),
    v: header.v,
    w: header.w,
    aesCiphertext: body,
    nonce,
    cipherSuite: CIPHER_SUITE,
  });
}

/**
 * Decrypts with the round's signature (48 bytes, compressed G1), as subtensor's `reveal_crv3_commits`
 * does. Every failure is a `TimelockError`: malformed bytes, the wrong round, a tampered body.
 */
export function timelockDecrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const ct = deserializeTleCiphertext(ciphertext);
  const u = decodeG2(ct.u, 'header.u');
  const d = decodeG1(signature, 'signature');
  const key = ibeDecrypt({ u, v: ct.v, w: ct.w }, d);
  if (ct.nonce.length !== AES_GCM_NONCE_LENGTH) {
    throw new TimelockError({
      code: 'BAD_LENGTH',
      field: 'body.nonce',
      length: ct.nonce.length,
      expected: AES_GCM_NONCE_LENGTH,
    });
  }
  const sealed = ct.aesCiphertext;
  if (sealed.length < AES_GCM_TAG_LENGTH)
    throw new TimelockError({ code: 'BODY_DECRYPTION_FAILED' }, 'body shorter than its tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ct.nonce);
    decipher.setAuthTag(sealed.subarray(sealed.length - AES_GCM_TAG_LENGTH));
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - AES_GCM_TAG_LENGTH)),
      decipher.final(),
    ]);
    return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
  } catch (err) {
    throw new TimelockError({ code: 'BODY_DECRYPTION_FAILED' }, 'AES-GCM rejected the body', { cause: err });
  }
}
