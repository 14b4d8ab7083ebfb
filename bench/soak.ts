/**
 * `npm run bench:soak -- --minutes M [--rate R] [--dir D]`: does any daemon grow memory under steady use?
 *
 * Starts the devnet from code (chain, 2 validators — the first with the gateway —, 3 domains × 3 tiers of
 * miners, each its own process), sends classify requests to the gateway over loopback HTTP at a fixed
 * rate (open loop, at most 8 in flight, one text each, the domains in turn; bounded by count and time),
 * and every 10 s samples the resident memory (VmRSS, /proc/<pid>/status) of the chain, the validator
 * with the gateway, a validator without it and a miner that serves the traffic. At the end it prints, per
 * process, the first, last and peak RSS and the slope in MiB/min (least squares over the samples after
 * the warm-up, with its standard error), then stops the devnet. Ctrl-C stops early and still reports.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevnet } from '../devnet/devnet.js';
import { portAllocator } from '../devnet/ports.js';
import { DEVNET_TASKS } from '../devnet/roster.js';
import type { DevnetHandle } from '../devnet/types.js';
import { DOMAIN_NAMES, type DomainName, generateItems } from '../shared/domains/index.js';
import { fmt, percentile } from './stats.js';

const SAMPLE_EVERY_MS = 10_000;
const MAX_IN_FLIGHT = 8;
const REQUEST_TIMEOUT_MS = 10_000;
/** The processes watched, by devnet name, with the label printed. */
const WATCHED: ReadonlyArray<readonly [name: string, label: string]> = [
  ['chain', 'chain'],
  ['validator-1', 'validator + gateway'],
  ['validator-2', 'validator'],
  ['finance-sentiment-strong-1', 'miner (finance sentiment strong)'],
];

interface SoakOptions {
  minutes: number;
  rate: number;
  warmupMinutes: number;
  dir: string | undefined;
}

function options(args: readonly string[]): SoakOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      minutes: { type: 'string', default: '30' },
      rate: { type: 'string', default: '2' },
      warmup: { type: 'string' },
      dir: { type: 'string' },
    },
    strict: true,
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  if (!(minutes > 0 && minutes <= 24 * 60))
    throw new Error(`--minutes must be in (0, 1440], got ${values.minutes}`);
  if (!(rate > 0 && rate <= 4))
    throw new Error(`--rate must be in (0, 4] requests/s (gateway limit 5/s), got ${values.rate}`);
  // Start-up effects (JIT, caches, pools filling) settle in the first minutes; a third of a short run.
  const warmupMinutes = values.warmup === undefined ? Math.min(5, minutes / 3) : Number(values.warmup);
  if (!(warmupMinutes >= 0 && warmupMinutes < minutes)) throw new Error('--warmup must be in [0, minutes)');
  return { minutes, rate, warmupMinutes, dir: values.dir };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
async function rssMiB(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined; // exited
  }
}

export interface Slope {
  perMinute: number;
  stdError: number;
}

/** Least-squares slope of y over x, with its standard error (NaN below 3 points). */
export function leastSquares(points: ReadonlyArray<readonly [x: number, y: number]>): Slope {
  const n = points.length;
  if (n < 3) return { perMinute: Number.NaN, stdError: Number.NaN };
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  const slope = sxy / sxx;
  const residuals = points.reduce((s, [x, y]) => s + (y - my - slope * (x - mx)) ** 2, 0);
  return { perMinute: slope, stdError: Math.sqrt(residuals / (n - 2) / sxx) };
}

interface Traffic {
  sent: number;
  ok: number;
  failed: number;
  skipped: number;
  latencies: number[];
  errors: Map<string, number>;
}

