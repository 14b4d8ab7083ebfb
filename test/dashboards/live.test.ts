/**
 * The dashboards stay honest: Debian's real Prometheus (2.42) scrapes a small devnet (chain, validator
 * with its gateway, two miners) every second with deploy/alerts.yml loaded, and every panel query and
 * template variable of dashboards/*.json is evaluated through Prometheus' HTTP API. A query Prometheus
 * refuses fails the test, and so does a panel without data unless its description says it is empty by
 * design (EMPTY_BY_DESIGN). The alert rules must evaluate without errors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevnetHandle, startDevnet } from '../../devnet/devnet.js';
import { portAllocator } from '../../devnet/ports.js';
import { smallDevnetConfig } from '../devnet/helpers.js';
import { boardQueries, EMPTY_BY_DESIGN, loadBoards } from './boards.js';
import { havePrometheus, PROMETHEUS } from './prometheus.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Every 2 s: a scrape may take its whole interval on a loaded machine (the timeout is the interval). */
const SCRAPE_INTERVAL = '2s';
/** Grafana's `$__rate_interval` is at least 4 scrapes; 15 windows of scrapes leave room for late ones. */
const RATE_INTERVAL = '30s';
/** A panel found empty is asked again this many times, 3 s apart, before it counts as empty. */
const RETRIES = 3;

interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown[] };
}

/** Every argument after `flag` in a child's command line. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

/** Polls `check` every 500 ms until it holds; throws after 60 s. */
async function waitFor(what: string, check: () => Promise<boolean | undefined>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Grafana's variables as Prometheus sees them with every value selected. */
function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval/g, RATE_INTERVAL)
    .replace(/\$__interval/g, '2s')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?(instance|domain|netuid|uid)\b\}?/g, '.*');
}

