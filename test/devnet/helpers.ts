import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevnetConfig, DevnetSummary } from '../../devnet/devnet.js';
import { runTsx, type TsxRun } from '../helpers/run-tsx.js';

/**
 * The smallest devnet for tests that start one from code: one validator, two weak finance miners, a
 * five-block tempo of half-second blocks, free ports, no gateway (`overrides` sets one), all under `dir`.
 * It has its own models folder (the weak tier trains in under a second): no race with other tests
 * building the shared one.
 */
export function smallDevnetConfig(dir: string, overrides: Partial<DevnetConfig> = {}): DevnetConfig {
  return {
    validators: 1,
    minersPerTier: 2,
    domains: ['finance'],
    tiers: ['weak'],
    tempo: 5,
    blockTimeMs: 500,
    basePort: 0,
    chainPort: 0,
    gatewayPort: 0,
    commitReveal: false,
    validatorStakeTao: 1000,
    dir,
    modelsDir: join(dir, 'models'),
    weightsTimeoutMs: 120_000,
    startTimeoutMs: 120_000,
    ...overrides,
  };
}

const CLI = new URL('../../cli/expertnet.ts', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

/**
 * `expertnet devnet <args> --json` as a user runs it, on free ports with a five-block tempo of
 * half-second blocks, in a fresh folder under the system's temp dir: the parsed summary, or a throw
 * with the tail of stderr.
 */
export async function runDevnetJson(
  name: string,
  args: readonly string[],
): Promise<{ dir: string; run: TsxRun; summary: DevnetSummary }> {
  const dir = await mkdtemp(join(tmpdir(), `expertnet-devnet-${name}-`));
  const run = await runTsx(
    CLI,
    [
      'devnet',
      ...args,
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
  return { dir, run, summary: JSON.parse(run.stdout) as DevnetSummary };
}
