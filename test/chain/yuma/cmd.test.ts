import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { yumaCommand } from '../../../chain/yuma/cmd.js';

const scenario = {
  n: 2,
  hyperparams: { maxAllowedValidators: 2 },
  stakes: ['100', '0'],
  steps: [
    { block: 1, epoch: true, emission: '1000' },
    { block: 2, setWeights: { '0': [[1, 1]] }, epoch: true, emission: '1000' },
  ],
};

function writeScenario(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'yuma-cmd-')), 'scenario.json');
  writeFileSync(file, content);
  return file;
}

async function runCli(args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  await yargs(args).command(yumaCommand).strict().exitProcess(false).parseAsync();
  vi.restoreAllMocks();
  return { out, err };
}

describe('expertnet yuma simulate', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('prints SCENARIO.md JSON with --json', async () => {
    const { out } = await runCli(['yuma', 'simulate', writeScenario(JSON.stringify(scenario)), '--json']);
    const report = JSON.parse(out);
    expect(report.epochs).toHaveLength(2);
    expect(report.epochs[1].incentive).toEqual([0, 65535]);
    expect(report.epochs[1].emission).toEqual(['500', '500']);
    expect(report.epochs[1].bonds).toEqual([
      [0, 65535],
      [0, 0],
    ]);
  });

  it('prints a table per epoch by default', async () => {
    const { out } = await runCli(['yuma', 'simulate', writeScenario(JSON.stringify(scenario))]);
    expect(out).toContain('epoch 1 at block 2');
    expect(out).toMatch(/\n\s+1\s+65535\s+0\s+65535/);
  });

  it('reports a malformed file with its path and field, and exit code 1', async () => {
    const file = writeScenario(JSON.stringify({ ...scenario, stakes: ['1'] }));
    const { out, err } = await runCli(['yuma', 'simulate', file]);
    expect(out).toBe('');
    expect(err).toContain(`${file}: stakes: has 1 entries, expected n = 2`);
    expect(process.exitCode).toBe(1);
  });
});
