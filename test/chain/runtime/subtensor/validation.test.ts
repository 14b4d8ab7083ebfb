/**
 * Pool-level checks of SubtensorModule's fee-free calls (subtensor's transaction extension): a call that
 * would fail is invalid (`Custom(code)`) at validation and is not included when a block applies it, so
 * it costs its sender nothing and takes no block space; a valid one passes both.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../../../../chain/runtime/pallets/system.js';
import { call, sign } from '../helpers.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

const NETUID = 1;

describe('SubtensorModule pool checks (fee-free calls)', () => {
  let c: SubnetChain;

  const signed = (pair: KeyringPair, method: string, args: Record<string, unknown>) =>
    sign(c, pair, call(c, 'SubtensorModule', method, args), {
      nonce: c.runtime.accountNonce(c.view, pair.address),
    });
  /** A self-weight on uid 1 (Bob's uid): needs no validator permit. */
  const setWeightsTx = (pair: KeyringPair, netuid = NETUID) =>
    signed(pair, 'set_weights', { netuid, dests: [1], weights: [1], version_key: 0 });
  const validate = (xt: Uint8Array) =>
    c.runtime.validateTransaction(c.view, xt, { number: c.best + 1, parentHash: c.hashes[c.best]! });

  beforeAll(async () => {
    c = await subnetChain();
    const { alice, bob, charlie } = c.keys;
    expect(
      c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }),
    ).toBeUndefined();
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 0 })).toBeUndefined();
    expect(
      c.runMany([
        [bob.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: bob.hot.address }],
        [charlie.cold, 'SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: charlie.hot.address }],
      ]),
    ).toEqual([undefined, undefined]);
    expect(
      c.sudo('AdminUtils', 'sudo_set_commit_reveal_weights_enabled', { netuid: NETUID, enabled: false }),
    ).toBeUndefined();
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
    ).toBeUndefined();
  });

  it("refuses an unregistered hotkey's set_weights at validation, and a block never includes it", () => {
    const { eve } = c.keys;
    const before = Account.get(c.view, eve.hot.publicKey);
    const xt = setWeightsTx(eve.hot);
    const validity = validate(xt);
    expect(validity).toMatchObject({ ok: false, invalid: { custom: 19 } });
    expect(validity.ok === false && validity.message).toContain('HotKeyNotRegisteredInSubNet');

    // Offered to a block anyway (a pool that skipped validation): dropped, not included.
    const best = c.best;
    const [applied] = c.produce([xt]);
    expect(applied).toMatchObject({ included: false, validity: { invalid: { custom: 19 } } });
    expect(c.best).toBe(best + 1);
    expect(c.events().filter((e) => e.method.startsWith('Extrinsic'))).toHaveLength(1); // the inherent
    // No nonce used, no fee or tip taken.
    expect(Account.get(c.view, eve.hot.publicKey)).toEqual(before);
  });

  it("accepts a registered hotkey's set_weights at validation and includes it", () => {
    const { bob } = c.keys;
    const xt = setWeightsTx(bob.hot);
    expect(validate(xt)).toMatchObject({ ok: true });
    const [applied] = c.produce([xt]);
    expect(applied).toEqual({ included: true, success: true });
    expect(c.events().some((e) => e.method === 'WeightsSet')).toBe(true);
  });

  it('checks the subnet, the stake threshold and the commit-reveal mode', () => {
    const { bob } = c.keys;
    expect(validate(setWeightsTx(bob.hot, 9))).toMatchObject({ ok: false, invalid: { custom: 3 } });
    expect(c.sudo('AdminUtils', 'sudo_set_stake_threshold', { min_stake: 1000n * TAO })).toBeUndefined();
    expect(validate(setWeightsTx(bob.hot))).toMatchObject({ ok: false, invalid: { custom: 1 } });
    expect(c.sudo('AdminUtils', 'sudo_set_stake_threshold', { min_stake: 0 })).toBeUndefined();
    const commit = signed(bob.hot, 'commit_weights', { netuid: NETUID, commit_hash: new Uint8Array(32) });
    expect(validate(commit)).toMatchObject({ ok: false, invalid: { custom: 26 } });
    expect(validate(setWeightsTx(bob.hot))).toMatchObject({ ok: true });
  });

  it('re-checks when a block applies the call: the second of two weights in one block is too fast', () => {
    const { bob } = c.keys;
    expect(
      c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 5 }),
    ).toBeUndefined();
    c.advanceTo(c.best + 5);
    const first = setWeightsTx(bob.hot);
    const second = sign(
      c,
      bob.hot,
      call(c, 'SubtensorModule', 'set_weights', {
        netuid: NETUID,
        dests: [2, 0],
        weights: [1, 1],
        version_key: 0,
      }),
      { nonce: c.runtime.accountNonce(c.view, bob.hot.address) + 1 },
    );
    // Both are valid against the current state (the pool sees them one by one).
    expect(validate(first)).toMatchObject({ ok: true });
    expect(validate(second)).toMatchObject({ ok: true, requires: [expect.any(String)] });
    const results = c.produce([first, second]);
    expect(results[0]).toEqual({ included: true, success: true });
    expect(results[1]).toMatchObject({ included: false, validity: { invalid: { custom: 6 } } });
  });

  it('serve_axon from an unregistered hotkey is refused, a registered one is accepted', () => {
    const { eve, charlie } = c.keys;
    const axon = (pair: KeyringPair) =>
      signed(pair, 'serve_axon', {
        netuid: NETUID,
        version: 1,
        ip: 0x7f000001,
        port: 8091,
        ip_type: 4,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
      });
    expect(validate(axon(eve.hot))).toMatchObject({ ok: false, invalid: { custom: 10 } });
    expect(validate(axon(charlie.hot))).toMatchObject({ ok: true });
  });
});
