/**
 * `npm run bench:economics`: cost of the chain's economics gauges on a full 256-uid subnet, in the
 * node's own state store: the first scrape (loads everything), a scrape after a block between epochs,
 * after an epoch block (three vectors plus every hotkey's stake written), and the time `noteChanges`
 * adds to each imported block. Medians of repeated runs.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto/crypto';
import { Registry } from 'prom-client';
import { EconomicsMetrics } from '../chain/node/economics-metrics.js';
import { StateHistory } from '../chain/node/state.js';
import type { Hex } from '../chain/runtime/interface.js';
import { appendNeuron } from '../chain/runtime/pallets/subtensor/neurons.js';
import {
  Dividends,
  Emission,
  Incentive,
  NetworksAdded,
  PendingServerEmission,
  SubnetworkN,
  TotalHotkeyAlpha,
  TotalIssuance,
} from '../chain/runtime/pallets/subtensor/storage.js';
import { Overlay } from '../chain/runtime/storage.js';
import { fmt, median } from './stats.js';

const UIDS = 256;
const NETUID = 1;
const REPEATS = 30;

const hotkey = (i: number) => {
  const key = new Uint8Array(32);
  new DataView(key.buffer).setUint32(0, i + 1);
  return key;
};

function nextBlock(history: StateHistory, number: number, write: (s: Overlay) => void) {
  const s = new Overlay(history.view(number - 1));
  write(s);
  const changes = [...s.changes()] as Array<[Hex, Uint8Array | null]>;
  history.apply(number, changes);
  return changes;
}

function ms(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  // The node starts the WASM hashers before anything else, so the bench does too.
  await cryptoWaitReady();
  const history = new StateHistory();
  let number = 1;
  nextBlock(history, number, (s) => {
    NetworksAdded.put(s, true, NETUID);
    SubnetworkN.put(s, 0, NETUID);
    for (let i = 0; i < UIDS; i++) {
      appendNeuron(s, NETUID, hotkey(i), 1);
      TotalHotkeyAlpha.put(s, BigInt(i) * 1_000_000n, hotkey(i), NETUID);
    }
    TotalIssuance.put(s, 1n);
  });
  const state = () => history.view(number);

  const first: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const metrics = new EconomicsMetrics({
      register: new Registry(),
      ss58Format: 42,
      state,
      blockNumber: () => number,
    });
    first.push(ms(() => metrics.refresh()));
  }

  const metrics = new EconomicsMetrics({
    register: new Registry(),
    ss58Format: 42,
    state,
    blockNumber: () => number,
  });
  metrics.refresh();
  const quietNote: number[] = [];
  const quietRefresh: number[] = [];
  const epochNote: number[] = [];
  const epochRefresh: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    number++;
    const quiet = nextBlock(history, number, (s) => {
      TotalIssuance.put(s, BigInt(number));
      PendingServerEmission.put(s, BigInt(number), NETUID);
    });
    quietNote.push(ms(() => metrics.noteChanges(quiet)));
    quietRefresh.push(ms(() => metrics.refresh()));
    number++;
    const epoch = nextBlock(history, number, (s) => {
      Emission.put(
        s,
        Array.from({ length: UIDS }, (_, uid) => BigInt(uid + number)),
        NETUID,
      );
      Incentive.put(
        s,
        Array.from({ length: UIDS }, (_, uid) => (uid * number) % 65_535),
        NETUID,
      );
      Dividends.put(
        s,
        Array.from({ length: UIDS }, (_, uid) => (uid + number) % 65_535),
        NETUID,
      );
      for (let i = 0; i < UIDS; i++) TotalHotkeyAlpha.put(s, BigInt(i + number), hotkey(i), NETUID);
      TotalIssuance.put(s, BigInt(number));
    });
    epochNote.push(ms(() => metrics.noteChanges(epoch)));
    epochRefresh.push(ms(() => metrics.refresh()));
  }
  console.log(`economics gauges, one subnet of ${UIDS} uids (medians of ${REPEATS}):`);
  console.log(`  first scrape (loads every neuron):           ${fmt(median(first), 2)} ms`);
  console.log(
    `  block between epochs: noteChanges ${fmt(median(quietNote) * 1000, 1)} µs, refresh ${fmt(median(quietRefresh) * 1000, 1)} µs`,
  );
  console.log(
    `  epoch block (${UIDS} stakes written): noteChanges ${fmt(median(epochNote), 3)} ms, refresh ${fmt(median(epochRefresh), 2)} ms`,
  );
}
