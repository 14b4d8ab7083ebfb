/**
 * Headless Chromium for the gateway page tests: Debian's package (or $CHROMIUM_PATH), driven by
 * playwright-core, so nothing is downloaded at test time.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// On CI the browser is installed by .ci/run: missing there is a failure, not a skip.
export const haveChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Launches Chromium headless, without a sandbox, the GPU or any background network traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}
