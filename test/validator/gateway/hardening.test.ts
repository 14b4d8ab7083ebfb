/**
 * Issue 19 regressions through raw TCP and the WebSocket API: requests that used to kill the validator
 * (`GET //`, an upgrade for `//`, a refused upgrade then a TCP reset), per-connection caps of the
 * WebSocket API (in-flight requests, a client that stops reading), and text limits counted in UTF-16
 * units without blaming the miners for a request refused before it reached them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../shared/logger.js';
import { DEFAULT_LIMITS } from '../../../shared/protocol/index.js';
import { createKey } from '../../../validator/gateway/keys.js';
import { type Gateway, type GatewayOptions, startGateway } from '../../../validator/gateway/server.js';
import { MinerConnections } from '../../../validator/miners/index.js';
import { until } from '../../helpers/until.js';
import {
  getJson,
  type Json,
  minerKey,
  postJson,
  type RunningMiner,
  StaticView,
  startMiner,
  validatorKey,
  viewMiner,
} from './helpers.js';
import { clientFrame, openSocket, rawRequest, rawWebSocket, upgradeRequest } from './raw.js';

let dir: string;
let fast: RunningMiner[];
let slow: RunningMiner;
let gateway: Gateway | undefined;
let connections: MinerConnections | undefined;
let registry: Registry;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-hardening-'));
  [slow, ...fast] = await Promise.all([
    startMiner({ hotkey: minerKey(3), modelDir: 'slow:400' }),
    startMiner({ hotkey: minerKey(1) }),
    startMiner({ hotkey: minerKey(2) }),
  ]);
});

afterEach(async () => {
  await gateway?.close();
  connections?.close();
  gateway = undefined;
  connections = undefined;
});

afterAll(async () => {
  await Promise.all([slow, ...(fast ?? [])].map((m) => m?.close()));
  await rm(dir, { recursive: true, force: true });
});

async function open(
  view: StaticView,
  options: Partial<GatewayOptions> = {},
  pool = new MinerConnections(validatorKey),
): Promise<string> {
  registry = new Registry();
  connections = pool;
  gateway = await startGateway({
    port: 0,
    view,
    connections,
    log: silentLogger(),
    registry,
    anonymousRateLimit: { perSecond: 10_000, burst: 10_000 },
    ...options,
  });
  return gateway.url;
}

function fastView(): StaticView {
  return new StaticView([viewMiner(1, fast[0]?.port ?? 0, 0.9), viewMiner(2, fast[1]?.port ?? 0, 0.5)]);
}

async function metric(name: string): Promise<Map<string, number>> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return new Map(values.map((v) => [Object.values(v.labels).join(':'), v.value]));
}

async function healthy(url: string): Promise<boolean> {
  return (await getJson(`${url}/healthz`)).json.status === 'ok';
}

describe('requests that used to crash the validator', () => {
  it('answers GET // (and other odd targets) with a 404 and keeps serving', async () => {
    const url = await open(fastView());
    for (const target of ['//', '//v1/miners', '/%', '/%zz', '/v1/%', `/${'a'.repeat(8_000)}`]) {
      const res = await rawRequest(url, `GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
      expect(res?.status, target).toBeOneOf([400, 404]);
      expect(JSON.parse(res?.body ?? '').error.code).toMatch(/^(NOT_FOUND|BAD_REQUEST)$/);
    }
    expect(await healthy(url)).toBe(true);
  });

  it('refuses a WebSocket upgrade for // (and for paths that are not /v1/ws) and keeps serving', async () => {
    const url = await open(fastView());
    for (const path of ['//', '/', '/healthz', '/%', '/v1/nothing']) {
      const res = await rawRequest(url, upgradeRequest(path));
      expect(res?.status, path).toBeOneOf([400, 404]);
      expect(JSON.parse(res?.body ?? '').error.message).toBeTruthy();
    }
    expect(await healthy(url)).toBe(true);
  });

  it('survives a refused upgrade followed by a TCP reset, at every moment', async () => {
    const keysFile = join(dir, 'keys.json');
    await createKey(keysFile, { name: 'k' });
    const url = await open(fastView(), { keysFile, keysRefreshMs: 0 });
    for (let i = 0; i < 20; i++) {
      const socket = await openSocket(url);
      socket.write(upgradeRequest(i % 2 ? '/v1/ws' : '//'));
      if (i % 4 >= 2) await new Promise((resolve) => socket.once('data', resolve));
      else if (i % 4 === 1) await new Promise((resolve) => setImmediate(resolve));
      socket.resetAndDestroy();
    }
    // Half-written upgrade, then a reset.
    const partial = await openSocket(url);
    partial.write('GET /v1/ws HTTP/1.1\r\nconnection: Upgrade\r\nupgrade: websocket\r\n');
    partial.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await healthy(url)).toBe(true);
  });
});

describe('WebSocket caps per connection', () => {
  it('refuses requests past the in-flight cap with a clear error, then accepts again', async () => {
    const url = await open(new StaticView([viewMiner(3, slow.port, 0.9)]), { socketMaxInFlight: 2 });
    const ws = new WebSocket(`${url.replace('http', 'ws')}/v1/ws`);
    const answers = new Map<unknown, Json>();
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      answers.set(message.id, message);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    for (const id of [1, 2, 3]) {
      ws.send(JSON.stringify({ type: 'classify', id, domain: 'finance', texts: [`text ${id}`] }));
    }
    await until(() => answers.size === 3, 'three answers');
    expect(answers.get(3)).toMatchObject({ type: 'error', error: { code: 'TOO_MANY_IN_FLIGHT' } });
    expect(answers.get(3).error.message).toContain('at most 2 requests in flight');
    expect([answers.get(1).type, answers.get(2).type]).toEqual(['result', 'result']);
    ws.send(JSON.stringify({ type: 'classify', id: 4, domain: 'finance', texts: ['again'] }));
    await until(() => answers.has(4), 'the fourth answer');
    expect(answers.get(4).type).toBe('result');
    ws.close();
  });

  it('drops a client that stops reading once its unsent answers pass the cap', async () => {
    const url = await open(fastView(), { socketMaxBufferedBytes: 256 * 1024, socketMaxInFlight: 4 });
    const socket = await rawWebSocket(url);
    socket.pause(); // never reads again: answers pile up in the kernel, then in the gateway
    const texts = Array.from({ length: 64 }, (_, i) => `a fairly ordinary sentence number ${i}`);
    let sent = 0;
    const writer = setInterval(() => {
      if (socket.writable) {
        socket.write(clientFrame(JSON.stringify({ type: 'classify', id: sent++, domain: 'finance', texts })));
      }
    }, 5);
    try {
      await until(
        async () => (await metric('expertnet_gateway_websocket_dropped_total')).get('slow') === 1,
        'the slow client dropped',
        { timeoutMs: 60_000 },
      );
    } finally {
      clearInterval(writer);
      socket.destroy();
    }
    expect((await metric('expertnet_gateway_websocket_connections')).get('')).toBe(0);
    expect(await healthy(url)).toBe(true);
  });
});

describe('text limits', () => {
  it('counts texts in UTF-16 units: 4,096 emoji are refused before any miner is asked', async () => {
    const url = await open(fastView(), { routing: { spread: 1 } });
    const emoji = '😀'.repeat(4096); // 4,096 code points, 8,192 UTF-16 units
    const refused = await postJson(`${url}/v1/classify`, { domain: 'finance', texts: [emoji] });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: 'BAD_REQUEST', field: 'texts[0]' });
    expect(refused.json.error.message).toContain('longer than 4096 UTF-16 units');
    const atLimit = await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['😀'.repeat(2048)] });
    expect(atLimit.status).toBe(200);
    expect(atLimit.json.results[0].provenance[0].uid).toBe(1);
    expect([...(await metric('expertnet_gateway_miner_requests_total')).entries()]).toEqual([['1:ok', 1]]);
  });

  it('never blames a miner for a request the miner client refuses before sending', async () => {
    // A pool with tighter limits than the gateway's schema: the refusal happens in the miner client.
    const pool = new MinerConnections(validatorKey, { limits: { ...DEFAULT_LIMITS, maxTextChars: 100 } });
    const url = await open(fastView(), { routing: { spread: 1 }, ledgerFile: join(dir, 'usage.json') }, pool);
    const refused = await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['x'.repeat(101)] });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('BAD_REQUEST');
    expect((await metric('expertnet_gateway_miner_requests_total')).size).toBe(0);
    // Not cooled down: the best miner still gets the next request.
    const next = await postJson(`${url}/v1/classify`, { domain: 'finance', texts: ['x'.repeat(100)] });
    expect(next.json.results[0].provenance[0].uid).toBe(1);
    expect([...(await metric('expertnet_gateway_miner_requests_total')).entries()]).toEqual([['1:ok', 1]]);
    await gateway?.close();
    const { readFile } = await import('node:fs/promises');
    const ledger = JSON.parse(await readFile(join(dir, 'usage.json'), 'utf8')).value;
    expect(ledger.miners[minerKey(1).address]).toMatchObject({ failures: 0 });
    expect(ledger.miners[minerKey(2).address]).toBeUndefined();
  });
});
