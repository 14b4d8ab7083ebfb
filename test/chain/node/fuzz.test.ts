/**
 * Seeded fuzzing of the dev chain's JSON-RPC over WebSocket and HTTP (real runtime): malformed JSON, wrong
 * types, huge and odd ids, unknown and prototype method names, bad hex, random params for every method
 * `rpc_methods` lists, random extrinsic bytes, notifications and batches mixing all of it. Every frame must
 * get well-formed JSON-RPC answers (never -32603), exactly as many as it had requests owed an answer, and
 * the node must still seal blocks and answer afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import { prng, type Rng } from '../../helpers/prng.js';
import { connect, type RawClient } from './rpc-client.js';

const SEED = 0xf022;
const FRAMES_PER_TRANSPORT = 500;

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

/** A random JSON value shaped like what RPC params parse: hex, hashes, numbers, nesting. */
function value(rng: Rng, depth = 0): unknown {
  if (depth < 2 && rng.next() < 0.2) {
    const n = rng.int(4);
    return rng.next() < 0.6
      ? Array.from({ length: n }, () => value(rng, depth + 1))
      : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(rng, depth + 1)]));
  }
  return rng.pick<() => unknown>([
    () => null,
    () => rng.next() < 0.5,
    () => rng.pick([0, -1, 1.5, 2 ** 32, 2 ** 53, 1e308, -1e-9, Number.MAX_SAFE_INTEGER]),
    () => rng.int(100),
    () => rng.pick(['', '0x', '0x0', '0xzz', '0X00', 'latest', '__proto__', 'constructor', 'Core_version']),
    () => hex(rng.bytes(rng.int(48))),
    () => hex(rng.bytes(32)),
    () => `0x${'0'.repeat(rng.int(9))}${rng.int(4096).toString(16)}`,
  ])();
}

/** Random extrinsic-looking bytes: a compact length (right, wrong or absurd) and junk. */
function extrinsic(rng: Rng): string {
  const body = rng.bytes(rng.int(160));
  const prefix = rng.pick([
    Uint8Array.of(body.length << 2),
    Uint8Array.of((body.length + 5) << 2),
    Uint8Array.of(0x03, 0xff, 0xff, 0xff, 0xff),
    Uint8Array.of(0xff),
    new Uint8Array(),
  ]);
  return hex(Uint8Array.from([...prefix, ...(rng.next() < 0.5 ? [0x84] : [0x04]), ...body]));
}

function id(rng: Rng, n: number): unknown {
  return rng.pick<() => unknown>([
    () => n,
    () => `id-${n}`,
    () => 1e308,
    () => -(2 ** 53),
    () => 0.5,
    () => 'x'.repeat(10_000),
    () => null,
    () => ({ n }),
    () => [n],
    () => true,
  ])();
}

/** One request object: mostly well-formed, some broken in one field, some notifications. */
function request(rng: Rng, methods: readonly string[], n: number): Record<string, unknown> {
  const method = rng.pick([
    () => rng.pick(methods),
    () => rng.pick(methods),
    () => rng.pick(methods),
    () => rng.pick(['nope', '', 'constructor', '__proto__', 'toString', 'rpc_methods_', 'a'.repeat(3000)]),
    () => rng.int(10),
  ])();
  let params: unknown = Array.from({ length: rng.int(4) }, () => value(rng));
  if (typeof method === 'string' && /^author_submit|^payment_/.test(method) && rng.next() < 0.7) {
    params = [extrinsic(rng), ...(params as unknown[]).slice(1)];
  }
  if (method === 'state_call' && rng.next() < 0.7) {
    params = [
      rng.pick([
        'Core_version',
        'NeuronInfoRuntimeApi_constructor',
        'X_y',
        'TaggedTransactionQueue_validate_transaction',
      ]),
      extrinsic(rng),
    ];
  }
  if (rng.next() < 0.1) params = rng.pick([{}, 'x', 5, null]);
  const req: Record<string, unknown> = {
    jsonrpc: rng.next() < 0.95 ? '2.0' : rng.pick(['1.0', 2, null]),
    method,
    params,
  };
  if (rng.next() < 0.85) req.id = id(rng, n);
  return req;
}

/** How many answers a parsed request owes: none for a well-formed notification, one otherwise. */
function owed(req: unknown): number {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) return 1;
  const r = req as Record<string, unknown>;
  return Object.hasOwn(r, 'id') || r.jsonrpc !== '2.0' || typeof r.method !== 'string' ? 1 : 0;
}

/** A frame and the number of answers it must produce (0 = no frame at all). */
function frame(
  rng: Rng,
  methods: readonly string[],
  n: number,
): { text: string; answers: number; batch: boolean } {
  const kind = rng.int(10);
  if (kind === 0) {
    const text = JSON.stringify(request(rng, methods, n));
    return { text: text.slice(0, rng.int(text.length)) || '{', answers: 1, batch: false };
  }
  if (kind === 1)
    return {
      text: rng.pick(['', 'null', '42', '"x"', '[]', '{}', '[1,2]', '\u0000']),
      answers: 1,
      batch: false,
    };
  if (kind === 2) {
    const items: unknown[] = Array.from({ length: 1 + rng.int(6) }, (_, i) =>
      rng.next() < 0.15 ? value(rng) : request(rng, methods, n * 100 + i),
    );
    const answers = items.reduce<number>((sum, item) => sum + owed(item), 0);
    return { text: JSON.stringify(items), answers: answers === 0 ? 0 : 1, batch: answers > 0 };
  }
  const req = request(rng, methods, n);
  return { text: JSON.stringify(req), answers: owed(req), batch: false };
}

