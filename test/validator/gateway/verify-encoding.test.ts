/**
 * Records of a miner whose MessagePack differs from ours (float64 numbers, other key orders: a Python
 * or Go miner) verify like anyone's (issue 19): the gateway puts the bytes the miner signed in the
 * record, not a re-encoding that would no longer hash to `responseHash`. Tampered copies still fail.
 */
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeClassifyPayload,
  encodeInfoPayload,
  PROTOCOL_VERSION,
} from '../../../shared/protocol/index.js';
import {
  FOREIGN_INFERENCE_MS,
  type ForeignMiner,
  foreignVector,
  startForeignMiner,
} from '../miners/helpers.js';
import {
  getJson,
  type Json,
  LABELS,
  minerKey,
  postJson,
  StaticView,
  startTestGateway,
  type TestGateway,
  viewMiner,
} from './helpers.js';

const UID = 7;
const MODEL = 'cd'.repeat(32);
const INFO = {
  domain: 'finance',
  task: 'sentiment',
  labels: LABELS,
  modelSha256: MODEL,
  softwareVersion: 'py-miner-1',
  bundleDigest: 'ef'.repeat(32),
  executionProvider: 'cpu',
};
let miner: ForeignMiner;
let testGateway: TestGateway;
let url: string;

beforeAll(async () => {
  miner = await startForeignMiner(minerKey(UID), INFO);
  testGateway = await startTestGateway(
    new StaticView([viewMiner(UID, miner.port, 0.9, { modelSha256: MODEL })]),
    { anonymousRateLimit: { perSecond: 1000, burst: 1000 } },
  );
  url = testGateway.gateway.url;
});

afterAll(async () => {
  await testGateway?.close();
  await miner?.close();
});

async function records(texts: string[]): Promise<Json[]> {
  const { status, json } = await postJson(`${url}/v1/classify`, { domain: 'finance', texts });
  expect(status).toBe(200);
  return json.results.map((r: Json) => r.provenance[0]);
}

async function verify(record: Json): Promise<Json> {
  const res = await postJson(`${url}/v1/verify`, record);
  expect(res.status).toBe(200);
  return res.json;
}

describe('a miner writing float64 MessagePack with its own key order', () => {
  let batch: Json[];
  beforeAll(async () => {
    batch = await records(['rates held', 'profit doubled', 'guidance cut']);
  });

  it('gets records carrying its signed bytes, which verify valid by POST and GET', async () => {
    const signed = miner.signed.at(-1) ?? new Uint8Array();
    for (const [i, record] of batch.entries()) {
      expect(record).toMatchObject({ uid: UID, batchSize: 3, index: i, inferenceMs: FOREIGN_INFERENCE_MS });
      expect(record.probabilities).toEqual(foreignVector(i, LABELS.length));
      expect(record.response).toBe(u8aToHex(signed));
      // What the gateway used to do (rebuild with our encoder) gives other bytes: never verifiable.
      expect(record.response).not.toBe(
        u8aToHex(
          encodeClassifyPayload({
            kind: 'classify',
            probabilities: batch.map((r) => r.probabilities),
            inferenceMs: FOREIGN_INFERENCE_MS,
          }),
        ),
      );
      expect(record.info.payload).toBe(u8aToHex(miner.signed[0] ?? new Uint8Array()));
      const expected = {
        valid: true,
        signature: true,
        answer: 'match',
        registered: true,
        modelMatches: true,
      };
      expect(await verify(record), `text ${i}`).toMatchObject(expected);
    }
    const [first] = batch;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(first as Json)) {
      if (key === 'info')
        for (const [k, v] of Object.entries(value as object)) params.set(`info.${k}`, String(v));
      else params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    expect((await getJson(`${url}/v1/verify?${params}`)).json).toMatchObject({
      valid: true,
      answer: 'match',
    });
  });

  it('tampered copies do not verify', async () => {
    const [first, second] = batch as [Json, Json];
    // The float32 rounding of the signed vector is not the signed vector.
    const rounded = await verify({ ...first, probabilities: first.probabilities.map(Math.fround) });
    expect(rounded).toMatchObject({ valid: false, signature: true, answer: 'mismatch' });
    expect(rounded.reason).toContain('probabilities differ');
    const label = LABELS.find((l) => l !== first.label);
    expect(await verify({ ...first, label })).toMatchObject({ valid: false, answer: 'mismatch' });
    expect(await verify({ ...first, probabilities: second.probabilities })).toMatchObject({
      valid: false,
      answer: 'mismatch',
    });
    // One byte of the signed payload changed.
    const last = first.response.slice(-2) === '00' ? '01' : '00';
    const flipped = await verify({ ...first, response: `${first.response.slice(0, -2)}${last}` });
    expect(flipped).toMatchObject({ valid: false, answer: 'mismatch' });
    expect(flipped.reason).toContain('payload whose hash the miner signed');
    // The info re-encoded our way is not what the miner signed.
    const ours = encodeInfoPayload({ kind: 'info', protocolVersion: PROTOCOL_VERSION, ...INFO });
    const info = { ...first.info, payload: u8aToHex(ours) };
    expect(await verify({ ...first, info })).toMatchObject({ valid: false, answer: 'mismatch' });
  });
});
