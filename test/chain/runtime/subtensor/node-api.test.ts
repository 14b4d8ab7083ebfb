/**
 * End to end through the node and unmodified @polkadot/api: a subnet created, neurons registered and
 * staked with `api.tx.subtensorModule.*`, hyperparameters set through `api.tx.sudo(api.tx.adminUtils.*)`,
 * weights set, epochs run, and the result read with `api.query.subtensorModule.*` and
 * `api.call.neuronInfoRuntimeApi.getNeuronsLite`.
 */
import { type ApiPromise, Keyring } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../../shared/chain/augment/index.js';
import { type DevNodeWithApi, sendAndDescribe, startDevNodeWithApi } from '../../../helpers/dev-node.js';

const TAO = 1_000_000_000n;
const NETUID = 1;

describe('subnet through the node and @polkadot/api', () => {
  let dev: DevNodeWithApi | undefined;
  let api: ApiPromise;
  let tx: ApiPromise['tx'];
  let query: ApiPromise['query'];
  const keys: Record<string, KeyringPair> = {};

  beforeAll(async () => {
    dev = await startDevNodeWithApi();
    ({ api } = dev);
    tx = api.tx;
    query = api.query;
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    for (const name of ['Alice', 'Bob', 'Charlie', 'Eve']) {
      keys[name] = keyring.addFromUri(`//${name}`);
      keys[`${name}Hot`] = keyring.addFromUri(`//${name}//hot`);
    }
  }, 60_000);
  afterAll(async () => {
    await dev?.close();
  });

  it('creates a subnet, registers and stakes, sets weights and reads the epoch result', async () => {
    const { Alice, AliceHot, Bob, BobHot, Charlie, CharlieHot, EveHot } = keys as Record<string, KeyringPair>;
    const r1 = await sendAndDescribe(api, tx.subtensorModule.registerNetwork(AliceHot!.address), Alice!);
    expect(r1.error).toBeUndefined();
    expect(r1.events).toContain('subtensorModule.NetworkAdded');
    expect((await query.subtensorModule.networksAdded(NETUID)).toJSON()).toBe(true);
    for (const call of [
      tx.adminUtils.sudoSetTempo(NETUID, 1),
      tx.adminUtils.sudoSetCommitRevealWeightsEnabled(NETUID, false),
      tx.adminUtils.sudoSetWeightsSetRateLimit(NETUID, 0),
    ]) {
      const r = await sendAndDescribe(api, tx.sudo.sudo(call), Alice!);
      expect(r.events).toContain('sudo.Sudid');
    }
    expect(
      (await sendAndDescribe(api, tx.balances.transferKeepAlive(BobHot!.address, 10n * TAO), Alice!)).error,
    ).toBeUndefined();
    expect(
      (await sendAndDescribe(api, tx.subtensorModule.burnedRegister(NETUID, BobHot!.address), Bob!)).error,
    ).toBeUndefined();
    expect(
      (await sendAndDescribe(api, tx.subtensorModule.burnedRegister(NETUID, CharlieHot!.address), Charlie!))
        .error,
    ).toBeUndefined();
    const staked = await sendAndDescribe(
      api,
      tx.subtensorModule.addStake(BobHot!.address, NETUID, 100n * TAO),
      Bob!,
    );
    expect(staked.events).toContain('subtensorModule.StakeAdded');
    // Dynamic TAO: 100 TAO buy alpha through the subnet's pool (price ≥ 1 after the burns, plus slippage).
    const bobAlpha = (await query.subtensorModule.totalHotkeyAlpha(BobHot!.address, NETUID)).toBigInt();
    expect(bobAlpha).toBeGreaterThan(0n);
    expect(bobAlpha).toBeLessThan(100n * TAO);
    expect((await query.subtensorModule.uids(NETUID, CharlieHot!.address)).toJSON()).toBe(2);

    // Epochs run every other block (tempo 1): Bob's hotkey gets a validator permit.
    // A fee-free call from an unregistered hotkey is refused by the pool (subtensor's UidNotFound, 19).
    await expect(
      sendAndDescribe(api, tx.subtensorModule.setWeights(NETUID, [2], [1], 0), EveHot!),
    ).rejects.toThrow(/1010: Invalid Transaction: Custom error: 19/);
    for (let i = 0; i < 3; i++)
      await sendAndDescribe(api, tx.balances.transferKeepAlive(EveHot!.address, TAO), Alice!);
    expect((await query.subtensorModule.validatorPermit(NETUID)).toJSON()).toEqual([true, true, false]);

    const set = await sendAndDescribe(api, tx.subtensorModule.setWeights(NETUID, [2], [1000], 0), BobHot!);
    expect(set.error).toBeUndefined();
    expect(set.events).toContain('subtensorModule.WeightsSet');
    expect((await query.subtensorModule.weights(NETUID, 1)).toJSON()).toEqual([[2, 65535]]);
    // Two more blocks: at least one epoch with the weights.
    await sendAndDescribe(api, tx.balances.transferKeepAlive(EveHot!.address, TAO), Alice!);
    await sendAndDescribe(api, tx.balances.transferKeepAlive(EveHot!.address, TAO), Alice!);

    const neurons = await api.call.neuronInfoRuntimeApi.getNeuronsLite(NETUID);
    expect(neurons.map((n) => n.hotkey.toString())).toEqual([
      AliceHot!.address,
      BobHot!.address,
      CharlieHot!.address,
    ]);
    expect(neurons[2]?.incentive.toNumber()).toBe(65535);
    expect(neurons[1]?.dividends.toNumber()).toBe(65535);
    expect(neurons[2]?.emission.toBigInt()).toBeGreaterThan(0n);
    expect((await query.subtensorModule.incentive(NETUID)).toJSON()).toEqual(
      neurons.map((n) => n.incentive.toNumber()),
    );
    const hp = await api.call.subnetInfoRuntimeApi.getSubnetHyperparamsV2(NETUID);
    expect(hp.unwrap().tempo.toNumber()).toBe(1);
  }, 60_000);
});
