/**
 * `npm run bench:chain-client`: what a validator's chain reads cost through `PolkadotChainClient` on the
 * in-process dev chain, over a real WebSocket: the metagraph of a 256-uid subnet through the runtime API
 * (`get_neurons_lite`) and from storage, every commitment of the subnet in one query against one query
 * per hotkey, and the hyperparameters. Medians of repeated reads.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { startNode } from '../chain/node/node.js';
import { encodeModelCommitment, PolkadotChainClient } from '../shared/chain/index.js';
import { silentLogger } from '../shared/logger.js';
import { fmt, median } from './stats.js';

const UIDS = 256;
const COMMITTED = 64;
const BATCH = 32;
const REPEATS = 15;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function medianMs(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm: registries, JIT
  const samples: number[] = [];
  for (let i = 0; i < REPEATS; i++) samples.push(await timed(fn));
  return median(samples);
}

export async function run(): Promise<void> {
  await cryptoWaitReady();
  const node = await startNode({
    instantSeal: true,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger(),
  });
  const client = new PolkadotChainClient({ endpoint: node.rpcUrl });
  try {
    await client.connect();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    const tx = client.api.tx;
    await client.submit(
      'SubtensorModule.register_network',
      tx.subtensorModule.registerNetwork(alice.address),
      alice,
    );
    const netuid = 1;
    const hotkeys: KeyringPair[] = Array.from({ length: UIDS - 1 }, (_, i) =>
      keyring.addFromUri(`//bench//${i}`),
    );
    for (let i = 0; i < hotkeys.length; i += BATCH) {
      const calls = hotkeys
        .slice(i, i + BATCH)
        .map((h) => tx.subtensorModule.burnedRegister(netuid, h.address));
      await client.submit('Utility.batch_all', tx.utility.batchAll(calls), alice);
    }
    for (const h of hotkeys.slice(0, COMMITTED)) {
      await client.setCommitment(
        h,
        netuid,
        encodeModelCommitment({
          domain: 'legal',
          task: 'bench',
          labels: ['a', 'b'],
          bundleDigest: '00'.repeat(32),
        }),
      );
    }
    const m = await client.metagraph(netuid);
    if (m.n !== UIDS) throw new Error(`expected ${UIDS} uids, got ${m.n}`);

    const viaApi = await medianMs(() => client.metagraphFromRuntimeApi(netuid));
    const viaStorage = await medianMs(() => client.metagraphFromStorage(netuid));
    const all = await medianMs(() => client.commitments(netuid));
    const each = await medianMs(() =>
      Promise.all(hotkeys.slice(0, COMMITTED).map((h) => client.getCommitment(netuid, h.address))),
    );
    const hp = await medianMs(() => client.hyperparams(netuid));
    console.log(`metagraph, ${UIDS} uids, medians of ${REPEATS} (dev chain over ws):`);
    console.log(`  runtime API get_neurons_lite   ${fmt(viaApi)} ms`);
    console.log(`  storage (keys, axons, vectors) ${fmt(viaStorage)} ms`);
    console.log(`commitments of ${COMMITTED} hotkeys:`);
    console.log(`  one entries query              ${fmt(all)} ms`);
    console.log(`  one query per hotkey (parallel) ${fmt(each)} ms`);
    console.log(`hyperparams (11 storage reads)   ${fmt(hp)} ms`);
  } finally {
    await client.close();
    await node.close();
  }
}
