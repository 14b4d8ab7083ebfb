/**
 * SIGTERM (what Ctrl-C amounts to) in the middle of start-up: the devnet stops the chain it started
 * with SIGTERM, removes the run data and exits 130.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = new URL('../../cli/expertnet.ts', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

describe('expertnet devnet on SIGTERM', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('stops the chain cleanly, removes the run data and exits 130', async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-devnet-signal-'));
    const runDir = join(dir, 'run');
    const child = spawn(
      process.execPath,
      [
        ...['--import', 'tsx', CLI, 'devnet', '--json', '--epochs', '1', '--dir', dir],
        ...['--chain.port', '0', '--gateway.port', '0', '--domains', 'legal', '--tiers', 'weak'],
        // Its own models folder: a weak model builds in a blink and no other test's folder is touched.
        ...['--models.dir', join(dir, 'models')],
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The chain answers RPC by then: stop in the middle of the subnet set-up.
        if (stderr.includes('creating the subnet')) resolve();
      });
      void exited.then(() => reject(new Error(`devnet exited early:\n${stderr}`)));
    });
    expect(existsSync(runDir)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(child.stdout.read()).toBeNull(); // no summary for an interrupted --epochs run
    const chainLog = await readFile(join(dir, 'logs', 'chain.log'), 'utf8');
    expect(chainLog).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    const pid = (JSON.parse(chainLog.split('\n')[0] ?? '{}') as { pid: number }).pid;
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(runDir)).toBe(false);
  }, 60_000);
});
