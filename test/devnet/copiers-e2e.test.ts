/**
 * `expertnet devnet --copiers 1 --epochs 2 --json` as a user runs it (issue 15): a validator that copies
 * validator-1's weights (`--dev.copy_weights_from`) instead of scoring joins; the summary's replay of
 * each validator's audit trail says the honest one MATCHes and the copier does not. About a minute.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetSummary } from '../../devnet/devnet.js';
import { runDevnetJson } from './helpers.js';

describe('expertnet devnet --copiers', () => {
  let dir: string;
  let summary: DevnetSummary;

  beforeAll(async () => {
    ({ dir, summary } = await runDevnetJson('copiers', [
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
    ]));
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
