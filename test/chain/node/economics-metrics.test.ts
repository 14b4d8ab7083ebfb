/**
 * Economics gauges follow the subtensor storage the runtime writes (real storage items and the
 * runtime's own neuron registration), block by block, re-reading only what a block touched.
 */
import { encodeAddress } from '@polkadot/util-crypto/address/encode';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EconomicsMetrics } from '../../../chain/node/economics-metrics.js';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { StateHistory } from '../../../chain/node/state.js';
import type { Hex, StateView } from '../../../chain/runtime/interface.js';
import { appendNeuron, replaceNeuron } from '../../../chain/runtime/pallets/subtensor/neurons.js';
import {
  Dividends,
  Emission,
  ImmunityPeriod,
  Incentive,
  LastMechansimStepBlock,
  NetworksAdded,
  PendingOwnerCut,
  SubnetOwnerHotkey,
  SubnetworkN,
  TotalHotkeyAlpha,
  TotalIssuance,
  Weights,
} from '../../../chain/runtime/pallets/subtensor/storage.js';
import { Overlay } from '../../../chain/runtime/storage.js';
import { silentLogger } from '../../../shared/logger.js';

const SS58 = 42;
const hotkey = (i: number) => new Uint8Array(32).fill(i);
const address = (i: number) => encodeAddress(hotkey(i), SS58);

/** A chain of states: each block is an overlay on the previous one, its writes fed to the metrics. */
class TestChain {
  readonly history = new StateHistory();
  number = 0;
  reads = 0;
  constructor(private readonly metrics: EconomicsMetrics) {}

  block(write: (state: Overlay, number: number) => void): void {
    const state = new Overlay(this.history.view(this.number));
    write(state, this.number + 1);
    const changes = [...state.changes()];
    this.number++;
    this.history.apply(this.number, changes);
    this.metrics.noteChanges(changes);
  }

  /** The best state, counting reads (to check that a refresh reads only what changed). */
  state(): StateView {
    const view = this.history.view(this.number);
    return {
      get: (key: Hex) => {
        this.reads++;
        return view.get(key);
      },
      keys: (prefix, start, limit) => view.keys(prefix, start, limit),
    };
  }
}

function setup(maxWeightSeries?: number) {
  const register = new Registry();
  let chain: TestChain | undefined;
  const metrics = new EconomicsMetrics({
    register,
    ss58Format: SS58,
    state: () => chain!.state(),
    blockNumber: () => chain!.number,
    ...(maxWeightSeries === undefined ? {} : { maxWeightSeries }),
  });
  chain = new TestChain(metrics);
  return { register, metrics, chain };
}

async function values(register: Registry, name: string): Promise<Map<string, number>> {
  const metric = (await register.getMetricsAsJSON()).find((m) => m.name === name);
  const out = new Map<string, number>();
  for (const v of (metric?.values ?? []) as Array<{
    labels: Record<string, string | number>;
    value: number;
  }>) {
    const l = v.labels;
    out.set(l.uid === undefined ? String(l.netuid ?? '') : `${l.netuid}/${l.uid}/${l.hotkey}`, v.value);
  }
  return out;
}

/** Subnet 3 with neurons 1..count (uid i-1 has hotkey i), epoch outputs and stake set. */
function populate(chain: TestChain, count: number): void {
  chain.block((s, number) => {
    NetworksAdded.put(s, true, 3);
    SubnetworkN.put(s, 0, 3);
    for (let i = 1; i <= count; i++) {
      appendNeuron(s, 3, hotkey(i), number);
      TotalHotkeyAlpha.put(s, BigInt(i) * 1_000n, hotkey(i), 3);
    }
    Emission.put(
      s,
      Array.from({ length: count }, (_, uid) => BigInt(uid) * 10n),
      3,
    );
    Incentive.put(
      s,
      Array.from({ length: count }, (_, uid) => (uid === 0 ? 65_535 : 0)),
      3,
    );
    Dividends.put(
      s,
      Array.from({ length: count }, (_, uid) => (uid === 1 ? 32_768 : 0)),
      3,
    );
    TotalIssuance.put(s, 5_000_000n);
  });
}