interface Answer {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/** Problems with one answer frame (a single answer or a batch of them). */
function problems(what: string, frameValue: unknown): string[] {
  const out: string[] = [];
  for (const a of (Array.isArray(frameValue) ? frameValue : [frameValue]) as Answer[]) {
    const ok =
      a !== null &&
      typeof a === 'object' &&
      a.jsonrpc === '2.0' &&
      Object.hasOwn(a, 'id') &&
      'result' in a !== 'error' in a &&
      (a.error === undefined || (Number.isInteger(a.error.code) && typeof a.error.message === 'string'));
    if (!ok) out.push(`${what}: malformed ${JSON.stringify(a).slice(0, 200)}`);
    else if (a.error?.code === -32603)
      out.push(`${what}: internal error ${JSON.stringify(a.error).slice(0, 200)}`);
  }
  return out;
}

describe('JSON-RPC fuzzing (seeded)', () => {
  let node: NodeHandle;
  let methods: string[];

  beforeAll(async () => {
    node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
    const c = await connect(node.rpcUrl);
    methods = ((await c.call('rpc_methods')).result as { methods: string[] }).methods;
    c.close();
  });
  afterAll(async () => {
    await node?.close();
  });

  it('answers every WebSocket frame well-formed, exactly as owed', async () => {
    const rng = prng(SEED);
    const failures: string[] = [];
    let client: RawClient = await connect(node.rpcUrl);
    const sentinel = { jsonrpc: '2.0', id: 'sentinel', method: 'system_health', params: [] };
    for (let n = 0; n < FRAMES_PER_TRANSPORT; n++) {
      const f = frame(rng, methods, n);
      // The frame, then a sentinel; answers may come in any order, so wait for both the sentinel's and
      // the frame's owed answers (an extra answer shows up in the next frame's count).
      const answers: unknown[] = [];
      const complete = await new Promise<boolean>((resolve) => {
        let sentinelSeen = false;
        const finish = (ok: boolean) => {
          clearTimeout(timer);
          client.ws.off('message', collect);
          resolve(ok);
        };
        const collect = (data: Buffer) => {
          const parsed = JSON.parse(data.toString()) as Answer & { method?: unknown };
          if (parsed.method !== undefined && parsed.id === undefined) return; // a subscription's notification
          if (parsed.id === 'sentinel') sentinelSeen = true;
          else answers.push(parsed);
          if (sentinelSeen && answers.length >= f.answers) finish(true);
        };
        const timer = setTimeout(() => finish(false), 5_000);
        client.ws.on('message', collect);
        client.ws.send(f.text);
        client.ws.send(JSON.stringify(sentinel));
      });
      const what = `seed ${SEED} frame ${n} ${f.text.slice(0, 120)}`;
      if (!complete || answers.length !== f.answers)
        failures.push(`${what}: ${answers.length} answers, owed ${f.answers}`);
      for (const a of answers) {
        failures.push(...problems(what, a));
        if (f.batch && !Array.isArray(a)) failures.push(`${what}: batch answered with a single object`);
      }
      // Fresh connections now and then: subscriptions pile up to the per-connection limit otherwise.
      if (n % 100 === 99) {
        client.close();
        client = await connect(node.rpcUrl);
      }
    }
    client.close();
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers every HTTP request well-formed, exactly as owed', async () => {
    const rng = prng(SEED + 1);
    const failures: string[] = [];
    for (let n = 0; n < FRAMES_PER_TRANSPORT; n++) {
      const f = frame(rng, methods, n);
      const type =
        rng.next() < 0.9 ? 'application/json' : rng.pick(['text/plain', 'application/json; charset=utf-8']);
      const res = await fetch(node.httpUrl, {
        method: 'POST',
        headers: { 'content-type': type },
        body: f.text,
      });
      const body = await res.text();
      const what = `seed ${SEED + 1} request ${n} ${f.text.slice(0, 120)}`;
      if (type === 'text/plain') {
        if (res.status !== 415) failures.push(`${what}: status ${res.status} for text/plain`);
        continue;
      }
      if (res.status !== 200) failures.push(`${what}: status ${res.status}`);
      else if (f.answers === 0) {
        if (body !== '') failures.push(`${what}: answered a notification: ${body.slice(0, 200)}`);
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          failures.push(`${what}: not JSON: ${body.slice(0, 200)}`);
          continue;
        }
        failures.push(...problems(what, parsed));
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('still seals blocks and answers afterwards', async () => {
    const client = await connect(node.rpcUrl);
    const sub = (await client.call('chain_subscribeNewHeads')).result as string;
    const before = node.chain.best.number;
    const sealed = (await client.call('engine_createBlock', [true, true])).result as { hash: string };
    expect(node.chain.best.hashHex).toBe(sealed.hash);
    expect(node.chain.best.number).toBe(before + 1);
    await client.waitFor(sub, 2);
    const res = await fetch(node.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [sealed.hash] }),
    });
    expect(((await res.json()) as { result: { number: string } }).result.number).toBe(
      `0x${(before + 1).toString(16)}`,
    );
    client.close();
  });
});
