/**
 * The registration burn as today's subtensor sets it: a per-block decay with half-life `BurnHalfLife`
 * (360 blocks), ×`BurnIncreaseMult` (1.26) after each registration, clamped to [MinBurn, MaxBurn]; the
 * paid TAO buys alpha from the subnet's pool and that alpha is burned.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decayFactorQ32, mulByQ32, powQ32 } from '../../../../chain/runtime/pallets/subtensor/burn.js';
import { Burn, MaxBurn, MinBurn, SubnetTAO } from '../../../../chain/runtime/pallets/subtensor/storage.js';
import {
  BurnHalfLife,
  BurnIncreaseMult,
  RAORecycledForRegistration,
  RegistrationsThisBlock,
} from '../../../../chain/runtime/pallets/subtensor/storage-emission.js';
import { SubnetAlphaIn, SubnetAlphaOut } from '../../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { alphaPriceBits } from '../../../../chain/runtime/pallets/subtensor/swap.js';
import { FeeRate } from '../../../../chain/runtime/pallets/swap.js';
import { NETUID, write } from './coinbase-helpers.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

const Q32 = 1n << 32n;
/** 1.26 as U64F64: finney's BurnIncreaseMult default. */
const MULT = 23_242_897_532_874_035_200n;
const bump = (burn: bigint) => (burn * MULT) >> 64n;

describe('decay factor (decay_factor_q32)', () => {
  it('is the largest Q32 f with f^halfLife ≤ 1/2', () => {
    // 2^32 · 2^(−1/360) = 4 286 705 684.07.
    const f = decayFactorQ32(360);
    expect(f).toBe(4_286_705_684n);
    expect(powQ32(f, 360)).toBeLessThanOrEqual(Q32 / 2n);
    expect(powQ32(f + 1n, 360)).toBeGreaterThan(Q32 / 2n);
    expect(decayFactorQ32(1)).toBe(Q32 / 2n);
    expect(decayFactorQ32(0)).toBe(Q32);
  });
});

describe('registration burn on the dev chain', () => {
  let c: SubnetChain;
  const f = decayFactorQ32(360);
  beforeAll(async () => {
    c = await subnetChain();
    expect(
      c.run(c.keys.alice.cold, 'SubtensorModule', 'register_network', { hotkey: c.keys.alice.hot.address }),
    ).toBeUndefined();
    expect(BurnIncreaseMult.get(c.view, NETUID).bits).toBe(MULT);
  });

  it('decays each block, rises ×1.26 per registration, and the TAO buys alpha that is burned', () => {
    const { bob } = c.keys;
    expect(Burn.get(c.view, NETUID)).toBe(TAO);
    const before = {
      tao: SubnetTAO.get(c.view, NETUID),
      alphaIn: SubnetAlphaIn.get(c.view, NETUID),
      out: SubnetAlphaOut.get(c.view, NETUID),
      price: alphaPriceBits(c.view, NETUID),
    };
    expect(
      c.run(bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }),
    ).toBeUndefined();
    // 1 TAO decayed once: ⌊1e9 · 4 286 705 684 / 2^32⌋ = 998 076 443 paid, then ×1.26 = 1 257 576 318.
    const paid = 998_076_443n;
    expect(mulByQ32(TAO, f)).toBe(paid);
    expect(RAORecycledForRegistration.get(c.view, NETUID)).toBe(paid);
    expect(Burn.get(c.view, NETUID)).toBe(1_257_576_318n);
    expect(RegistrationsThisBlock.get(c.view, NETUID)).toBe(1);
    // The pool gets the TAO less the swap fee; the alpha it paid out is burned (alpha out grows only by
    // the block's 1 alpha emission; a new subnet buys nothing with TAO emission yet).
    const fee = (paid * BigInt(FeeRate.get(c.view, NETUID))) / 65_535n;
    const taoIn = SubnetTAO.get(c.view, NETUID) - before.tao;
    expect(taoIn).toBeLessThanOrEqual(paid);
    expect(taoIn).toBeGreaterThanOrEqual(paid - fee - 1n);
    expect(SubnetAlphaIn.get(c.view, NETUID)).toBeLessThan(before.alphaIn);
    expect(SubnetAlphaOut.get(c.view, NETUID) - before.out).toBe(TAO);
    expect(alphaPriceBits(c.view, NETUID)).toBeGreaterThan(before.price);
  });

  it('two registrations in one block pay the decayed price, then the bumped one', () => {
    const { charlie, dave } = c.keys;
    const start = Burn.get(c.view, NETUID);
    const recycled = RAORecycledForRegistration.get(c.view, NETUID);
    expect(
      c.runMany([
        [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
        [dave.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: dave.hot.address }],
      ]),
    ).toEqual([undefined, undefined]);
    const first = mulByQ32(start, f);
    const second = bump(first);
    expect(RAORecycledForRegistration.get(c.view, NETUID) - recycled).toBe(first + second);
    expect(Burn.get(c.view, NETUID)).toBe(bump(second));
    expect(RegistrationsThisBlock.get(c.view, NETUID)).toBe(2);
    c.produce([]);
    expect(RegistrationsThisBlock.get(c.view, NETUID)).toBe(0);
  });

  it('stays within [MinBurn, MaxBurn]', () => {
    write(c, (s) => BurnHalfLife.put(s, 1, NETUID));
    for (let i = 0; i < 40; i++) c.produce([]);
    expect(Burn.get(c.view, NETUID)).toBe(MinBurn.get(c.view, NETUID));
    write(c, (s) => {
      BurnHalfLife.put(s, 0, NETUID);
      Burn.put(s, 99n * TAO, NETUID);
    });
    const { eve } = c.keys;
    expect(
      c.run(eve.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: eve.hot.address }),
    ).toBeUndefined();
    expect(Burn.get(c.view, NETUID)).toBe(MaxBurn.get(c.view, NETUID));
  });
});
