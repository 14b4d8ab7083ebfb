/**
 * The Grafana dashboards and the compose monitoring stack only query what the daemons export: every
 * metric a dashboard expression (or template variable) names is registered by the chain node (with its
 * economics gauges), the miner, the validator or the gateway, or is a default process metric; and every
 * metric they export is charted somewhere. Expressions are parsed with Prometheus' own PromQL grammar,
 * so a query that does not parse fails too. test/dashboards/live.test.ts evaluates them in Prometheus.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EconomicsMetrics } from '../chain/node/economics-metrics.js';
import { createNodeMetrics } from '../chain/node/metrics.js';
import { emptyState } from '../chain/runtime/storage.js';
import { getMetrics as createMinerMetrics } from '../miner/metrics.js';
import { createGatewayMetrics } from '../validator/gateway/metrics.js';
import { createValidatorMetrics } from '../validator/metrics.js';
import {
  boardQueries,
  DASHBOARDS,
  type Dashboard,
  dashboardFiles,
  loadBoard as load,
} from './dashboards/boards.js';

const ROOT = resolve(import.meta.dirname, '..');
const DASHBOARD_FILES = dashboardFiles();

/** Series names a registry exposes (histograms as their _bucket/_sum/_count series too). */
/** Issue 17's dynamic-TAO gauges (chain/node/economics-pools.ts). */
const ALPHA_GAUGES = [
  'expertnet_subnet_alpha_price_tao',
  'expertnet_subnet_moving_price_tao',
  'expertnet_subnet_pool_tao_rao',
  'expertnet_subnet_pool_alpha_in_rao',
  'expertnet_subnet_pool_alpha_out_rao',
  'expertnet_subnet_tao_in_emission_rao',
  'expertnet_subnet_alpha_in_emission_rao',
  'expertnet_subnet_alpha_out_emission_rao',
];

async function exposed(register: Registry): Promise<Set<string>> {
  const names = new Set<string>();
  for (const metric of await register.getMetricsAsJSON()) {
    names.add(metric.name);
    const type = String(metric.type);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(metric.name + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(metric.name + s);
  }
  return names;
}

async function chainNames(): Promise<Set<string>> {
  const metrics = createNodeMetrics({
    readyTransactions: () => 0,
    futureTransactions: () => 0,
    stateVersions: () => 0,
    oldestState: () => 0,
  });
  new EconomicsMetrics({
    register: metrics.register,
    ss58Format: 42,
    state: () => emptyState,
    blockNumber: () => 0,
  });
  return exposed(metrics.register);
}

async function minerNames(): Promise<Set<string>> {
  const register = new Registry();
  createMinerMetrics(register, { defaultMetrics: false });
  return exposed(register);
}

async function validatorNames(): Promise<Set<string>> {
  const register = new Registry();
  createValidatorMetrics(register, { defaultMetrics: false });
  return exposed(register);
}

async function gatewayNames(): Promise<Set<string>> {
  const register = new Registry();
  createGatewayMetrics(register);
  return exposed(register);
}

async function defaultNames(): Promise<Set<string>> {
  const register = new Registry();
  collectDefaultMetrics({ register });
  return exposed(register);
}

/** Grafana's interval variables are not PromQL; give them a duration so the grammar accepts the query. */
function substitute(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)/g, '1m');
}

/** Metric names selected in `expr`, and the text of any syntax errors. */
function metricNames(expr: string): { names: string[]; errors: string[] } {
  const text = substitute(expr);
  const names: string[] = [];
  const errors: string[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError)
        errors.push(`at ${node.from}: ${text.slice(Math.max(0, node.from - 10), node.to + 10)}`);
      if (node.name === 'VectorSelector') {
        const first: SyntaxNode | null = node.node.firstChild;
        if (first?.name === 'Identifier') names.push(text.slice(first.from, first.to));
      }
    },
  });
  return { names, errors };
}

/** `label_values(selector, label)` (Grafana's variable query) → the selector, as PromQL. */
function variableSelector(query: string): string | undefined {
  const match = /^\s*label_values\((.*),\s*\w+\s*\)\s*$/.exec(query);
  return match?.[1];
}

/** Every PromQL expression of a dashboard: panel targets and template variable selectors. */
function expressions(board: Dashboard): Array<{ where: string; expr: string }> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const { panel, exprs } of boardQueries(board))
    for (const expr of exprs) out.push({ where: `panel "${panel.title}"`, expr });
  for (const variable of board.templating.list) {
    const query = variable.query.query;
    const selector = variableSelector(query);
    if (selector === undefined) throw new Error(`variable $${variable.name}: unsupported query ${query}`);
    out.push({ where: `variable $${variable.name}`, expr: selector });
  }
  return out;
}

