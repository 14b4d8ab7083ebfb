/** The devnet's process supervisor with real child processes (small node scripts). */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DevnetError } from '../../devnet/errors.js';
import { type ChildExit, Supervisor } from '../../devnet/supervisor.js';

function script(code: string) {
  return { command: process.execPath, args: ['-e', code] };
}

/** Prints a pino-like line, then on SIGTERM says so and exits 0 (handler first: a signal may follow `ready` at once). */
const polite = `
  process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });
  setInterval(() => {}, 1000);
`;
const printReady = `console.log(JSON.stringify({ msg: 'ready', pid: process.pid }));`;
/** Ignores SIGTERM: only SIGKILL ends it. */
const stubborn = `
  process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
  setInterval(() => {}, 1000);
`;

describe('devnet supervisor', () => {
  let dir: string;
  let supervisor: Supervisor;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-supervisor-'));
    supervisor = await Supervisor.create(join(dir, 'logs'));
  });
  afterEach(async () => {
    await supervisor.stopAll(500);
    await rm(dir, { recursive: true, force: true });
  });

  it('waits for a ready line and writes each child to its own log and, prefixed, to devnet.log', async () => {
    const child = supervisor.start({
      name: 'alpha',
      ...script(`${polite}; console.error('to stderr'); ${printReady}`),
    });
    const ready = await child.waitForLine((r) => r.msg === 'ready', 10_000);
    expect(ready.pid).toBe(child.pid);
    await supervisor.stopAll(2_000);
    const own = await readFile(child.logFile, 'utf8');
    expect(own).toContain('"msg":"ready"');
    expect(own).toContain('to stderr');
    expect(own).toContain('got SIGTERM');
    const combined = await readFile(join(dir, 'logs', 'devnet.log'), 'utf8');
    expect(combined).toMatch(/^alpha\s+\| \{"msg":"ready"/m);
    expect(combined).toMatch(/^alpha\s+\| exited \(code 0\)/m);
  });

  it('rejects a readiness wait with PROCESS_EXITED when the child dies first', async () => {
    const child = supervisor.start({ name: 'crash', ...script('console.log("boom"); process.exit(3)') });
    const error = await child.waitForLine((r) => r.msg === 'ready', 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevnetError);
    expect((error as DevnetError).type).toMatchObject({ code: 'PROCESS_EXITED', name: 'crash', exitCode: 3 });
  });

  it('reports an unexpected exit and restarts nothing; exits during stopAll are not reported', async () => {
    const exits: ChildExit[] = [];
    supervisor.onExit((e) => exits.push(e));
    const dying = supervisor.start({ name: 'dying', ...script('setTimeout(() => process.exit(7), 100)') });
    const staying = supervisor.start({ name: 'staying', ...script(polite + printReady) });
    await dying.exited;
    await new Promise((r) => setTimeout(r, 50));
    expect(exits).toEqual([{ name: 'dying', code: 7, signal: null }]);
    expect(supervisor.children.filter((c) => c.running).map((c) => c.name)).toEqual(['staying']);
    await staying.waitForLine((r) => r.msg === 'ready', 10_000);
    await supervisor.stopAll(2_000);
    expect(exits).toHaveLength(1);
    const combined = await readFile(join(dir, 'logs', 'devnet.log'), 'utf8');
    expect(combined).toMatch(/^dying\s+\| exited \(code 7\); not restarted$/m);
    expect(combined).toMatch(/^staying\s+\| exited \(code 0\)$/m);
  });

  it('SIGKILLs a child that ignores SIGTERM, and stops higher priorities before lower ones', async () => {
    const chain = supervisor.start({ name: 'chain', ...script(polite + printReady), stopPriority: 0 });
    const daemon = supervisor.start({ name: 'daemon', ...script(stubborn + printReady) });
    await Promise.all([
      chain.waitForLine((r) => r.msg === 'ready', 10_000),
      daemon.waitForLine((r) => r.msg === 'ready', 10_000),
    ]);
    const exits = await supervisor.stopAll(500);
    expect(exits.find((e) => e.name === 'daemon')?.signal).toBe('SIGKILL');
    expect(exits.find((e) => e.name === 'chain')).toMatchObject({ code: 0, signal: null });
    const combined = (await readFile(join(dir, 'logs', 'devnet.log'), 'utf8')).split('\n');
    const killed = combined.findIndex((l) => /^daemon\s+\| exited \(SIGKILL\)/.test(l));
    const chainTerm = combined.findIndex((l) => /^chain\s+\| got SIGTERM/.test(l));
    expect(killed).toBeGreaterThanOrEqual(0);
    expect(chainTerm).toBeGreaterThan(killed);
  });
});
