/**
 * `expertnet devnet --cheaters 2 --epochs 1 --json` as a user runs it (issue 14): a substitute (commits a
 * copy of the strong bundle, runs the weak model) and a perturber join legal/clause; the validator's spot
 * checks catch both (REEXECUTION_MISMATCH), they earn nothing, and the summary names the evidence (the
 * records themselves are proven in test/validator/verify/e2e.test.ts). About a minute.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetSummary } from '../../devnet/devnet.js';
import { runDevnetJson } from './helpers.js';

describe('expertnet devnet --cheaters', () => {
  let dir: string;
  let summary: DevnetSummary;

  beforeAll(async () => {
    ({ dir, summary } = await runDevnetJson('cheaters', [
      '--cheaters',
      '2',
      '--domains',
      'legal',
      '--tasks',
      'legal/clause',
      '--tiers',
      'weak,strong',
      '--validators',
      '1',
      '--epochs',
      '1',
    ]));
  }, 240_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('catches both cheaters: no earnings, REEXECUTION_MISMATCH, evidence ids', () => {
    expect(summary.cheaters.map((c) => c.cheat)).toEqual(['substitute', 'perturb']);
    for (const cheater of summary.cheaters) {
      expect(cheater.earnedNothing, cheater.name).toBe(true);
      expect(cheater.emissionTotal).toBe('0');
      expect(cheater.verification).toEqual(['REEXECUTION_MISMATCH']);
      expect(cheater.evidenceIds.length).toBeGreaterThan(0);
      for (const id of cheater.evidenceIds) expect(id).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('verifies the honest miners, which earn, strong more than weak', () => {
    const honest = summary.neurons.filter((n) => n.role === 'miner' && n.cheat === null);
    expect(honest.map((n) => n.tier).sort()).toEqual(['strong', 'weak']);
    for (const n of honest) expect(n.verification, n.name).toEqual(['VERIFIED']);
    const task = summary.domains.find((d) => d.task === 'clause');
    expect(task?.strongBeatsWeak).toBe(true);
  });
});