describe('EconomicsMetrics', () => {
  it('exports per-uid emission, incentive, dividends and stake, neurons and issuance', async () => {
    const { register, chain } = setup();
    populate(chain, 3);
    const emission = await values(register, 'expertnet_subnet_emission_rao');
    expect(emission).toEqual(
      new Map([
        [`3/0/${address(1)}`, 0],
        [`3/1/${address(2)}`, 10],
        [`3/2/${address(3)}`, 20],
      ]),
    );
    expect((await values(register, 'expertnet_subnet_incentive')).get(`3/0/${address(1)}`)).toBe(1);
    expect((await values(register, 'expertnet_subnet_dividends')).get(`3/1/${address(2)}`)).toBeCloseTo(
      0.5,
      4,
    );
    expect((await values(register, 'expertnet_subnet_stake_rao')).get(`3/2/${address(3)}`)).toBe(3_000);
    expect(await values(register, 'expertnet_subnet_neurons')).toEqual(new Map([['3', 3]]));
    expect(await values(register, 'expertnet_total_issuance_rao')).toEqual(new Map([['', 5_000_000]]));
  });

  it('follows epochs, stake changes and new registrations', async () => {
    const { register, chain } = setup();
    populate(chain, 2);
    await register.metrics();
    chain.block((s) => {
      Emission.put(s, [7n, 9n], 3);
      TotalHotkeyAlpha.put(s, 42n, hotkey(2), 3);
    });
    chain.block((s, number) => {
      appendNeuron(s, 3, hotkey(9), number);
      TotalHotkeyAlpha.put(s, 5n, hotkey(9), 3);
    });
    expect(await values(register, 'expertnet_subnet_emission_rao')).toEqual(
      new Map([
        [`3/0/${address(1)}`, 7],
        [`3/1/${address(2)}`, 9],
        [`3/2/${address(9)}`, 0],
      ]),
    );
    const stake = await values(register, 'expertnet_subnet_stake_rao');
    expect(stake.get(`3/1/${address(2)}`)).toBe(42);
    expect(stake.get(`3/2/${address(9)}`)).toBe(5);
    expect((await values(register, 'expertnet_subnet_neurons')).get('3')).toBe(3);
  });

  it("drops a deregistered neuron's label set when its uid is given to a new hotkey", async () => {
    const { register, chain } = setup();
    populate(chain, 3);
    await register.metrics();
    chain.block((s, number) => replaceNeuron(s, 3, 1, hotkey(7), number));
    for (const name of [
      'expertnet_subnet_emission_rao',
      'expertnet_subnet_incentive',
      'expertnet_subnet_dividends',
      'expertnet_subnet_stake_rao',
    ]) {
      const series = await values(register, name);
      expect([...series.keys()].sort()).toEqual(
        [`3/0/${address(1)}`, `3/1/${address(7)}`, `3/2/${address(3)}`].sort(),
      );
    }
    // The new neuron starts from the runtime's reset values, not the old hotkey's.
    expect((await values(register, 'expertnet_subnet_emission_rao')).get(`3/1/${address(7)}`)).toBe(0);
    expect((await values(register, 'expertnet_subnet_dividends')).get(`3/1/${address(7)}`)).toBe(0);
  });

  it('removes every series of a subnet that no longer exists', async () => {
    const { register, chain } = setup();
    populate(chain, 2);
    await register.metrics();
    chain.block((s) => NetworksAdded.remove(s, 3));
    expect(await values(register, 'expertnet_subnet_emission_rao')).toEqual(new Map());
    expect(await values(register, 'expertnet_subnet_neurons')).toEqual(new Map());
  });

  it('re-reads only what a block wrote', async () => {
    const { register, chain } = setup();
    populate(chain, 64);
    await register.metrics();
    // A block between epochs: only the issuance moves.
    chain.block((s) => TotalIssuance.put(s, 6_000_000n));
    chain.reads = 0;
    await register.metrics();
    expect(chain.reads).toBe(1);
    expect(await values(register, 'expertnet_total_issuance_rao')).toEqual(new Map([['', 6_000_000]]));
    // An epoch: three vectors and one stake entry, not 64 neurons' keys.
    chain.block((s) => {
      Emission.put(s, Array(64).fill(1n), 3);
      Incentive.put(s, Array(64).fill(1), 3);
      Dividends.put(s, Array(64).fill(1), 3);
      TotalHotkeyAlpha.put(s, 1n, hotkey(5), 3);
    });
    chain.reads = 0;
    await register.metrics();
    expect(chain.reads).toBe(4);
  });
});

async function weights(register: Registry): Promise<Map<string, number>> {
  const metric = (await register.getMetricsAsJSON()).find((m) => m.name === 'expertnet_subnet_weight');
  const out = new Map<string, number>();
  for (const v of (metric?.values ?? []) as Array<{ labels: Record<string, string | number>; value: number }>)
    out.set(`${v.labels.netuid}/${v.labels.validator_uid}>${v.labels.miner_uid}`, v.value);
  return out;
}

