import { join } from 'node:path';
import type { DevnetConfig } from '../../devnet/devnet.js';

/**
 * The smallest devnet for tests that start one from code: one validator, two weak finance miners, a
 * five-block tempo of half-second blocks, free ports, no gateway (`overrides` sets one), all under `dir`.
 * It has its own models folder (the weak tier trains in under a second): no race with other tests
 * building the shared one.
 */
export function smallDevnetConfig(dir: string, overrides: Partial<DevnetConfig> = {}): DevnetConfig {
  return {
    validators: 1,
    minersPerTier: 2,
    domains: ['finance'],
    tiers: ['weak'],
    tempo: 5,
    blockTimeMs: 500,
    basePort: 0,
    chainPort: 0,
    gatewayPort: 0,
    commitReveal: false,
    validatorStakeTao: 1000,
    dir,
    modelsDir: join(dir, 'models'),
    weightsTimeoutMs: 120_000,
    startTimeoutMs: 120_000,
    ...overrides,
  };
}
