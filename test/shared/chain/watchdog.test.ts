/**
 * The connection's block-staleness watchdog against real dev chains with short blocks:
 * - a chain process paused with SIGSTOP: the client reports the connection lost (listeners, a
 *   structured warning), and after SIGCONT heads flow again through the same subscription;
 * - a TCP proxy that silently stops forwarding on the open connection (new ones pass): the watchdog
 *   replaces the link and heads flow again;
 * - with the watchdog off, a read on the frozen socket fails with REQUEST_TIMEOUT naming the method,
 *   long before the connect timeout;
 * - an idle instant-seal chain (no blocks, node answering) keeps its connection.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { type NewHead, PolkadotChainClient } from '../../../shared/chain/index.js';
import { silentLogger } from '../../../shared/logger.js';
import { spawnChain } from '../../helpers/chain-process.js';
import { freePort } from '../../helpers/ports.js';
import { until } from '../../helpers/until.js';
import { type FreezingProxy, startFreezingProxy } from './freezing-proxy.js';

const BLOCK_TIME_MS = 200;

/** A pino logger whose records land in `records` (what an operator's log pipeline would see). */
function recordingLogger() {
  const records: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => records.push(JSON.parse(line)) });
  return { logger, records };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(endpoint: string, options: Partial<ConstructorParameters<typeof PolkadotChainClient>[0]>) {
  const c = new PolkadotChainClient({ endpoint, reconnectDelayMs: 100, ...options });
  cleanups.push(() => c.close());
  return c;
}

async function intervalNode(): Promise<NodeHandle> {
  const node = await startNode({
    blockTimeMs: BLOCK_TIME_MS,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger(),
  });
  cleanups.push(() => node.close());
  return node;
}

async function proxyTo(node: NodeHandle): Promise<FreezingProxy> {
  const proxy = await startFreezingProxy(node.rpcPort);
  cleanups.push(() => proxy.close());
  return proxy;
}

const staleWarnings = (records: Record<string, unknown>[]) =>
  records.filter((r) => r.msg === 'chain connection stale, reconnecting');

describe('chain connection watchdog', () => {
  it('reports a paused chain (SIGSTOP) as lost, and resumes the same head subscription after SIGCONT', async () => {
    const port = await freePort();
    const { child: chain } = await spawnChain(port, ['--block-time', String(BLOCK_TIME_MS)]);
    cleanups.push(() => {
      chain.kill('SIGCONT');
      chain.kill('SIGKILL');
    });
    const { logger, records } = recordingLogger();
    const c = client(`ws://127.0.0.1:${port}`, { staleAfterBlocks: 5, requestTimeoutMs: 2_000, logger });
    await c.connect();
    expect(c.connection.blockTimeMs).toBe(BLOCK_TIME_MS); // 2 × Timestamp.MinimumPeriod
    const transitions: boolean[] = [];
    c.onConnectionChange((up) => transitions.push(up));
    const heads: NewHead[] = [];
    await c.subscribeNewHeads((h) => heads.push(h));
    await until(() => heads.length >= 2, 'heads before the pause');

    // Only what follows the pause counts (a loaded machine may stall a block or two before it).
    await until(() => c.isConnected, 'a live link before the pause');
    transitions.length = 0;
    const warningsBefore = staleWarnings(records).length;
    chain.kill('SIGSTOP');
    await until(() => transitions.includes(false), 'the connection reported lost');
    expect(c.isConnected).toBe(false);
    await expect(c.bestBlockNumber()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    const warning = staleWarnings(records)[warningsBefore];
    expect(warning).toMatchObject({ level: 40, reason: 'no-answer', staleAfterBlocks: 5 });
    expect(warning?.lastHead).toBeGreaterThanOrEqual(heads[1]?.number ?? 0);
    const beforeResume = heads.at(-1)?.number ?? 0;

    chain.kill('SIGCONT');
    await until(() => (heads.at(-1)?.number ?? 0) > beforeResume + 1, 'heads after SIGCONT', {
      timeoutMs: 30_000,
    });
    expect(c.isConnected).toBe(true);
    expect(transitions.at(-1)).toBe(true);
    expect(await c.bestBlockNumber()).toBeGreaterThan(beforeResume);
    // Heads arrive in order, each once.
    const numbers = heads.map((h) => h.number);
    expect(new Set(heads.map((h) => h.hash)).size).toBe(heads.length);
    expect(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0))).toBe(true);
  }, 60_000);

  it('replaces a link whose socket silently stops delivering while the chain runs on', async () => {
    const node = await intervalNode();
    const proxy = await proxyTo(node);
    const { logger, records } = recordingLogger();
    const c = client(proxy.url, { staleAfterBlocks: 5, requestTimeoutMs: 2_000, logger });
    await c.connect();
    const transitions: boolean[] = [];
    c.onConnectionChange((up) => transitions.push(up));
    const heads: NewHead[] = [];
    await c.subscribeNewHeads((h) => heads.push(h));
    await until(() => heads.length >= 2, 'heads through the proxy');
    const acceptedBefore = proxy.accepted;

    await until(() => c.isConnected, 'a live link before the freeze');
    transitions.length = 0;
    const warningsBefore = staleWarnings(records).length;
    proxy.freezeExisting();
    const frozenAt = heads.at(-1)?.number ?? 0;
    await until(() => (heads.at(-1)?.number ?? 0) > frozenAt + 2, 'heads on a new connection', {
      timeoutMs: 30_000,
    });
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    expect(transitions[0]).toBe(false);
    expect(transitions.at(-1)).toBe(true);
    expect(staleWarnings(records)[warningsBefore]).toMatchObject({
      reason: 'no-answer',
      endpoint: proxy.url,
    });
    expect(await c.bestBlockNumber()).toBeGreaterThan(frozenAt);
  }, 60_000);

  it('times a read out with REQUEST_TIMEOUT naming the method, not after the connect timeout', async () => {
    const node = await intervalNode();
    const proxy = await proxyTo(node);
    // Watchdog off: only the request deadline stands between a caller and a frozen socket.
    const c = client(proxy.url, { staleAfterBlocks: 0, requestTimeoutMs: 300 });
    await c.connect();
    expect(c.connection.connectTimeoutMs).toBe(30_000);
    proxy.freezeExisting();
    await expect(c.bestBlockNumber()).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      type: { method: 'bestBlockNumber', timeoutMs: 300, endpoint: proxy.url },
    });
    await expect(c.metagraph(1)).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
  });

  it('keeps the connection of an idle instant-seal chain (no blocks, node answering)', async () => {
    const node = await startNode({
      instantSeal: true,
      rpcPort: 0,
      prometheusPort: null,
      logger: silentLogger(),
    });
    cleanups.push(() => node.close());
    const { logger, records } = recordingLogger();
    // A 20 ms expected block time: the watchdog probes after 40 ms of silence.
    const c = client(node.rpcUrl, { staleAfterBlocks: 2, blockTimeMs: 20, logger });
    await c.connect();
    const transitions: boolean[] = [];
    c.onConnectionChange((up) => transitions.push(up));
    await until(
      () => records.some((r) => String(r.msg).startsWith('no new block for a while')),
      'the idle probe',
    );
    expect(transitions).toEqual([]);
    expect(c.isConnected).toBe(true);
    expect(staleWarnings(records)).toEqual([]);
    expect(await c.bestBlockNumber()).toBe(0);
  });
});
