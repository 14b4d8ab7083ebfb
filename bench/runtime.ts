/**
 * bench:runtime — the dev chain's runtime alone (no node): signed-transfer validation (signature
 * checked) and block application (signature cached after validation, and cold), in transactions/s;
 * metadata encoding time. Medians over repeats with fresh runtimes.
 */
import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { createRuntime } from '../chain/runtime/index.js';
import type { Hex } from '../chain/runtime/interface.js';
import { mapState } from '../chain/runtime/storage.js';
import { fmt, medianOf } from './stats.js';

const TXS = 1000;
const REPEATS = 3;

async function setup() {
  const runtime = await createRuntime({ blockTimeMs: 1000 });
  const registry = new TypeRegistry();
  registry.setMetadata(new Metadata(registry, runtime.metadata(15)));
  const state = new Map<Hex, Uint8Array>(runtime.genesisStorage({ dev: true, blockTimeMs: 1000 }));
  return { runtime, registry, state, view: mapState(state) };
}

async function signTransfers(n: number): Promise<{ xts: Uint8Array[]; genesis: Uint8Array }> {
  const { runtime, registry } = await setup();
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const bob = keyring.addFromUri('//Bob');
  const genesis = blake2AsU8a(new Uint8Array([1]), 256);
  const xts: Uint8Array[] = [];
  for (let nonce = 0; nonce < n; nonce++) {
    const method = registry.createType('Call', {
      callIndex: [5, 0],
      args: { dest: { Id: bob.address }, value: 1_000_000 },
    });
    const xt = registry.createType('Extrinsic', { method }, { version: 4 });
    xt.sign(alice, {
      blockHash: genesis,
      genesisHash: genesis,
      era: registry.createType('ExtrinsicEra', '0x00'),
      nonce,
      runtimeVersion: {
        specVersion: registry.createType('u32', runtime.version.specVersion),
        transactionVersion: registry.createType('u32', runtime.version.transactionVersion),
      } as never,
      signedExtensions: registry.signedExtensions,
    });
    xts.push(xt.toU8a());
  }
  return { xts, genesis };
}

export async function run(): Promise<void> {
  const { xts, genesis } = await signTransfers(TXS);
  const ctx = { number: 1, parentHash: genesis, timestampMs: Date.now() };

  const validatePerSec = await medianOf(REPEATS, async () => {
    const { runtime, view } = await setup();
    const t0 = performance.now();
    for (const xt of xts) if (!runtime.validateTransaction(view, xt, ctx).ok) throw new Error('invalid');
    return (xts.length / (performance.now() - t0)) * 1000;
  });

  const applyBlock = async (prevalidated: boolean) => {
    const { runtime, view } = await setup();
    if (prevalidated) for (const xt of xts) runtime.validateTransaction(view, xt, ctx);
    const t0 = performance.now();
    const builder = runtime.newBlock(view, ctx);
    builder.applyInherents();
    for (const xt of xts) if (!builder.applyExtrinsic(xt).included) throw new Error('not included');
    builder.finalize();
    return (xts.length / (performance.now() - t0)) * 1000;
  };
  const applyWarm = await medianOf(REPEATS, () => applyBlock(true));
  const applyCold = await medianOf(REPEATS, () => applyBlock(false));

  const metadataMs = await medianOf(REPEATS, async () => {
    const runtime = await createRuntime({ blockTimeMs: 1000 });
    const t0 = performance.now();
    runtime.metadata(15);
    return performance.now() - t0;
  });

  console.log(`signed transfers, ${TXS} per run, median of ${REPEATS} (one core):`);
  console.log(`  validateTransaction (sr25519 verified):      ${fmt(validatePerSec, 0)} tx/s`);
  console.log(`  block apply, signatures cached by the pool:  ${fmt(applyWarm, 0)} tx/s`);
  console.log(`  block apply, cold (verifies each signature): ${fmt(applyCold, 0)} tx/s`);
  console.log(`  metadata V14+V15 build and encode:           ${fmt(metadataMs, 1)} ms`);
}
