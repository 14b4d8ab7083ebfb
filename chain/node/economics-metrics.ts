/**
 * Subnet economics for token holders, as Prometheus gauges on the node's registry: per-uid emission,
 * incentive, dividends, stake, consensus, validator trust and permit, active flag, last update,
 * registration block and immunity (`{netuid, uid, hotkey}`), emission earned per epoch as a counter, the
 * owner cut (economics-epochs.ts), the weights matrix (economics-weights.ts), neurons and tempo per
 * subnet, block emission and total issuance, and dynamic TAO's pools, prices and alpha emission
 * (economics-pools.ts). Stake and emission are alpha (rao of alpha).
 *
 * It reads the SubtensorModule storage of the dev chain runtime (this is a runtime-specific exporter,
 * the one place in the node that knows a pallet's layout). Reading it cheaply: every imported block's
 * written keys are sorted into what they touch (a prefix check per key), and only that is re-read, at
 * the next scrape — a 256-uid subnet costs three vector decodes after its epoch and nothing on the
 * blocks in between, besides total issuance, block emission and the pending owner cut. The first scrape
 * loads everything once. The legacy miner `Trust` is not exported: this runtime does not store it.
 */
import { encodeAddress } from '@polkadot/util-crypto/address/encode';
import type { Registry } from 'prom-client';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { Hex, StateView } from '../runtime/interface.js';
import { subnetIds } from '../runtime/pallets/subtensor/coinbase.js';
import {
  BlockAtRegistration,
  BlockEmission,
  ImmunityPeriod,
  Keys,
  NetworksAdded,
  PendingOwnerCut,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  TotalIssuance,
} from '../runtime/pallets/subtensor/storage.js';
import { decodeExact, u64 } from '../runtime/scale/ty.js';
import type { ChainStore } from './chain.js';
import { EpochLedger } from './economics-epochs.js';
import {
  createEconomicsGauges,
  DirtyKeys,
  type EconomicsGauges,
  toHex,
  VECTORS,
} from './economics-gauges.js';
import { PoolGauges } from './economics-pools.js';
import { WeightsMatrix } from './economics-weights.js';

interface Neuron {
  hotkeyHex: Hex;
  /** Its `TotalHotkeyAlpha` key on the subnet: hashed once (a blake2 call costs ~50 µs through WASM). */
  stakeKey: Hex;
  labels: { netuid: string; uid: string; hotkey: string };
  registeredAt: number;
}

interface Subnet {
  n: number;
  neurons: Array<Neuron | undefined>;
  uidByHotkey: Map<Hex, number>;
  immunityPeriod: number;
  ownerHotkey: Hex;
  /** Label set of the owner-cut series now exported. */
  ownerLabels: { netuid: string; uid: string; hotkey: string } | undefined;
}

export interface EconomicsMetricsOptions {
  register: Registry;
  /** Address format of the `hotkey` label. */
  ss58Format: number;
  /** State the gauges are brought up to at a scrape (the best block's). */
  state: () => StateView;
  /** Number of the best block (for `expertnet_subnet_immune`). */
  blockNumber: () => number;
  /** Most `expertnet_subnet_weight` series per subnet (default 8192). */
  maxWeightSeries?: number;
  log?: Logger;
}

export class EconomicsMetrics {
  private readonly subnets = new Map<number, Subnet>();
  private loaded = false;
  private readonly dirty = new DirtyKeys();
  private readonly ss58 = new Map<Hex, string>();
  private lastBlock = -1;

  private readonly g: EconomicsGauges;
  private readonly weights: WeightsMatrix;
  private readonly epochs = new EpochLedger();
  private readonly pools: PoolGauges;

  constructor(private readonly options: EconomicsMetricsOptions) {
    this.g = createEconomicsGauges(options.register, () => this.refreshSafely());
    this.pools = new PoolGauges(options.register, () => this.refreshSafely());
    this.weights = new WeightsMatrix(
      options.register,
      () => this.refreshSafely(),
      options.maxWeightSeries,
      options.log,
    );
  }

  /** Sorts a block's written keys into what they touch; reads nothing (epoch payouts are decoded). */
  noteChanges(changes: ReadonlyArray<readonly [Hex, Uint8Array | null]>): void {
    this.epochs.observe(changes);
    this.pools.note(changes);
    if (this.loaded) this.dirty.note(changes);
  }

  /** Brings the gauges up to `state`: everything the first time, then only what `noteChanges` marked. */
  refresh(state: StateView = this.options.state()): void {
    if (!this.loaded) {
      this.loadAll(state);
      this.loaded = true;
    } else {
      this.refreshDirty(state);
    }
    this.payEpochs();
    this.pools.refresh(state, this.subnets.keys());
    const block = this.options.blockNumber();
    if (block !== this.lastBlock) {
      this.lastBlock = block;
      for (const [netuid, subnet] of this.subnets) this.setImmunity(netuid, subnet);
    }
  }

