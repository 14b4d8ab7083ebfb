/**
 * bench:subnet — SubtensorModule on the runtime alone (no node): `set_weights` extrinsics carrying 256
 * weights, signed by a permitted validator of a full 256-uid subnet, validated (signature checked) and
 * applied in a block, in extrinsics/s; and the cost of an epoch block for that subnet. Medians of repeats.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { createRuntime, type ExpertnetRuntime } from '../chain/runtime/index.js';
import type { BlockContext, Hex } from '../chain/runtime/interface.js';
import { isEpochBlock } from '../chain/runtime/pallets/subtensor/neurons.js';
import { SubnetworkN, ValidatorPermit } from '../chain/runtime/pallets/subtensor/storage.js';
import { mapState } from '../chain/runtime/storage.js';
import { fmt, medianOf } from './stats.js';

const NETUID = 1;
const UIDS = 256;
const TXS = 200;
const REPEATS = 5;
const TAO = 1_000_000_000n;

interface Chain {
  runtime: ExpertnetRuntime;
  registry: TypeRegistry;
  state: Map<Hex, Uint8Array>;
  best: number;
  hashes: Uint8Array[];
  nonces: Map<string, number>;
}

function ctxOf(c: Chain): BlockContext {
  return {
    number: c.best + 1,
    parentHash: c.hashes[c.best]!,
    timestampMs: 1_700_000_000_000 + c.best * 12_000,
  };
}

function produce(c: Chain, xts: Uint8Array[]): void {
  const ctx = ctxOf(c);
  const b = c.runtime.newBlock(mapState(c.state), ctx);
  b.applyInherents();
  for (const xt of xts) if (!b.applyExtrinsic(xt).included) throw new Error('setup extrinsic not included');
  for (const [k, v] of b.finalize().changes) v === null ? c.state.delete(k) : c.state.set(k, v);
  c.best = ctx.number;
  c.hashes[c.best] = blake2AsU8a(new Uint8Array([...ctx.parentHash, c.best & 255, c.best >> 8]), 256);
}

function signed(
  c: Chain,
  pair: KeyringPair,
  pallet: number,
  callIndex: number,
  args: unknown,
  nonce?: number,
) {
  const n = nonce ?? c.nonces.get(pair.address) ?? 0;
  if (nonce === undefined) c.nonces.set(pair.address, n + 1);
  const method = c.registry.createType('Call', { callIndex: [pallet, callIndex], args });
  const xt = c.registry.createType('Extrinsic', { method }, { version: 4 });
  xt.sign(pair, {
    blockHash: c.hashes[0]!,
    genesisHash: c.hashes[0]!,
    era: c.registry.createType('ExtrinsicEra', '0x00'),
    nonce: n,
    runtimeVersion: {
      specVersion: c.registry.createType('u32', c.runtime.version.specVersion),
      transactionVersion: c.registry.createType('u32', c.runtime.version.transactionVersion),
    } as never,
    signedExtensions: c.registry.signedExtensions,
  });
  return xt.toU8a();
}

/** A 256-uid subnet whose validator (Bob's hotkey) holds a permit, commit-reveal off, no rate limit. */
async function fullSubnet(): Promise<{ c: Chain; validator: KeyringPair }> {
  const runtime = await createRuntime({ blockTimeMs: 12_000 });
  const registry = new TypeRegistry();
  registry.setMetadata(new Metadata(registry, runtime.metadata(15)));
  const c: Chain = {
    runtime,
    registry,
    state: new Map(runtime.genesisStorage({ dev: true, blockTimeMs: 12_000 })),
    best: 0,
    hashes: [blake2AsU8a(new Uint8Array([7]), 256)],
    nonces: new Map(),
  };
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const validator = keyring.addFromUri('//Bob//hot');
  const sudo = (call: number, args: unknown) =>
    signed(c, alice, 12, 0, { call: registry.createType('Call', { callIndex: [19, call], args }) });
  produce(c, [
    signed(c, alice, 5, 3, { dest: { Id: validator.address }, value: 10n * TAO }),
    signed(c, alice, 7, 59, { hotkey: alice.address }),
  ]);
  produce(c, [
    sudo(30, { netuid: NETUID, tempo: 10 }),
    sudo(49, { netuid: NETUID, enabled: false }),
    sudo(7, { netuid: NETUID, weights_set_rate_limit: 0 }),
    signed(c, bob, 7, 7, { netuid: NETUID, hotkey: validator.address }),
    signed(c, bob, 7, 2, { hotkey: validator.address, netuid: NETUID, amount_staked: 1000n * TAO }),
    ...Array.from({ length: UIDS - 2 }, () =>
      signed(c, alice, 7, 7, { netuid: NETUID, hotkey: randomAsU8a(32) }),
    ),
  ]);
  while (!isEpochBlock(NETUID, 10, c.best)) produce(c, []);
  const view = mapState(c.state);
  if (SubnetworkN.get(view, NETUID) !== UIDS || !ValidatorPermit.get(view, NETUID)[1])
    throw new Error('bench setup failed: subnet not full or validator without permit');
  return { c, validator };
}

export async function run(): Promise<void> {
  const { c, validator } = await fullSubnet();
  const dests = Array.from({ length: UIDS }, (_, i) => i);
  const view = mapState(c.state);

  const setWeightsPerSec = await medianOf(REPEATS, () => {
    // Fresh signatures every repeat: the runtime caches verified signatures by transaction hash.
    const xts = Array.from({ length: TXS }, (_, nonce) =>
      signed(
        c,
        validator,
        7,
        0,
        {
          netuid: NETUID,
          dests,
          weights: dests.map(() => 1 + Math.floor(Math.random() * 65535)),
          version_key: 0,
        },
        nonce,
      ),
    );
    const ctx = ctxOf(c);
    const t0 = performance.now();
    const b = c.runtime.newBlock(view, ctx);
    b.applyInherents();
    for (const xt of xts) {
      if (!c.runtime.validateTransaction(view, xt, ctx).ok) throw new Error('invalid set_weights');
      const r = b.applyExtrinsic(xt);
      if (!r.included || !r.success) throw new Error('set_weights failed');
    }
    b.finalize();
    return (TXS / (performance.now() - t0)) * 1000;
  });

  // An epoch block: the validator weights all 256 uids, then the epoch runs at the next epoch block.
  produce(c, [
    signed(c, validator, 7, 0, { netuid: NETUID, dests, weights: dests.map((i) => 1 + i), version_key: 0 }),
  ]);
  while (!isEpochBlock(NETUID, 10, c.best + 1)) produce(c, []);
  const epochBlockMs = await medianOf(REPEATS, () => {
    const t0 = performance.now();
    const b = c.runtime.newBlock(mapState(c.state), ctxOf(c));
    b.applyInherents();
    b.finalize();
    return performance.now() - t0;
  });
  const emptyBlockMs = await medianOf(REPEATS, () => {
    const next = { ...ctxOf(c), number: c.best + 2 };
    const t0 = performance.now();
    const b = c.runtime.newBlock(mapState(c.state), next);
    b.applyInherents();
    b.finalize();
    return performance.now() - t0;
  });

  console.log(
    `set_weights (256 weights) validated + applied: ${fmt(setWeightsPerSec, 0)} extrinsics/s (median of ${REPEATS} × ${TXS})`,
  );
  console.log(
    `epoch block, 256-uid subnet: ${fmt(epochBlockMs, 2)} ms (non-epoch block: ${fmt(emptyBlockMs, 2)} ms)`,
  );
}
