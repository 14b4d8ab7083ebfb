/**
 * Crash safety with real processes: a node under load is killed with SIGKILL, restarted on the same
 * `--base-path`, and must resume from its last committed block with state matching every block it kept.
 */
// The dev chain's own augment types (subtensor's Balance is u64, not substrate's u128).
import '../../../shared/chain/augment/index.js';
import type { ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnChain } from '../../helpers/chain-process.js';
import { freePort } from '../../helpers/ports.js';
import { runTsx } from '../../helpers/run-tsx.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('expertnet-chain crash recovery', () => {
  it('resumes from the last committed block after kill -9 mid-run, balances intact', async () => {
    await cryptoWaitReady();
    const dir = await mkdtemp(join(tmpdir(), 'expertnet-crash-'));
    try {
      const port = await freePort();
      const { child: first } = await spawnChain(port, ['--base-path', dir, '--instant-seal']);
      children.push(first);
      const keyring = new Keyring({ type: 'sr25519' });
      const alice = keyring.addFromUri('//Alice');
      const bob = keyring.addFromUri('//Bob');
      const amount = 1_000_000_000n;

      const api = await ApiPromise.create({
        provider: new WsProvider(`ws://127.0.0.1:${port}`),
        noInitWarn: true,
      });
      const genesisHash = api.genesisHash.toHex();
      const bobGenesis = (await api.query.system.account(bob.address)).data.free.toBigInt();
      const signed = [];
      for (let nonce = 0; nonce < 400; nonce++) {
        signed.push(
          await api.tx.balances.transferKeepAlive(bob.address, amount).signAsync(alice, { nonce, era: 0 }),
        );
      }
      // Stream them in, and kill the node while it is still sealing blocks.
      let streaming = true;
      const stream = (async () => {
        for (const xt of signed) {
          if (!streaming) break;
          void api.rpc.author.submitExtrinsic(xt).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      const deadline = Date.now() + 20_000;
      while ((await api.rpc.chain.getHeader()).number.toNumber() < 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      streaming = false;
      await stream;
      await api.disconnect();

      // Restart on the same directory: the node re-checks the rebuilt state root against the best header.
      const { child: second } = await spawnChain(port, ['--base-path', dir, '--instant-seal']);
      children.push(second);
      const api2 = await ApiPromise.create({
        provider: new WsProvider(`ws://127.0.0.1:${port}`),
        noInitWarn: true,
      });
      expect(api2.genesisHash.toHex()).toBe(genesisHash);
      const best = (await api2.rpc.chain.getHeader()).number.toNumber();
      expect(best).toBeGreaterThanOrEqual(2);

      let included = 0;
      for (let n = 1; n <= best; n++) {
        const block = await api2.rpc.chain.getBlock(await api2.rpc.chain.getBlockHash(n));
        included += block.block.extrinsics.filter((x) => x.isSigned).length;
      }
      const aliceNow = await api2.query.system.account(alice.address);
      const bobNow = await api2.query.system.account(bob.address);
      expect(aliceNow.nonce.toNumber()).toBe(included);
      expect(bobNow.data.free.toBigInt()).toBe(bobGenesis + BigInt(included) * amount);

      // And it keeps producing on top of the recovered chain.
      const next = await api2.tx.balances
        .transferKeepAlive(bob.address, amount)
        .signAsync(alice, { nonce: included });
      await api2.rpc.author.submitExtrinsic(next);
      const until = Date.now() + 10_000;
      while (
        (await api2.query.system.account(alice.address)).nonce.toNumber() <= included &&
        Date.now() < until
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await api2.query.system.account(alice.address)).nonce.toNumber()).toBeGreaterThan(included);
      await api2.disconnect();
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--dev without --base-path uses a temporary directory and removes it on SIGTERM', async () => {
    const port = await freePort();
    const { child, log } = await spawnChain(port, ['--prometheus-port', '0']);
    children.push(child);
    const basePath = /"basePath":"([^"]+)"/.exec(log)![1]!;
    await access(basePath);
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await expect(access(basePath)).rejects.toThrow();
  });

  it('refuses a bad flag value with a clear message', async () => {
    const { code, stderr } = await runTsx('chain/cli.ts', ['--dev', '--rpc-port', '70000']);
    expect(code).toBe(1);
    expect(stderr).toContain('--rpc-port must be a port');
  });
});
