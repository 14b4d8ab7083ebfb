/**
 * The gateway's web page in headless Chromium (Debian's package, driven by playwright-core): load the
 * page, see the subnet table and chart, classify a text with an API key, see the answer, its provenance,
 * and verify the signature. Real miners behind the gateway.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import { createKey } from '../../../validator/gateway/keys.js';
import { type Gateway, startGateway } from '../../../validator/gateway/server.js';
import { MinerConnections } from '../../../validator/miner-client.js';
import { expectedProbabilities } from '../../miner/fixtures/hash-backend.js';
import {
  LABELS,
  minerKey,
  type RunningMiner,
  StaticView,
  startMiner,
  validatorKey,
  viewMiner,
} from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// On CI the browser is installed by .ci/run: missing there is a failure, not a skip.
const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.skipIf(!haveChromium)('gateway web page (headless Chromium)', () => {
  let dir: string;
  let miners: RunningMiner[];
  let connections: MinerConnections;
  let gateway: Gateway;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-page-'));
    const keysFile = join(dir, 'keys.json');
    key = (await createKey(keysFile, { name: 'browser', rateLimit: { perSecond: 100, burst: 100 } })).key;
    miners = await Promise.all([startMiner({ hotkey: minerKey(1) }), startMiner({ hotkey: minerKey(2) })]);
    connections = new MinerConnections(validatorKey);
    const view = new StaticView([
      viewMiner(1, miners[0]!.port, 0.8),
      viewMiner(2, miners[1]!.port, 0.6),
      viewMiner(3, 0, 0.2, { domain: 'legal', task: 'clause', labels: ['a', 'b'] }),
    ]);
    gateway = await startGateway({
      port: 0,
      view,
      connections,
      keysFile,
      log: silentLogger(),
      registry: new Registry(),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    connections?.close();
    await Promise.all((miners ?? []).map((m) => m.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the subnet, classifies a text and verifies its provenance', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      // The browser logs the 401 below as a failed resource; that one is expected.
      if (msg.type() === 'error' && !msg.text().includes('401')) problems.push(msg.text());
    });
    await page.goto(gateway.url);

    // Live subnet table and chart.
    await expect.poll(() => page.locator('#miners tr').count()).toBe(3);
    expect(await page.locator('#miners tr').first().getAttribute('data-uid')).toBe('1');
    expect(await page.locator('#chart svg rect').count()).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid=status]')).toContain('block 100');
    expect(await page.locator('#domain option').allTextContents()).toEqual(['finance', 'legal']);

    // Without a key the API refuses, and the page says so.
    const text = 'The central bank raised interest rates again.';
    await page.selectOption('#domain', 'finance');
    await page.fill('#text', text);
    await page.click('[data-testid=submit]');
    await page.waitForSelector('[data-testid=error]:not([hidden])');
    expect(await page.textContent('[data-testid=error]')).toContain('API key');

    // With the key: the answer, its probabilities and two signed provenance rows.
    await page.fill('#api-key', key);
    await page.selectOption('#redundancy', '2');
    await page.click('[data-testid=submit]');
    await page.waitForSelector('[data-testid=answer-label]');
    const probabilities = expectedProbabilities(text);
    const best = LABELS[probabilities.indexOf(Math.max(...probabilities))]!;
    expect(await page.textContent('[data-testid=answer-label]')).toBe(best);
    const rows = page.locator('[data-testid=provenance-row]');
    expect(await rows.count()).toBe(2);
    expect(await page.locator('.bar').count()).toBe(LABELS.length);

    await rows.first().locator('button').click();
    await expect
      .poll(() => rows.first().locator('[data-testid=verify-result]').textContent())
      .toMatch(/✓ signed by uid [12]/);
    expect(problems).toEqual([]);
    if (process.env.GATEWAY_SCREENSHOT)
      await page.screenshot({ path: process.env.GATEWAY_SCREENSHOT, fullPage: true });
    await page.close();
  });
});
