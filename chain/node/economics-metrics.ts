/**
 * Subnet economics for token holders, as Prometheus gauges on the node's registry: per-uid emission,
 * incentive, dividends and stake (`{netuid, uid, hotkey}`), neurons per subnet and total issuance.
 *
 * It reads the SubtensorModule storage of the dev chain runtime (this is a runtime-specific exporter,
 * the one place in the node that knows a pallet's layout). Reading it cheaply: every imported block's
 * written keys are sorted into what they touch (a prefix check per key), and only that is re-read, at
 * the next scrape — a 256-uid subnet costs three vector decodes after its epoch and nothing on the
 * blocks in between, besides total issuance. The first scrape loads everything once.
 */
import { encodeAddress } from '@polkadot/util-crypto/address/encode';
import { Gauge, type Registry } from 'prom-client';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Hex, StateView } from '../runtime/interface.js';
import { subnetIds } from '../runtime/pallets/subtensor/coinbase.js';
import {
  Dividends,
  Emission,
  Incentive,
  Keys,
  NetworksAdded,
  SubnetworkN,
  TotalHotkeyAlpha,
  TotalIssuance,
} from '../runtime/pallets/subtensor/storage.js';
import { decodeExact, u64 } from '../runtime/scale/ty.js';
import type { ChainStore } from './chain.js';

const U16_MAX = 65_535;
/** `0x` + twox128(pallet) + twox128(item). */
const ITEM_PREFIX_LENGTH = 66;
const PALLET_PREFIX_LENGTH = 34;

const NETWORKS_ADDED = NetworksAdded.prefixOf();
const SUBNETWORK_N = SubnetworkN.prefixOf();
const KEYS = Keys.prefixOf();
const EMISSION = Emission.prefixOf();
const INCENTIVE = Incentive.prefixOf();
const DIVIDENDS = Dividends.prefixOf();
const HOTKEY_ALPHA = TotalHotkeyAlpha.prefixOf();
const PALLET_PREFIX = TotalIssuance.key.slice(0, PALLET_PREFIX_LENGTH);

/** u16 little endian at `offset` (hex chars) of a storage key. */
function u16At(key: Hex, offset: number): number {
  return (
    Number.parseInt(key.slice(offset, offset + 2), 16) |
    (Number.parseInt(key.slice(offset + 2, offset + 4), 16) << 8)
  );
}

interface Neuron {
  hotkeyHex: Hex;
  /** Its `TotalHotkeyAlpha` key on the subnet: hashed once (a blake2 call costs ~50 µs through WASM). */
  stakeKey: Hex;
  labels: { netuid: string; uid: string; hotkey: string };
}

interface Subnet {
  n: number;
  neurons: Array<Neuron | undefined>;
  uidByHotkey: Map<Hex, number>;
}

export interface EconomicsMetricsOptions {
  register: Registry;
  /** Address format of the `hotkey` label. */
  ss58Format: number;
  /** State the gauges are brought up to at a scrape (the best block's). */
  state: () => StateView;
  log?: Logger;
}

export class EconomicsMetrics {
  private readonly subnets = new Map<number, Subnet>();
  private loaded = false;
  private issuanceDirty = true;
  /** Netuids whose existence or neuron count changed. */
  private readonly sizeDirty = new Set<number>();
  private readonly keysDirty = new Map<number, Set<number>>();
  private readonly vectorsDirty = new Set<number>();
  /** netuid → hotkeys whose stake was written. */
  private readonly stakeDirty = new Map<number, Set<Hex>>();
  private readonly ss58 = new Map<Hex, string>();

  private readonly emission: Gauge<'netuid' | 'uid' | 'hotkey'>;
  private readonly incentive: Gauge<'netuid' | 'uid' | 'hotkey'>;
  private readonly dividends: Gauge<'netuid' | 'uid' | 'hotkey'>;
  private readonly stake: Gauge<'netuid' | 'uid' | 'hotkey'>;
  private readonly neurons: Gauge<'netuid'>;
  private readonly issuance: Gauge;

