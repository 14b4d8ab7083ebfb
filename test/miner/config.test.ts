/** expertnet-miner options: dotted flags, EXPERTNET_MINER_* env, a --config file, precedence, validation. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { minerCli, toMinerConfig } from '../../miner/config.js';
import { DEFAULT_STALE_AFTER_BLOCKS } from '../../shared/chain/index.js';

async function parse(args: string[], env: Record<string, string> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const argv = await minerCli(yargs(args))
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
    return toMinerConfig(argv as Record<string, unknown>);
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('miner config', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-miner-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has Bittensor-like defaults', async () => {
    const config = await parse(['--netuid', '3', '--model', '/models/fin']);
    expect(config).toMatchObject({
      wallet: { name: 'default', hotkey: 'default' },
      netuid: 3,
      endpoint: 'ws://127.0.0.1:9944',
      staleAfterBlocks: DEFAULT_STALE_AFTER_BLOCKS,
      axon: { port: 8091, ip: '0.0.0.0', maxUnauthenticated: 256, maxUnauthenticatedPerIp: 16 },
      modelDir: '/models/fin',
      device: 'cpu',
      batch: { max: 64, delayMs: 2, queueMax: 4096, deadlineMs: 10_000 },
      inference: { timeoutMs: 5_000 },
      metricsPort: 9101,
      register: false,
      blacklist: { minStakeRao: 0n, hotkeys: [], requirePermit: true },
      logLevel: 'info',
    });
  });

  it('reads dotted flags', async () => {
    const config = await parse([
      '--netuid=1',
      '--model=m',
      '--wallet.name=miner1',
      '--wallet.hotkey=h2',
      '--subtensor.network=test',
      '--axon.port=9000',
      '--axon.external_ip=203.0.113.7',
      '--batch.max=32',
      '--batch.delay_ms=5',
      '--blacklist.min_stake=1.5',
      '--register',
      '--logging.debug',
      '--device=cuda',
      '--inference.timeout_ms=250',
      '--batch.deadline_ms=3000',
      '--axon.max_unauthenticated=40',
      '--axon.max_unauthenticated_per_ip=4',
      '--subtensor.stale_blocks=3',
    ]);
    expect(config.staleAfterBlocks).toBe(3);
    expect(config.inference).toEqual({ timeoutMs: 250 });
    expect(config.batch.deadlineMs).toBe(3000);
    expect(config.axon).toMatchObject({ maxUnauthenticated: 40, maxUnauthenticatedPerIp: 4 });
    expect(config.wallet).toMatchObject({ name: 'miner1', hotkey: 'h2' });
    expect(config.endpoint).toBe('wss://test.finney.opentensor.ai:443');
    expect(config.axon).toMatchObject({ port: 9000, externalIp: '203.0.113.7' });
    expect(config.batch).toMatchObject({ max: 32, delayMs: 5 });
    expect(config.blacklist.minStakeRao).toBe(1_500_000_000n);
    expect(config).toMatchObject({ register: true, logLevel: 'debug', device: 'cuda' });
  });

  it('reads EXPERTNET_MINER_* env vars and a --config file; flags win over env, env over the file', async () => {
    const file = join(dir, 'miner.json');
    await writeFile(
      file,
      JSON.stringify({ netuid: 9, model: 'from-file', axon: { port: 7000 }, batch: { max: 16 } }),
    );
    const config = await parse(['--config', file, '--axon.port', '7002'], {
      EXPERTNET_MINER_AXON__PORT: '7001',
      EXPERTNET_MINER_BATCH__DELAY_MS: '7',
      EXPERTNET_MINER_SUBTENSOR__CHAIN_ENDPOINT: 'ws://10.1.1.1:9944',
    });
    expect(config.netuid).toBe(9);
    expect(config.modelDir).toBe('from-file');
    expect(config.axon.port).toBe(7002);
    expect(config.batch).toMatchObject({ max: 16, delayMs: 7 });
    expect(config.endpoint).toBe('ws://10.1.1.1:9944');
    const envOverFile = await parse(['--config', file], { EXPERTNET_MINER_AXON__PORT: '7001' });
    expect(envOverFile.axon.port).toBe(7001);
  });

  it('takes --subtensor.stale_blocks from the env and a --config file; 0 turns the watchdog off', async () => {
    const file = join(dir, 'stale.json');
    await writeFile(file, JSON.stringify({ netuid: 1, model: 'm', subtensor: { stale_blocks: 25 } }));
    expect((await parse(['--config', file])).staleAfterBlocks).toBe(25);
    const fromEnv = await parse(['--config', file], { EXPERTNET_MINER_SUBTENSOR__STALE_BLOCKS: '0' });
    expect(fromEnv.staleAfterBlocks).toBe(0);
  });

  it.each([
    [['--batch.max', '0'], /batch.max/],
    [['--axon.port', '70000'], /axon.port/],
    [['--blacklist.min_stake', '-1'], /min_stake/],
    [['--inference.timeout_ms', '0'], /inference.timeout_ms/],
    [['--axon.max_unauthenticated_per_ip', '0'], /max_unauthenticated_per_ip/],
    [['--subtensor.network', 'mainnet'], /not a network name/],
    [['--subtensor.stale_blocks', '-1'], /subtensor.stale_blocks must be an integer/],
    [['--subtensor.stale_blocks', '2.5'], /subtensor.stale_blocks must be an integer/],
  ])('refuses %j', async (args, message) => {
    await expect(parse(['--netuid', '1', '--model', 'm', ...args])).rejects.toThrow(message);
  });

  it('refuses unknown flags and a missing --netuid', async () => {
    await expect(parse(['--netuid', '1', '--model', 'm', '--axon.prot', '1'])).rejects.toThrow(
      /axon.prot is not an option/,
    );
    await expect(parse(['--model', 'm'])).rejects.toThrow(/netuid/);
  });
});
