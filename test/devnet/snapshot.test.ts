import { describe, expect, it } from 'vitest';
import { buildRoster } from '../../devnet/roster.js';
import { minerScoresFromText } from '../../devnet/scores.js';
import { buildSnapshot, shortHotkey } from '../../devnet/snapshot.js';
import { domainLine, renderSnapshot } from '../../devnet/view.js';
import type { Metagraph, SubnetPool } from '../../shared/chain/index.js';
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
        // No pool read: 1 alpha = 1 TAO.
        emissionByTierTao: { weak: '100', strong: '300' },
        strongBeatsWeak: true,
        strongOverMedium: null,
        ordered: true,
      },
      {
        domain: 'finance',
        task: 'sentiment',
        emissionByTier: { weak: '500', strong: '200' },
        emissionByTierTao: { weak: '500', strong: '200' },
        strongBeatsWeak: false,
        strongOverMedium: null,
        ordered: false,
      },
    ]);
    expect(domainLine(snapshot.domains[0]!)).toMatch(/^legal\/clause .*strong .* \| weak .*✓/);
    expect(domainLine(snapshot.domains[1]!)).toMatch(/✗/);
  });

  it('values alpha in TAO: per uid at the price now, totals as counted per epoch, per tier, and the pool', () => {
    const pool: SubnetPool = {
      netuid: 1,
      block: 42,
      dynamic: true,
      priceRao: 1_500_000_000n, // 1.5 TAO per alpha
      source: 'runtime-api',
      taoIn: 3_000n * 10n ** 9n,
      alphaIn: 2_000n * 10n ** 9n,
      alphaOut: 500n * 10n ** 9n,
      movingPrice: 1.25,
      taoInEmission: 400_000_000n,
      alphaInEmission: 266_666_666n,
      alphaOutEmission: 1_000_000_000n,
    };
    const priced = buildSnapshot({
      metagraph: metagraph([0n, 10n, 10n, 2n, 4n, 6n, 8n]),
      tempo: 5,
      epoch: 7,
      epochsWithWeights: 2,
      roster,
      names,
      scores: new Map(),
      emissionTotals: totals,
      // Two epochs at different prices: what the devnet adds up, not today's price × the alpha total.
      emissionTotalsTao: new Map([
        [3, 120n],
        [4, 390n],
        [5, 600n],
        [6, 250n],
      ]),
      pool,
      processes: new Map(),
    });
    expect(priced.neurons[4]).toMatchObject({ emission: '4', emissionTao: '6', emissionTotalTao: '390' });
    expect(priced.neurons[1]).toMatchObject({ stake: 1000, stakeTao: 1500 });
    expect(priced.domains[0]).toMatchObject({
      emissionByTier: { weak: '100', strong: '300' },
      emissionByTierTao: { weak: '120', strong: '390' },
      strongBeatsWeak: true,
    });
    expect(priced.alpha).toEqual({
      priceRao: '1500000000',
      price: 1.5,
      priceSource: 'runtime-api',
      movingPrice: 1.25,
      taoIn: '3000000000000',
      alphaIn: '2000000000000',
      alphaOut: '500000000000',
      alphaOutEmission: '1000000000',
      taoInEmission: '400000000',
      alphaInEmission: '266666666',
      epochEmissionAlpha: '6000000000', // tempo 5: 6 blocks
      epochEmissionTao: '9000000000',
    });
    expect(snapshot.alpha).toBeNull();
    const text = renderSnapshot(priced, [], true);
    expect(text).toContain(
      'alpha 1.500000 τ/α (moving 1.250000), pool 3000.00 τ / 2000.00 α in / 500.00 α out',
    );
    expect(text).toContain('per epoch 6.0000 α (9.0000 τ)');
    expect(domainLine(priced.domains[0]!)).toContain('strong 0.0000 α (0.0000 τ)');
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