describe.skipIf(!havePrometheus)('dashboards against Prometheus scraping a devnet', () => {
  let dir: string;
  let devnet: DevnetHandle | undefined;
  let prometheus: ChildProcess | undefined;
  let prometheusExited: Promise<void> | undefined;
  let api: string;

  const query = async (expr: string): Promise<QueryAnswer> => {
    const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await res.json()) as QueryAnswer;
  };
  const nonEmpty = async (expr: string) => ((await query(expr)).data?.result.length ?? 0) > 0;

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS))
      throw new Error(`no Prometheus at ${PROMETHEUS}: apt-get install prometheus (or set PROMETHEUS_PATH)`);
    dir = await mkdtemp(join(tmpdir(), 'dashboards-live-'));
    const ports = portAllocator(0);
    const gatewayPort = await ports.next();
    const promPort = await ports.next();
    let weightsLanded: () => void = () => {};
    const weights = new Promise<void>((done) => {
      weightsLanded = done;
    });
    devnet = await startDevnet(smallDevnetConfig(dir, { gatewayPort }), {
      status: (line) => {
        if (line.startsWith('weights from every validator on chain')) weightsLanded();
      },
    });
    const targets: Record<string, string[]> = { chain: [], miner: [], validator: [], gateway: [] };
    targets.gateway?.push(`127.0.0.1:${gatewayPort}`);
    for (const [name, proc] of devnet.processes) {
      const args = proc.spec.args;
      if (name === 'chain') targets.chain?.push(`127.0.0.1:${flagValue(args, '--prometheus-port')}`);
      else if (name.startsWith('validator'))
        targets.validator?.push(`127.0.0.1:${flagValue(args, '--metrics.port')}`);
      else targets.miner?.push(`127.0.0.1:${flagValue(args, '--metrics.port')}`);
    }
    const scrapeConfigs = Object.entries(targets).map(([role, list]) => ({
      job_name: role,
      static_configs: [{ targets: list, labels: { role } }],
    }));
    const config = join(dir, 'prometheus.yml');
    // JSON is YAML: no serializer needed.
    await writeFile(
      config,
      JSON.stringify({
        global: { scrape_interval: SCRAPE_INTERVAL, evaluation_interval: SCRAPE_INTERVAL },
        rule_files: [join(ROOT, 'deploy/alerts.yml')],
        scrape_configs: scrapeConfigs,
      }),
    );
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((done) => prometheus?.once('exit', () => done()));
    prometheusExited = exited;
    api = `http://127.0.0.1:${promPort}`;
    await weights;
    // Gateway traffic, so its request panels have something to show.
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    await waitFor('the gateway', async () => (await fetch(`${gateway}/healthz`).catch(() => undefined))?.ok);
    await fetch(`${gateway}/v1/miners`);
    await fetch(`${gateway}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'finance', texts: ['Shares jumped after record profit.'] }),
    });
    // An epoch with weights on chain has been scraped, and rates have samples over a whole window.
    await waitFor('an epoch with emission in Prometheus', () =>
      nonEmpty('sum(expertnet_subnet_emission_rao) > 0'),
    );
    await waitFor('a rate window of successful scrapes of every target', () =>
      nonEmpty(`min(sum_over_time(up[${RATE_INTERVAL}])) >= 10`),
    );
  }, 300_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await prometheusExited;
    await devnet?.stop('test done');
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('scrapes every target', async () => {
    const answer = await query('up');
    const down = (answer.data?.result ?? []).filter(
      (s) => (s as { value: [number, string] }).value[1] !== '1',
    );
    expect(answer.data?.result.length).toBeGreaterThanOrEqual(5);
    expect(down).toEqual([]);
  });

  it('evaluates every panel: none invalid, none empty unless empty by design', async () => {
    const invalid: string[] = [];
    const empty: string[] = [];
    let panels = 0;
    let withData = 0;
    for (const { file, board } of loadBoards()) {
      for (const { panel, exprs } of boardQueries(board)) {
        panels++;
        let emptyTargets = exprs;
        // A series born a moment ago has one sample in a rate window: ask again rather than fail.
        for (let attempt = 0; attempt <= RETRIES && emptyTargets.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 3000));
          const asked = emptyTargets;
          const answers = await Promise.all(asked.map((expr) => query(substitute(expr))));
          answers.forEach((a, i) => {
            if (a.status !== 'success') invalid.push(`${file} "${panel.title}": ${a.error} in ${asked[i]}`);
          });
          if (answers.some((a) => a.status !== 'success')) break;
          emptyTargets = asked.filter((_, i) => (answers[i]?.data?.result.length ?? 0) === 0);
          if (emptyTargets.length > 0 && attempt < RETRIES)
            console.info(`${file} "${panel.title}": empty, asking again`);
        }
        if (emptyTargets.length === 0) withData++;
        else if (!(panel.description ?? '').includes(EMPTY_BY_DESIGN))
          empty.push(`${file} "${panel.title}": ${emptyTargets.join(' ; ')}`);
      }
      for (const variable of board.templating.list) {
        const selector = /^label_values\((.*),\s*\w+\)$/.exec(variable.query.query.trim())?.[1];
        if (selector === undefined || !(await nonEmpty(substitute(selector))))
          empty.push(`${file} variable $${variable.name}: no values`);
      }
    }
    console.info(`dashboards: ${withData} of ${panels} panels have data on the devnet`);
    expect(invalid).toEqual([]);
    expect(empty).toEqual([]);
  });

  it('answers on the holder page what a uid earned, at what yield, and who weights it', async () => {
    const holders = loadBoards().find((b) => b.file === 'subnet-holders.json')?.board;
    const values = async (title: string, target = 0): Promise<number[]> => {
      const panel = holders?.panels.find((p) => p.title === title);
      const expr = panel?.targets?.[target]?.expr;
      if (expr === undefined) throw new Error(`no panel "${title}"`);
      const answer = await query(substitute(expr));
      return (answer.data?.result ?? []).map((s) => Number((s as { value: [number, string] }).value[1]));
    };
    expect(Math.max(...(await values('Earned in the time range (alpha)')))).toBeGreaterThan(0);
    // The owner cut is paid to the owner's uid, whose emission reads 0.
    expect(Math.max(...(await values('Earned in the time range (alpha)', 1)))).toBeGreaterThan(0);
    expect(Math.max(...(await values('Yield on stake in the time range')))).toBeGreaterThan(0);
    // Dynamic TAO: the token has a price and a pool, and what a uid earned is worth TAO at that price.
    const [price = 0] = await values('Alpha price (TAO per alpha)');
    expect(price).toBeGreaterThan(0);
    expect(
      Math.min(...(await values('Pool reserves')), ...(await values('Pool reserves', 1))),
    ).toBeGreaterThan(0);
    const [epochAlpha = 0] = await values('Emission per epoch: alpha and its TAO value');
    const [epochTao = 0] = await values('Emission per epoch: alpha and its TAO value', 1);
    expect(epochAlpha).toBeGreaterThan(0);
    expect(epochTao).toBeCloseTo(epochAlpha * price, 6);
    expect(Math.max(...(await values('Earned in the time range at the pool price (TAO)')))).toBeGreaterThan(
      0,
    );
    // One validator weights both miners.
    expect(await values('Validators weighting it')).toEqual([1, 1]);
    // Roles: one validator with a weights row, the miners and the owner without.
    const roles = await values('Neurons: earnings, yield, trust, consensus, permits', 0);
    expect(roles.filter((r) => r === 1)).toHaveLength(1);
    expect(roles.filter((r) => r === 0).length).toBeGreaterThanOrEqual(2);
  });

  it("reconciles the epoch: neurons plus owner cut are an epoch's alpha emission", async () => {
    const scalar = async (expr: string) => {
      const [sample] = (await query(expr)).data?.result ?? [];
      return Number((sample as { value: [number, string] } | undefined)?.value[1]);
    };
    const neurons = await scalar('sum(expertnet_subnet_emission_rao)');
    const owner = await scalar('sum(expertnet_subnet_owner_cut_rao)');
    // Dynamic TAO: each block emits SubnetAlphaOutEmission alpha to the subnet, paid out at its epoch.
    const epoch = await scalar(
      'max(expertnet_subnet_alpha_out_emission_rao) * (max(expertnet_subnet_tempo) + 1)',
    );
    console.info(`epoch: neurons ${neurons} + owner ${owner} rao; alpha out × (tempo + 1) = ${epoch}`);
    expect(owner).toBeGreaterThan(0);
    expect(Math.abs(neurons + owner - epoch) / epoch).toBeLessThan(0.01);
  });

  it('evaluates every alert rule without errors', async () => {
    const res = (await (await fetch(`${api}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> };
    };
    const rules = res.data.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
  });
});
