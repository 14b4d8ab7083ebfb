/**
 * `expertnet devnet --copiers 1 --epochs 2 --json` as a user runs it (issue 15): a validator that copies
 * validator-1's weights (`--dev.copy_weights_from`) instead of scoring joins; the summary's replay of
 * each validator's audit trail says the honest one MATCHes and the copier does not. About a minute.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetSummary } from '../../devnet/devnet.js';
import { runTsx, type TsxRun } from '../helpers/run-tsx.js';

const CLI = new URL('../../cli/expertnet.ts', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

describe('expertnet devnet --copiers', () => {
  let dir: string;
  let run: TsxRun;
  let summary: DevnetSummary;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-devnet-copiers-'));
    run = await runTsx(
      CLI,
      [
        'devnet',
        '--copiers',
        '1',
        '--domains',
        'legal',
        '--tasks',
        'legal/clause',
        '--tiers',
        'weak,strong',
        '--validators',
        '1',
        '--epochs',
        '2',
        '--json',
        '--dir',
        dir,
        '--chain.port',
        '0',
        '--gateway.port',
        '0',
        '--tempo',
        '5',
        '--block-time',
        '500',
      ],
      { cwd: ROOT },
    );
    if (run.code !== 0) throw new Error(`devnet exited ${run.code}:\n${run.stderr.slice(-4000)}`);
    summary = JSON.parse(run.stdout) as DevnetSummary;
  }, 240_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs the copier as a validator', () => {
    expect(summary.neurons.filter((n) => n.role === 'validator').map((n) => n.name)).toEqual([
      'validator-1',
      'copier-1',
    ]);
  });

  it('replays the honest validator as MATCH and catches the copier', () => {
    const replay = summary.replay ?? [];
    expect(replay.map((r) => [r.name, r.copies])).toEqual([
      ['validator-1', null],
      ['copier-1', 'validator-1'],
    ]);
    const [honest, copier] = replay;
    expect(honest?.epochs.length).toBeGreaterThan(0);
    expect(honest?.epochs.map((e) => [e.epoch, e.verdict, e.reason])).toEqual(
      honest?.epochs.map((e) => [e.epoch, 'MATCH', e.reason]),
    );
    expect(honest?.verdict).toBe('MATCH');
    expect(['MISMATCH', 'UNAUDITABLE']).toContain(copier?.verdict);
    expect(copier?.epochs.some((e) => e.verdict === 'MISMATCH')).toBe(true);
  });
});
