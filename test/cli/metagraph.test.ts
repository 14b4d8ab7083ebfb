/**
 * `expertnet metagraph` against the real dev chain, parsed by yargs as the CLI does: the JSON output
 * carries every uid with stake, epoch results, axon and decoded commitment (rao as strings) and agrees
 * with the chain client; the table names the same neurons; bad input exits 1 with one clear line.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import yargs from 'yargs';
import {
  createMetagraphCommand,
  formatTao,
  type MetagraphReport,
  shortAddress,
} from '../../cli/metagraph.js';
import { encodeModelCommitment } from '../../shared/chain/index.js';
import { type DevSubnet, startDevSubnet } from '../shared/chain/dev-subnet.js';

/** Runs `expertnet metagraph ...args` in-process; returns what it printed and the exit code it set. */
async function metagraph(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = 0;
  try {
    await yargs()
      .command(createMetagraphCommand({ write: (text) => (out += text) }))
      .strict()
      .fail((msg, e) => {
        throw e ?? new Error(msg);
      })
      .parseAsync(['metagraph', ...args]);
    return { out, err, exitCode: Number(process.exitCode ?? 0) };
  } finally {
    errSpy.mockRestore();
    process.exitCode = previous;
  }
}

/** What `metagraphJson` makes of a value: bigints as decimal strings, absent values as null. */
type Json<T> = T extends bigint
  ? string
  : T extends undefined
    ? null
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]-?: Json<T[K]> }
        : T;

/**
 * A WebSocket JSON-RPC proxy to `upstream` that never forwards `state_getStorage`: connecting works
 * (metadata comes by `state_call`), every storage read hangs.
 */
