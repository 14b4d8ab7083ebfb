/**
 * A subnet on the in-memory test chain: signed extrinsics by pallet/call name with tracked nonces,
 * sudo calls, block stepping to the next epoch, decoded dispatch errors and runtime API calls.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { TypeRegistry } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import type { StateView } from '../../../../chain/runtime/interface.js';
import { isEpochBlock } from '../../../../chain/runtime/pallets/subtensor/neurons.js';
import { Tempo } from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { call, sign, type TestChain, testChain } from '../helpers.js';

export const TAO = 1_000_000_000n;

/** Decoded JSON of a runtime API result or event (shapes are checked by the assertions). */
// biome-ignore lint/suspicious/noExplicitAny: JSON from polkadot-js codecs.
export type Json = Record<string, any>;

/** A runtime API as the metadata registry describes it (V15 `apis`). */
interface ApiMeta {
  name: { toString(): string };
  methods: Array<{
    name: { toString(): string };
    inputs: Array<{ type: Parameters<TypeRegistry['createLookupType']>[0] }>;
    output: Parameters<TypeRegistry['createLookupType']>[0];
  }>;
}

export interface SubnetChain extends TestChain {
  /** Coldkeys (funded dev accounts) and hotkeys (funded with 10 TAO in the first block). */
  keys: Record<'alice' | 'bob' | 'charlie' | 'dave' | 'eve', { cold: KeyringPair; hot: KeyringPair }>;
  /**
   * Signs and applies one call in a new block; returns the decoded error name, `invalid.Custom(n)` when a
   * pool check refused it (not included), or undefined on success.
   */
  run(pair: KeyringPair, pallet: string, method: string, args: Record<string, unknown>): string | undefined;
  /** Applies several signed calls in one block; returns their error names (undefined = success). */
  runMany(items: Array<[KeyringPair, string, string, Record<string, unknown>]>): Array<string | undefined>;
  /** `Sudo.sudo(call)` by Alice; returns the inner call's error name or undefined. */
  sudo(pallet: string, method: string, args: Record<string, unknown>): string | undefined;
  /** Produces empty blocks until `n` blocks have been built. */
  advanceTo(n: number): void;
  /** Produces empty blocks until the block after which `netuid`'s epoch has run (inclusive). */
  runEpoch(netuid: number): number;
  /**
   * Calls a runtime API as @polkadot/api's `api.call` does: arguments encoded and the result decoded with
   * the types the metadata (V15 `apis`) declares.
   */
  api(apiName: string, method: string, ...args: unknown[]): Codec;
  view: StateView;
}

export async function subnetChain(): Promise<SubnetChain> {
  const base = await testChain(12_000);
  const k = (name: string) => ({
    cold: base.keyring.addFromUri(`//${name}`),
    hot: base.keyring.addFromUri(`//${name}//hot`),
  });
  const keys = { alice: k('Alice'), bob: k('Bob'), charlie: k('Charlie'), dave: k('Dave'), eve: k('Eve') };
  const nonces = new Map<string, number>();

  const errorName = (index: number): string | undefined => {
    const failed = base
      .events()
      .filter((e) => e.section === 'system' && e.method === 'ExtrinsicFailed')
      .find((e) => JSON.parse(e.phase).applyExtrinsic === index);
    if (!failed) return undefined;
    const err = failed.event.data[0];
    if (!err.isModule) return err.type;
    const meta = base.registry.findMetaError(err.asModule);
    return `${meta.section}.${meta.name}`;
  };

  const signed = (pair: KeyringPair, pallet: string, method: string, args: Record<string, unknown>) => {
    const nonce = nonces.get(pair.address) ?? 0;
    nonces.set(pair.address, nonce + 1);
    return sign(base, pair, call(base, pallet, method, args), { nonce });
  };

  const chain: SubnetChain = Object.assign(base, {
    keys,
    runMany(items: Array<[KeyringPair, string, string, Record<string, unknown>]>) {
      const used = items.map(([pair]) => nonces.get(pair.address) ?? 0);
      const xts = items.map(([pair, pallet, method, args]) => signed(pair, pallet, method, args));
      const results = base.produce(xts);
      // Inherent (timestamp) is extrinsic 0.
      let index = 1;
      return results.map((r, i) => {
        if (r.included) return errorName(index++);
        const reason = r.validity.ok === false && 'invalid' in r.validity ? r.validity.invalid : undefined;
        if (typeof reason !== 'object') throw new Error(`extrinsic ${i} not included: ${JSON.stringify(r)}`);
        // Refused by a call's pool check: its nonce was never used.
        const address = items[i]![0].address;
        nonces.set(address, Math.min(nonces.get(address)!, used[i]!));
        return `invalid.Custom(${reason.custom})`;
      });
    },
    run(pair: KeyringPair, pallet: string, method: string, args: Record<string, unknown>) {
      return chain.runMany([[pair, pallet, method, args]])[0];
    },
    sudo(pallet: string, method: string, args: Record<string, unknown>) {
      chain.run(keys.alice.cold, 'Sudo', 'sudo', { call: call(base, pallet, method, args) });
      const sudid = base.events().find((e) => e.section === 'sudo' && e.method === 'Sudid');
      const result = sudid!.event.data[0];
      if (result.isOk) return undefined;
      const meta = base.registry.findMetaError(result.asErr.asModule);
      return `${meta.section}.${meta.name}`;
    },
    advanceTo(n: number) {
      while (base.best < n) base.produce([]);
    },
    runEpoch(netuid: number) {
      const tempo = Tempo.get(base.view, netuid);
      let next = base.best + 1;
      while (!isEpochBlock(netuid, tempo, next)) next++;
      chain.advanceTo(next);
      return next;
    },
    api(apiName: string, method: string, ...args: unknown[]) {
      const apis = (base.registry.metadata as unknown as { apis: ApiMeta[] }).apis;
      const a = apis.find((x) => x.name.toString() === apiName);
      const m = a?.methods.find((x) => x.name.toString() === method);
      if (!m) throw new Error(`no runtime API ${apiName}.${method}`);
      const input = u8aConcat(
        ...m.inputs.map((inp, i) =>
          base.registry.createType(base.registry.createLookupType(inp.type), args[i]).toU8a(),
        ),
      );
      const ctx = { number: base.best + 1, parentHash: base.hashes[base.best]! };
      const out = base.runtime.call(base.view, `${apiName}_${method}`, input, ctx);
      return base.registry.createType(base.registry.createLookupType(m.output), out);
    },
  });
  // Fund the hotkeys so that they can sign (fees of non-free calls).
  chain.runMany(
    Object.values(keys).map(({ hot }) => [
      keys.alice.cold,
      'Balances',
      'transfer_keep_alive',
      { dest: { Id: hot.address }, value: 10n * TAO },
    ]),
  );
  return chain;
}

export const hex = (pair: KeyringPair) => u8aToHex(pair.publicKey);
