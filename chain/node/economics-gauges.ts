/**
 * The metrics of the economics exporter (economics-metrics.ts), the tables that map SubtensorModule
 * storage items onto them and `DirtyKeys`, which sorts a block's written keys into what they touch.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Hex, StateView } from '../runtime/interface.js';
import {
  Active,
  BlockAtRegistration,
  BlockEmission,
  Consensus,
  Dividends,
  Emission,
  ImmunityPeriod,
  Incentive,
  Keys,
  LastUpdate,
  NetworksAdded,
  PendingOwnerCut,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalHotkeyAlpha,
  TotalIssuance,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
} from '../runtime/pallets/subtensor/storage.js';

const U16_MAX = 65_535;
/** `0x` + twox128(pallet) + twox128(item). */
export const ITEM_PREFIX_LENGTH = 66;
const PALLET_PREFIX_LENGTH = 34;

export const NETWORKS_ADDED = NetworksAdded.prefixOf();
export const SUBNETWORK_N = SubnetworkN.prefixOf();
export const KEYS = Keys.prefixOf();
export const HOTKEY_ALPHA = TotalHotkeyAlpha.prefixOf();
export const REGISTRATION = BlockAtRegistration.prefixOf();
export const WEIGHTS = Weights.prefixOf();
export const OWNER_HOTKEY = SubnetOwnerHotkey.prefixOf();
export const PENDING_OWNER_CUT = PendingOwnerCut.prefixOf();
/** Per-subnet values re-read when written. */
export const SUBNET_VALUES = new Set([
  Tempo.prefixOf(),
  ImmunityPeriod.prefixOf(),
  OWNER_HOTKEY,
  PENDING_OWNER_CUT,
]);
export const PALLET_PREFIX = TotalIssuance.key.slice(0, PALLET_PREFIX_LENGTH);

export type PerUidGauge =
  | 'emission'
  | 'incentive'
  | 'dividends'
  | 'stake'
  | 'consensus'
  | 'validatorTrust'
  | 'validatorPermit'
  | 'active'
  | 'lastUpdate'
  | 'registration'
  | 'immune';

export const PER_UID: Record<PerUidGauge, [name: string, help: string]> = {
  emission: [
    'expertnet_subnet_emission_rao',
    "Emission of the uid in its subnet's last epoch (rao of alpha; × expertnet_subnet_alpha_price_tao for TAO)",
  ],
  incentive: ['expertnet_subnet_incentive', 'Incentive of the uid (0..1), from the last epoch'],
  dividends: ['expertnet_subnet_dividends', 'Dividends of the uid (0..1), from the last epoch'],
  stake: [
    'expertnet_subnet_stake_rao',
    "Alpha staked on the uid's hotkey in the subnet, TotalHotkeyAlpha (rao of alpha; × expertnet_subnet_alpha_price_tao for TAO)",
  ],
  consensus: ['expertnet_subnet_consensus', 'Consensus weight of the uid (0..1), from the last epoch'],
  validatorTrust: [
    'expertnet_subnet_validator_trust',
    'Validator trust of the uid (0..1), from the last epoch',
  ],
  validatorPermit: ['expertnet_subnet_validator_permit', '1 when the uid holds a validator permit'],
  active: [
    'expertnet_subnet_active',
    '1 when the uid was active at the last epoch (updated within the activity cutoff)',
  ],
  lastUpdate: [
    'expertnet_subnet_last_update_block',
    'Block at which the uid last set weights (its registration block until then)',
  ],
  registration: ['expertnet_subnet_registration_block', 'Block at which the uid was registered'],
  immune: [
    'expertnet_subnet_immune',
    '1 while the uid is within its immunity period (best block − registration < ImmunityPeriod)',
  ],
};

/** The per-uid vectors an epoch writes, and how a stored element becomes a gauge value. */
export const VECTORS: ReadonlyArray<{
  prefix: Hex;
  gauge: PerUidGauge;
  read: (state: StateView, netuid: number) => ReadonlyArray<number | bigint | boolean>;
  scale: (v: number | bigint | boolean | undefined) => number;
}> = [
  {
    prefix: Emission.prefixOf(),
    gauge: 'emission',
    read: (s, n) => Emission.get(s, n),
    scale: (v) => Number(v ?? 0),
  },
  { prefix: Incentive.prefixOf(), gauge: 'incentive', read: (s, n) => Incentive.get(s, n), scale: ratio },
  { prefix: Dividends.prefixOf(), gauge: 'dividends', read: (s, n) => Dividends.get(s, n), scale: ratio },
  { prefix: Consensus.prefixOf(), gauge: 'consensus', read: (s, n) => Consensus.get(s, n), scale: ratio },
  {
    prefix: ValidatorTrust.prefixOf(),
    gauge: 'validatorTrust',
    read: (s, n) => ValidatorTrust.get(s, n),
    scale: ratio,
  },
  {
    prefix: ValidatorPermit.prefixOf(),
    gauge: 'validatorPermit',
    read: (s, n) => ValidatorPermit.get(s, n),
    scale: flag,
  },
  { prefix: Active.prefixOf(), gauge: 'active', read: (s, n) => Active.get(s, n), scale: flag },
  {
    prefix: LastUpdate.prefixOf(),
    gauge: 'lastUpdate',
    read: (s, n) => LastUpdate.get(s, n),
    scale: (v) => Number(v ?? 0),
  },
];
export const VECTOR_BY_PREFIX = new Map(VECTORS.map((v, i) => [v.prefix, i]));

function ratio(v: number | bigint | boolean | undefined): number {
  return Number(v ?? 0) / U16_MAX;
}
function flag(v: number | bigint | boolean | undefined): number {
  return v === true ? 1 : 0;
}

