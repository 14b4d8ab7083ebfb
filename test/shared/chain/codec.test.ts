/** Pure parts of the chain client: endpoints, axon IP encoding, model commitments, the weights commit hash. */

import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import {
  ChainClientError,
  decodeModelCommitment,
  encodeLegacyModelCommitment,
  encodeModelCommitment,
  intToIp,
  ipToInt,
  labelsHash,
  NETWORK_ENDPOINTS,
  PolkadotChainClient,
  resolveEndpoint,
} from '../../../shared/chain/index.js';
import { customErrorFromMessage } from '../../../shared/subtensor/transaction-errors.js';

describe('resolveEndpoint', () => {
  it('maps Bittensor network names and lets an explicit endpoint win', () => {
    expect(resolveEndpoint({})).toBe('ws://127.0.0.1:9944');
    expect(resolveEndpoint({ network: 'test' })).toBe('wss://test.finney.opentensor.ai:443');
    expect(resolveEndpoint({ network: 'finney' })).toBe(NETWORK_ENDPOINTS.finney);
    expect(resolveEndpoint({ network: 'finney', chainEndpoint: 'ws://10.0.0.2:9944' })).toBe(
      'ws://10.0.0.2:9944',
    );
    expect(resolveEndpoint({ network: 'wss://my.node:443' })).toBe('wss://my.node:443');
  });

  it.each(['mainnet', 'http://127.0.0.1:9944', ''])('refuses %j with BAD_ENDPOINT', (value) => {
    expect(() => resolveEndpoint({ chainEndpoint: value })).toThrow(ChainClientError);
    try {
      resolveEndpoint({ chainEndpoint: value });
    } catch (err) {
      expect((err as ChainClientError).code).toBe('BAD_ENDPOINT');
    }
  });
});

