/**
 * What a running validator exports on its metrics port and what its gateway exports on /metrics, read
 * over HTTP after a real round against protocol-level miners on the dev chain: per-miner requests,
 * failures and round trips by uid, every error reason at 0 before it happens, and no series in both
 * places (the gateway's /metrics is public and scraped as its own job).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { FakeMiner, startTestNet, type TestNet } from '../../testkit/validator-net.js';
import { SCORE_FAILURES } from '../../validator/metrics.js';
import { startValidator, type ValidatorHandle } from '../../validator/validator.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `name{labels} value` lines of a Prometheus text page, as `name{labels}` → value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\S+?(?:\{.*\})?) (\S+)$/.exec(line);
    if (m?.[1] && !line.startsWith('#')) out.set(m[1], Number(m[2]));
  }
  return out;
}

describe('validator and gateway metrics', () => {
  let dir: string;
  let net: TestNet;
  let validator: ValidatorHandle;
  const fakes: FakeMiner[] = [];
  const uids = { good: -1, bad: -1 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-validator-metrics-'));
    net = await startTestNet(dir);
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    for (const [name, uri, mode] of [
      ['good', '//Bob', 'uniform'],
      ['bad', '//Charlie', 'bad-signature'],
    ] as const) {
      const hotkey = Sr25519Keypair.fromUri(`${uri}//hotkey`);
      uids[name] = await net.register(uri, hotkey);
      const fake = await FakeMiner.start(hotkey, mode);
      fakes.push(fake);
      await net.advertise(hotkey, fake.port);
    }
    validator = await startValidator(
      net.validatorConfig({ metricsPort: await freePort(), gatewayPort: await freePort() }),
      { logger: silentLogger(), autoRounds: false },
    );
  }, 60_000);

  afterAll(async () => {
    await validator?.close();
    for (const fake of fakes) await fake.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const scrapeValidator = async () =>
    (await fetch(`http://127.0.0.1:${validator.metricsPort}/metrics`)).text();

  it('exports every error reason at 0 before any round', async () => {
    const before = samples(await scrapeValidator());
    for (const reason of SCORE_FAILURES) {
      expect(before.get(`expertnet_validator_miner_errors_total{reason="${reason}"}`)).toBe(0);
    }
    expect(before.get('expertnet_validator_spot_checks_total{result="fail"}')).toBe(0);
  });

  it('labels requests, failures and round trips with the miner uid', async () => {
    const summary = await validator.runRound();
    expect(summary).toBeDefined();
    const after = samples(await scrapeValidator());
    const good = `uid="${uids.good}"`;
    const bad = `uid="${uids.bad}"`;
    expect(after.get(`expertnet_validator_miner_requests_total{${good}}`)).toBe(1);
    expect(after.get(`expertnet_validator_miner_requests_total{${bad}}`)).toBe(1);
    expect(after.get(`expertnet_validator_miner_failures_total{${bad},reason="BAD_SIGNATURE"}`)).toBe(1);
    expect(
      [...after.keys()].some(
        (k) => k.startsWith('expertnet_validator_miner_failures_total') && k.includes(good),
      ),
    ).toBe(false);
    expect(after.get('expertnet_validator_miner_errors_total{reason="BAD_SIGNATURE"}')).toBe(1);
    expect(after.get('expertnet_validator_miner_errors_total{reason="TIMEOUT"}')).toBe(0);
    const roundTrip = after.get(`expertnet_validator_miner_request_last_duration_seconds{${good}}`);
    expect(roundTrip).toBeGreaterThan(0);
    expect(roundTrip).toBeLessThan(60);
    // The histogram (no uid label) still counts both requests, for p99 over all miners.
    expect(after.get('expertnet_validator_miner_request_duration_seconds_count')).toBe(2);
  });

  it("serves the gateway's own metrics at the gateway, none of them on the validator's port", async () => {
    const gatewayUrl = validator.gatewayUrl;
    expect(gatewayUrl).toBeDefined();
    await fetch(`${gatewayUrl}/healthz`);
    const gateway = await (await fetch(`${gatewayUrl}/metrics`)).text();
    const own = await scrapeValidator();
    const names = (text: string) =>
      new Set(
        [...samples(text).keys()].map((k) => k.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '')),
      );
    const gatewayNames = names(gateway);
    const validatorNames = names(own);
    expect(gatewayNames.has('expertnet_gateway_requests_total')).toBe(true);
    expect(samples(gateway).get('expertnet_gateway_websocket_dropped_total{reason="slow"}')).toBe(0);
    expect([...gatewayNames].filter((n) => !n.startsWith('expertnet_gateway_'))).toEqual([]);
    expect([...validatorNames].filter((n) => n.startsWith('expertnet_gateway_'))).toEqual([]);
    expect([...gatewayNames].filter((n) => validatorNames.has(n))).toEqual([]);
  });
});
