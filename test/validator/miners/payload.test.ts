/**
 * The miner client hands back the exact payload bytes it verified (`ClassifyResult.payload`,
 * `MinerInfo.payload`), whatever valid MessagePack the miner wrote: a miner encoding float64 vectors
 * and keys in another order than ours gets its own bytes back, not a re-encoding (issue 19). The
 * evidence stays the three hex fields the audit log records.
 */
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeClassifyPayload,
  decodeInfoPayload,
  encodeClassifyPayload,
  encodeInfoPayload,
  hashBytes,
} from '../../../shared/protocol/index.js';
import { FAKE_LABELS, fakeMinerKey } from '../../../testkit/fake-miner.js';
import { verifyEvidence } from '../../../validator/miners/index.js';
import {
  connectionsOfThisFile,
  endpointOf,
  FOREIGN_INFERENCE_MS,
  type ForeignMiner,
  foreignVector,
  startForeignMiner,
} from './helpers.js';

const open = connectionsOfThisFile();
const INFO = {
  domain: 'finance',
  task: 'sentiment',
  labels: FAKE_LABELS,
  modelSha256: 'cd'.repeat(32),
  softwareVersion: 'py-miner-1',
  bundleDigest: 'ef'.repeat(32),
  executionProvider: 'cpu',
};

let miner: ForeignMiner;
beforeAll(async () => {
  miner = await startForeignMiner(fakeMinerKey, INFO);
});
afterAll(async () => {
  await miner?.close();
});

/** The payload is the signed one, and a buffer of its own (not a view keeping a frame alive). */
function expectSignedBytes(payload: Uint8Array, signed: Uint8Array | undefined, responseHash: string): void {
  expect(signed).toBeDefined();
  expect(Buffer.from(payload).equals(Buffer.from(signed ?? []))).toBe(true);
  expect(u8aToHex(hashBytes(payload))).toBe(responseHash);
  expect(payload.byteOffset).toBe(0);
  expect(payload.buffer.byteLength).toBe(payload.byteLength);
}

describe('a miner whose MessagePack differs from ours', () => {
  it('classify answers carry the exact signed bytes, float64 values intact', async () => {
    const connection = await open(endpointOf(miner.port, fakeMinerKey.address));
    const texts = ['one', 'two', 'three'];
    const before = miner.signed.length;
    const result = await connection.classify(texts);
    const signed = miner.signed[before];
    expectSignedBytes(result.payload, signed, result.evidence.responseHash);
    expect(verifyEvidence(fakeMinerKey.address, result.evidence, { response: result.payload })).toBe(true);
    // float64, not float32-rounded: these values are what the bytes say.
    expect(result.probabilities).toEqual(texts.map((_, i) => foreignVector(i, FAKE_LABELS.length)));
    expect(result.probabilities[0]).not.toEqual(result.probabilities[0]?.map(Math.fround));
    expect(result.inferenceMs).toBe(FOREIGN_INFERENCE_MS);
    // The premise: our encoder writes other bytes for the same answer, so a rebuild could not verify.
    const decoded = decodeClassifyPayload(result.payload, { items: 3, labels: FAKE_LABELS.length });
    expect(u8aToHex(encodeClassifyPayload(decoded))).not.toBe(u8aToHex(result.payload));
  });

  it('the admitted info and a fresh info carry their exact signed bytes', async () => {
    const before = miner.signed.length;
    const connection = await open(endpointOf(miner.port, fakeMinerKey.address));
    const admitted = connection.admittedInfo;
    expectSignedBytes(admitted.payload, miner.signed[before], admitted.evidence.responseHash);
    expect(admitted).toMatchObject(INFO);
    expect(u8aToHex(encodeInfoPayload(decodeInfoPayload(admitted.payload)))).not.toBe(
      u8aToHex(admitted.payload),
    );

    const info = await connection.info();
    expectSignedBytes(info.payload, miner.signed[before + 1], info.evidence.responseHash);
    expect(verifyEvidence(fakeMinerKey.address, info.evidence, { response: info.payload })).toBe(true);
  });

  it('evidence holds only the hashes and signature (what the audit log spreads into its records)', async () => {
    const connection = await open(endpointOf(miner.port, fakeMinerKey.address));
    const result = await connection.classify(['audited']);
    expect(Object.keys(result.evidence).sort()).toEqual(['requestHash', 'responseHash', 'signature']);
    expect(Object.keys(connection.admittedInfo.evidence).sort()).toEqual([
      'requestHash',
      'responseHash',
      'signature',
    ]);
  });
});