describe('EconomicsMetrics: weights, immunity, owner cut', () => {
  it('follows weight rows as they are set, replaced and dropped, within the series bound', async () => {
    const { register, chain } = setup(3);
    populate(chain, 4);
    chain.block((s) =>
      Weights.put(
        s,
        [
          [1, 65_535],
          [2, 0],
          [3, 16_384],
        ],
        3,
        0,
      ),
    );
    expect(await weights(register)).toEqual(
      new Map([
        ['3/0>1', 1],
        ['3/0>3', 16_384 / 65_535],
      ]),
    );
    // A second row would pass the bound of 3 series: left out; the first row stays.
    chain.block((s) =>
      Weights.put(
        s,
        [
          [0, 65_535],
          [2, 65_535],
        ],
        3,
        1,
      ),
    );
    expect([...(await weights(register)).keys()].sort()).toEqual(['3/0>1', '3/0>3']);
    // Replacing the first row frees its series.
    chain.block((s) => Weights.put(s, [[2, 65_535]], 3, 0));
    chain.block((s) =>
      Weights.put(
        s,
        [
          [0, 65_535],
          [3, 65_535],
        ],
        3,
        1,
      ),
    );
    expect(await weights(register)).toEqual(
      new Map([
        ['3/0>2', 1],
        ['3/1>0', 1],
        ['3/1>3', 1],
      ]),
    );
    // Deregistration removes the row.
    chain.block((s, number) => replaceNeuron(s, 3, 1, hotkey(9), number));
    expect(await weights(register)).toEqual(new Map([['3/0>2', 1]]));
  });

  it('reports immunity until ImmunityPeriod blocks after registration', async () => {
    const { register, chain } = setup();
    populate(chain, 1); // registered at block 1
    chain.block((s) => ImmunityPeriod.put(s, 3, 3));
    const immune = async () => (await values(register, 'expertnet_subnet_immune')).get(`3/0/${address(1)}`);
    expect(await immune()).toBe(1); // block 2
    chain.block(() => {});
    expect(await immune()).toBe(1); // block 3: 3 − 1 < 3
    chain.block(() => {});
    expect(await immune()).toBe(0); // block 4
    expect((await values(register, 'expertnet_subnet_registration_block')).get(`3/0/${address(1)}`)).toBe(1);
  });

  it("counts what each epoch paid: per-uid emission and the owner cut (accrued + the epoch block's accrual)", async () => {
    const { register, chain } = setup();
    populate(chain, 2);
    chain.block((s) => SubnetOwnerHotkey.put(s, hotkey(1), 3));
    await register.metrics();
    const accrue = (value: bigint) => chain.block((s) => PendingOwnerCut.put(s, value, 3));
    const epoch = (emission: bigint[]) =>
      chain.block((s, number) => {
        PendingOwnerCut.put(s, 0n, 3);
        LastMechansimStepBlock.put(s, BigInt(number), 3);
        Emission.put(s, emission, 3);
      });
    accrue(10n);
    accrue(20n);
    epoch([5n, 7n]); // pays 20 + 10
    const owner = `3/0/${address(1)}`;
    expect((await values(register, 'expertnet_subnet_owner_cut_rao')).get(owner)).toBe(30);
    accrue(10n);
    accrue(20n);
    accrue(30n);
    epoch([1n, 2n]); // pays 30 + 10
    expect((await values(register, 'expertnet_subnet_owner_cut_rao')).get(owner)).toBe(40);
    expect((await values(register, 'expertnet_subnet_owner_cut_rao_total')).get(owner)).toBe(70);
    expect(await values(register, 'expertnet_subnet_emitted_rao_total')).toEqual(
      new Map([
        [`3/0/${address(1)}`, 6],
        [`3/1/${address(2)}`, 9],
      ]),
    );
    expect((await values(register, 'expertnet_subnet_owner_cut_pending_rao')).get('3')).toBe(0);
  });
});

describe('node economics exporter', () => {
  let node: NodeHandle;
  beforeAll(async () => {
    node = await startNode({
      instantSeal: true,
      rpcPort: 0,
      prometheusPort: 0,
      signatureWorkers: 0,
      logger: silentLogger(),
    });
    await node.sealBlock();
  });
  afterAll(async () => {
    await node?.close();
  });

  it('serves total issuance and block height on /metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${node.prometheusPort}/metrics`)).text();
    const issuance = /^expertnet_total_issuance_rao (\d+)$/m.exec(text);
    expect(Number(issuance?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^substrate_block_height\{status="best"\} 1$/m);
  });
});
