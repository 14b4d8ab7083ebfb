/**
 * The gateway as `npm start` runs it: a devnet (chain, a validator with `--gateway.port`, two finance
 * miners serving a trained ONNX model, each its own process) started by the test, and the web page in
 * headless Chromium classifying a text through it. The slow end-to-end counterpart of page.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevnetHandle, startDevnet } from '../../../devnet/devnet.js';
import { portAllocator } from '../../../devnet/ports.js';
import { smallDevnetConfig } from '../../devnet/helpers.js';
import { haveChromium, launchChromium } from './browser.js';

describe.skipIf(!haveChromium)('gateway page on a devnet', () => {
  let dir: string;
  let devnet: DevnetHandle | undefined;
  let browser: Browser;
  let gatewayUrl: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-devnet-'));
    const gatewayPort = await portAllocator(0).next();
    const ready = new Promise<string>((resolve, reject) => {
      startDevnet(smallDevnetConfig(dir, { gatewayPort, tasks: ['finance/sentiment'] }), {
        status: (line) => {
          if (line.startsWith('gateway: ')) resolve(line.slice(9).replace(/\/$/, ''));
          if (line.includes('gateway did not answer')) reject(new Error(line));
        },
      }).then((handle) => {
        devnet = handle;
      }, reject);
    });
    gatewayUrl = await ready;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await devnet?.stop('test done');
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('lists the devnet miners and classifies a text through them', async () => {
    // The gateway answers once the validator has synced the metagraph; miners appear with their axons.
    await expect
      .poll(
        async () => ((await (await fetch(`${gatewayUrl}/healthz`)).json()) as { miners: number }).miners,
        {
          timeout: 60_000,
          interval: 500,
        },
      )
      .toBe(2);
    const page = await browser.newPage();
    await page.goto(gatewayUrl);
    await expect.poll(() => page.locator('#miners tr').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('#miners tr td:nth-child(3)').allTextContents()).toEqual([
      'finance',
      'finance',
    ]);
    await page.fill('#text', 'Shares jumped after the company reported record quarterly profit.');
    await page.click('[data-testid=submit]');
    await page.waitForSelector('[data-testid=answer-label]', { timeout: 30_000 });
    const rows = page.locator('[data-testid=provenance-row]');
    expect(await rows.count()).toBe(1);
    await rows.first().locator('button').click();
    await expect
      .poll(() => rows.first().locator('[data-testid=verify-result]').textContent())
      .toMatch(/✓ signed by uid \d+/);
    await page.close();
  });
});
