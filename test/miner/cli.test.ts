/**
 * The `expertnet-miner` process: start-up errors exit 1 with one readable line; on the dev chain it
 * starts, serves, and on SIGTERM answers what is in flight, closes connections with SHUTTING_DOWN and
 * exits 0. The chain part is skipped while the dev runtime has no SubtensorModule.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../chain/node/node.js';
import { PolkadotChainClient } from '../../shared/chain/index.js';
import { silentLogger } from '../../shared/logger.js';
import { CLOSE_CODES } from '../../shared/protocol/index.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../../shared/wallet/index.js';
import { writeRandomBagModel } from '../../testkit/bag-model.js';
import { devAlice, registerSubnet } from '../../testkit/subnet.js';
import { connectedClient } from './helpers.js';

const CLI = new URL('../../miner/cli.ts', import.meta.url).pathname;

function runMiner(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const parts = stderr.split('\n');
    for (const line of parts.slice(lines.length, -1)) {
      let parsed: Record<string, unknown> = { raw: line };
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // plain text line (start-up errors)
      }
      lines.push(parsed);
      for (const w of [...waiters]) {
        if (w.match(parsed)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(parsed);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logLine = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const seen = lines.find((l) => l.msg === msg);
      if (seen) resolve(seen);
      else waiters.push({ match: (l) => l.msg === msg, resolve });
    });
  return { child, exited, logLine, stderr: () => stderr };
}

describe('expertnet-miner process', () => {
  it('exits 1 with one error line on a bad endpoint', async () => {
    const miner = runMiner([
      '--netuid',
      '1',
      '--model',
      'x',
      '--subtensor.chain_endpoint',
      'http://127.0.0.1:9944',
    ]);
    expect(await miner.exited).toBe(1);
    expect(miner.stderr()).toMatch(/^error: chain endpoint must be ws:\/\/ or wss:\/\//m);
  });

  describe('on the dev chain', () => {
    let node: NodeHandle;
    let dir: string;
    let netuid = -1;
    let child: ChildProcess | undefined;
    const owner = Sr25519Keypair.fromUri('//Alice//hotkey');
    const minerWallet = createDevWallet('//Charlie');

    beforeAll(async () => {
      await cryptoWaitReady();
      node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
      const chain = new PolkadotChainClient({ endpoint: node.rpcUrl });
      await chain.connect();
      try {
        dir = await mkdtemp(join(tmpdir(), 'expertnet-miner-cli-'));
        await writeRandomBagModel(join(dir, 'model'), 5);
        await writeDevWallet(minerWallet, { name: 'm', path: join(dir, 'wallets') });
        netuid = await registerSubnet(chain, owner.address);
        await chain.submit(
          'transfer',
          chain.api.tx.balances.transferKeepAlive(minerWallet.hotkey.address, 1_000_000_000n),
          devAlice(),
        );
      } finally {
        await chain.close();
      }
    });
    afterAll(async () => {
      child?.kill('SIGKILL');
      await node?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('starts, serves, and stops cleanly on SIGTERM', async () => {
      const miner = runMiner(
        [
          '--wallet.name=m',
          `--wallet.path=${join(dir, 'wallets')}`,
          `--netuid=${netuid}`,
          `--model=${join(dir, 'model')}`,
          '--axon.ip=127.0.0.1',
          '--axon.port=0',
          '--register',
          '--blacklist.force_validator_permit=false',
        ],
        { EXPERTNET_MINER_SUBTENSOR__CHAIN_ENDPOINT: node.rpcUrl, EXPERTNET_MINER_METRICS__PORT: '0' },
      );
      child = miner.child;
      const listening = await miner.logLine('axon listening');
      await miner.logLine('miner ready');
      const client = await connectedClient(`ws://127.0.0.1:${listening.port as number}`, owner);
      client.send({ type: 'classify', id: 1, texts: Array.from({ length: 64 }, (_, i) => `in flight ${i}`) });
      // `info` is answered on receipt, in order: its answer proves the classify reached the miner.
      client.send({ type: 'info', id: 2 });
      await client.answer(2);
      miner.child.kill('SIGTERM');
      expect((await client.answer(1)).type).toBe('response');
      expect((await client.closed).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
      expect(await miner.exited).toBe(0);
      await miner.logLine('stopped');
    });
  });
});