  constructor(private readonly options: EconomicsMetricsOptions) {
    const registers = [options.register];
    // Every gauge refreshes on collect; the first one of a scrape does the work, the rest find nothing dirty.
    const collect = () => this.refreshSafely();
    const perUid = ['netuid', 'uid', 'hotkey'] as const;
    this.emission = new Gauge({
      name: 'expertnet_subnet_emission_rao',
      help: "Emission of the uid in its subnet's last epoch (rao)",
      labelNames: perUid,
      registers,
      collect,
    });
    this.incentive = new Gauge({
      name: 'expertnet_subnet_incentive',
      help: 'Incentive of the uid (0..1), from the last epoch',
      labelNames: perUid,
      registers,
      collect,
    });
    this.dividends = new Gauge({
      name: 'expertnet_subnet_dividends',
      help: 'Dividends of the uid (0..1), from the last epoch',
      labelNames: perUid,
      registers,
      collect,
    });
    this.stake = new Gauge({
      name: 'expertnet_subnet_stake_rao',
      help: "Stake on the uid's hotkey in the subnet (rao)",
      labelNames: perUid,
      registers,
      collect,
    });
    this.neurons = new Gauge({
      name: 'expertnet_subnet_neurons',
      help: 'Registered neurons in the subnet',
      labelNames: ['netuid'] as const,
      registers,
      collect,
    });
    this.issuance = new Gauge({
      name: 'expertnet_total_issuance_rao',
      help: 'Total issuance: free balances plus stake (rao)',
      registers,
      collect,
    });
  }

  /** Sorts a block's written keys into what they touch; reads nothing. */
  noteChanges(changes: ReadonlyArray<readonly [Hex, Uint8Array | null]>): void {
    if (!this.loaded) return;
    for (const [key] of changes) {
      if (!key.startsWith(PALLET_PREFIX)) continue;
      const item = key.slice(0, ITEM_PREFIX_LENGTH);
      switch (item) {
        case TotalIssuance.key:
          this.issuanceDirty = true;
          break;
        case NETWORKS_ADDED:
        case SUBNETWORK_N:
          this.sizeDirty.add(u16At(key, ITEM_PREFIX_LENGTH));
          break;
        case KEYS:
          addTo(this.keysDirty, u16At(key, ITEM_PREFIX_LENGTH), u16At(key, ITEM_PREFIX_LENGTH + 4));
          break;
        case EMISSION:
        case INCENTIVE:
        case DIVIDENDS:
          this.vectorsDirty.add(u16At(key, ITEM_PREFIX_LENGTH));
          break;
        case HOTKEY_ALPHA: {
          // blake2_128 (32 hex) ++ hotkey (64 hex) ++ netuid (u16 LE).
          const hotkeyStart = ITEM_PREFIX_LENGTH + 32;
          const hotkey = `0x${key.slice(hotkeyStart, hotkeyStart + 64)}` as Hex;
          addTo(this.stakeDirty, u16At(key, hotkeyStart + 64), hotkey);
          break;
        }
      }
    }
  }

  /** Brings the gauges up to `state`: everything the first time, then only what `noteChanges` marked. */
  refresh(state: StateView = this.options.state()): void {
    if (!this.loaded) {
      this.loadAll(state);
      this.loaded = true;
      return;
    }
    for (const netuid of this.sizeDirty) this.resize(state, netuid);
    this.sizeDirty.clear();
    for (const [netuid, uids] of this.keysDirty) {
      const subnet = this.subnets.get(netuid);
      if (subnet === undefined) continue;
      for (const uid of uids) if (uid < subnet.n) this.loadNeuron(state, netuid, subnet, uid);
    }
    this.keysDirty.clear();
    for (const netuid of this.vectorsDirty) {
      const subnet = this.subnets.get(netuid);
      if (subnet !== undefined) this.loadVectors(state, netuid, subnet);
    }
    this.vectorsDirty.clear();
    for (const [netuid, hotkeys] of this.stakeDirty) {
      const subnet = this.subnets.get(netuid);
      if (subnet === undefined) continue;
      for (const hotkey of hotkeys) {
        const uid = subnet.uidByHotkey.get(hotkey);
        if (uid !== undefined) this.loadStake(state, subnet.neurons[uid]!);
      }
    }
    this.stakeDirty.clear();
    if (this.issuanceDirty) this.issuance.set(Number(TotalIssuance.get(state)));
    this.issuanceDirty = false;
  }

  /** A scrape never fails because of a bad stored value: the gauges keep their last values. */
  private refreshSafely(): void {
    try {
      this.refresh();
    } catch (err) {
      this.options.log?.warn({ err: errorMessage(err) }, 'economics metrics: refresh failed');
    }
  }

  private loadAll(state: StateView): void {
    for (const netuid of [...this.subnets.keys()]) this.dropSubnet(netuid);
    for (const netuid of subnetIds(state)) this.resize(state, netuid);
    this.issuance.set(Number(TotalIssuance.get(state)));
    this.issuanceDirty = false;
    this.sizeDirty.clear();
    this.keysDirty.clear();
    this.vectorsDirty.clear();
    this.stakeDirty.clear();
  }

