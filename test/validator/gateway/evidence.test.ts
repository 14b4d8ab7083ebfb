/**
 * `GET /v1/evidence` and `GET /v1/evidence/:id` over a real `EvidenceStore` holding real records: the
 * list (newest first, by uid, limited), one record as its exact file bytes (which verify), 404 for an
 * unknown id, 400 for a malformed one or a bad query, and an empty list without a store.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvidence, type FraudEvidence, parseEvidence } from '../../../validator/verify/evidence.js';
import { EvidenceStore } from '../../../validator/verify/evidence-store.js';
import { substitutionEvidence, writeBundles } from '../verify/evidence-fixture.js';
import { getJson, StaticView, startTestGateway, type TestGateway } from './helpers.js';

let root: string;
let older: FraudEvidence;
let newer: FraudEvidence;
let withStore: TestGateway;
let withoutStore: TestGateway;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-gateway-evidence-'));
  const bundles = await writeBundles(join(root, 'models'));
  older = await substitutionEvidence(bundles, { uid: 5, time: new Date('2026-01-01T00:00:00.000Z') });
  newer = await substitutionEvidence(bundles, { uid: 6, time: new Date('2026-01-02T00:00:00.000Z') });
  const writer = new EvidenceStore(join(root, 'state'));
  await writer.add(older);
  await writer.add(newer);
  // A stray file that is not evidence stays out of the listing.
  await writeFile(join(writer.dir, `${'0'.repeat(32)}.json`), '{"not":"evidence"}\n');
  // A fresh store (as after a restart) reads the records from disk.
  const evidence = new EvidenceStore(join(root, 'state'));
  withStore = await startTestGateway(new StaticView([], 130), { evidence });
  withoutStore = await startTestGateway(new StaticView([], 130));
});

afterAll(async () => {
  await withStore?.close();
  await withoutStore?.close();
  await rm(root, { recursive: true, force: true });
});

describe('GET /v1/evidence', () => {
  it('lists every record newest first with what identifies it', async () => {
    const { status, json } = await getJson(`${withStore.gateway.url}/v1/evidence`);
    expect(status).toBe(200);
    expect(json.block).toBe(130);
    expect(json.evidence.map((e: { id: string }) => e.id)).toEqual([newer.id, older.id]);
    expect(json.evidence[0]).toEqual({
      id: newer.id,
      time: newer.time,
      block: newer.block,
      netuid: newer.netuid,
      uid: 6,
      hotkey: newer.miner.hotkey,
      validator: newer.validator,
      bundleDigest: newer.bundleDigest,
      executionProvider: 'cpu',
      items: newer.items.length,
      maxAbsDiff: newer.maxAbsDiff,
      tolerance: newer.tolerance,
    });
  });

  it('filters by uid and limits', async () => {
    const byUid = await getJson(`${withStore.gateway.url}/v1/evidence?uid=5`);
    expect(byUid.json.evidence.map((e: { id: string }) => e.id)).toEqual([older.id]);
    const limited = await getJson(`${withStore.gateway.url}/v1/evidence?limit=1`);
    expect(limited.json.evidence.map((e: { id: string }) => e.id)).toEqual([newer.id]);
  });

  it.each([
    ['uid=abc', 'uid'],
    ['uid=70000', 'uid'],
    ['limit=0', 'limit'],
    ['limit=1.5', 'limit'],
  ])('?%s is a 400 naming the field', async (query, field) => {
    const { status, json } = await getJson(`${withStore.gateway.url}/v1/evidence?${query}`);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'BAD_REQUEST', field });
  });

  it('is empty without an evidence store', async () => {
    const { status, json } = await getJson(`${withoutStore.gateway.url}/v1/evidence`);
    expect(status).toBe(200);
    expect(json.evidence).toEqual([]);
  });
});

describe('GET /v1/evidence/:id', () => {
  it('answers the record file byte for byte, and it verifies', async () => {
    const res = await fetch(`${withStore.gateway.url}/v1/evidence/${older.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(encodeEvidence(older)))).toBe(true);
    expect(parseEvidence(bytes).problems).toEqual([]);
  });

  it('404 for an id it does not hold as evidence (with or without a store)', async () => {
    const unknown = 'f'.repeat(32);
    for (const gateway of [withStore, withoutStore]) {
      const { status, json } = await getJson(`${gateway.gateway.url}/v1/evidence/${unknown}`);
      expect(status).toBe(404);
      expect(json.error.code).toBe('NOT_FOUND');
    }
    // A file in the directory that is not a verifying record of its id is not served.
    expect((await fetch(`${withStore.gateway.url}/v1/evidence/${'0'.repeat(32)}`)).status).toBe(404);
  });

  it.each(['xyz', 'F'.repeat(32), 'a'.repeat(31), `${'a'.repeat(32)}.json`])(
    '400 for the malformed id %s',
    async (id) => {
      const { status, json } = await getJson(`${withStore.gateway.url}/v1/evidence/${id}`);
      expect(status).toBe(400);
      expect(json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'id' });
    },
  );

  it('POST /v1/evidence is a 405', async () => {
    const res = await fetch(`${withStore.gateway.url}/v1/evidence`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