describe('axon IP encoding', () => {
  it.each([
    ['1.2.3.4', 4, 0x01020304n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['::1', 6, 1n],
    ['2001:db8::8a2e:370:7334', 6, 0x20010db80000000000008a2e03707334n],
    ['::ffff:1.2.3.4', 6, 0xffff01020304n],
  ])('%s ↔ u128', (ip, ipType, value) => {
    expect(ipToInt(ip)).toEqual({ value, ipType });
    const back = intToIp(value, ipType);
    expect(ipToInt(back)).toEqual({ value, ipType });
  });

  it('prints IPv4 and canonical IPv6', () => {
    expect(intToIp(0x7f000001n, 4)).toBe('127.0.0.1');
    expect(intToIp(0x20010db8000000000000000000000001n, 6)).toBe('2001:db8::1');
  });

  it('refuses what is not an IP', () => {
    expect(() => ipToInt('example.com')).toThrow(/not an IP/);
    expect(() => ipToInt('1.2.3.256')).toThrow(ChainClientError);
  });
});

describe('model commitment', () => {
  const sha = 'a1'.repeat(32);

  it('round-trips domain, task, labels and the model hash in three fields', () => {
    const fields = encodeModelCommitment({
      domain: 'finance',
      task: 'sentiment',
      labels: ['positive', 'negative', 'neutral'],
      bundleDigest: sha,
    });
    expect(fields.map((f) => f.kind)).toEqual(['Raw', 'Sha256', 'Raw']);
    expect(new TextDecoder().decode(fields[0]!.bytes)).toBe('expertnet/2 finance sentiment');
    expect(fields.every((f) => f.bytes.length <= 128)).toBe(true);
    expect(decodeModelCommitment(fields)).toEqual({
      domain: 'finance',
      task: 'sentiment',
      labels: ['positive', 'negative', 'neutral'],
      labelsHash: labelsHash(['positive', 'negative', 'neutral']),
      modelSha256: sha,
      version: 2,
      verifiable: true,
      bundleDigest: sha,
    });
  });

  it('reads an old expertnet/1 commitment (ONNX sha256) as unverifiable', () => {
    const fields = encodeLegacyModelCommitment({ domain: 'f', task: 't', labels: ['a'], modelSha256: sha });
    expect(new TextDecoder().decode(fields[0]!.bytes)).toBe('expertnet/1 f t');
    expect(decodeModelCommitment(fields)).toMatchObject({
      modelSha256: sha,
      version: 1,
      verifiable: false,
      bundleDigest: undefined,
    });
  });

  it('publishes only a hash of labels that do not fit in 128 bytes', () => {
    const labels = Array.from({ length: 40 }, (_, i) => `diagnosis_code_${i}`);
    const fields = encodeModelCommitment({ domain: 'medical', task: 'icd', labels, bundleDigest: sha });
    expect(fields[2]!.kind).toBe('BlakeTwo256');
    const decoded = decodeModelCommitment(fields)!;
    expect(decoded.labels).toBeUndefined();
    expect(decoded.labelsHash).toEqual(labelsHash(labels));
  });

  it('refuses bad input and ignores commitments that are not ours', () => {
    expect(() =>
      encodeModelCommitment({ domain: 'fin ance', task: 't', labels: ['a'], bundleDigest: sha }),
    ).toThrow(ChainClientError);
    expect(() =>
      encodeModelCommitment({ domain: 'f', task: 't', labels: ['a'], bundleDigest: 'AB'.repeat(32) }),
    ).toThrow(/bundleDigest/);
    expect(() =>
      encodeModelCommitment({ domain: 'f', task: 't', labels: ['a,b'], bundleDigest: sha }),
    ).toThrow(/labels/);
    const raw = (text: string) => ({ kind: 'Raw' as const, bytes: new TextEncoder().encode(text) });
    expect(decodeModelCommitment([raw('{"some":"json"}')])).toBeUndefined();
    expect(
      decodeModelCommitment([raw('other/1 a b'), { kind: 'Sha256', bytes: new Uint8Array(32) }, raw('x')]),
    ).toBeUndefined();
    expect(
      decodeModelCommitment([raw('expertnet/1 a'), { kind: 'Sha256', bytes: new Uint8Array(32) }, raw('x')]),
    ).toBeUndefined();
    expect(
      decodeModelCommitment([
        raw('expertnet/3 a b'),
        { kind: 'Sha256', bytes: new Uint8Array(32) },
        raw('x'),
      ]),
    ).toBeUndefined();
  });
});

describe('weightsCommitHash', () => {
  /** SCALE by hand: AccountId32 ‖ u16 ‖ Vec<u16> ×3 ‖ u64, all little-endian, compact lengths < 64. */
  function scaleByHand(hotkey: string, netuid: number, vecs: number[][], versionKey: bigint): Uint8Array {
    const out: number[] = [...decodeAddress(hotkey), netuid & 0xff, netuid >> 8];
    for (const v of vecs) {
      out.push(v.length << 2);
      for (const x of v) out.push(x & 0xff, x >> 8);
    }
    for (let i = 0n; i < 8n; i++) out.push(Number((versionKey >> (8n * i)) & 0xffn));
    return Uint8Array.from(out);
  }

  it('is blake2_256 of the SCALE tuple subtensor hashes', () => {
    const client = new PolkadotChainClient({ endpoint: 'ws://127.0.0.1:1' });
    const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
    const params = {
      netuid: 3,
      uids: [0, 1, 7],
      weights: [65535, 100, 0],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: 12n,
    };
    const expected = blake2AsU8a(
      scaleByHand(hotkey, 3, [params.uids, params.weights, params.salt], 12n),
      256,
    );
    expect(client.weightsCommitHash(hotkey, params)).toEqual(expected);
    expect(client.weightsCommitHash(hotkey, { ...params, salt: [9] })).not.toEqual(expected);
  });

  it('refuses mismatched or out-of-range weights', () => {
    const client = new PolkadotChainClient({ endpoint: 'ws://127.0.0.1:1' });
    const hotkey = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
    expect(() =>
      client.weightsCommitHash(hotkey, { netuid: 1, uids: [0, 1], weights: [1], salt: [], versionKey: 0 }),
    ).toThrow(/same length/);
    expect(() =>
      client.weightsCommitHash(hotkey, { netuid: 1, uids: [0], weights: [70000], salt: [], versionKey: 0 }),
    ).toThrow(/u16/);
  });
});

describe('customErrorFromMessage', () => {
  it('names subtensor custom codes in pool rejection messages and ignores others', () => {
    expect(customErrorFromMessage('1010: Invalid Transaction: Custom error: 12')).toBe(
      'ServingRateLimitExceeded',
    );
    expect(customErrorFromMessage('1010: Invalid Transaction: Custom error: 19')).toBe('UidNotFound');
    expect(customErrorFromMessage('1010: Invalid Transaction: Custom error: 200')).toBeUndefined();
    expect(
      customErrorFromMessage('1010: Invalid Transaction: Transaction has a bad signature'),
    ).toBeUndefined();
  });
});
