/**
 * `/v1/verify` is `valid` only when every answer-bearing field of a record is covered by the miner's
 * signature and matches (issue 19): honest records of one-text and multi-text requests verify, in
 * both forms; forged labels, probabilities, batch sizes, and missing fields do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getJson,
  type Json,
  LABELS,
  type MinerFleet,
  postJson,
  startMinerFleet,
  startTestGateway,
  type TestGateway,
} from './helpers.js';

let fleet: MinerFleet;
let testGateway: TestGateway;
let url: string;

beforeAll(async () => {
  fleet = await startMinerFleet([0.9, 0.8]);
  testGateway = await startTestGateway(fleet.view, { anonymousRateLimit: { perSecond: 1000, burst: 1000 } });
  url = testGateway.gateway.url;
});

afterAll(async () => {
  await testGateway?.close();
  await fleet?.close();
});

async function records(texts: string[], redundancy = 1): Promise<Json> {
  const { status, json } = await postJson(`${url}/v1/classify`, { domain: 'finance', texts, redundancy });
  expect(status).toBe(200);
  return json.results.map((r: Json) => r.provenance);
}

const verify = async (record: Json): Promise<Json> => {
  const res = await postJson(`${url}/v1/verify`, record);
  expect(res.status).toBe(200);
  return res.json;
};

/** The GET form: every field as a query parameter (`info.*` for the signed info). */
function query(record: Json): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (key === 'info')
      for (const [k, v] of Object.entries(value as object)) params.set(`info.${k}`, String(v));
    else params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}

describe('honest records', () => {
  it('of a one-text request verify, by POST and by GET', async () => {
    const [[record]] = await records(['Acme raised its guidance.']);
    expect(record).toMatchObject({ batchSize: 1, index: 0 });
    expect(record.response).toMatch(/^0x[0-9a-f]+$/);
    expect(record.info.payload).toMatch(/^0x[0-9a-f]+$/);
    const expected = { valid: true, signature: true, answer: 'match', registered: true, uid: 1 };
    expect(await verify(record)).toMatchObject(expected);
    expect((await getJson(`${url}/v1/verify?${query(record)}`)).json).toMatchObject(expected);
  });

  it('of every text of a multi-text request verify, from every answering miner', async () => {
    const texts = ['profits fell', 'the bank kept rates', 'shares jumped', 'guidance cut'];
    const results = await records(texts, 2);
    for (const [i, provenance] of results.entries()) {
      expect(provenance).toHaveLength(2);
      for (const record of provenance) {
        expect(record).toMatchObject({ batchSize: texts.length, index: i });
        expect(await verify(record), `text ${i} uid ${record.uid}`).toMatchObject({
          valid: true,
          answer: 'match',
        });
      }
    }
  });
});

describe('forged records', () => {
  let one: Json;
  let batch: Json[];
  beforeAll(async () => {
    [[one]] = await records(['Globex missed estimates.']);
    batch = (await records(['alpha', 'beta', 'gamma'])).map(([record]: Json[]) => record);
  });

  it('another label under the same signature', async () => {
    const other = LABELS.find((label) => label !== one.label);
    const answer = await verify({ ...one, label: other });
    expect(answer).toMatchObject({ valid: false, signature: true, answer: 'mismatch' });
    expect(answer.reason).toContain('is not the signed answer');
  });

  it('replaced probabilities with batchSize 2', async () => {
    const probabilities = [...one.probabilities].reverse();
    const answer = await verify({ ...one, probabilities, label: LABELS[2], batchSize: 2 });
    expect(answer).toMatchObject({ valid: false, signature: true, answer: 'mismatch' });
    // A record of a real batch, its vector replaced by another text's.
    const [first, second] = batch;
    const swapped = await verify({ ...first, probabilities: second.probabilities, label: second.label });
    expect(swapped).toMatchObject({ valid: false, answer: 'mismatch' });
    expect(swapped.reason).toContain('probabilities differ');
    // Or claimed for another position of the batch.
    expect(await verify({ ...first, index: 1 })).toMatchObject({ valid: false, answer: 'mismatch' });
  });

  it('a deleted inferenceMs, or any other answer field, is unchecked and not valid', async () => {
    for (const field of ['inferenceMs', 'label', 'probabilities', 'batchSize', 'response', 'info']) {
      const { [field]: _dropped, ...partial } = one;
      const answer = await verify(partial);
      expect(answer, field).toMatchObject({ valid: false, signature: true, answer: 'unchecked' });
      expect(answer.reason, field).toContain(field);
    }
    // A batch record without its position.
    const { index: _index, ...noIndex } = batch[1];
    expect(await verify(noIndex)).toMatchObject({ valid: false, answer: 'unchecked' });
  });

  it('a changed inferenceMs, model hash, or payload of another answer', async () => {
    expect(await verify({ ...one, inferenceMs: one.inferenceMs + 1 })).toMatchObject({
      valid: false,
      answer: 'mismatch',
    });
    expect(await verify({ ...one, modelSha256: 'cd'.repeat(32) })).toMatchObject({
      valid: false,
      answer: 'mismatch',
    });
    const foreign = await verify({ ...one, response: batch[0].response });
    expect(foreign).toMatchObject({ valid: false, answer: 'mismatch' });
    expect(foreign.reason).toContain('payload whose hash the miner signed');
    // Labels signed by another miner do not vouch for this one's answer.
    const [[otherMiner]] = (await records(['delta', 'epsilon'], 2)).map((p: Json[]) =>
      p.filter((r: Json) => r.uid !== one.uid),
    );
    expect(await verify({ ...one, info: otherMiner.info })).toMatchObject({
      valid: false,
      answer: 'mismatch',
    });
  });
});
