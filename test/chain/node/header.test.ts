import { TypeRegistry } from '@polkadot/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../chain/node/bytes.js';
import { ChainError } from '../../../chain/node/errors.js';
import {
  auraPreRuntimeDigest,
  decodeBody,
  decodeHeader,
  encodeBody,
  encodeHeader,
  type Header,
  hashHeader,
  headerToJson,
  runtimeEnvironmentUpdatedDigest,
} from '../../../chain/node/header.js';

const sample = (number: number): Header => ({
  parentHash: new Uint8Array(32).fill(1),
  number,
  stateRoot: new Uint8Array(32).fill(2),
  extrinsicsRoot: new Uint8Array(32).fill(3),
  digest: [auraPreRuntimeDigest(123_456n), runtimeEnvironmentUpdatedDigest()],
});

describe('header codec', () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  for (const number of [0, 1, 63, 64, 16_383, 16_384, 1_073_741_823, 1_073_741_824, 0xffffffff]) {
    it(`round-trips and matches polkadot-js for block #${number}`, () => {
      const header = sample(number);
      const bytes = encodeHeader(header);
      expect(decodeHeader(bytes)).toEqual(header);
      const registry = new TypeRegistry();
      const theirs = registry.createType('Header', headerToJson(header));
      expect(toHex(theirs.toU8a())).toBe(toHex(bytes));
      expect(theirs.hash.toHex()).toBe(toHex(hashHeader(header)));
    });
  }

  it('serves the number as hex and digest items as SCALE hex', () => {
    const json = headerToJson(sample(255));
    expect(json.number).toBe('0xff');
    expect(json.digest.logs).toEqual([`0x066175726120${'40e2010000000000'}`, '0x08']);
  });

  it('rejects truncated or unknown encodings with CORRUPT_DATABASE', () => {
    const bytes = encodeHeader(sample(5));
    expect(() => decodeHeader(bytes.subarray(0, bytes.length - 3))).toThrow(ChainError);
    const bad = bytes.slice();
    bad[bad.length - 1] = 0x09; // unknown digest variant
    expect(() => decodeHeader(bad)).toThrow(/digest item 9/);
  });

  it('round-trips bodies of self-delimiting extrinsics', () => {
    const xts = [Uint8Array.of(8, 1, 2), Uint8Array.of(0), Uint8Array.of(4, 9)];
    expect(decodeBody(encodeBody(xts))).toEqual(xts);
    expect(() => decodeBody(Uint8Array.of(1, 40, 1))).toThrow(ChainError);
  });
});