/** Open-loop classify traffic: one request every 1/rate s until `total` are sent or `stop()`. */
function startTraffic(
  gatewayUrl: string,
  rate: number,
  total: number,
): { traffic: Traffic; stop(): Promise<void> } {
  const texts = new Map<DomainName, string[]>(
    DOMAIN_NAMES.map((domain) => [
      domain,
      generateItems({
        domain,
        task: DEVNET_TASKS.find((t) => t.domain === domain)?.task,
        seed: 'soak',
        n: 200,
      }).map((i) => i.text),
    ]),
  );
  const traffic: Traffic = { sent: 0, ok: 0, failed: 0, skipped: 0, latencies: [], errors: new Map() };
  const inFlight = new Set<Promise<void>>();
  const fail = (why: string) => {
    traffic.failed++;
    traffic.errors.set(why, (traffic.errors.get(why) ?? 0) + 1);
  };
  const send = async (i: number) => {
    const domain = DOMAIN_NAMES[i % DOMAIN_NAMES.length] ?? 'finance';
    const pool = texts.get(domain) ?? [];
    const body = JSON.stringify({ domain, texts: [pool[i % pool.length] ?? 'hello'] });
    const t0 = performance.now();
    try {
      const res = await fetch(`${gatewayUrl}/v1/classify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const answer = (await res.json()) as { error?: { code?: string } };
      if (res.ok) {
        traffic.ok++;
        traffic.latencies.push(performance.now() - t0);
      } else fail(`${res.status} ${answer.error?.code ?? ''}`.trim());
    } catch (err) {
      fail(err instanceof Error ? err.name : String(err));
    }
  };
  const timer = setInterval(() => {
    if (traffic.sent >= total) return;
    if (inFlight.size >= MAX_IN_FLIGHT) {
      traffic.skipped++;
      return;
    }
    const p = send(traffic.sent++).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1000 / rate);
  return {
    traffic,
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

/** Resolves with the gateway URL once the devnet says it answers. */
function gatewayAnswers(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      const line = lines.find((l) => l.startsWith('gateway: ') || l.includes('gateway did not answer'));
      if (!line) return;
      clearInterval(check);
      if (line.startsWith('gateway: ')) resolve(line.slice('gateway: '.length).replace(/\/$/, ''));
      else reject(new Error(line));
    }, 200);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

type Sample = { tMin: number; rss: Map<string, number> };

function report(samples: readonly Sample[], o: SoakOptions, traffic: Traffic): void {
  const after = samples.filter((s) => s.tMin >= o.warmupMinutes);
  console.log(
    `\nRSS over ${fmt(samples.at(-1)?.tMin ?? 0)} min, ${samples.length} samples every ${SAMPLE_EVERY_MS / 1000} s;` +
      ` slope over the ${after.length} samples after a ${fmt(o.warmupMinutes)} min warm-up (± standard error)`,
  );
  console.log(
    `${'process'.padEnd(24)}${['first', 'last', 'peak'].map((h) => `${h} MiB`.padStart(11)).join('')}   slope MiB/min`,
  );
  for (const [name, label] of WATCHED) {
    const series = samples.flatMap((s) => {
      const v = s.rss.get(name);
      return v === undefined ? [] : [[s.tMin, v] as const];
    });
    if (series.length === 0) continue;
    const values = series.map(([, v]) => v);
    const slope = leastSquares(series.filter(([t]) => t >= o.warmupMinutes));
    const cells = [values[0], values.at(-1), Math.max(...values)].map((v) =>
      fmt(v ?? Number.NaN).padStart(11),
    );
    const s = Number.isNaN(slope.perMinute)
      ? 'n/a (too few samples)'
      : `${fmt(slope.perMinute, 2)} ± ${fmt(slope.stdError, 2)}`;
    console.log(`${label.padEnd(24)}${cells.join('')}   ${s}`);
  }
  const errors = [...traffic.errors].map(([why, n]) => `${why} ×${n}`).join(', ');
  console.log(
    `requests: ${traffic.sent} sent, ${traffic.ok} ok, ${traffic.failed} failed${errors ? ` (${errors})` : ''},` +
      ` ${traffic.skipped} skipped (${MAX_IN_FLIGHT} in flight); latency p50 ${fmt(percentile(traffic.latencies, 50))} ms,` +
      ` p99 ${fmt(percentile(traffic.latencies, 99))} ms`,
  );
}

export async function run(args: readonly string[] = []): Promise<void> {
  const o = options(args);
  const dir = o.dir ?? join(tmpdir(), `expertnet-soak-${process.pid}`);
  const lines: string[] = [];
  const gatewayPort = await portAllocator(0).next();
  console.log(`soak: ${o.minutes} min at ${o.rate} classify/s; devnet in ${dir}`);
  const devnet: DevnetHandle = await startDevnet(
    {
      validators: 2,
      minersPerTier: 1,
      tempo: 10,
      blockTimeMs: 1000,
      basePort: 0,
      chainPort: 0,
      gatewayPort,
      commitReveal: false,
      validatorStakeTao: 1000,
      dir,
      modelsDir: 'models',
      weightsTimeoutMs: 300_000,
      startTimeoutMs: 120_000,
    },
    {
      status: (line) => {
        lines.push(line);
        console.log(`devnet: ${line}`);
      },
    },
  );
  let stopping = false;
  let onSignal = () => {};
  const interrupted = new Promise<void>((resolve) => {
    onSignal = () => {
      stopping = true;
      console.log('\nsoak: interrupted, reporting what was sampled');
      resolve();
    };
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const samples: Sample[] = [];
  let traffic: ReturnType<typeof startTraffic> | undefined;
  try {
    const gatewayUrl = await Promise.race([gatewayAnswers(lines), interrupted.then(() => undefined)]);
    if (gatewayUrl === undefined) return;
    const durationMs = o.minutes * 60_000;
    traffic = startTraffic(gatewayUrl, o.rate, Math.ceil(o.rate * o.minutes * 60));
    const t0 = performance.now();
    while (!stopping) {
      const tMin = (performance.now() - t0) / 60_000;
      const rss = new Map<string, number>();
      for (const [name] of WATCHED) {
        const pid = devnet.processes.get(name)?.pid;
        const v = pid === undefined ? undefined : await rssMiB(pid);
        if (v !== undefined) rss.set(name, v);
      }
      samples.push({ tMin, rss });
      const t = traffic.traffic;
      const mem = WATCHED.filter(([n]) => rss.has(n))
        .map(([n, label]) => `${label} ${fmt(rss.get(n) ?? 0)}`)
        .join(' · ');
      console.log(`[${fmt(tMin)} min] RSS MiB: ${mem} | requests ${t.ok} ok, ${t.failed} failed`);
      const nextAt = samples.length * SAMPLE_EVERY_MS;
      if (nextAt > durationMs) break;
      await Promise.race([sleep(nextAt - (performance.now() - t0)), interrupted]);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await traffic?.stop();
    if (traffic) report(samples, o, traffic.traffic);
    await devnet.stop('soak finished');
    if (o.dir === undefined) await rm(dir, { recursive: true, force: true });
  }
}
