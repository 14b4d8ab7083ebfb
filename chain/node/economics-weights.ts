/**
 * The weights matrix of each subnet as `expertnet_subnet_weight{netuid, validator_uid, miner_uid}`: the
 * stored u16 weight / 65535 (rows as set: `set_weights` max-upscales a row, Yuma row-normalises it).
 * Only non-zero entries are exported, and at most `maxSeries` per subnet (a 256-uid subnet where 64
 * validators weight every miner would be 16k series): rows past the bound are left out and logged once.
 * A row is re-read only when a block wrote it.
 */
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../shared/logger.js';
import type { StateView } from '../runtime/interface.js';
import { Weights } from '../runtime/pallets/subtensor/storage.js';

const U16_MAX = 65_535;
export const DEFAULT_MAX_WEIGHT_SERIES = 8192;

export class WeightsMatrix {
  private readonly gauge: Gauge<'netuid' | 'validator_uid' | 'miner_uid'>;
  /** netuid → validator uid → miner uids exported for that row. */
  private readonly rows = new Map<number, Map<number, number[]>>();
  private readonly series = new Map<number, number>();
  private warned = false;

  constructor(
    register: Registry,
    collect: () => void,
    private readonly maxSeries = DEFAULT_MAX_WEIGHT_SERIES,
    private readonly log?: Logger,
  ) {
    this.gauge = new Gauge({
      name: 'expertnet_subnet_weight',
      help: 'Weight a validator uid sets on a miner uid (stored u16 / 65535; non-zero entries only)',
      labelNames: ['netuid', 'validator_uid', 'miner_uid'] as const,
      registers: [register],
      collect,
    });
  }

  /** (Re)reads the row of `uid`; an empty or removed row drops its series. */
  loadRow(state: StateView, netuid: number, uid: number): void {
    this.dropRow(netuid, uid);
    const row = Weights.get(state, netuid, uid).filter(([, w]) => w > 0);
    if (row.length === 0) return;
    const used = this.series.get(netuid) ?? 0;
    if (used + row.length > this.maxSeries) {
      if (!this.warned)
        this.log?.warn(
          { netuid, uid, maxSeries: this.maxSeries },
          'weights matrix: series bound reached, rows left out',
        );
      this.warned = true;
      return;
    }
    const netuidLabel = String(netuid);
    const validatorLabel = String(uid);
    for (const [miner, weight] of row) {
      this.gauge.set(
        { netuid: netuidLabel, validator_uid: validatorLabel, miner_uid: String(miner) },
        weight / U16_MAX,
      );
    }
    let rows = this.rows.get(netuid);
    if (rows === undefined) {
      rows = new Map();
      this.rows.set(netuid, rows);
    }
    rows.set(
      uid,
      row.map(([miner]) => miner),
    );
    this.series.set(netuid, used + row.length);
  }

  /** Rows of uids `from` and above go (the subnet shrank), or every row when `from` is 0. */
  dropRowsFrom(netuid: number, from: number): void {
    for (const uid of [...(this.rows.get(netuid)?.keys() ?? [])]) if (uid >= from) this.dropRow(netuid, uid);
    if (from === 0) {
      this.rows.delete(netuid);
      this.series.delete(netuid);
    }
  }

  private dropRow(netuid: number, uid: number): void {
    const rows = this.rows.get(netuid);
    const miners = rows?.get(uid);
    if (rows === undefined || miners === undefined) return;
    const labels = { netuid: String(netuid), validator_uid: String(uid) };
    for (const miner of miners) this.gauge.remove({ ...labels, miner_uid: String(miner) });
    rows.delete(uid);
    this.series.set(netuid, (this.series.get(netuid) ?? 0) - miners.length);
  }
}
