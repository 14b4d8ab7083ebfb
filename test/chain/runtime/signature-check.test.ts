/**
 * The runtime's seam for off-thread signature verification: `signatureCheck` hands out what
 * `validateTransaction` would verify, `markSignatureVerified` lets validation skip it, and validation
 * keeps verifying everything that was not marked.
 */
import { ed25519Verify, sr25519Verify } from '@polkadot/wasm-crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sign, type TestChain, testChain, transfer } from './helpers.js';

const TAO = 1_000_000_000n;
let c: TestChain;
beforeEach(async () => {
  c = await testChain();
});

const tamper = (xt: Uint8Array): Uint8Array => {
  const out = xt.slice();
  out[40] = (out[40]! + 1) % 256; // inside the 64-byte signature
  return out;
};

describe('signatureCheck / markSignatureVerified', () => {
  it('hands out the sr25519 check that validation performs', () => {
    const xt = sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 });
    const check = c.runtime.signatureCheck(c.view, xt, c.next())!;
    expect(check.scheme).toBe('sr25519');
    expect(check.signer).toEqual(c.alice.publicKey);
    expect(sr25519Verify(check.signature, check.message, check.signer)).toBe(true);
    const bad = c.runtime.signatureCheck(c.view, tamper(xt), c.next())!;
    expect(sr25519Verify(bad.signature, bad.message, bad.signer)).toBe(false);
    expect(bad.key).not.toBe(check.key);
  });

  it('hands out ed25519 checks', () => {
    const ed = c.keyring.addFromUri('//EdUser', undefined, 'ed25519');
    const xt = sign(c, ed, transfer(c, c.bob, TAO), { nonce: 0 });
    const check = c.runtime.signatureCheck(c.view, xt, c.next())!;
    expect(check.scheme).toBe('ed25519');
    expect(ed25519Verify(check.signature, check.message, check.signer)).toBe(true);
  });

  it('hands out nothing for undecodable bytes, a wrong birth block or an already verified signature', () => {
    expect(c.runtime.signatureCheck(c.view, new Uint8Array([1, 2, 3]), c.next())).toBeUndefined();
    const ahead = sign(c, c.alice, transfer(c, c.bob, TAO), {
      nonce: 0,
      era: { current: 5, period: 64 },
      blockHash: new Uint8Array(32).fill(9),
    });
    expect(c.runtime.signatureCheck(c.view, ahead, c.next())).toBeUndefined();
    const xt = sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 });
    expect(c.runtime.validateTransaction(c.view, xt, c.next()).ok).toBe(true);
    expect(c.runtime.signatureCheck(c.view, xt, c.next())).toBeUndefined();
  });

  it('validation skips a marked check, and still verifies what was not marked', () => {
    const bad = tamper(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 0 }));
    expect(c.runtime.validateTransaction(c.view, bad, c.next())).toMatchObject({
      ok: false,
      invalid: 'BadProof',
    });
    // Marking is trusted: that is why only a caller that verified the check may mark it.
    const check = c.runtime.signatureCheck(c.view, bad, c.next())!;
    c.runtime.markSignatureVerified(check);
    expect(c.runtime.validateTransaction(c.view, bad, c.next()).ok).toBe(true);
    // Another transaction with a bad signature, not marked: still verified, still rejected.
    const other = tamper(sign(c, c.alice, transfer(c, c.bob, TAO), { nonce: 1 }));
    expect(c.runtime.validateTransaction(c.view, other, c.next())).toMatchObject({
      ok: false,
      invalid: 'BadProof',
    });
  });
});
