/**
 * A toy `Runtime` for node tests that must not depend on the real dev chain runtime: accounts are one byte,
 * a transaction is SCALE bytes `compact(len) ++ [sender u8, nonce u32 LE, priority u8, fail u8]`, and a block
 * bumps the sender's nonce (and writes `fail` = 1 as a failed dispatch). Tags are `sender ++ nonce`.
 */
import { compactFromU8aLim, compactToU8a } from '@polkadot/util';
import type {
  ApplyResult,
  BlockBuilder,
  Hex,
  Runtime,
  StateView,
  TransactionValidity,
} from '../../../chain/runtime/interface.js';

const toHex = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString('hex')}`;
export const nonceKey = (sender: number): Hex => `0x6e6f6e6365${sender.toString(16).padStart(2, '0')}`;
const TIMESTAMP_KEY: Hex = '0x74696d65';
const tag = (sender: number, nonce: number): Hex =>
  `0x${sender.toString(16).padStart(2, '0')}${nonce.toString(16).padStart(8, '0')}`;

export function toyTx(sender: number, nonce: number, priority = 1, fail = 0): Uint8Array {
  const body = new Uint8Array(7);
  body[0] = sender;
  new DataView(body.buffer).setUint32(1, nonce, true);
  body[5] = priority;
  body[6] = fail;
  return Uint8Array.from([...compactToU8a(body.length), ...body]);
}

function decode(xt: Uint8Array): { sender: number; nonce: number; priority: number; fail: number } {
  const [off, len] = compactFromU8aLim(xt);
  if (len !== 7 || xt.length !== off + 7) throw new Error('bad toy transaction');
  const b = xt.subarray(off);
  return {
    sender: b[0]!,
    nonce: new DataView(b.buffer, b.byteOffset).getUint32(1, true),
    priority: b[5]!,
    fail: b[6]!,
  };
}

function nonceOf(get: (key: Hex) => Uint8Array | undefined, sender: number): number {
  const v = get(nonceKey(sender));
  return v === undefined ? 0 : new DataView(v.buffer, v.byteOffset).getUint32(0, true);
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

function validate(get: (key: Hex) => Uint8Array | undefined, xt: Uint8Array): TransactionValidity {
  const { sender, nonce, priority } = decode(xt);
  if (sender === 0xff) return { ok: false, invalid: 'BadProof', message: 'bad signature' };
  if (sender === 0xfe) return { ok: false, invalid: 'Payment', message: 'cannot pay' };
  if (sender === 0xfd) return { ok: false, unknown: 'CannotLookup', message: 'unknown' };
  const current = nonceOf(get, sender);
  if (nonce < current) return { ok: false, invalid: 'Stale', message: 'stale' };
  return {
    ok: true,
    priority: BigInt(priority),
    requires: nonce > current ? [tag(sender, nonce - 1)] : [],
    provides: [tag(sender, nonce)],
    longevity: 64n,
    propagate: true,
    hash: toHex(xt),
    sender: String(sender),
  };
}

export function createToyRuntime(): Runtime {
  return {
    version: {
      specName: 'toy',
      implName: 'toy',
      authoringVersion: 1,
      specVersion: 1,
      implVersion: 1,
      apis: [['0xdf6acb689907609b', 5]],
      transactionVersion: 1,
      stateVersion: 1,
    },
    properties: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TOY' },
    chainName: 'Toy',
    metadataVersions: [14],
    metadata: () => Uint8Array.of(0x6d, 0x65, 0x74, 0x61, 14),
    genesisStorage: () =>
      new Map<Hex, Uint8Array>([
        ['0x3a636f6465', Uint8Array.of(1, 2, 3)],
        [nonceKey(1), u32(0)],
        ['0x62616c616e6365', new Uint8Array(40).fill(7)],
      ]),
    validateTransaction: (state: StateView, xt: Uint8Array) => validate((k) => state.get(k), xt),
    newBlock(state: StateView, ctx): BlockBuilder {
      const overlay = new Map<Hex, Uint8Array | null>();
      const extrinsics: Uint8Array[] = [];
      const get = (k: Hex) => (overlay.has(k) ? (overlay.get(k) ?? undefined) : state.get(k));
      return {
        applyInherents() {
          const inherent = Uint8Array.from([
            ...compactToU8a(8),
            ...u32(ctx.timestampMs ?? 0),
            ...u32(ctx.number),
          ]);
          overlay.set(TIMESTAMP_KEY, u32(Math.floor((ctx.timestampMs ?? 0) / 1000)));
          extrinsics.push(inherent);
          return [inherent];
        },
        applyExtrinsic(xt): ApplyResult {
          const validity = validate(get, xt);
          if (!validity.ok) return { included: false, validity };
          const { sender, nonce, fail } = decode(xt);
          if (nonce !== nonceOf(get, sender)) {
            return { included: false, validity: { ok: false, invalid: 'Future', message: 'future' } };
          }
          overlay.set(nonceKey(sender), u32(nonce + 1));
          extrinsics.push(xt);
          return { included: true, success: fail === 0 };
        },
        finalize: () => ({ extrinsics, changes: overlay }),
      };
    },
    call(state, method) {
      if (method === 'Core_version') return Uint8Array.of(1);
      if (method === 'Echo_code') return state.get('0x3a636f6465') ?? new Uint8Array();
      throw new Error(`unknown method ${method}`);
    },
    accountNonce: (state, address) => nonceOf((k) => state.get(k), Number(address.length % 256)),
    queryInfo: () => ({
      weight: { refTime: 1000n, proofSize: 10n },
      class: 'Normal',
      partialFee: 123456789012345678901234n,
    }),
  };
}
