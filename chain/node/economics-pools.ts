/**
 * Dynamic TAO for the economics exporter: per subnet, the alpha price (the swap pallet's, as
 * `SwapRuntimeApi.current_alpha_price` answers it), the moving price the coinbase splits TAO by, the
 * pool's reserves and what the last block emitted (TAO injected, alpha into the pool, alpha out to the
 * subnet). Eight series per subnet: per-uid TAO values are left to PromQL (stake × price), so the
 * series count grows with subnets, not with neurons.
 *
 * Like the rest of the exporter, a subnet is re-read only when a block wrote one of the items its
 * gauges come from (the coinbase does every block: a few storage reads per subnet and block).
 */
import { Gauge, type Registry } from 'prom-client';
import type { Hex, StateView } from '../runtime/interface.js';
import { SubnetMechanism, SubnetTAO } from '../runtime/pallets/subtensor/storage.js';
import {
  SubnetAlphaIn,
  SubnetAlphaInEmission,
  SubnetAlphaOut,
  SubnetAlphaOutEmission,
  SubnetMovingPrice,
  SubnetTaoInEmission,
} from '../runtime/pallets/subtensor/storage-pools.js';
import { alphaPrice } from '../runtime/pallets/subtensor/swap.js';
import { SwapBalancer } from '../runtime/pallets/swap.js';
import { ITEM_PREFIX_LENGTH, u16At } from './economics-gauges.js';

const I96F32_ONE = 2 ** 32;
/** Item prefix → where the netuid starts in its keys (after an Identity or a Twox64Concat hash). */
const WATCHED = new Map<Hex, number>([
  ...[
    SubnetTAO,
    SubnetMechanism,
    SubnetAlphaIn,
    SubnetAlphaOut,
    SubnetMovingPrice,
    SubnetTaoInEmission,
    SubnetAlphaInEmission,
    SubnetAlphaOutEmission,
  ].map((item): [Hex, number] => [item.prefixOf(), ITEM_PREFIX_LENGTH]),
  [SwapBalancer.prefixOf(), ITEM_PREFIX_LENGTH + 16],
]);

type PoolGauge =
  | 'price'
  | 'movingPrice'
  | 'taoIn'
  | 'alphaIn'
  | 'alphaOut'
  | 'taoInEmission'
  | 'alphaInEmission'
  | 'alphaOutEmission';

const GAUGES: Record<PoolGauge, [name: string, help: string, read: (s: StateView, n: number) => number]> = {
  price: [
    'expertnet_subnet_alpha_price_tao',
    "TAO per alpha at the subnet's pool price (SwapRuntimeApi.current_alpha_price; 1 on stable subnets)",
    (s, n) => alphaPrice(s, n),
  ],
  movingPrice: [
    'expertnet_subnet_moving_price_tao',
    'SubnetMovingPrice: the EMA of the alpha price the coinbase splits TAO emission by (TAO per alpha)',
    (s, n) => Number(SubnetMovingPrice.get(s, n).bits) / I96F32_ONE,
  ],
  taoIn: [
    'expertnet_subnet_pool_tao_rao',
    'SubnetTAO: TAO in the subnet pool (rao)',
    (s, n) => Number(SubnetTAO.get(s, n)),
  ],
  alphaIn: [
    'expertnet_subnet_pool_alpha_in_rao',
    'SubnetAlphaIn: alpha in the subnet pool (rao of alpha)',
    (s, n) => Number(SubnetAlphaIn.get(s, n)),
  ],
  alphaOut: [
    'expertnet_subnet_pool_alpha_out_rao',
    'SubnetAlphaOut: alpha outside the pool, held as stake (rao of alpha)',
    (s, n) => Number(SubnetAlphaOut.get(s, n)),
  ],
  taoInEmission: [
    'expertnet_subnet_tao_in_emission_rao',
    'SubnetTaoInEmission: TAO the last block injected into the pool (rao)',
    (s, n) => Number(SubnetTaoInEmission.get(s, n)),
  ],
  alphaInEmission: [
    'expertnet_subnet_alpha_in_emission_rao',
    'SubnetAlphaInEmission: alpha the last block injected into the pool (rao of alpha)',
    (s, n) => Number(SubnetAlphaInEmission.get(s, n)),
  ],
  alphaOutEmission: [
    'expertnet_subnet_alpha_out_emission_rao',
    "SubnetAlphaOutEmission: alpha the last block emitted to the subnet's owner, miners and validators (rao of alpha)",
    (s, n) => Number(SubnetAlphaOutEmission.get(s, n)),
  ],
};

export class PoolGauges {
  private readonly gauges: Array<[Gauge<'netuid'>, (s: StateView, n: number) => number]>;
  private readonly exported = new Set<number>();
  private readonly dirty = new Set<number>();

  constructor(register: Registry, collect: () => void) {
    this.gauges = Object.values(GAUGES).map(([name, help, read]) => [
      new Gauge({ name, help, labelNames: ['netuid'], registers: [register], collect }),
      read,
    ]);
  }

  /** Notes the subnets whose pool items a block wrote (reads nothing). */
  note(changes: ReadonlyArray<readonly [Hex, Uint8Array | null]>): void {
    for (const [key] of changes) {
      const offset = WATCHED.get(key.slice(0, ITEM_PREFIX_LENGTH) as Hex);
      if (offset !== undefined && key.length >= offset + 4) this.dirty.add(u16At(key, offset));
    }
  }

  /**
   * Brings the gauges up to `state` for the subnets in `netuids`: reads the new ones and those a block
   * wrote to; drops the series of subnets no longer there.
   */
  refresh(state: StateView, netuids: Iterable<number>): void {
    const now = new Set(netuids);
    for (const netuid of this.exported) if (!now.has(netuid)) this.drop(netuid);
    for (const netuid of now) {
      if (this.exported.has(netuid) && !this.dirty.has(netuid)) continue;
      const labels = { netuid: String(netuid) };
      for (const [gauge, read] of this.gauges) gauge.set(labels, read(state, netuid));
      this.exported.add(netuid);
    }
    this.dirty.clear();
  }

  private drop(netuid: number): void {
    for (const [gauge] of this.gauges) gauge.remove({ netuid: String(netuid) });
    this.exported.delete(netuid);
  }
}
