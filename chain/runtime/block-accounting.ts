/**
 * Per-block accumulators of the executive: the block's event records (pre-encoded, with their phase) and
 * the weight and length used so far per dispatch class (frame_system's `CheckWeight` bookkeeping).
 */
import { u8aConcat } from '@polkadot/util';
import * as $ from 'scale-ts';
import {
  BASE_BLOCK_WEIGHT,
  MAX_BLOCK_LENGTH,
  MAX_BLOCK_REF_TIME,
  MAX_NORMAL_BLOCK_LENGTH,
  NORMAL_MAX_TOTAL,
} from './config.js';
import { type DispatchClassName, Phase } from './scale/substrate.js';
import type { EnumValue } from './scale/ty.js';

/** Event records of a block, pre-encoded; truncated when a dispatch rolls back. */
export class EventSink {
  readonly records: Uint8Array[] = [];
  phase: Uint8Array = Phase.codec.enc({ tag: 'Initialization', value: undefined });
  constructor(private readonly encodeEvent: (e: EnumValue) => Uint8Array) {}
  push(event: EnumValue): void {
    this.records.push(u8aConcat(this.phase, this.encodeEvent(event), EMPTY_TOPICS));
  }
  setExtrinsic(index: number): void {
    this.phase = Phase.codec.enc({ tag: 'ApplyExtrinsic', value: index });
  }
  encoded(): Uint8Array {
    return u8aConcat($.compact.enc(this.records.length), ...this.records);
  }
}
const EMPTY_TOPICS = new Uint8Array([0]);

/** Block weight and length used so far, per dispatch class. */
export class BlockUsage {
  private normal = 0n;
  private operational = 0n;
  private mandatory = BASE_BLOCK_WEIGHT;
  private length = 0;

  fits(cls: DispatchClassName, weight: bigint, len: number): boolean {
    if (cls === 'Mandatory') return true;
    const maxLen = cls === 'Normal' ? MAX_NORMAL_BLOCK_LENGTH : MAX_BLOCK_LENGTH;
    if (this.length + len > maxLen) return false;
    if (cls === 'Normal') return this.normal + weight <= NORMAL_MAX_TOTAL;
    return this.normal + this.operational + this.mandatory + weight <= MAX_BLOCK_REF_TIME;
  }

  add(cls: DispatchClassName, weight: bigint, len: number): void {
    if (cls === 'Normal') this.normal += weight;
    else if (cls === 'Operational') this.operational += weight;
    else this.mandatory += weight;
    this.length += len;
  }

  toStorage() {
    const w = (ref_time: bigint) => ({ ref_time, proof_size: 0n });
    return { normal: w(this.normal), operational: w(this.operational), mandatory: w(this.mandatory) };
  }
}
