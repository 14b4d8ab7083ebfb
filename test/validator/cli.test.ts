/**
 * The `expertnet-validator` process: --help lists issue 6's options; bad flags and an unregistered
 * hotkey exit 1 with a readable line; on the dev chain it runs its loop and on SIGTERM saves its state
 * and exits 0.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevWallet, writeDevWallet } from '../../shared/wallet/index.js';
import { startTestNet, type TestNet } from '../../testkit/validator-net.js';

const CLI = new URL('../../validator/cli.ts', import.meta.url).pathname;

function runValidator(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const seen: ((text: string) => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of seen) check(stderr);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves when a JSON log line with this `msg` has been written. */
  const logLine = (msg: string) =>
    new Promise<void>((resolve) => {
      const check = (text: string) => {
        if (text.includes(`"msg":"${msg}"`)) resolve();
      };
      check(stderr);
      seen.push(check);
    });
  return { child, exited, logLine, stdout: () => stdout, stderr: () => stderr };
}

describe('expertnet-validator process', () => {
  it('--help lists the options of issue 6', async () => {
    const run = runValidator(['--help']);
    expect(await run.exited).toBe(0);
    for (const flag of [
      '--wallet.name',
      '--wallet.hotkey',
      '--netuid',
      '--subtensor.network',
      '--subtensor.chain_endpoint',
      '--neuron.sample_size',
      '--neuron.timeout_ms',
      '--neuron.batch_size',
      '--neuron.moving_average_alpha',
      '--neuron.domain_shares',
      '--dataset.legal',
      '--state.dir',
      '--metrics.port',
      '--gateway.port',
      '--logging.debug',
    ]) {
      expect(run.stdout()).toContain(flag);
    }
  });

  it('exits 1 naming a bad option value', async () => {
    const run = runValidator(['--netuid', '1', '--neuron.moving_average_alpha', '2']);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/^error: --neuron\.moving_average_alpha must be in \(0, 1\]/m);
  });

  it('exits 1 on an unknown flag', async () => {
    const run = runValidator(['--netuid', '1', '--no-such-flag']);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/Unknown argument/);
  });

  // The two processes share the chain and run side by side (each start loads the whole stack).
  describe.concurrent('on the dev chain', () => {
    let dir: string;
    let net: TestNet;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'expertnet-validator-cli-'));
      net = await startTestNet(dir);
      await writeDevWallet(createDevWallet('//Eve'), { name: 'stranger', path: join(dir, 'wallets') });
    }, 30_000);
    afterAll(async () => {
      await net?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const args = (wallet: string) => [
      '--netuid',
      String(net.netuid),
      '--subtensor.chain_endpoint',
      net.node.rpcUrl,
      '--wallet.name',
      wallet,
      '--wallet.path',
      join(dir, 'wallets'),
      '--state.dir',
      join(dir, `state-${wallet}`),
      '--metrics.port',
      '0',
    ];

    it('exits 1 when its hotkey is not registered', async () => {
      const run = runValidator(args('stranger'));
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toMatch(/^error: hotkey 5\w+ is not registered on netuid \d+/m);
    });

    it('runs rounds, and on SIGTERM saves its state and exits 0', async () => {
      const run = runValidator(args('validator'));
      await run.logLine('round done');
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect(run.stderr()).toContain('"msg":"stopped"');
      const state = JSON.parse(await readFile(join(dir, 'state-validator', 'state.json'), 'utf8'));
      expect(state.value.round).toBeGreaterThanOrEqual(1);
      expect(state.value.secret).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
