/**
 * AdminUtils setters (root, subnet owner where subtensor allows it, bounds, events) and Commitments
 * (`set_commitment` by a registered hotkey, field and space limits).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CommitmentOf, MaxSpace } from '../../../../chain/runtime/pallets/commitments.js';
import {
  AlphaValues,
  BondsMovingAverage,
  Kappa,
  LiquidAlphaOn,
  MaxAllowedValidators,
  RevealPeriodEpochs,
  Tempo,
  Yuma3On,
} from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { call } from '../helpers.js';
import { type SubnetChain, subnetChain } from './helpers.js';

const NETUID = 1;

describe('AdminUtils', () => {
  let c: SubnetChain;
  beforeAll(async () => {
    c = await subnetChain();
    // Bob owns subnet 1.
    expect(
      c.run(c.keys.bob.cold, 'SubtensorModule', 'register_network', { hotkey: c.keys.bob.hot.address }),
    ).toBeUndefined();
  });

  it('root sets any hyperparameter and emits subtensor events', () => {
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 7 })).toBeUndefined();
    expect(Tempo.get(c.view, NETUID)).toBe(7);
    expect(c.events().find((e) => e.method === 'TempoSet')?.data).toEqual([NETUID, 7]);
    expect(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: 5, tempo: 7 })).toBe(
      'adminUtils.SubnetDoesNotExist',
    );
  });

  it('lets the subnet owner call owner setters, not root-only ones', () => {
    const owner = c.keys.bob.cold;
    expect(c.run(owner, 'AdminUtils', 'sudo_set_kappa', { netuid: NETUID, kappa: 30_000 })).toBeUndefined();
    expect(Kappa.get(c.view, NETUID)).toBe(30_000);
    expect(c.run(owner, 'AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 20 })).toBe('BadOrigin');
    expect(c.run(c.keys.charlie.cold, 'AdminUtils', 'sudo_set_kappa', { netuid: NETUID, kappa: 1 })).toBe(
      'BadOrigin',
    );
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_yuma3_enabled', { netuid: NETUID, enabled: false }),
    ).toBeUndefined();
    expect(Yuma3On.get(c.view, NETUID)).toBe(false);
    expect(c.events().find((e) => e.method === 'Yuma3EnableToggled')?.data).toEqual([NETUID, false]);
  });

  it('enforces subtensor bounds with subtensor error names', () => {
    const owner = c.keys.bob.cold;
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_bonds_moving_average', {
        netuid: NETUID,
        bonds_moving_average: 990_000,
      }),
    ).toBe('adminUtils.BondsMovingAverageMaxReached');
    expect(
      c.sudo('AdminUtils', 'sudo_set_bonds_moving_average', {
        netuid: NETUID,
        bonds_moving_average: 990_000,
      }),
    ).toBeUndefined();
    expect(BondsMovingAverage.get(c.view, NETUID)).toBe(990_000n);
    expect(
      c.sudo('AdminUtils', 'sudo_set_max_allowed_validators', {
        netuid: NETUID,
        max_allowed_validators: 300,
      }),
    ).toBe('adminUtils.MaxValidatorsLargerThanMaxUIds');
    expect(MaxAllowedValidators.get(c.view, NETUID)).toBe(64);
    expect(c.sudo('AdminUtils', 'sudo_set_max_allowed_uids', { netuid: NETUID, max_allowed_uids: 0 })).toBe(
      'adminUtils.MaxAllowedUIdsLessThanCurrentUIds',
    );
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_activity_cutoff', { netuid: NETUID, activity_cutoff: 100 }),
    ).toBe('subtensorModule.ActivityCutoffTooLow');
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_commit_reveal_weights_interval', { netuid: NETUID, interval: 0 }),
    ).toBe('subtensorModule.RevealPeriodTooSmall');
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_commit_reveal_weights_interval', { netuid: NETUID, interval: 3 }),
    ).toBeUndefined();
    expect(RevealPeriodEpochs.get(c.view, NETUID)).toBe(3n);
  });

  it('sets liquid alpha bounds only when liquid alpha is on and within range', () => {
    const owner = c.keys.bob.cold;
    const set = (alpha_low: number, alpha_high: number) =>
      c.run(owner, 'AdminUtils', 'sudo_set_alpha_values', { netuid: NETUID, alpha_low, alpha_high });
    expect(set(40_000, 60_000)).toBe('subtensorModule.LiquidAlphaDisabled');
    expect(
      c.run(owner, 'AdminUtils', 'sudo_set_liquid_alpha_enabled', { netuid: NETUID, enabled: true }),
    ).toBeUndefined();
    expect(LiquidAlphaOn.get(c.view, NETUID)).toBe(true);
    expect(set(40_000, 50_000)).toBe('subtensorModule.AlphaHighTooLow');
    expect(set(0, 60_000)).toBe('subtensorModule.AlphaLowOutOfRange');
    expect(set(40_000, 60_000)).toBeUndefined();
    expect(AlphaValues.get(c.view, NETUID)).toEqual([40_000, 60_000]);
  });
});

describe('Commitments', () => {
  let c: SubnetChain;
  beforeAll(async () => {
    c = await subnetChain();
    expect(
      c.run(c.keys.alice.cold, 'SubtensorModule', 'register_network', { hotkey: c.keys.alice.hot.address }),
    ).toBeUndefined();
    expect(
      c.run(c.keys.charlie.cold, 'SubtensorModule', 'burned_register', {
        netuid: NETUID,
        hotkey: c.keys.charlie.hot.address,
      }),
    ).toBeUndefined();
  });

  const text = (s: string) => `0x${Buffer.from(s).toString('hex')}`;
  const raw = (s: string) => ({ [`Raw${Buffer.byteLength(s)}`]: text(s) });

  it("stores a registered miner's domain and model hash, readable as subtensor encodes them", () => {
    const { charlie } = c.keys;
    const modelHash = `0x${'ab'.repeat(32)}`;
    const info = { fields: [raw('medical'), { Sha256: modelHash }] };
    expect(c.run(charlie.hot, 'Commitments', 'set_commitment', { netuid: NETUID, info })).toBeUndefined();
    const stored = CommitmentOf.tryGet(c.view, NETUID, charlie.hot.publicKey)!;
    expect(stored.block).toBe(c.best);
    expect(stored.info.fields.map((f) => f.tag)).toEqual(['Raw7', 'Sha256']);
    expect(Buffer.from(stored.info.fields[0]!.value as Uint8Array).toString()).toBe('medical');
    expect(c.events().find((e) => e.method === 'Commitment')?.data).toEqual([NETUID, charlie.hot.address]);
    // Decoded by polkadot-js from the metadata, as clients read it.
    const key = CommitmentOf.keyOf(NETUID, charlie.hot.publicKey);
    const meta = c.registry.metadata.pallets.find((p) => p.name.eq('Commitments'))!;
    const item = meta.storage.unwrap().items.find((i) => i.name.eq('CommitmentOf'))!;
    const decoded = c.registry
      .createType(c.registry.createLookupType(item.type.asMap.value), c.state.get(key))
      .toJSON() as { info: { fields: Array<Record<string, string>> } };
    expect(decoded.info.fields).toEqual([{ raw7: text('medical') }, { sha256: modelHash }]);
  });

  it('refuses unregistered accounts, too many fields and more than MaxSpace bytes per epoch', () => {
    const { charlie, dave } = c.keys;
    const args = (fields: unknown[]) => ({ netuid: NETUID, info: { fields } });
    // Top level: fee-free, so the pool refuses it (BadRequest) before it can enter a block.
    const commit = (pair: typeof charlie.hot, fields: unknown[]) =>
      c.run(pair, 'Commitments', 'set_commitment', args(fields));
    // Nested in batch_all (which pays fees) it reaches the dispatch, whose errors come back by name.
    const dispatchCommit = (pair: typeof charlie.hot, fields: unknown[]) =>
      c.run(pair, 'Utility', 'batch_all', {
        calls: [call(c, 'Commitments', 'set_commitment', args(fields))],
      });
    const tooMany = [raw('a'), raw('b'), raw('c'), raw('d')];
    expect(commit(dave.hot, [raw('x')])).toBe('invalid.Custom(255)');
    expect(commit(charlie.hot, tooMany)).toBe('invalid.Custom(255)');
    expect(dispatchCommit(dave.hot, [raw('x')])).toBe('commitments.AccountNotAllowedCommit');
    expect(dispatchCommit(charlie.hot, tooMany)).toBe('commitments.TooManyFieldsInCommitmentInfo');
    expect(c.sudo('Commitments', 'set_max_space', { new_limit: 20 })).toBeUndefined();
    expect(MaxSpace.get(c.view)).toBe(20);
    expect(commit(charlie.hot, [raw('012345678901234567890')])).toBe('invalid.Custom(255)');
    expect(dispatchCommit(charlie.hot, [raw('012345678901234567890')])).toBe(
      'commitments.SpaceLimitExceeded',
    );
  });
});