  /** Follows a subnet's existence and neuron count: drops removed uids, loads new ones. */
  private resize(state: StateView, netuid: number): void {
    if (!NetworksAdded.get(state, netuid)) {
      this.dropSubnet(netuid);
      return;
    }
    let subnet = this.subnets.get(netuid);
    if (subnet === undefined) {
      subnet = { n: 0, neurons: [], uidByHotkey: new Map() };
      this.subnets.set(netuid, subnet);
    }
    const n = SubnetworkN.get(state, netuid);
    for (let uid = n; uid < subnet.n; uid++) this.dropNeuron(subnet, uid);
    const grown = n > subnet.n;
    for (let uid = subnet.n; uid < n; uid++) this.loadNeuron(state, netuid, subnet, uid, false);
    subnet.n = n;
    subnet.neurons.length = n;
    this.neurons.set({ netuid: String(netuid) }, n);
    if (grown) this.loadVectors(state, netuid, subnet);
  }

  /** (Re)reads the hotkey at `uid`; a new hotkey replaces the old label set and reads its stake. */
  private loadNeuron(
    state: StateView,
    netuid: number,
    subnet: Subnet,
    uid: number,
    withVectors = true,
  ): void {
    const hotkeyBytes = Keys.get(state, netuid, uid);
    const hotkeyHex = toHex(hotkeyBytes);
    if (subnet.neurons[uid]?.hotkeyHex === hotkeyHex) return;
    this.dropNeuron(subnet, uid);
    const neuron: Neuron = {
      hotkeyHex,
      stakeKey: TotalHotkeyAlpha.keyOf(hotkeyBytes, netuid),
      labels: { netuid: String(netuid), uid: String(uid), hotkey: this.address(hotkeyHex, hotkeyBytes) },
    };
    subnet.neurons[uid] = neuron;
    subnet.uidByHotkey.set(hotkeyHex, uid);
    this.loadStake(state, neuron);
    if (withVectors) this.vectorsDirty.add(netuid);
  }

  private loadVectors(state: StateView, netuid: number, subnet: Subnet): void {
    const emission = Emission.get(state, netuid);
    const incentive = Incentive.get(state, netuid);
    const dividends = Dividends.get(state, netuid);
    for (let uid = 0; uid < subnet.n; uid++) {
      const neuron = subnet.neurons[uid];
      if (neuron === undefined) continue;
      this.emission.set(neuron.labels, Number(emission[uid] ?? 0n));
      this.incentive.set(neuron.labels, (incentive[uid] ?? 0) / U16_MAX);
      this.dividends.set(neuron.labels, (dividends[uid] ?? 0) / U16_MAX);
    }
  }

  private loadStake(state: StateView, neuron: Neuron): void {
    // A u64 (ValueQuery, default 0), read by its cached key.
    const raw = state.get(neuron.stakeKey);
    const stake = raw === undefined ? 0n : decodeExact(u64.codec, raw, 'SubtensorModule.TotalHotkeyAlpha');
    this.stake.set(neuron.labels, Number(stake));
  }

  private dropNeuron(subnet: Subnet, uid: number): void {
    const old = subnet.neurons[uid];
    if (old === undefined) return;
    for (const gauge of [this.emission, this.incentive, this.dividends, this.stake]) gauge.remove(old.labels);
    if (subnet.uidByHotkey.get(old.hotkeyHex) === uid) subnet.uidByHotkey.delete(old.hotkeyHex);
    subnet.neurons[uid] = undefined;
  }

  private dropSubnet(netuid: number): void {
    const subnet = this.subnets.get(netuid);
    if (subnet === undefined) return;
    for (let uid = 0; uid < subnet.n; uid++) this.dropNeuron(subnet, uid);
    this.neurons.remove({ netuid: String(netuid) });
    this.subnets.delete(netuid);
  }

  /** SS58 encoding hashes; hotkeys repeat across subnets and refreshes, so it is remembered. */
  private address(hex: Hex, bytes: Uint8Array): string {
    let address = this.ss58.get(hex);
    if (address === undefined) {
      address = encodeAddress(bytes, this.options.ss58Format);
      this.ss58.set(hex, address);
    }
    return address;
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}` as Hex;
}

/**
 * Exports the economics of `chain` on `register`, following its imported blocks; returns the function
 * that stops following them.
 */
export function trackEconomics(
  chain: ChainStore,
  options: Omit<EconomicsMetricsOptions, 'state'>,
): { metrics: EconomicsMetrics; stop: () => void } {
  const metrics = new EconomicsMetrics({ ...options, state: () => chain.stateAt(chain.best) });
  const stop = chain.onImport((block) => metrics.noteChanges(block.changes));
  return { metrics, stop };
}