/** u16 little endian at `offset` (hex chars) of a storage key. */
export function u16At(key: Hex, offset: number): number {
  return (
    Number.parseInt(key.slice(offset, offset + 2), 16) |
    (Number.parseInt(key.slice(offset + 2, offset + 4), 16) << 8)
  );
}

export function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

export function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}` as Hex;
}

export type PerUid = Gauge<'netuid' | 'uid' | 'hotkey'>;

/** Registers every economics metric on `register`; each refreshes the exporter on collect. */
export function createEconomicsGauges(register: Registry, refresh: () => void) {
  const registers = [register];
  // Every metric refreshes on collect; the first one of a scrape does the work, the rest find nothing dirty.
  const collect = refresh;
  const labelNames = ['netuid', 'uid', 'hotkey'] as const;
  const perSubnet = ['netuid'] as const;
  const perUid = {} as Record<PerUidGauge, PerUid>;
  for (const [key, [name, help]] of Object.entries(PER_UID) as Array<[PerUidGauge, [string, string]]>) {
    perUid[key] = new Gauge({ name, help, labelNames, registers, collect });
  }
  return {
    perUid,
    emitted: new Counter({
      name: 'expertnet_subnet_emitted_rao_total',
      help: 'Emission credited to the uid by the epochs this node imported since it started (rao)',
      labelNames,
      registers,
      collect,
    }),
    ownerCut: new Gauge({
      name: 'expertnet_subnet_owner_cut_rao',
      help: "Owner cut paid at the subnet's last epoch, as stake on the owner hotkey (rao; uid is the hotkey's, or empty)",
      labelNames,
      registers,
      collect,
    }),
    ownerCutTotal: new Counter({
      name: 'expertnet_subnet_owner_cut_rao_total',
      help: 'Owner cut paid by the epochs this node imported since it started (rao)',
      labelNames,
      registers,
      collect,
    }),
    ownerCutPending: new Gauge({
      name: 'expertnet_subnet_owner_cut_pending_rao',
      help: "Owner cut accrued since the subnet's last epoch, paid at the next (rao)",
      labelNames: perSubnet,
      registers,
      collect,
    }),
    neurons: new Gauge({
      name: 'expertnet_subnet_neurons',
      help: 'Registered neurons in the subnet',
      labelNames: perSubnet,
      registers,
      collect,
    }),
    tempo: new Gauge({
      name: 'expertnet_subnet_tempo',
      help: 'Blocks between two epochs of the subnet',
      labelNames: perSubnet,
      registers,
      collect,
    }),
    issuance: new Gauge({
      name: 'expertnet_total_issuance_rao',
      help: 'Total issuance: free balances plus stake (rao)',
      registers,
      collect,
    }),
    blockEmission: new Gauge({
      name: 'expertnet_block_emission_rao',
      help: 'Emission of one block, shared equally by the subnets (rao)',
      registers,
      collect,
    }),
  };
}

export type EconomicsGauges = ReturnType<typeof createEconomicsGauges>;

/** What the blocks imported since the last refresh wrote, sorted by what it touches (reads nothing). */
export class DirtyKeys {
  issuance = false;
  blockEmission = false;
  /** Netuids whose existence or neuron count changed. */
  readonly size = new Set<number>();
  readonly keys = new Map<number, Set<number>>();
  readonly registration = new Map<number, Set<number>>();
  readonly weights = new Map<number, Set<number>>();
  /** netuid → indexes into VECTORS of the vectors written. */
  readonly vectors = new Map<number, Set<number>>();
  readonly subnetValues = new Set<number>();
  /** netuid → hotkeys whose stake was written. */
  readonly stake = new Map<number, Set<Hex>>();

  note(changes: ReadonlyArray<readonly [Hex, Uint8Array | null]>): void {
    for (const [key] of changes) {
      if (!key.startsWith(PALLET_PREFIX)) continue;
      const item = key.slice(0, ITEM_PREFIX_LENGTH) as Hex;
      const netuid = u16At(key, ITEM_PREFIX_LENGTH);
      const vector = VECTOR_BY_PREFIX.get(item);
      if (vector !== undefined) addTo(this.vectors, netuid, vector);
      else if (SUBNET_VALUES.has(item)) this.subnetValues.add(netuid);
      else if (item === TotalIssuance.key) this.issuance = true;
      else if (item === BlockEmission.key) this.blockEmission = true;
      else if (item === NETWORKS_ADDED || item === SUBNETWORK_N) this.size.add(netuid);
      else if (item === KEYS) addTo(this.keys, netuid, u16At(key, ITEM_PREFIX_LENGTH + 4));
      else if (item === REGISTRATION) addTo(this.registration, netuid, u16At(key, ITEM_PREFIX_LENGTH + 4));
      else if (item === WEIGHTS) addTo(this.weights, netuid, u16At(key, ITEM_PREFIX_LENGTH + 4));
      else if (item === HOTKEY_ALPHA) {
        // blake2_128 (32 hex) ++ hotkey (64 hex) ++ netuid (u16 LE).
        const hotkeyStart = ITEM_PREFIX_LENGTH + 32;
        const hotkey = `0x${key.slice(hotkeyStart, hotkeyStart + 64)}` as Hex;
        addTo(this.stake, u16At(key, hotkeyStart + 64), hotkey);
      }
    }
  }

  clear(): void {
    this.issuance = false;
    this.blockEmission = false;
    for (const set of [this.size, this.subnetValues]) set.clear();
    for (const map of [this.keys, this.registration, this.weights, this.vectors, this.stake]) map.clear();
  }
}
