/**
 * The alert rules shipped in deploy/ load in Prometheus and fire when they should: `promtool check rules`,
 * `promtool test rules deploy/alerts.test.yml` (scenarios: healthy subnet, miner down, chain stalled,
 * validator silent, error spikes) and `promtool check config` on the compose scrape configuration.
 * promtool comes with Debian's `prometheus` package (.ci/run installs it; on CI a missing one fails).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { havePrometheus, PROMTOOL } from '../dashboards/prometheus.js';

const DEPLOY = join(resolve(import.meta.dirname, '../..'), 'deploy');
const run = promisify(execFile);

async function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(PROMTOOL, args, { cwd: DEPLOY });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? -1, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

describe.skipIf(!havePrometheus)('deploy/alerts.yml', () => {
  it('finds promtool', () => {
    expect(existsSync(PROMTOOL), `no promtool at ${PROMTOOL}: apt-get install prometheus`).toBe(true);
  });

  it('passes promtool check rules', async () => {
    const { code, output } = await promtool('check', 'rules', 'alerts.yml');
    expect(output).toMatch(/SUCCESS: \d+ rules found/);
    expect(code, output).toBe(0);
  });

  it('passes its promtool unit tests', async () => {
    const { code, output } = await promtool('test', 'rules', 'alerts.test.yml');
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });

  it('is loaded by the compose scrape configuration', async () => {
    const { code, output } = await promtool('check', 'config', 'prometheus.yml');
    expect(code, output).toBe(0);
    expect(output).toContain('1 rule files found');
  });

  it('fails promtool on a broken rule (the check is not vacuous)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alerts-'));
    try {
      const file = join(dir, 'broken.yml');
      await writeFile(
        file,
        'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(up[5m]\n',
      );
      const { code, output } = await promtool('check', 'rules', file);
      expect(code, output).toBe(1);
      expect(output).toContain('unclosed left parenthesis');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
