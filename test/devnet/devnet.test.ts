/**
 * `expertnet devnet --epochs 3 --json` end to end, as a user runs it: the chain, two validators and
 * twelve miners (4 tasks × 3 tiers) come up as their own processes, weights land, emission is paid, and
 * in every task the strong miner earns more than the weak one. Afterwards no child is left running and the run data is gone.
 * The slowest test of the suite (it builds missing models first); figures in docs/devnet.md.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevnetSummary } from '../../devnet/devnet.js';
import type { TsxRun } from '../helpers/run-tsx.js';
import { runDevnetJson } from './helpers.js';

const EPOCHS = 3;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('expertnet devnet --epochs 3 --json', () => {
  let dir: string;
  let run: TsxRun;
  let summary: DevnetSummary;

  beforeAll(async () => {
    ({ dir, run, summary } = await runDevnetJson('e2e', ['--epochs', String(EPOCHS)]));
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('brings every process up and keeps it up to the end', () => {
    const roles = summary.neurons.map((n) => n.role);
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    expect(roles.filter((r) => r === 'validator')).toHaveLength(2);
    expect(roles.filter((r) => r === 'miner')).toHaveLength(12);
    for (const n of summary.neurons) if (n.role !== 'owner') expect(n.process, n.name).toBe('up');
    const tiers = summary.neurons
      .filter((n) => n.role === 'miner')
      .map((n) => `${n.domain}/${n.task}/${n.tier}`);
    expect(new Set(tiers).size).toBe(12);
  });

  it('lands weights from every validator and counts the epochs after them', () => {
    expect(summary.firstWeightsBlock).not.toBeNull();
    expect(summary.epochsWithWeights).toBeGreaterThanOrEqual(EPOCHS);
    expect(summary.block).toBeGreaterThan(summary.firstWeightsBlock ?? Number.POSITIVE_INFINITY);
    // Both validators scored every miner (scraped from their Prometheus endpoints).
    for (const m of summary.neurons.filter((n) => n.role === 'miner'))
      for (const score of m.scores) expect(score, m.name).not.toBeNull();
  });

  it('pays emission: miners by incentive, validators by dividends', () => {
    for (const m of summary.neurons.filter((n) => n.role === 'miner')) {
      expect(BigInt(m.emissionTotal), m.name).toBeGreaterThan(0n);
      expect(m.incentive, m.name).toBeGreaterThan(0);
    }
    for (const v of summary.neurons.filter((n) => n.role === 'validator')) {
      expect(v.dividends, v.name).toBeGreaterThan(0);
      expect(BigInt(v.emissionTotal), v.name).toBeGreaterThan(0n);
    }
  });

  it('pays the strong miner more than the weak one in every task', () => {
    const earned = (domain: string, task: string, tier: string) =>
      BigInt(
        summary.neurons.find((n) => n.domain === domain && n.task === task && n.tier === tier)
          ?.emissionTotal ?? '0',
      );
    const tasks = ['legal/clause', 'medical/specialty', 'finance/sentiment', 'finance/event'];
    expect(summary.domains.map((d) => `${d.domain}/${d.task}`).sort()).toEqual([...tasks].sort());
    for (const id of tasks) {
      const [domain = '', task = ''] = id.split('/');
      expect(earned(domain, task, 'strong'), id).toBeGreaterThan(earned(domain, task, 'weak'));
      expect(summary.domains.find((d) => d.domain === domain && d.task === task)?.strongBeatsWeak).toBe(true);
    }
  });

  it('shows emission in alpha and in TAO at the pool price, still following quality, and the pool at the end', () => {
    const alpha = summary.alpha;
    if (alpha === null) throw new Error('no alpha summary');
    expect(alpha.price).toBeGreaterThan(0);
    expect(BigInt(alpha.taoIn)).toBeGreaterThan(0n);
    expect(BigInt(alpha.alphaIn)).toBeGreaterThan(0n);
    expect(BigInt(alpha.alphaOut)).toBeGreaterThan(0n);
    expect(BigInt(alpha.epochEmissionAlpha)).toBe(BigInt(alpha.alphaOutEmission) * BigInt(summary.tempo + 1));
    expect(BigInt(alpha.epochEmissionTao)).toBe(
      (BigInt(alpha.epochEmissionAlpha) * BigInt(alpha.priceRao)) / 1_000_000_000n,
    );
    for (const m of summary.neurons.filter((n) => n.role === 'miner'))
      expect(BigInt(m.emissionTotalTao), m.name).toBeGreaterThan(0n);
    for (const d of summary.domains) {
      const { weak, strong } = d.emissionByTierTao;
      expect(BigInt(strong ?? '0'), `${d.domain}/${d.task}`).toBeGreaterThan(BigInt(weak ?? '0'));
      expect(Object.keys(d.emissionByTierTao).sort()).toEqual(Object.keys(d.emissionByTier).sort());
    }
  });

  it('stops every child, keeps a log per process and removes the run data', async () => {
    const logs = await readdir(join(dir, 'logs'));
    const names = ['chain', ...summary.neurons.filter((n) => n.role !== 'owner').map((n) => n.name)];
    for (const name of names) expect(logs).toContain(`${name}.log`);
    for (const name of names) {
      const first = (await readFile(join(dir, 'logs', `${name}.log`), 'utf8')).split('\n')[0] ?? '';
      const pid = (JSON.parse(first) as { pid: number }).pid;
      expect(alive(pid), `${name} (pid ${pid})`).toBe(false);
    }
    expect(existsSync(join(dir, 'run'))).toBe(false);
    // The devnet's stdout is the JSON alone: the logs did not leak into it.
    expect(run.stdout.trim().startsWith('{')).toBe(true);
  });
});
