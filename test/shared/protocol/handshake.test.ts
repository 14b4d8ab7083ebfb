import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, closeReasonOf, PROTOCOL_VERSION } from '../../../shared/protocol/constants.js';
import {
  buildHandshakeMessage,
  checkChallenge,
  closeFor,
  createChallenge,
  type HandshakeFailure,
  NonceCache,
  signHandshake,
  verifyHandshake,
} from '../../../shared/protocol/handshake.js';
import { Sr25519Keypair } from '../../../shared/wallet/keypair.js';

const miner = Sr25519Keypair.fromUri('//Alice//miner');
const validator = Sr25519Keypair.fromUri('//Bob//validator');
const NOW = 1_700_000_000_000;

function handshake() {
  const challenge = createChallenge(miner.address);
  const auth = signHandshake(validator, challenge, NOW);
  return { challenge, auth };
}

function reason(result: ReturnType<typeof verifyHandshake>): HandshakeFailure | 'ok' {
  return result.ok ? 'ok' : result.reason;
}

describe('handshake', () => {
  it('accepts a correctly signed auth and names the validator', () => {
    const { challenge, auth } = handshake();
    expect(challenge.nonce).toHaveLength(32);
    expect(checkChallenge(challenge, miner.address)).toEqual({ ok: true });
    const result = verifyHandshake({ challenge, auth, now: NOW + 1000 });
    expect(result).toMatchObject({ ok: true, validatorHotkey: validator.address });
  });

  it('works with a polkadot-js KeyringPair as the signer', () => {
    const challenge = createChallenge(miner.address);
    const auth = signHandshake(validator.toKeyringPair(), challenge, NOW);
    expect(verifyHandshake({ challenge, auth, now: NOW }).ok).toBe(true);
  });

  it('binds every field: changing any one breaks the signature', () => {
    const { challenge, auth } = handshake();
    const other = Sr25519Keypair.fromUri('//Charlie');
    const forged = [
      { ...auth, timestamp: auth.timestamp + 1 },
      { ...auth, validatorHotkey: other.address },
      { ...auth, signature: Uint8Array.from(auth.signature, (b, i) => (i === 0 ? b ^ 1 : b)) },
    ];
    for (const bad of forged)
      expect(reason(verifyHandshake({ challenge, auth: bad, now: NOW }))).toBe('BAD_SIGNATURE');
    const otherNonce = { ...challenge, nonce: new Uint8Array(32).fill(7) };
    expect(reason(verifyHandshake({ challenge: otherNonce, auth, now: NOW }))).toBe('BAD_SIGNATURE');
  });

  it('refuses stale and future timestamps outside the window', () => {
    const { challenge, auth } = handshake();
    expect(reason(verifyHandshake({ challenge, auth, now: NOW + 30_000 }))).toBe('ok');
    expect(reason(verifyHandshake({ challenge, auth, now: NOW + 30_001 }))).toBe('STALE_TIMESTAMP');
    expect(reason(verifyHandshake({ challenge, auth, now: NOW - 30_001 }))).toBe('STALE_TIMESTAMP');
    expect(reason(verifyHandshake({ challenge, auth, now: NOW + 5_000, maxClockSkewMs: 1_000 }))).toBe(
      'STALE_TIMESTAMP',
    );
  });

  it('refuses a replayed nonce once it was accepted', () => {
    const { challenge, auth } = handshake();
    const nonceCache = new NonceCache({ ttlMs: 60_000 });
    expect(reason(verifyHandshake({ challenge, auth, now: NOW, nonceCache }))).toBe('ok');
    expect(reason(verifyHandshake({ challenge, auth, now: NOW + 10, nonceCache }))).toBe('REPLAYED_NONCE');
  });

  it('does not let forged auths consume a nonce', () => {
    const { challenge, auth } = handshake();
    const nonceCache = new NonceCache();
    const bad = { ...auth, timestamp: auth.timestamp + 1 };
    expect(reason(verifyHandshake({ challenge, auth: bad, now: NOW, nonceCache }))).toBe('BAD_SIGNATURE');
    expect(nonceCache.size).toBe(0);
    expect(reason(verifyHandshake({ challenge, auth, now: NOW, nonceCache }))).toBe('ok');
  });

  it('refuses an auth meant for another miner hotkey, and a validator refuses a wrong miner', () => {
    const { challenge, auth } = handshake();
    const impostor = Sr25519Keypair.fromUri('//Eve');
    expect(
      reason(verifyHandshake({ challenge, auth: { ...auth, minerHotkey: impostor.address }, now: NOW })),
    ).toBe('WRONG_MINER_HOTKEY');
    // A relay that presents someone else's challenge: the validator checks the hotkey it expected.
    expect(checkChallenge(createChallenge(impostor.address), miner.address)).toMatchObject({
      ok: false,
      reason: 'WRONG_MINER_HOTKEY',
    });
    expect(checkChallenge(createChallenge('not-ss58'), miner.address)).toMatchObject({
      reason: 'BAD_HOTKEY',
    });
  });

  it('refuses other protocol versions on both sides', () => {
    const challenge = createChallenge(miner.address, PROTOCOL_VERSION + 1);
    expect(checkChallenge(challenge, miner.address)).toMatchObject({ ok: false, reason: 'BAD_VERSION' });
    const auth = signHandshake(validator, challenge, NOW);
    expect(reason(verifyHandshake({ challenge, auth, now: NOW }))).toBe('BAD_VERSION');
    expect(reason(verifyHandshake({ challenge, auth, now: NOW, supportedVersions: [2, 3] }))).toBe('ok');
    // A v1 peer (before bundle frames) is refused too.
    const v1 = createChallenge(miner.address, 1);
    expect(checkChallenge(v1, miner.address)).toMatchObject({ ok: false, reason: 'BAD_VERSION' });
  });

  it('refuses an undecodable validator hotkey', () => {
    const { challenge, auth } = handshake();
    expect(reason(verifyHandshake({ challenge, auth: { ...auth, validatorHotkey: '5xyz' }, now: NOW }))).toBe(
      'BAD_HOTKEY',
    );
  });

  it('builds a fixed-layout, domain-separated message', () => {
    const nonce = new Uint8Array(32).fill(9);
    const fields = {
      version: 1,
      minerHotkey: miner.address,
      validatorHotkey: validator.address,
      nonce,
      timestamp: 258,
    };
    const msg = buildHandshakeMessage(fields);
    const context = 'expertnet/handshake/v1';
    expect(msg.length).toBe(context.length + 2 + 32 + 32 + 32 + 8);
    expect(Buffer.from(msg.subarray(0, context.length)).toString()).toBe(context);
    expect(msg.subarray(context.length + 2, context.length + 34)).toEqual(miner.publicKey);
    expect([...msg.subarray(msg.length - 8)]).toEqual([2, 1, 0, 0, 0, 0, 0, 0]);
    expect(buildHandshakeMessage({ ...fields, minerHotkey: miner.publicKey })).toEqual(msg);
    expect(() => buildHandshakeMessage({ ...fields, nonce: new Uint8Array(31) })).toThrow(RangeError);
  });

  it('maps each refusal to a distinct 4xxx close code', () => {
    const failures: HandshakeFailure[] = [
      'BAD_VERSION',
      'WRONG_MINER_HOTKEY',
      'BAD_HOTKEY',
      'STALE_TIMESTAMP',
      'BAD_SIGNATURE',
      'REPLAYED_NONCE',
    ];
    const codes = failures.map((f) => closeFor(f).code);
    expect(new Set(codes).size).toBe(failures.length);
    for (const code of codes) expect(code >= 4000 && code <= 4999).toBe(true);
    expect(closeFor('BAD_VERSION').code).toBe(CLOSE_CODES.PROTOCOL_VERSION);
    const all = Object.values(CLOSE_CODES);
    expect(new Set(all).size).toBe(all.length);
    expect(closeReasonOf(CLOSE_CODES.LOW_STAKE)).toBe('LOW_STAKE');
    expect(closeReasonOf(1000)).toBeUndefined();
  });
});

describe('NonceCache', () => {
  it('forgets nonces after the TTL and stays bounded', () => {
    const cache = new NonceCache({ ttlMs: 100, maxEntries: 3 });
    const n = (i: number) => new Uint8Array(32).fill(i);
    expect(cache.remember(n(1), 0)).toBe(true);
    expect(cache.remember(n(1), 50)).toBe(false);
    expect(cache.has(n(1), 99)).toBe(true);
    expect(cache.remember(n(1), 101)).toBe(true); // expired, accepted again
    for (let i = 2; i < 10; i++) cache.remember(n(i), 110);
    expect(cache.size).toBe(3);
    expect(cache.has(n(9), 110)).toBe(true);
    expect(cache.has(n(2), 110)).toBe(false);
  });
});