describe('Grafana dashboards', () => {
  it('has the miner, validator, gateway, chain node, economics and holder dashboards with unique uids', () => {
    expect(DASHBOARD_FILES).toEqual([
      'chain-node.json',
      'gateway.json',
      'miner.json',
      'subnet-economics.json',
      'subnet-holders.json',
      'validator.json',
    ]);
    const uids = DASHBOARD_FILES.map((f) => load(f).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('queries only metrics the chain, miner, validator or gateway export', async () => {
    const known = new Set([
      ...(await chainNames()),
      ...(await minerNames()),
      ...(await validatorNames()),
      ...(await gatewayNames()),
      ...(await defaultNames()),
    ]);
    const unknown: string[] = [];
    const unparsable: string[] = [];
    for (const file of DASHBOARD_FILES) {
      const board = load(file);
      const exprs = expressions(board);
      expect(exprs.length, file).toBeGreaterThan(5);
      for (const { where, expr } of exprs) {
        const { names, errors } = metricNames(expr);
        if (errors.length > 0) unparsable.push(`${file} ${where}: ${errors.join('; ')}`);
        if (names.length === 0) unknown.push(`${file} ${where}: selects no metric: ${expr}`);
        for (const name of names) if (!known.has(name)) unknown.push(`${file} ${where}: ${name}`);
      }
    }
    expect(unparsable).toEqual([]);
    expect(unknown).toEqual([]);
  });

  it('values alpha in TAO at the pool price on the holder page (emission per epoch and per block, earnings, stake)', () => {
    const holders = load('subnet-holders.json');
    const exprs = (title: string) =>
      holders.panels.find((p) => p.title === title)?.targets?.map((t) => t.expr) ?? [];
    const priced = (expr: string) =>
      /on \(netuid\) group_left \(\) max by \(netuid\) \(expertnet_subnet_alpha_price_tao/.test(expr);
    expect(exprs('Emission per epoch: alpha and its TAO value').map(priced)).toEqual([false, true]);
    expect(exprs('Emission per block: alpha out, its TAO value, pool injection').map(priced)).toEqual([
      false,
      true,
      false,
      false,
    ]);
    expect(exprs('Earned in the time range at the pool price (TAO)').every(priced)).toBe(true);
    expect(exprs('Stake and emission per epoch at the pool price (TAO)').every(priced)).toBe(true);
    expect(exprs('Pool reserves')).toHaveLength(3);
  });

  it('charts every economics gauge and every validator metric named in issues 6, 17 and 18', async () => {
    const queried = (file: string) =>
      new Set(expressions(load(file)).flatMap(({ expr }) => metricNames(expr).names));
    const economics = queried('subnet-economics.json');
    for (const name of [
      'expertnet_subnet_emission_rao',
      'expertnet_subnet_incentive',
      'expertnet_subnet_dividends',
      'expertnet_subnet_stake_rao',
      'expertnet_subnet_neurons',
      'expertnet_total_issuance_rao',
      'substrate_block_height',
    ])
      expect(economics.has(name), name).toBe(true);
    // Issue 18: the holder page answers what a uid earned, at what yield, with what standing, and who weights it.
    const holders = queried('subnet-holders.json');
    for (const name of [
      'expertnet_subnet_emission_rao',
      'expertnet_subnet_emitted_rao_total',
      'expertnet_subnet_owner_cut_rao',
      'expertnet_subnet_owner_cut_rao_total',
      'expertnet_subnet_stake_rao',
      'expertnet_subnet_validator_trust',
      'expertnet_subnet_consensus',
      'expertnet_subnet_validator_permit',
      'expertnet_subnet_active',
      'expertnet_subnet_last_update_block',
      'expertnet_subnet_registration_block',
      'expertnet_subnet_immune',
      'expertnet_subnet_weight',
      'expertnet_subnet_tempo',
      // Issue 17: the subnet token as holders see it on mainnet: price, pool, emission in alpha and TAO.
      ...ALPHA_GAUGES,
    ])
      expect(holders.has(name), name).toBe(true);
    for (const name of ALPHA_GAUGES) expect(economics.has(name), name).toBe(true);
    const validator = queried('validator.json');
    for (const name of [
      'expertnet_validator_rounds_total',
      'expertnet_validator_miner_score',
      'expertnet_validator_miner_request_duration_seconds_bucket',
      'expertnet_validator_miner_errors_total',
      'expertnet_validator_weights_submitted_total',
      'expertnet_validator_last_weights_block',
      'expertnet_validator_chain_errors_total',
    ])
      expect(validator.has(name), name).toBe(true);
  });

  it('charts every metric the chain node, miner, validator and gateway export', async () => {
    const queried = new Set(
      DASHBOARD_FILES.flatMap((f) => expressions(load(f)).flatMap(({ expr }) => metricNames(expr).names)),
    );
    const defaults = await defaultNames();
    const exported = [
      ...(await chainNames()),
      ...(await minerNames()),
      ...(await validatorNames()),
      ...(await gatewayNames()),
    ];
    // A histogram is charted through its buckets or its _sum/_count; the bare name is no series.
    const series = (name: string) => [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
    const uncharted = exported.filter(
      (name) =>
        !defaults.has(name) &&
        !/_(bucket|sum|count)$/.test(name) &&
        !series(name).some((s) => queried.has(s)),
    );
    expect(uncharted).toEqual([]);
  });

  it('keeps panels correct under any selection and zoom', () => {
    const wrong: string[] = [];
    for (const file of DASHBOARD_FILES) {
      for (const { panel, exprs } of boardQueries(load(file))) {
        for (const expr of exprs) {
          const where = `${file} "${panel.title}": ${expr}`;
          // increase() over Grafana's rate interval changes unit with the zoom: rate() per second is stable.
          if (/increase\([^)]*\[\$__rate_interval\]/.test(expr))
            wrong.push(`increase over $__rate_interval: ${where}`);
          // Process metrics are exported by every role: a panel must keep to its role's processes.
          if (/(process_|nodejs_)/.test(expr) && !/and on \(instance\)/.test(expr))
            wrong.push(`process metric of every role: ${where}`);
        }
        // Error panels read 0 until the first failure instead of "No data".
        const errorPanel = /error|failure|rejection|rate limited/i.test(panel.title);
        const counterOfLabels = exprs.some((e) =>
          /sum by \((reason|error|result|route|method|status)\)/.test(e),
        );
        if (errorPanel && counterOfLabels && !exprs.some((e) => /or on \(\) /.test(e)))
          wrong.push(`error panel without a 0 fallback: ${file} "${panel.title}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('uses the provisioned Prometheus datasource', () => {
    const provisioning = parseYaml(
      readFileSync(join(DASHBOARDS, 'provisioning/datasources/prometheus.yml'), 'utf8'),
    ) as { datasources: Array<{ uid: string; type: string }> };
    const [datasource] = provisioning.datasources;
    expect(datasource?.type).toBe('prometheus');
    for (const file of DASHBOARD_FILES) {
      for (const panel of load(file).panels) {
        if (panel.type === 'row') continue;
        expect(panel.datasource?.uid, `${file} "${panel.title}"`).toBe(datasource?.uid);
      }
    }
  });
});

interface Compose {
  services: Record<
    string,
    { image?: string; build?: unknown; command?: string[]; volumes?: string[]; ports?: string[] }
  >;
}

describe('docker-compose monitoring stack', () => {
  const compose = parseYaml(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as Compose;
  const prometheus = parseYaml(readFileSync(join(ROOT, 'deploy/prometheus.yml'), 'utf8')) as {
    scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
  };

  it('scrapes the metrics port of every chain, miner and validator service', () => {
    const targets = new Set(
      prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets)),
    );
    const expected: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      const args = service.command ?? [];
      const port = (flag: string) => {
        const i = args.indexOf(flag);
        return i < 0 ? undefined : args[i + 1];
      };
      if (args[0] === 'expertnet-chain') expected.push(`${name}:${port('--prometheus-port') ?? '9615'}`);
      if (args[0] === 'expertnet-miner') expected.push(`${name}:${port('--metrics.port') ?? '9101'}`);
      if (args[0] === 'expertnet-validator') expected.push(`${name}:${port('--metrics.port') ?? '9102'}`);
    }
    expect(expected.length).toBeGreaterThanOrEqual(4);
    for (const target of expected) expect(targets.has(target), target).toBe(true);
    for (const target of targets) {
      const host = target.split(':')[0]!;
      if (host !== 'localhost') expect(Object.keys(compose.services)).toContain(host);
    }
  });

  it('runs every role from one image and provisions the dashboards into Grafana', () => {
    const roles = Object.values(compose.services).filter((s) =>
      ['expertnet-chain', 'expertnet-miner', 'expertnet-validator'].includes(s.command?.[0] ?? ''),
    );
    expect(new Set(roles.map((s) => s.image)).size).toBe(1);
    const grafana = compose.services.grafana?.volumes ?? [];
    expect(grafana.some((v) => v.startsWith('./dashboards/provisioning:/etc/grafana/provisioning'))).toBe(
      true,
    );
    expect(grafana.some((v) => v.startsWith('./dashboards:/var/lib/grafana/dashboards'))).toBe(true);
    const provider = parseYaml(
      readFileSync(join(DASHBOARDS, 'provisioning/dashboards/expertnet.yml'), 'utf8'),
    ) as { providers: Array<{ options: { path: string } }> };
    expect(provider.providers[0]?.options.path).toBe('/var/lib/grafana/dashboards');
    expect(compose.services.prometheus?.volumes).toContain(
      './deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
  });
});
