import { describe, expect, it } from 'vitest';
import { DevnetError } from '../../devnet/errors.js';
import { buildRoster, DEVNET_TASKS, parseList } from '../../devnet/roster.js';
import { getTask } from '../../shared/domains/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';

describe('devnet roster', () => {
  it('has the owner, the validators, then one miner per task × tier, each with its own keys', () => {
    const roster = buildRoster({ validators: 2, minersPerTier: 1 });
    expect(roster.map((n) => n.role)).toEqual([
      'owner',
      'validator',
      'validator',
      ...Array(12).fill('miner'),
    ]);
    const miners = roster.filter((n) => n.role === 'miner');
    expect(miners.map((m) => `${m.domain}/${m.task}/${m.tier}`)).toEqual(
      ['legal/clause', 'medical/specialty', 'finance/sentiment', 'finance/event'].flatMap((t) =>
        ['weak', 'medium', 'strong'].map((tier) => `${t}/${tier}`),
      ),
    );
    expect(miners.find((m) => m.domain === 'finance')?.modelName).toBe('finance-sentiment-weak');
    expect(miners.at(-1)?.name).toBe('finance-event-strong-1');
    const hotkeys = roster.map((n) => Sr25519Keypair.fromUri(n.hotkeyUri).address);
    const coldkeys = roster.map((n) => Sr25519Keypair.fromUri(n.coldkeyUri).address);
    expect(new Set([...hotkeys, ...coldkeys]).size).toBe(roster.length * 2);
    expect(new Set(roster.map((n) => n.name)).size).toBe(roster.length);
  });

  it('uses a real task of every domain', () => {
    for (const { domain, task } of DEVNET_TASKS) expect(getTask(domain, task).task).toBe(task);
    expect(new Set(DEVNET_TASKS.map((t) => t.domain))).toEqual(new Set(['legal', 'medical', 'finance']));
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
      'medical-specialty-weak-1',
      'medical-specialty-weak-2',
      'medical-specialty-strong-1',
      'medical-specialty-strong-2',
    ]);
  });

  it('narrows to chosen tasks, and refuses a choice that leaves none', () => {
    const roster = buildRoster({
      validators: 1,
      minersPerTier: 1,
      tasks: ['finance/event'],
      tiers: ['weak'],
    });
    expect(roster.filter((n) => n.role === 'miner').map((n) => n.name)).toEqual(['finance-event-weak-1']);
    expect(() =>
      buildRoster({ validators: 1, minersPerTier: 1, domains: ['legal'], tasks: ['finance/event'] }),
    ).toThrow(/at least one task/);
  });

  it('refuses bad counts and lists with a typed error', () => {
    expect(() => buildRoster({ validators: 0, minersPerTier: 1 })).toThrow(DevnetError);
    expect(() => buildRoster({ validators: 1, minersPerTier: 1.5 })).toThrow(/miners-per-tier/);
    expect(() => parseList('tiers', 'weak,huge', ['weak', 'strong'])).toThrow(/unknown entry 'huge'/);
    expect(() => parseList('tiers', ' , ', ['weak'])).toThrow(/is empty/);
    expect(parseList('tiers', 'strong, weak,strong', ['weak', 'strong'])).toEqual(['strong', 'weak']);
  });
});