  private refreshDirty(state: StateView): void {
    for (const netuid of this.dirty.size) this.resize(state, netuid);
    this.dirty.size.clear();
    for (const [netuid, uids] of this.dirty.keys) {
      const subnet = this.subnets.get(netuid);
      if (subnet === undefined) continue;
      for (const uid of uids) if (uid < subnet.n) this.loadNeuron(state, netuid, subnet, uid);
    }
    this.dirty.keys.clear();
    this.forDirtyUids(this.dirty.registration, (netuid, subnet, uid) => {
      const neuron = subnet.neurons[uid];
      if (neuron !== undefined) this.loadRegistration(state, netuid, subnet, neuron, uid);
    });
    this.forDirtyUids(this.dirty.weights, (netuid, _, uid) => this.weights.loadRow(state, netuid, uid));
    for (const [netuid, vectors] of this.dirty.vectors) {
      const subnet = this.subnets.get(netuid);
      if (subnet !== undefined) this.loadVectors(state, netuid, subnet, vectors);
    }
    this.dirty.vectors.clear();
    for (const netuid of this.dirty.subnetValues) {
      const subnet = this.subnets.get(netuid);
      if (subnet !== undefined) this.loadSubnetValues(state, netuid, subnet);
    }
    this.dirty.subnetValues.clear();
    for (const [netuid, hotkeys] of this.dirty.stake) {
      const subnet = this.subnets.get(netuid);
      if (subnet === undefined) continue;
      for (const hotkey of hotkeys) {
        const neuron = subnet.neurons[subnet.uidByHotkey.get(hotkey) ?? -1];
        if (neuron !== undefined) this.loadStake(state, neuron);
      }
    }
    this.dirty.stake.clear();
    if (this.dirty.issuance) this.g.issuance.set(Number(TotalIssuance.get(state)));
    this.dirty.issuance = false;
    if (this.dirty.blockEmission) this.g.blockEmission.set(Number(BlockEmission.get(state)));
    this.dirty.blockEmission = false;
  }

  private forDirtyUids(
    dirty: Map<number, Set<number>>,
    load: (netuid: number, subnet: Subnet, uid: number) => void,
  ): void {
    for (const [netuid, uids] of dirty) {
      const subnet = this.subnets.get(netuid);
      if (subnet === undefined) continue;
      for (const uid of uids) if (uid < subnet.n) load(netuid, subnet, uid);
    }
    dirty.clear();
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
    this.g.issuance.set(Number(TotalIssuance.get(state)));
    this.g.blockEmission.set(Number(BlockEmission.get(state)));
    this.dirty.clear();
  }

