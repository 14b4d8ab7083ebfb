/**
 * The format is proven against the reference implementations, not assumed: ciphertexts made by tle
 * itself open with real quicknet signatures under our decryption, a real finney commit parses where the
 * chain's decoder expects each field, and real quicknet pulses verify against QUICKNET.publicKey.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import {
  decodeWeightsPayload,
  deserializeTleCiphertext,
  QUICKNET,
  randomnessOf,
  TimelockError,
  timelockDecrypt,
  verifyBeaconSignature,
} from '../../../shared/timelock/index.js';
import { FINNEY_COMMIT, hex, QUICKNET_PULSES, TLE_VECTORS } from './vectors.js';

function sigOf(round: bigint): Uint8Array {
  const pulse = QUICKNET_PULSES.find((p) => p.round === round);
  if (pulse === undefined) throw new Error(`no pulse for ${round}`);
  return hex(pulse.signature);
}

describe('quicknet pulses (drand, as subtensor tests carry them)', () => {
  for (const pulse of QUICKNET_PULSES) {
    it(`round ${pulse.round} verifies against QUICKNET.publicKey and no other round`, () => {
      expect(verifyBeaconSignature(QUICKNET.publicKey, pulse.round, hex(pulse.signature))).toBe(true);
      expect(verifyBeaconSignature(QUICKNET.publicKey, pulse.round + 1n, hex(pulse.signature))).toBe(false);
    });
  }

  it("randomness is sha256 of the signature, as drand's pulse 1000 says", () => {
    const [p1000] = QUICKNET_PULSES;
    expect(Buffer.from(randomnessOf(hex(p1000.signature))).toString('hex')).toBe(p1000.randomness);
  });

  it('QUICKNET carries the network constants subtensor and the SDK use', () => {
    expect(QUICKNET.publicKey).toHaveLength(96);
    expect(QUICKNET.genesisTime).toBe(1692803367);
    expect(QUICKNET.period).toBe(3);
    expect(QUICKNET.chainHash).toBe('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971');
    expect(QUICKNET.schemeId).toBe('bls-unchained-g1-rfc9380');
  });
});

describe('ciphertexts made by tle decrypt with our port of the chain side', () => {
  it('text to round 1000', () => {
    const [v] = TLE_VECTORS;
    const plain = timelockDecrypt(hex(v.ciphertext), sigOf(v.round));
    expect(new TextDecoder().decode(plain)).toBe(v.plaintext);
  });

  it('a WeightsTlockPayload to round 2000 decrypts and decodes as subtensor would', () => {
    const v = TLE_VECTORS[1];
    const plain = timelockDecrypt(hex(v.ciphertext), sigOf(v.round));
    expect(Buffer.from(plain).toString('hex')).toBe(v.plaintext);
    const payload = decodeWeightsPayload(plain);
    expect(payload.legacy).toBe(false);
    expect(Buffer.from(payload.hotkey).toString('hex')).toBe(
      'd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
    );
    expect(payload.uids).toEqual([0, 1, 7, 255]);
    expect(payload.values).toEqual([65535, 0, 1234, 30000]);
    expect(payload.versionKey).toBe(843000n);
  });

  it("another round's signature does not open them", () => {
    for (const v of TLE_VECTORS) {
      const other = v.round === 1000n ? 2000n : 1000n;
      expect(() => timelockDecrypt(hex(v.ciphertext), sigOf(other))).toThrow(TimelockError);
    }
  });
});

describe("a real finney commit (SDK-made) has the layout the chain's decoder reads", () => {
  const bytes = hex(FINNEY_COMMIT.ciphertext);

  it('every field is where tle rev 5416406 puts it', () => {
    const ct = deserializeTleCiphertext(bytes);
    expect(ct.v).toHaveLength(32);
    expect(ct.w).toHaveLength(32);
    expect(ct.nonce).toHaveLength(12);
    expect(new TextDecoder().decode(ct.cipherSuite)).toBe('AES_GCM_');
    // 59-byte payload (hotkey + 4 uids + 4 values + version) + 16-byte GCM tag
    expect(ct.aesCiphertext).toHaveLength(75);
    // U is a point of G2's prime-order subgroup, compressed as arkworks writes it
    expect(() => bls12_381.G2.Point.fromBytes(ct.u).assertValidity()).not.toThrow();
  });

  it('opening it with a signature of another round fails as WRONG_SIGNATURE, not as a parse error', () => {
    try {
      timelockDecrypt(bytes, sigOf(1000n));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TimelockError);
      expect((err as TimelockError).code).toBe('WRONG_SIGNATURE');
    }
  });
});
