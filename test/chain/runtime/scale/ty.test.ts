import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../../../chain/runtime/errors.js';
import { Era, MultiAddress } from '../../../../chain/runtime/scale/substrate.js';
import {
  compactU64,
  decodeExact,
  decodePrefix,
  enumOf,
  option,
  PortableRegistryBuilder,
  struct,
  u32,
  vec,
} from '../../../../chain/runtime/scale/ty.js';

describe('scale types', () => {
  const Pair = struct('test::Pair', { a: { ty: u32 }, b: { ty: compactU64 } });

  it('round-trips values and matches @polkadot/types encodings', () => {
    const bytes = Pair.codec.enc({ a: 7, b: 1n << 40n });
    expect(decodeExact(Pair.codec, bytes, 'pair')).toEqual({ a: 7, b: 1n << 40n });
    const reg = new TypeRegistry();
    expect(u8aToHex(bytes)).toBe(reg.createType('(u32, Compact<u64>)', [7, 1n << 40n]).toHex());
  });

  it('rejects trailing bytes, short input and unknown enum variants with typed errors', () => {
    const bytes = u32.codec.enc(5);
    expect(() => decodeExact(u32.codec, new Uint8Array([...bytes, 0]), 'x')).toThrow(RuntimeError);
    expect(() => decodeExact(u32.codec, bytes.slice(0, 2), 'x')).toThrow(RuntimeError);
    const E = enumOf('test::E', { A: { index: 0 }, B: { index: 7, fields: { ty: u32 } } });
    expect(decodeExact(E.codec, new Uint8Array([7, 1, 0, 0, 0]), 'e')).toEqual({ tag: 'B', value: 1 });
    expect(() => decodeExact(E.codec, new Uint8Array([3]), 'e')).toThrow(/unknown variant index 3/);
  });

  it('decodes at an offset inside a larger buffer (subarray views included)', () => {
    const buf = new Uint8Array([9, 9, 1, 0, 0, 0, 2, 0, 0, 0]);
    const view = buf.subarray(2);
    expect(decodePrefix(u32.codec, view, 4, 'x')).toEqual([2, 8]);
    expect(decodeExact(vec(u32).codec, new Uint8Array([4, 1, 0, 0, 0]), 'v')).toEqual([1]);
  });

  it('encodes eras as Substrate does (immortal 0x00, mortal two bytes)', () => {
    expect(u8aToHex(Era.codec.enc(0))).toBe('0x00');
    const reg = new TypeRegistry();
    const mortal = reg.createType('ExtrinsicEra', { current: 100, period: 64 });
    const enc = decodeExact(Era.codec, mortal.toU8a(), 'era');
    expect(u8aToHex(Era.codec.enc(enc))).toBe(mortal.toHex());
  });

  it('registers named types once and structural types by shape', () => {
    const reg = new PortableRegistryBuilder();
    const a = reg.idOf(vec(u32));
    const b = reg.idOf(vec(u32));
    expect(a).toBe(b);
    const m1 = reg.idOf(MultiAddress);
    expect(reg.idOf(MultiAddress)).toBe(m1);
    expect(reg.idOf(option(u32))).toBe(reg.idOf(option(u32)));
    expect(reg.types.every((t, i) => t.id === i)).toBe(true);
  });
});
