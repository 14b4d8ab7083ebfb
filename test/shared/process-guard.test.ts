/**
 * The daemons' process-level safety net, through a real child process: exit status and log lines.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_INVARIANT } from '../../shared/process-guard.js';
import { runTsx } from '../helpers/run-tsx.js';

const CHILD = fileURLToPath(new URL('./process-guard-child.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  lines: Array<Record<string, unknown>>;
}

async function run(mode: string): Promise<Run> {
  const { code, stdout, stderr } = await runTsx(CHILD, [mode]);
  const lines = stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, lines };
}

describe('installProcessGuard', () => {
  it('logs an unhandled rejection with a count and keeps the process running', async () => {
    const r = await run('rejection');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('still running, survived 1\n');
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        kind: 'unhandledRejection',
        count: 1,
        err: expect.objectContaining({ name: 'Error', message: 'one request failed' }),
        msg: 'unhandled promise rejection: one request failed (kept running)',
      }),
    ]);
  });

  it('survives a connection reset on a socket without an error listener', async () => {
    const r = await run('connection');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('still running, survived 1\n');
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        kind: 'connectionError',
        err: expect.objectContaining({ code: 'ECONNRESET' }),
      }),
    ]);
  });

  it('exits non-zero with a fatal line on an invariant violation', async () => {
    const r = await run('invariant');
    expect(r.code).toBe(EXIT_INVARIANT);
    expect(r.stdout).toBe('');
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'fatal',
        kind: 'invariant violated',
        exitCode: EXIT_INVARIANT,
        err: expect.objectContaining({
          name: 'InvariantError',
          code: 'INVARIANT',
          what: 'stake total below zero',
          total: -1,
        }),
        msg: 'invariant violated: stake total below zero; exiting',
      }),
    ]);
  });

  it('exits non-zero with a fatal line on an uncaught exception', async () => {
    const r = await run('uncaught');
    expect(r.code).toBe(EXIT_INVARIANT);
    expect(r.stdout).toBe('');
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'fatal',
        kind: 'uncaught exception',
        err: expect.objectContaining({ name: 'TypeError', message: 'a bug in a listener' }),
        msg: 'uncaught exception: a bug in a listener; exiting',
      }),
    ]);
  });
});
