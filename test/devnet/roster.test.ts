import { describe, expect, it } from 'vitest';
import { DevnetError } from '../../devnet/errors.js';
import { buildRoster, DEVNET_TASKS, parseList } from '../../devnet/roster.js';
import { getTask } from '../../shared/domains/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';

describe('devnet roster', () => {
  it('has the owner, the validators, then one miner per domain × tier, each with its own keys', () => {
    const roster = buildRoster({ validators: 2, minersPerTier: 1 });
    expect(roster.map((n) => n.role)).toEqual(['owner', 'validator', 'validator', ...Array(9).fill('miner')]);
    const miners = roster.filter((n) => n.role === 'miner');
    expect(miners.map((m) => `${m.domain}/${m.tier}`)).toEqual([
      'legal/weak',
      'legal/medium',
      'legal/strong',
      'medical/weak',
      'medical/medium',
      'medical/strong',
      'finance/weak',
      'finance/medium',
      'finance/strong',
    ]);
    expect(miners.find((m) => m.domain === 'finance')?.modelName).toBe('finance-sentiment-weak');
    const hotkeys = roster.map((n) => Sr25519Keypair.fromUri(n.hotkeyUri).address);
    const coldkeys = roster.map((n) => Sr25519Keypair.fromUri(n.coldkeyUri).address);
    expect(new Set([...hotkeys, ...coldkeys]).size).toBe(roster.length * 2);
    expect(new Set(roster.map((n) => n.name)).size).toBe(roster.length);
  });

  it('uses a real task of every domain', () => {
    for (const [domain, task] of Object.entries(DEVNET_TASKS)) expect(getTask(domain, task).task).toBe(task);
  });

  it('scales with the counts and the chosen domains and tiers', () => {
    const roster = buildRoster({
      validators: 3,
      minersPerTier: 2,
      domains: ['medical'],
      tiers: ['weak', 'strong'],
    });
    expect(roster.filter((n) => n.role === 'validator')).toHaveLength(3);
    expect(roster.filter((n) => n.role === 'miner').map((n) => n.name)).toEqual([
      'medical-weak-1',
      'medical-weak-2',
      'medical-strong-1',
      'medical-strong-2',
    ]);
  });

  it('refuses bad counts and lists with a typed error', () => {
    expect(() => buildRoster({ validators: 0, minersPerTier: 1 })).toThrow(DevnetError);
    expect(() => buildRoster({ validators: 1, minersPerTier: 1.5 })).toThrow(/miners-per-tier/);
    expect(() => parseList('tiers', 'weak,huge', ['weak', 'strong'])).toThrow(/unknown entry 'huge'/);
    expect(() => parseList('tiers', ' , ', ['weak'])).toThrow(/is empty/);
    expect(parseList('tiers', 'strong, weak,strong', ['weak', 'strong'])).toEqual(['strong', 'weak']);
  });
});
