/**
 * The weights payload is SCALE exactly as @polkadot/types encodes subtensor's `WeightsTlockPayload`,
 * and decodes as the chain does: current layout first, then the legacy one; anything else is BAD_PAYLOAD.
 */
import { TypeRegistry } from '@polkadot/types';
import { describe, expect, it } from 'vitest';
import {
  decodeWeightsPayload,
  encodeWeightsPayload,
  TimelockError,
  type WeightsPayload,
} from '../../../shared/timelock/index.js';

const registry = new TypeRegistry();
registry.register({
  WeightsTlockPayload: { hotkey: 'Vec<u8>', uids: 'Vec<u16>', values: 'Vec<u16>', version_key: 'u64' },
  LegacyWeightsTlockPayload: { uids: 'Vec<u16>', values: 'Vec<u16>', version_key: 'u64' },
});

function polkadot(p: WeightsPayload): Uint8Array {
  return registry
    .createType('WeightsTlockPayload', {
      hotkey: `0x${Buffer.from(p.hotkey).toString('hex')}`,
      uids: p.uids,
      values: p.values,
      version_key: p.versionKey,
    })
    .toU8a();
}

const HOTKEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
const uids256 = Array.from({ length: 256 }, (_, i) => i);
const CASES: WeightsPayload[] = [
  { hotkey: HOTKEY, uids: [], values: [], versionKey: 0n },
  { hotkey: HOTKEY, uids: [0, 1, 2], values: [65535, 1, 0], versionKey: 843000n },
  // 256 uids: compact lengths switch to the two-byte form at 64
  {
    hotkey: HOTKEY,
    uids: uids256,
    values: uids256.map((u) => (u * 257) & 0xffff),
    versionKey: (1n << 64n) - 1n,
  },
];

describe('encodeWeightsPayload', () => {
  for (const p of CASES) {
    it(`matches @polkadot/types for ${p.uids.length} uids`, () => {
      expect(Buffer.from(encodeWeightsPayload(p)).toString('hex')).toBe(
        Buffer.from(polkadot(p)).toString('hex'),
      );
    });
  }

  it('a fixed byte vector, byte for byte', () => {
    const p = { hotkey: new Uint8Array(32).fill(1), uids: [5], values: [513], versionKey: 7n };
    // compact(32) ‖ hotkey ‖ compact(1) ‖ 5u16 LE ‖ compact(1) ‖ 513u16 LE ‖ 7u64 LE
    const expected = `80${'01'.repeat(32)}040500040102${'0700000000000000'}`;
    expect(Buffer.from(encodeWeightsPayload(p)).toString('hex')).toBe(expected);
    expect(Buffer.from(polkadot(p)).toString('hex')).toBe(expected);
  });

  it('refuses values outside u16 and version keys outside u64', () => {
    for (const p of [
      { hotkey: HOTKEY, uids: [65536], values: [1], versionKey: 0n },
      { hotkey: HOTKEY, uids: [1], values: [-1], versionKey: 0n },
      { hotkey: HOTKEY, uids: [1.5], values: [1], versionKey: 0n },
      { hotkey: HOTKEY, uids: [1], values: [1], versionKey: 1n << 64n },
    ]) {
      expect(() => encodeWeightsPayload(p)).toThrow(TimelockError);
    }
  });
});

describe('decodeWeightsPayload', () => {
  it('round-trips the current layout', () => {
    for (const p of CASES)
      expect(decodeWeightsPayload(encodeWeightsPayload(p))).toEqual({ ...p, legacy: false });
  });

  it('ignores trailing bytes, as parity-scale-codec `decode` does', () => {
    const p = CASES[1] as WeightsPayload;
    const bytes = Uint8Array.from([...encodeWeightsPayload(p), 9, 9, 9]);
    expect(decodeWeightsPayload(bytes).uids).toEqual(p.uids);
  });

  it('decodes the legacy payload (no hotkey) the chain still accepts', () => {
    const legacy = registry
      .createType('LegacyWeightsTlockPayload', { uids: [3, 4], values: [100, 200], version_key: 42 })
      .toU8a();
    expect(decodeWeightsPayload(legacy)).toEqual({
      hotkey: new Uint8Array(0),
      uids: [3, 4],
      values: [100, 200],
      versionKey: 42n,
      legacy: true,
    });
  });

  it('returns the 32 bytes of a longer hotkey the chain reads as the AccountId', () => {
    const long = { hotkey: Uint8Array.from([...HOTKEY, 1, 2]), uids: [1], values: [1], versionKey: 1n };
    expect(decodeWeightsPayload(encodeWeightsPayload(long)).hotkey).toEqual(HOTKEY);
  });

  it('garbage, truncation and absurd lengths are BAD_PAYLOAD', () => {
    const good = encodeWeightsPayload(CASES[1] as WeightsPayload);
    const inputs = [
      new Uint8Array(0),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff]),
      Uint8Array.from([0x03, 0xff, 0xff, 0xff, 0xff]), // compact 2^32-1 elements
      good.subarray(0, 40),
    ];
    for (const bytes of inputs) {
      try {
        decodeWeightsPayload(bytes);
        expect.unreachable(`decoded ${Buffer.from(bytes).toString('hex')}`);
      } catch (err) {
        expect(err).toBeInstanceOf(TimelockError);
        expect((err as TimelockError).code).toBe('BAD_PAYLOAD');
      }
    }
  });
});