  /** Follows a subnet's existence and neuron count: drops removed uids, loads new ones. */
  private resize(state: StateView, netuid: number): void {
    if (!NetworksAdded.get(state, netuid)) {
      this.dropSubnet(netuid);
      return;
    }
    let subnet = this.subnets.get(netuid);
    const created = subnet === undefined;
    if (subnet === undefined) {
      subnet = {
        n: 0,
        neurons: [],
        uidByHotkey: new Map(),
        immunityPeriod: 0,
        ownerHotkey: '0x',
        ownerLabels: undefined,
      };
      this.subnets.set(netuid, subnet);
    }
    const n = SubnetworkN.get(state, netuid);
    for (let uid = n; uid < subnet.n; uid++) this.dropNeuron(subnet, uid);
    this.weights.dropRowsFrom(netuid, n);
    const grown = n > subnet.n;
    for (let uid = subnet.n; uid < n; uid++) {
      this.loadNeuron(state, netuid, subnet, uid, false);
      this.weights.loadRow(state, netuid, uid);
    }
    subnet.n = n;
    subnet.neurons.length = n;
    this.g.neurons.set({ netuid: String(netuid) }, n);
    if (created) this.loadSubnetValues(state, netuid, subnet);
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
      registeredAt: 0,
    };
    subnet.neurons[uid] = neuron;
    subnet.uidByHotkey.set(hotkeyHex, uid);
    this.loadStake(state, neuron);
    this.loadRegistration(state, netuid, subnet, neuron, uid);
    if (withVectors) this.dirty.vectors.set(netuid, new Set(VECTORS.keys()));
  }

  private loadRegistration(
    state: StateView,
    netuid: number,
    subnet: Subnet,
    neuron: Neuron,
    uid: number,
  ): void {
    neuron.registeredAt = Number(BlockAtRegistration.get(state, netuid, uid));
    this.g.perUid.registration.set(neuron.labels, neuron.registeredAt);
    this.setImmune(subnet, neuron);
  }

  /** Re-reads `vectors` (indexes into VECTORS; all of them by default) for every uid of the subnet. */
  private loadVectors(
    state: StateView,
    netuid: number,
    subnet: Subnet,
    vectors: Iterable<number> = VECTORS.keys(),
  ): void {
    for (const index of vectors) {
      const vector = VECTORS[index];
      if (vector === undefined) continue;
      const values = vector.read(state, netuid);
      const gauge = this.g.perUid[vector.gauge];
      for (let uid = 0; uid < subnet.n; uid++) {
        const neuron = subnet.neurons[uid];
        if (neuron !== undefined) gauge.set(neuron.labels, vector.scale(values[uid]));
      }
    }
  }

  /** Tempo, immunity period, owner hotkey and pending owner cut. */
  private loadSubnetValues(state: StateView, netuid: number, subnet: Subnet): void {
    const labels = { netuid: String(netuid) };
    this.g.tempo.set(labels, Tempo.get(state, netuid));
    this.g.ownerCutPending.set(labels, Number(PendingOwnerCut.get(state, netuid)));
    subnet.ownerHotkey = toHex(SubnetOwnerHotkey.get(state, netuid));
    const period = ImmunityPeriod.get(state, netuid);
    if (period !== subnet.immunityPeriod) {
      subnet.immunityPeriod = period;
      this.setImmunity(netuid, subnet);
    }
  }

  private setImmunity(_netuid: number, subnet: Subnet): void {
    for (const neuron of subnet.neurons) if (neuron !== undefined) this.setImmune(subnet, neuron);
  }

  private setImmune(subnet: Subnet, neuron: Neuron): void {
    const block = this.options.blockNumber();
    this.g.perUid.immune.set(neuron.labels, block - neuron.registeredAt < subnet.immunityPeriod ? 1 : 0);
  }

  /** Adds what the epochs imported since the last scrape paid: per-uid emission and the owner cut. */
  private payEpochs(): void {
    for (const payout of this.epochs.take()) {
      const subnet = this.subnets.get(payout.netuid);
      if (subnet === undefined) continue;
      payout.emitted.forEach((rao, uid) => {
        const neuron = subnet.neurons[uid];
        if (neuron !== undefined) this.g.emitted.inc(neuron.labels, Number(rao));
      });
      const ownerUid = subnet.uidByHotkey.get(subnet.ownerHotkey);
      const labels = {
        netuid: String(payout.netuid),
        uid: ownerUid === undefined ? '' : String(ownerUid),
        hotkey: this.address(subnet.ownerHotkey, Buffer.from(subnet.ownerHotkey.slice(2), 'hex')),
      };
      if (
        subnet.ownerLabels !== undefined &&
        subnet.ownerLabels.uid + subnet.ownerLabels.hotkey !== labels.uid + labels.hotkey
      ) {
        this.g.ownerCut.remove(subnet.ownerLabels);
        this.g.ownerCutTotal.remove(subnet.ownerLabels);
      }
      subnet.ownerLabels = labels;
      if (payout.lastOwnerCut !== undefined) this.g.ownerCut.set(labels, Number(payout.lastOwnerCut));
      this.g.ownerCutTotal.inc(labels, Number(payout.ownerCutTotal));
    }
  }

  private loadStake(state: StateView, neuron: Neuron): void {
    // A u64 (ValueQuery, default 0), read by its cached key.
    const raw = state.get(neuron.stakeKey);
    const stake = raw === undefined ? 0n : decodeExact(u64.codec, raw, 'SubtensorModule.TotalHotkeyAlpha');
    this.g.perUid.stake.set(neuron.labels, Number(stake));
  }

  private dropNeuron(subnet: Subnet, uid: number): void {
    const old = subnet.neurons[uid];
    if (old === undefined) return;
    for (const gauge of Object.values(this.g.perUid)) gauge.remove(old.labels);
    this.g.emitted.remove(old.labels);
    if (subnet.uidByHotkey.get(old.hotkeyHex) === uid) subnet.uidByHotkey.delete(old.hotkeyHex);
    subnet.neurons[uid] = undefined;
  }

  private dropSubnet(netuid: number): void {
    const subnet = this.subnets.get(netuid);
    if (subnet === undefined) return;
    for (let uid = 0; uid < subnet.n; uid++) this.dropNeuron(subnet, uid);
    this.weights.dropRowsFrom(netuid, 0);
    const labels = { netuid: String(netuid) };
    for (const gauge of [this.g.neurons, this.g.tempo, this.g.ownerCutPending]) gauge.remove(labels);
    if (subnet.ownerLabels !== undefined) {
      this.g.ownerCut.remove(subnet.ownerLabels);
      this.g.ownerCutTotal.remove(subnet.ownerLabels);
    }
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

/**
 * Exports the economics of `chain` on `register`, following its imported blocks; returns the function
 * that stops following them.
 */
export function trackEconomics(
  chain: ChainStore,
  options: Omit<EconomicsMetricsOptions, 'state' | 'blockNumber'>,
): { metrics: EconomicsMetrics; stop: () => void } {
  const metrics = new EconomicsMetrics({
    ...options,
    state: () => chain.stateAt(chain.best),
    blockNumber: () => chain.best.number,
  });
  const stop = chain.onImport((block) => metrics.noteChanges(block.changes));
  return { metrics, stop };
}
