import { describe, expect, it } from 'vitest';
import { buildRoster } from '../../devnet/roster.js';
import { minerScoresFromText } from '../../devnet/scores.js';
import { buildSnapshot, shortHotkey } from '../../devnet/snapshot.js';
import { domainLine, renderSnapshot } from '../../devnet/view.js';
import type { Metagraph } from '../../shared/chain/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';

const roster = buildRoster({
  validators: 2,
  minersPerTier: 1,
  domains: ['legal', 'finance'],
  tasks: ['legal/clause', 'finance/sentiment'],
  tiers: ['weak', 'strong'],
});
const hotkeys = roster.map((n) => Sr25519Keypair.fromUri(n.hotkeyUri).address);
const names = new Map(roster.map((n, i) => [hotkeys[i] ?? '', n.name]));

function metagraph(emission: bigint[]): Metagraph {
  const n = roster.length;
  const zeros = Array<number>(n).fill(0);
  return {
    netuid: 1,
    block: 42,
    n,
    uids: roster.map((_, uid) => uid),
    hotkeys,
    coldkeys: hotkeys,
    stake: roster.map((r) => (r.role === 'validator' ? 1000n * 10n ** 9n : 0n)),
    validatorPermit: roster.map(() => true),
    active: roster.map(() => true),
    axons: roster.map(() => undefined),
    lastUpdate: zeros,
    incentive: roster.map((r) => (r.role === 'miner' ? 0.25 : 0)),
    dividends: roster.map((r) => (r.role === 'validator' ? 0.5 : 0)),
    consensus: zeros,
    trust: zeros,
    validatorTrust: zeros,
    emission,
  };
}

describe('devnet snapshot', () => {
  // uids: 0 owner, 1-2 validators, 3 legal-weak, 4 legal-strong, 5 finance-weak, 6 finance-strong
  const totals = new Map<number, bigint>([
    [3, 100n],
    [4, 300n],
    [5, 500n],
    [6, 200n],
  ]);
  const snapshot = buildSnapshot({
    metagraph: metagraph([0n, 10n, 10n, 1n, 3n, 5n, 2n]),
    tempo: 5,
    epoch: 7,
    epochsWithWeights: 2,
    roster,
    names,
    scores: new Map([
      ['validator-1', new Map([[4, 0.9]])],
      ['validator-2', undefined],
    ]),
    emissionTotals: totals,
    processes: new Map([['legal-clause-weak-1', 'exited 1']]),
  });

  it('joins roster facts, scores and chain columns by uid', () => {
    const strong = snapshot.neurons[4];
    expect(strong).toMatchObject({
      name: 'legal-clause-strong-1',
      role: 'miner',
      domain: 'legal',
      task: 'clause',
      tier: 'strong',
    });
    expect(strong?.scores).toEqual([0.9, null]);
    expect(strong?.emission).toBe('3');
    expect(strong?.emissionTotal).toBe('300');
    expect(snapshot.neurons[1]).toMatchObject({
      role: 'validator',
      stake: 1000,
      dividends: 0.5,
      scores: [null, null],
    });
    expect(snapshot.neurons[3]?.process).toBe('exited 1');
    expect(snapshot.neurons[0]?.process).toBe('-');
  });

  it('says per task whether strong out-earned weak and the tiers are in order', () => {
    expect(snapshot.domains).toEqual([
      {
        domain: 'legal',
        task: 'clause',
        emissionByTier: { weak: '100', strong: '300' },
        strongBeatsWeak: true,
        strongOverMedium: null,
        ordered: true,
      },
      {
        domain: 'finance',
        task: 'sentiment',
        emissionByTier: { weak: '500', strong: '200' },
        strongBeatsWeak: false,
        strongOverMedium: null,
        ordered: false,
      },
    ]);
    expect(domainLine(snapshot.domains[0]!)).toMatch(/^legal\/clause .*strong .* \| weak .*✓/);
    expect(domainLine(snapshot.domains[1]!)).toMatch(/✗/);
  });

  it('renders every uid and the header in plain text', () => {
    const text = renderSnapshot(snapshot, ['note line'], true);
    expect(text).toMatch(/block 42 · epoch 7 \(tempo 5\)/);
    expect(text).toContain(shortHotkey(hotkeys[6] ?? ''));
    expect(text).toContain('note line');
    expect(text.includes('\u001b[')).toBe(false); // no colours without a TTY
    expect(text.split('\n').filter((l) => /^\s*\d+\s+(owner|validator|miner)\b/.test(l))).toHaveLength(7);
  });
});

describe('validator score scrape', () => {
  it('reads expertnet_validator_miner_score by uid and ignores the rest', () => {
    const text = [
      '# HELP expertnet_validator_miner_score Moving-average score',
      '# TYPE expertnet_validator_miner_score gauge',
      'expertnet_validator_miner_score{uid="3",hotkey="5F",domain="legal"} 0.75',
      'expertnet_validator_miner_score{uid="4",hotkey="5G",domain="legal"} 0.125',
      'expertnet_validator_miner_score{hotkey="5H",domain="legal"} 0.5',
      '# TYPE expertnet_validator_rounds_total counter',
      'expertnet_validator_rounds_total 12',
    ].join('\n');
    expect(minerScoresFromText(text)).toEqual(
      new Map([
        [3, 0.75],
        [4, 0.125],
      ]),
    );
    expect(minerScoresFromText('').size).toBe(0);
  });
});
