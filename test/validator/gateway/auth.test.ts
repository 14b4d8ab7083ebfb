/** Gateway API keys, per-key rate limits, the usage ledger, and malformed requests. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKey, readKeysFile, revokeKey } from '../../../validator/gateway/keys.js';
import { prng } from '../../helpers/prng.js';
import {
  getJson,
  type MinerFleet,
  minerKey,
  postJson,
  startMinerFleet,
  startTestGateway,
  type TestGateway,
} from './helpers.js';

let dir: string;
let fleet: MinerFleet;
let testGateway: TestGateway;
let url: string;
let keysFile: string;
let ledgerFile: string;
let key: string;
let slowKey: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-auth-'));
  keysFile = join(dir, 'keys', 'gateway-keys.json');
  ledgerFile = join(dir, 'gateway-usage.json');
  key = (await createKey(keysFile, { name: 'alice', rateLimit: { perSecond: 1000, burst: 1000 } })).key;
  slowKey = (await createKey(keysFile, { name: 'bob', rateLimit: { perSecond: 0.5, burst: 2 } })).key;
  fleet = await startMinerFleet([0.9]);
  testGateway = await startTestGateway(fleet.view, {
    keysFile,
    keysRefreshMs: 0,
    ledgerFile,
    maxBodyBytes: 64 * 1024,
  });
  url = testGateway.gateway.url;
});

afterAll(async () => {
  await testGateway?.close();
  await fleet?.close();
  await rm(dir, { recursive: true, force: true });
});

const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('API keys', () => {
  it('are stored hashed, in a file only the owner can read', async () => {
    const text = await readFile(keysFile, 'utf8');
    expect(text).not.toContain(key.split('_')[2]);
    expect((await stat(keysFile)).mode & 0o777).toBe(0o600);
    const file = await readKeysFile(keysFile);
    expect(file.keys.map((k) => k.name)).toEqual(['alice', 'bob']);
    expect(file.keys[0]!.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('are required for classify and usage, not for public reads', async () => {
    const none = await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['a'] });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await postJson(
      `${url}/v1/classify`,
      { domain: 'finance', texts: ['a'] },
      bearer(`${key}x`),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toContain('unknown or revoked');
    const forged = key.replace(/_[^_]+$/, `_${'A'.repeat(43)}`);
    expect(
      (await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['a'] }, bearer(forged))).status,
    ).toBe(401);
    expect((await getJson(`${url}/v1/miners`)).status).toBe(200);
    expect((await getJson(`${url}/healthz`)).json.auth).toBe('api-key');
  });

  it('authorise through the header, X-API-Key, or ?key= on the WebSocket', async () => {
    expect(
      (await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['a'] }, bearer(key))).status,
    ).toBe(200);
    expect(
      (await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['b'] }, { 'x-api-key': key }))
        .status,
    ).toBe(200);
    const refused = new WebSocket(`${url.replace('http', 'ws')}/v1/ws`);
    const status = await new Promise<number>((resolve) =>
      refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/ws?key=${encodeURIComponent(key)}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'classify', id: 1, domain: 'finance', texts: ['c'] }));
    const answer = JSON.parse((await new Promise((r) => ws.once('message', r))) as string);
    expect(answer).toMatchObject({ type: 'result', id: 1 });
    ws.close();
  });

  it('stop working once revoked, without a restart', async () => {
    const { key: temporary, record } = await createKey(keysFile, { name: 'carol' });
    expect((await getJson(`${url}/v1/usage`, bearer(temporary))).status).toBe(200);
    await revokeKey(keysFile, record.id);
    expect((await getJson(`${url}/v1/usage`, bearer(temporary))).status).toBe(401);
  });
});

describe('rate limits and usage', () => {
  it('answer 429 with Retry-After once a key spends its burst', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await getJson(`${url}/v1/usage`, bearer(slowKey));
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(res.json.error.code).toBe('RATE_LIMITED');
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another key is not affected.
    expect((await getJson(`${url}/v1/usage`, bearer(key))).status).toBe(200);
  });

  it('count requests and texts per key and per miner, persisted to the ledger', async () => {
    const before = (await getJson(`${url}/v1/usage`, bearer(key))).json.usage;
    await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['one', 'two', 'three'] }, bearer(key));
    await postJson(`${url}/v1/classify`, { domain: 'legal', texts: ['no miner'] }, bearer(key));
    const after = (await getJson(`${url}/v1/usage`, bearer(key))).json;
    expect(after.name).toBe('alice');
    expect(after.usage.requests - before.requests).toBe(2);
    expect(after.usage.texts - before.texts).toBe(3);
    expect(after.usage.failed - before.failed).toBe(1);

    await testGateway.close();
    const ledger = JSON.parse(await readFile(ledgerFile, 'utf8')).value;
    expect(ledger.keys[after.id].texts).toBe(after.usage.texts);
    const minerUsage = ledger.miners[minerKey(1).address];
    expect(minerUsage.uid).toBe(1);
    // Every classify that reached the miner in this file: a, b, c (socket), one/two/three.
    expect(minerUsage.texts).toBe(6);
    expect((await stat(ledgerFile)).mode & 0o777).toBe(0o600);
    // Reopen for the remaining tests, from the saved ledger.
    testGateway = await startTestGateway(fleet.view, {
      keysFile,
      ledgerFile,
      maxBodyBytes: 64 * 1024,
    });
    url = testGateway.gateway.url;
    expect((await getJson(`${url}/v1/usage`, bearer(key))).json.usage.texts).toBe(after.usage.texts);
  });
});

describe('malformed requests', () => {
  const classify = (body: unknown, headers: Record<string, string> = {}) =>
    postJson(`${url}/v1/classify`, body, { ...bearer(key), ...headers });

  it.each([
    ['not JSON', '{"domain": ', 400, 'body is not valid JSON'],
    ['an array body', '[]', 400, 'body must be object'],
    [
      'an unknown field',
      { domain: 'finance', texts: ['a'], temperature: 1 },
      400,
      'unknown field "temperature"',
    ],
    ['no texts', { domain: 'finance' }, 400, 'missing field "texts"'],
    ['empty texts', { domain: 'finance', texts: [] }, 400, 'texts must NOT have fewer than 1 items'],
    ['a non-string text', { domain: 'finance', texts: ['a', 3] }, 400, 'texts[1] must be string'],
    [
      'a too long text',
      { domain: 'finance', texts: ['x'.repeat(4097)] },
      400,
      'texts[0] is longer than 4096',
    ],
    ['too many texts', { domain: 'finance', texts: Array(65).fill('a') }, 400, 'more than 64 items'],
    ['redundancy 0', { domain: 'finance', texts: ['a'], redundancy: 0 }, 400, 'redundancy must be >= 1'],
    [
      'a fractional redundancy',
      { domain: 'finance', texts: ['a'], redundancy: 1.5 },
      400,
      'redundancy must be integer',
    ],
  ])('refuses %s', async (_what, body, status, message) => {
    const res = await classify(body);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe('BAD_REQUEST');
    expect(res.json.error.message).toContain(message);
  });

  it('answers every mangled body with a 4xx and keeps serving', async () => {
    const rng = prng(8);
    const valid = JSON.stringify({ domain: 'finance', texts: ['a valid text'], redundancy: 1 });
    for (let i = 0; i < 60; i++) {
      const chars = [...valid];
      for (let k = 0; k < 1 + rng.int(4); k++) {
        const at = rng.int(chars.length);
        const op = rng.int(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1)
          chars.splice(at, 0, rng.pick(['{', '}', '"', ',', ':', '[', ']', '0', '-', 'x', '\\', 'null']));
        else chars[at] = String.fromCharCode(rng.int(0x3000));
      }
      const res = await classify(chars.join(''));
      // A mangled domain name is a well-formed request for a domain nobody serves (503 NO_MINERS).
      const outcome = res.status === 200 ? 'ok' : res.status < 500 ? 'refused' : res.json.error.code;
      expect([res.status, outcome]).toEqual([res.status, expect.stringMatching(/^(ok|refused|NO_MINERS)$/)]);
      if (res.status !== 200) expect(res.json.error.message.length).toBeGreaterThan(0);
    }
    expect((await classify(valid)).status).toBe(200);
  });

  it('refuses other content types, oversized bodies, wrong methods and unknown paths', async () => {
    const text = await fetch(`${url}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...bearer(key) },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const big = await classify({ domain: 'finance', texts: Array(20).fill('y'.repeat(4000)) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('TOO_LARGE');
    const get = await fetch(`${url}/v1/classify`, { headers: bearer(key) });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await getJson(`${url}/v1/nothing`)).status).toBe(404);
    expect((await getJson(`${url}/v1/miners?domain=`)).status).toBe(400);
    const verify = await postJson(`${url}/v1/verify`, {
      hotkey: 'x',
      requestHash: '12',
      responseHash: '34',
      signature: '56',
    });
    expect(verify.status).toBe(400);
    expect(verify.json.error.field).toBe('requestHash');
  });
});
