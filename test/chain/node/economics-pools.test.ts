/**
 * Dynamic TAO gauges of the economics exporter: per subnet the alpha price, moving price, pool reserves
 * and the last block's emission, from the storage the coinbase and the swap write; re-read only when a
 * block wrote one of those items; dropped with the subnet.
 */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { EconomicsMetrics } from '../../../chain/node/economics-metrics.js';
import { StateHistory } from '../../../chain/node/state.js';
import type { Hex, StateView } from '../../../chain/runtime/interface.js';
import {
  NetworksAdded,
  SubnetMechanism,
  SubnetTAO,
  SubnetworkN,
  TotalIssuance,
} from '../../../chain/runtime/pallets/subtensor/storage.js';
import {
  SubnetAlphaIn,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetMovingPrice,
  SubnetTaoInEmission,
} from '../../../chain/runtime/pallets/subtensor/storage-pools.js';
import { Overlay } from '../../../chain/runtime/storage.js';

function setup() {
  const register = new Registry();
  const history = new StateHistory();
  let number = 0;
  let reads = 0;
  const metrics = new EconomicsMetrics({
    register,
    ss58Format: 42,
    state: (): StateView => {
      const view = history.view(number);
      return {
        get: (key: Hex) => {
          reads++;
          return view.get(key);
        },
        keys: (prefix, start, limit) => view.keys(prefix, start, limit),
      };
    },
    blockNumber: () => number,
  });
  const block = (write: (state: Overlay) => void) => {
    const state = new Overlay(history.view(number));
    write(state);
    const changes = [...state.changes()];
    number++;
    history.apply(number, changes);
    metrics.noteChanges(changes);
  };
  const gauge = async (name: string) => {
    const metric = (await register.getMetricsAsJSON()).find((m) => m.name === name);
    const out = new Map<string, number>();
    for (const v of (metric?.values ?? []) as Array<{
      labels: Record<string, string | number>;
      value: number;
    }>)
      out.set(String(v.labels.netuid), v.value);
    return out;
  };
  return { register, block, gauge, reads: () => reads, resetReads: () => (reads = 0) };
}

const TAO = 1_000_000_000n;

describe('EconomicsMetrics: dynamic TAO pools', () => {
  it('exports price, moving price, reserves and per-block emission per subnet, following the writes', async () => {
    const { register, block, gauge, reads, resetReads } = setup();
    block((s) => {
      for (const netuid of [0, 2]) {
        NetworksAdded.put(s, true, netuid);
        SubnetworkN.put(s, 0, netuid);
      }
      SubnetMechanism.put(s, 1, 2);
      SubnetTAO.put(s, 300n * TAO, 2);
      SubnetAlphaIn.put(s, 1_200n * TAO, 2);
      SubnetAlphaOut.put(s, 50n * TAO, 2);
      SubnetMovingPrice.put(s, { bits: 3n << 30n }, 2); // 0.75 as I96F32
      SubnetTaoInEmission.put(s, 250_000_000n, 2);
      SubnetAlphaInEmission.put(s, 1_000_000_000n, 2);
      SubnetAlphaOutEmission.put(s, 1_000_000_000n, 2);
    });
    // Weight 0.5 (a fresh balancer): constant product, price = TAO / alpha in.
    expect(await gauge('expertnet_subnet_alpha_price_tao')).toEqual(
      new Map([
        ['0', 1],
        ['2', 0.25],
      ]),
    );
    expect((await gauge('expertnet_subnet_moving_price_tao')).get('2')).toBe(0.75);
    expect((await gauge('expertnet_subnet_pool_tao_rao')).get('2')).toBe(300e9);
    expect((await gauge('expertnet_subnet_pool_alpha_in_rao')).get('2')).toBe(1_200e9);
    expect((await gauge('expertnet_subnet_pool_alpha_out_rao')).get('2')).toBe(50e9);
    expect((await gauge('expertnet_subnet_tao_in_emission_rao')).get('2')).toBe(0.25e9);
    expect((await gauge('expertnet_subnet_alpha_in_emission_rao')).get('2')).toBe(1e9);
    expect((await gauge('expertnet_subnet_alpha_out_emission_rao')).get('2')).toBe(1e9);

    // A block that touches no pool reads nothing of them.
    block((s) => TotalIssuance.put(s, 7n));
    resetReads();
    await register.metrics();
    expect(reads()).toBe(1);

    // A stake moves the pool of subnet 2: its gauges follow, subnet 0's are not re-read.
    block((s) => {
      SubnetTAO.put(s, 400n * TAO, 2);
      SubnetAlphaIn.put(s, 1_000n * TAO, 2);
    });
    expect((await gauge('expertnet_subnet_alpha_price_tao')).get('2')).toBeCloseTo(0.4, 8);
    expect((await gauge('expertnet_subnet_pool_tao_rao')).get('2')).toBe(400e9);

    // A removed subnet takes its pool series with it.
    block((s) => NetworksAdded.remove(s, 2));
    expect([...(await gauge('expertnet_subnet_pool_tao_rao')).keys()]).toEqual(['0']);
    expect([...(await gauge('expertnet_subnet_alpha_price_tao')).keys()]).toEqual(['0']);
  });
});
