/**
 * The gateway's web page in headless Chromium (Debian's package, driven by playwright-core): load the
 * page, see the subnet table and chart, classify a text with an API key, see the answer, its provenance,
 * and verify the signature. Real miners behind the gateway.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../../validator/gateway/keys.js';
import { expectedProbabilities } from '../../miner/fixtures/hash-backend.js';
import { haveChromium, launchChromium } from './browser.js';
import {
  LABELS,
  type MinerFleet,
  startMinerFleet,
  startTestGateway,
  type TestGateway,
  viewMiner,
} from './helpers.js';

describe.skipIf(!haveChromium)('gateway web page (headless Chromium)', () => {
  let dir: string;
  let fleet: MinerFleet;
  let testGateway: TestGateway;
  let browser: Browser;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-page-'));
    const keysFile = join(dir, 'keys.json');
    key = (await createKey(keysFile, { name: 'browser', rateLimit: { perSecond: 100, burst: 100 } })).key;
    fleet = await startMinerFleet(
      [0.8, 0.6],
      [viewMiner(3, 0, 0.2, { domain: 'legal', task: 'clause', labels: ['a', 'b'] })],
    );
    testGateway = await startTestGateway(fleet.view, { keysFile });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await testGateway?.close();
    await fleet?.close();
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
    await page.goto(testGateway.gateway.url);

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
