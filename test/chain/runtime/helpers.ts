/**
 * Test helpers: a runtime with its metadata loaded into a polkadot-js registry, an in-memory chain that
 * applies blocks to a plain map, and extrinsics signed by @polkadot/keyring the way clients sign them.
 */

import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { createRuntime, type ExpertnetRuntime } from '../../../chain/runtime/index.js';
import type { BlockContext, Hex, StateView } from '../../../chain/runtime/interface.js';
import { Account, EVENTS_KEY } from '../../../chain/runtime/pallets/system.js';
import { mapState } from '../../../chain/runtime/storage.js';

export interface TestChain {
  runtime: ExpertnetRuntime;
  registry: TypeRegistry;
  keyring: Keyring;
  alice: KeyringPair;
  bob: KeyringPair;
  charlie: KeyringPair;
  state: Map<Hex, Uint8Array>;
  view: StateView;
  /** Hashes by number (fake but unique block hashes). */
  hashes: Uint8Array[];
  best: number;
  genesisHash: Uint8Array;
  /** Context for the next block. */
  next(timestampMs?: number): BlockContext;
  /** Builds and imports a block with `xts`; returns per-extrinsic results. */
  produce(xts: Uint8Array[]): ReturnType<ReturnType<ExpertnetRuntime['newBlock']>['applyExtrinsic']>[];
  /** Decoded System.Events of the best block. */
  events(): Array<{ phase: string; section: string; method: string; data: any; event: any }>;
}

export async function testChain(blockTimeMs = 1000): Promise<TestChain> {
  const runtime = await createRuntime({ blockTimeMs });
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, runtime.metadata(15));
  registry.setMetadata(metadata);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const state = new Map(runtime.genesisStorage({ dev: true, blockTimeMs }));
  const view = mapState(state);
  const genesisHash = blake2AsU8a(new TextEncoder().encode('genesis'), 256);
  let time = 1_700_000_000_000;
  const chain: TestChain = {
    runtime,
    registry,
    keyring,
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    charlie: keyring.addFromUri('//Charlie'),
    state,
    view,
    hashes: [genesisHash],
    best: 0,
    genesisHash,
    next(timestampMs) {
      time += blockTimeMs;
      return {
        number: chain.best + 1,
        parentHash: chain.hashes[chain.best]!,
        timestampMs: timestampMs ?? time,
      };
    },
    produce(xts) {
      const ctx = chain.next();
      const builder = runtime.newBlock(view, ctx);
      builder.applyInherents();
      const results = xts.map((xt) => builder.applyExtrinsic(xt));
      const { changes } = builder.finalize();
      for (const [k, v] of changes) {
        if (v === null) state.delete(k);
        else state.set(k, v);
      }
      chain.best = ctx.number;
      chain.hashes[ctx.number] = blake2AsU8a(new Uint8Array([...ctx.parentHash, ctx.number]), 256);
      return results;
    },
    events() {
      const raw = state.get(EVENTS_KEY);
      if (!raw) return [];
      const records = registry.createType('Vec<FrameSystemEventRecord>', raw) as any;
      return records.map((r: any) => ({
        phase: r.phase.toString(),
        section: r.event.section,
        method: r.event.method,
        data: r.event.data.toJSON(),
        event: r.event,
      }));
    },
  };
  return chain;
}

export interface SignOptions {
  nonce: number;
  tip?: bigint | number;
  /** Mortal era: { current, period } (current = best block number, whose hash is the checkpoint). */
  era?: { current: number; period: number };
  /** Overrides (for negative tests). */
  genesisHash?: Uint8Array;
  blockHash?: Uint8Array;
  specVersion?: number;
}

/** A call built by polkadot-js from the runtime's metadata, by pallet and call name. */
export function call(chain: TestChain, pallet: string, method: string, args: Record<string, unknown>) {
  const meta = chain.registry.metadata;
  const p = meta.pallets.find((x) => x.name.toString() === pallet);
  if (!p || p.calls.isNone) throw new Error(`no pallet ${pallet}`);
  const variants = meta.lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants;
  const v = variants.find((x) => x.name.toString() === method);
  if (!v) throw new Error(`no call ${pallet}.${method}`);
  return chain.registry.createType('Call', { callIndex: [p.index.toNumber(), v.index.toNumber()], args });
}

/** Signs `c` like a client does (@polkadot/types Extrinsic.sign with the metadata's signed extensions). */
export function sign(
  chain: TestChain,
  pair: KeyringPair,
  c: ReturnType<typeof call>,
  opts: SignOptions,
): Uint8Array {
  const { registry, runtime } = chain;
  const xt = registry.createType('Extrinsic', { method: c }, { version: 4 });
  const era = opts.era
    ? registry.createType('ExtrinsicEra', { current: opts.era.current, period: opts.era.period })
    : registry.createType('ExtrinsicEra', '0x00');
  const blockHash = opts.blockHash ?? (opts.era ? chain.hashes[opts.era.current]! : chain.hashes[0]!);
  xt.sign(pair, {
    blockHash,
    era,
    genesisHash: opts.genesisHash ?? chain.hashes[0]!,
    nonce: opts.nonce,
    tip: opts.tip ?? 0,
    runtimeVersion: {
      specVersion: registry.createType('u32', opts.specVersion ?? runtime.version.specVersion),
      transactionVersion: registry.createType('u32', runtime.version.transactionVersion),
    } as never,
    signedExtensions: registry.signedExtensions,
  });
  return xt.toU8a();
}

export const transfer = (
  chain: TestChain,
  to: KeyringPair | string,
  value: bigint | number,
  method = 'transfer_allow_death',
) => call(chain, 'Balances', method, { dest: { Id: typeof to === 'string' ? to : to.address }, value });

export function freeOf(chain: TestChain, pair: KeyringPair | Uint8Array): bigint {
  const id = pair instanceof Uint8Array ? pair : pair.publicKey;
  return Account.get(chain.view, id).data.free;
}

export function nonceOf(chain: TestChain, pair: KeyringPair): number {
  return Account.get(chain.view, pair.publicKey).nonce;
}
