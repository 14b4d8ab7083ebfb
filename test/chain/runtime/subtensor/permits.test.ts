/**
 * Validator permits and the epoch's stake weight from stake as subtensor computes them
 * (`get_stake_weights_for_network`: alpha stake, plus root TAO · TaoWeight that this chain does not have):
 * the top `MaxAllowedValidators` non-zero stakes get a permit (the owner always keeps one), and moving
 * stake moves the permit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { stakeWeights } from '../../../../chain/runtime/pallets/subtensor/stake-weight.js';
import {
  StakeWeight,
  TotalHotkeyAlpha,
  ValidatorPermit,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { dtaoSubnet, NETUID } from './coinbase-helpers.js';
import { type SubnetChain, TAO } from './helpers.js';

describe('validator permits follow stake', () => {
  let c: SubnetChain;
  beforeAll(async () => {
    c = await dtaoSubnet({ bob: 300n, charlie: 200n, dave: 100n });
    expect(
      c.sudo('AdminUtils', 'sudo_set_max_allowed_validators', { netuid: NETUID, max_allowed_validators: 2 }),
    ).toBeUndefined();
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 10 })).toBeUndefined();
  });

  it('the epoch weighs each uid by its alpha stake and permits the top 2 (plus the owner)', () => {
    const { total, alpha, tao } = stakeWeights(c.view, NETUID);
    const hotkeys = (['alice', 'bob', 'charlie', 'dave'] as const).map((n) => c.keys[n].hot.publicKey);
    expect(alpha).toEqual(hotkeys.map((h) => TotalHotkeyAlpha.get(c.view, h, NETUID)));
    expect(tao).toEqual([0n, 0n, 0n, 0n]);
    expect(total).toEqual(alpha);
    // More TAO staked buys more alpha: Bob > Charlie > Dave > 0.
    expect(alpha[1]).toBeGreaterThan(alpha[2]!);
    expect(alpha[2]).toBeGreaterThan(alpha[3]!);
    expect(alpha[3]).toBeGreaterThan(0n);
    c.runEpoch(NETUID);
    expect(ValidatorPermit.get(c.view, NETUID)).toEqual([true, true, true, false]);
    // StakeWeight = ⌊65535 · S_i / ΣS⌋ of the stake the epoch read (±1 for the fixed-point normalisation).
    const sum = alpha.reduce((a, b) => a + b, 0n);
    const weights = StakeWeight.get(c.view, NETUID);
    alpha.forEach((a, i) => {
      expect(Math.abs(weights[i]! - Number((a * 65_535n) / sum))).toBeLessThanOrEqual(1);
    });
  });

  it('moving stake from Charlie to Dave moves the permit', () => {
    const { charlie, dave } = c.keys;
    const charlieAlpha = TotalHotkeyAlpha.get(c.view, charlie.hot.publicKey, NETUID);
    expect(
      c.runMany([
        [
          charlie.cold,
          'SubtensorModule',
          'remove_stake',
          { hotkey: charlie.hot.address, netuid: NETUID, amount_unstaked: charlieAlpha - TAO },
        ],
        [
          dave.cold,
          'SubtensorModule',
          'add_stake',
          { hotkey: dave.hot.address, netuid: NETUID, amount_staked: 400n * TAO },
        ],
      ]),
    ).toEqual([undefined, undefined]);
    const { alpha } = stakeWeights(c.view, NETUID);
    expect(alpha[3]).toBeGreaterThan(alpha[2]!);
    c.runEpoch(NETUID);
    expect(ValidatorPermit.get(c.view, NETUID)).toEqual([true, true, false, true]);
  });
});
