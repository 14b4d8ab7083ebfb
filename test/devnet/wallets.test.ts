import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoster } from '../../devnet/roster.js';
import { writeRosterWallets } from '../../devnet/wallets.js';
import { Sr25519Keypair, Wallet } from '../../shared/wallet/index.js';

describe('writeRosterWallets', () => {
  let dir: string;
  beforeAll(async () => {
    await cryptoWaitReady();
    dir = await mkdtemp(join(tmpdir(), 'devnet-wallets-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes one loadable wallet per neuron with its dev keys, and may run again', async () => {
    const roster = buildRoster({ validators: 1, minersPerTier: 1, domains: ['finance'], tiers: ['weak'] });
    await writeRosterWallets(roster, dir);
    await writeRosterWallets(roster, dir);
    for (const n of roster) {
      const wallet = new Wallet({ name: n.name, hotkey: 'default', path: dir });
      expect((await wallet.coldkeypub()).address).toBe(Sr25519Keypair.fromUri(n.coldkeyUri).address);
      expect((await wallet.hotkeypub()).address).toBe(Sr25519Keypair.fromUri(n.hotkeyUri).address);
    }
  });
});
