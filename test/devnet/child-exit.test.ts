/**
 * The devnet restarts nothing silently: a miner killed under a running devnet is said in a status line
 * and the devnet goes on (devnet.log's own line: supervisor.test.ts). A small devnet started from code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevnetHandle, startDevnet } from '../../devnet/devnet.js';
import { until } from '../helpers/until.js';
import { smallDevnetConfig } from './helpers.js';

describe('devnet child exit', () => {
  let dir: string;
  let devnet: DevnetHandle | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-child-exit-'));
    devnet = await startDevnet(smallDevnetConfig(dir), { status: (line) => lines.push(line) });
  }, 240_000);

  afterAll(async () => {
    await devnet?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says a killed miner exited and is not restarted, and keeps the rest running', async () => {
    if (!devnet) throw new Error('no devnet');
    const name = 'finance-sentiment-weak-2';
    const miner = devnet.processes.get(name);
    if (!miner?.pid) throw new Error(`no ${name} process`);
    process.kill(miner.pid, 'SIGKILL');
    await miner.exited;
    await until(() => lines.some((l) => l.startsWith(`${name} exited`)), 'the exit status line');
    expect(lines.find((l) => l.startsWith(`${name} exited`))).toBe(
      `${name} exited (SIGKILL); not restarted (log: ${join(dir, 'logs', `${name}.log`)})`,
    );
    const running = [...devnet.processes].filter(([, p]) => p.running).map(([n]) => n);
    expect(running).toContain('chain');
    expect(running).toContain('validator-1');
    expect(running).not.toContain(name);
  });
});