async function storageBlackHole(upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  server.on('connection', (client) => {
    const node = new WebSocket(upstream);
    const opened = new Promise((resolve) => node.once('open', resolve));
    client.on('message', async (data) => {
      const text = String(data);
      if ((JSON.parse(text) as { method?: string }).method === 'state_getStorage') return;
      await opened;
      node.send(text);
    });
    node.on('message', (data) => client.send(String(data)));
    client.on('close', () => node.close());
    node.on('error', () => client.terminate());
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

describe('expertnet metagraph on the dev chain', () => {
  let s: DevSubnet;

  beforeAll(async () => {
    s = await startDevSubnet();
    await s.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await s.sudo('sudoSetWeightsSetRateLimit', 0);
    await s.sudo('sudoSetTempo', 1);
    await s.client.serveAxon(s.keys.charlieHot, {
      netuid: s.netuid,
      version: 1,
      ip: '10.1.2.3',
      port: 8091,
      protocol: 4,
    });
    await s.client.setCommitment(
      s.keys.charlieHot,
      s.netuid,
      encodeModelCommitment({
        domain: 'medical',
        task: 'triage',
        labels: ['x', 'y'],
        bundleDigest: 'cd'.repeat(32),
      }),
    );
    for (let i = 0; i < 3; i++) await s.node.sealBlock();
    await s.client.setWeights(s.keys.bobHot, { netuid: s.netuid, uids: [2], weights: [1], versionKey: 0n });
    for (let i = 0; i < 3; i++) await s.node.sealBlock();
  }, 90_000);
  afterAll(async () => {
    await s?.close();
  });

  it('prints machine-readable JSON that matches the chain', async () => {
    const { out, exitCode } = await metagraph(
      '--netuid',
      String(s.netuid),
      '--json',
      '--subtensor.chain_endpoint',
      s.node.rpcUrl,
    );
    expect(exitCode).toBe(0);
    const report = JSON.parse(out) as Json<MetagraphReport>;
    const chain = await s.client.metagraph(s.netuid);
    expect(report).toMatchObject({ netuid: s.netuid, source: 'runtime-api', endpoint: s.node.rpcUrl });
    expect(report.block).toBeLessThanOrEqual(chain.block);
    // Tempo 1: the epoch runs every other block.
    expect(report.nextEpochBlock).not.toBeNull();
    expect(Number(report.nextEpochBlock) - report.block).toBeGreaterThanOrEqual(1);
    expect(Number(report.nextEpochBlock) - report.block).toBeLessThanOrEqual(2);
    expect(report.hyperparams).toMatchObject({
      tempo: 1,
      commitRevealEnabled: false,
      weightsVersionKey: '0',
    });
    expect(report.neurons.map((n) => n.hotkey)).toEqual(chain.hotkeys);
    expect(report.neurons.map((n) => n.stake)).toEqual(chain.stake.map(String));
    expect(report.neurons.map((n) => n.emission)).toEqual(chain.emission.map(String));
    const [alice, bob, charlie] = report.neurons;
    if (!alice || !bob || !charlie) throw new Error(`3 neurons expected, got ${report.neurons.length}`);
    expect(alice.coldkey).toBe(s.keys.alice.address);
    expect(bob.validatorPermit).toBe(true);
    expect(bob.dividends).toBeGreaterThan(0);
    expect(charlie.incentive).toBe(1);
    expect(BigInt(charlie.emission)).toBeGreaterThan(0n);
    expect(charlie.axon).toEqual({ ip: '10.1.2.3', port: 8091, protocol: 4, version: 1 });
    expect(charlie.commitment).toEqual({
      domain: 'medical',
      task: 'triage',
      labels: ['x', 'y'],
      modelSha256: 'cd'.repeat(32),
    });
    expect(alice.axon).toBeNull();
    expect(alice.commitment).toBeNull();
  });

  it('shows alpha as holders see it: price, pool reserves, emission and stake in alpha and TAO', async () => {
    const { out, exitCode } = await metagraph(
      '--netuid',
      String(s.netuid),
      '--json',
      '--subtensor.chain_endpoint',
      s.node.rpcUrl,
    );
    expect(exitCode).toBe(0);
    const report = JSON.parse(out) as Json<MetagraphReport>;
    const pool = report.pool;
    if (pool === null) throw new Error('no pool in the report');
    // The dev chain's subnets are dynamic: the price is the runtime's own answer, from a seeded pool.
    expect(pool).toMatchObject({ dynamic: true, priceSource: 'runtime-api' });
    expect(BigInt(pool.priceRao)).toBeGreaterThan(0n);
    expect(pool.price).toBeCloseTo(Number(pool.priceRao) / 1e9, 9);
    expect(BigInt(pool.taoIn)).toBeGreaterThan(0n);
    expect(BigInt(pool.alphaIn)).toBeGreaterThan(0n);
    // Emission flows as alpha: some leaves the pool each block, and an epoch is tempo + 1 blocks of it.
    expect(BigInt(pool.perBlock.alpha)).toBeGreaterThan(0n);
    expect(BigInt(pool.perEpoch.alpha)).toBe(BigInt(pool.perBlock.alpha) * 2n);
    const value = (alpha: string) => (BigInt(alpha) * BigInt(pool.priceRao)) / 1_000_000_000n;
    expect(pool.perBlock.tao).toBe(value(pool.perBlock.alpha).toString());
    expect(pool.perEpoch.tao).toBe(value(pool.perEpoch.alpha).toString());
    // The same read through the client agrees (the chain moved on at most by the blocks in between).
    const direct = await s.client.subnetPool(s.netuid);
    expect(direct.dynamic).toBe(true);
    expect(direct.priceRao).toBeGreaterThan(0n);
    for (const n of report.neurons) {
      expect(n.stakeAlpha).toBe(n.stake);
      expect(n.emissionAlpha).toBe(n.emission);
      expect(n.stakeTao).toBe(value(n.stake).toString());
      expect(n.emissionTao).toBe(value(n.emission).toString());
    }
    const charlie = report.neurons[2];
    expect(BigInt(charlie?.emissionTao ?? '0')).toBeGreaterThan(0n);
  });

  it('prints a table with one row per uid', async () => {
    const { out, exitCode } = await metagraph(
      '--netuid',
      String(s.netuid),
      '--subtensor.chain_endpoint',
      s.node.rpcUrl,
    );
    expect(exitCode).toBe(0);
    const chain = await s.client.metagraph(s.netuid);
    expect(out).toContain(`subnet ${s.netuid} at block`);
    expect(out).toContain('tempo 1');
    expect(out).toMatch(/alpha price \d+\.\d{6} τ\/α \(runtime-api\)/);
    expect(out).toMatch(/pool \d+\.\d{4} τ \/ \d+\.\d{4} α in \/ \d+\.\d{4} α out/);
    expect(out).toMatch(/per epoch \d+\.\d{4} α \(\d+\.\d{4} τ\)/);
    for (const hotkey of chain.hotkeys) expect(out).toContain(shortAddress(hotkey));
    const charlieRow = out.split('\n').find((line) => line.includes(shortAddress(s.keys.charlieHot.address)));
    expect(charlieRow).toContain('10.1.2.3:8091');
    expect(charlieRow).toContain('medical/triage');
    expect(charlieRow).toContain(formatTao(chain.emission[2]!));
  });

  it('exits 1 with one clear line for a missing subnet or an unreachable chain', async () => {
    const missing = await metagraph('--netuid', '4000', '--subtensor.chain_endpoint', s.node.rpcUrl);
    expect(missing.exitCode).toBe(1);
    expect(missing.err).toMatch(/^error: subnet 4000 does not exist/);
    expect(missing.out).toBe('');
    const bad = await metagraph('--netuid', '1', '--subtensor.network', 'nowhere');
    expect(bad.exitCode).toBe(1);
    expect(bad.err).toMatch(/^error: not a network name/);
    const down = await metagraph(
      '--netuid',
      '1',
      '--subtensor.chain_endpoint',
      'ws://127.0.0.1:1',
      '--timeout',
      '1',
    );
    expect(down.exitCode).toBe(1);
    expect(down.err).toMatch(/^error: cannot reach the chain/);
  });

  it('applies --timeout to each read, not only to connecting', async () => {
    const proxy = await storageBlackHole(s.node.rpcUrl);
    try {
      const hung = await metagraph(
        '--netuid',
        String(s.netuid),
        '--subtensor.chain_endpoint',
        proxy.url,
        '--timeout',
        '1',
      );
      expect(hung.exitCode).toBe(1);
      expect(hung.out).toBe('');
      expect(hung.err).toMatch(/^error: .*no answer from ws:\/\/127\.0\.0\.1:\d+ within 1000 ms/);
    } finally {
      await proxy.close();
    }
  });

  it('formats rao as TAO without floating point', () => {
    expect(formatTao(1_234_567_891_234n)).toBe('1234.5678');
    expect(formatTao(5n, 9)).toBe('0.000000005');
    expect(formatTao(2n * 1_000_000_000n, 0)).toBe('2');
  });
});
