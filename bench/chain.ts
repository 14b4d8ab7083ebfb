/**
 * `npm run bench:chain`: the dev chain node in its own process.
 *  - start-up: process spawn → JSON-RPC ready, and → first block (instant seal, one pre-signed transfer
 *    submitted as soon as the port answers);
 *  - `ApiPromise.create` against the running node;
 *  - sustained throughput: pre-signed transfers from the six dev accounts submitted over one WebSocket
 *    (windowed under the pool limit), counted as they are included in blocks; once with the node's
 *    default signature worker threads, once with `--signature-workers 0` (verification on the main thread).
 *  - state memory (`--state-memory` runs only this): RSS of a node over 360 blocks of 30 transfers each,
 *    sealed with `engine_createBlock`, with `--state-pruning` at its default (256) and as `archive`.
 * Prints the machine's load average before and after: on a shared machine the figures move with it.
 * Runs `dist/chain/cli.js` when built (`npm run build`), else `chain/cli.ts` through tsx, and says which.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import getPort from 'get-port';
import WebSocket from 'ws';
import { fmt, median } from './stats.js';

const DEV = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
const PER_ACCOUNT = Number(process.env.BENCH_CHAIN_PER_ACCOUNT ?? 600);
const ROUNDS = 3;
const STARTUP_REPEATS = 5;
const API_REPEATS = 5;
/** Transfers in flight (submitted, not yet included): the pool always has work, well under its limit. */
const WINDOW = 2000;

function nodeCommand(): { args: string[]; how: string } {
  // BENCH_CHAIN_TSX=1 runs the sources even when a (possibly stale) dist exists.
  if (process.env.BENCH_CHAIN_TSX !== '1' && existsSync('dist/chain/cli.js'))
    return { args: ['dist/chain/cli.js'], how: 'built dist/chain/cli.js' };
  return {
    args: ['--import', 'tsx', 'chain/cli.ts'],
    how: 'chain/cli.ts via tsx (run `npm run build` for dist)',
  };
}

interface Spawned {
  child: ChildProcess;
  port: number;
  started: number;
  /** Resolves with performance.now() when a log line's msg starts with `prefix`. */
  when(prefix: string): Promise<number>;
  stop(): Promise<void>;
}

async function spawnNode(extra: string[] = [], seal: string[] = ['--instant-seal']): Promise<Spawned> {
  const port = await getPort({ host: '127.0.0.1' });
  const { args } = nodeCommand();
  const started = performance.now();
  // BENCH_CHAIN_NODE_FLAGS passes Node flags to the node process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeFlags = (process.env.BENCH_CHAIN_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      ...args,
      '--dev',
      ...seal,
      '--rpc-port',
      String(port),
      ...(extra.includes('--prometheus-port') ? [] : ['--no-prometheus']),
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const waiters: Array<{ prefix: string; resolve: (t: number) => void }> = [];
  let buffer = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const now = performance.now();
    buffer += chunk.toString();
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
      let msg = '';
      try {
        msg = (JSON.parse(line) as { msg?: string }).msg ?? '';
      } catch {
        continue;
      }
      for (const w of [...waiters]) {
        if (msg.startsWith(w.prefix)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(now);
        }
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    port,
    started,
    when: (prefix) => new Promise((resolve) => waiters.push({ prefix, resolve })),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function httpCall(port: number, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return ((await res.json()) as { result?: unknown }).result;
}

/** Signs `count` immortal transfers per dev account (nonces from `firstNonce`), round-robin across accounts. */
async function presign(api: ApiPromise, count: number, firstNonce: number): Promise<string[]> {
  const keyring = new Keyring({ type: 'sr25519' });
  const pairs = DEV.map((name) => keyring.addFromUri(`//${name}`));
  const out: string[] = [];
  const immortal = api.createType('ExtrinsicEra', '0x00');
  for (let n = 0; n < count; n++) {
    for (let a = 0; a < pairs.length; a++) {
      const dest = pairs[(a + 1) % pairs.length]!.address;
      const tx = api.tx.balances.transferKeepAlive(dest, 1_000_000n);
      out.push(
        tx
          .sign(pairs[a]!, {
            nonce: firstNonce + n,
            era: immortal,
            blockHash: api.genesisHash,
            genesisHash: api.genesisHash,
            runtimeVersion: api.runtimeVersion,
            signedExtensions: api.registry.signedExtensions,
          })
          .toHex(),
      );
    }
  }
  return out;
}

async function startup(signedFirst: string): Promise<{ ready: number[]; first: number[] }> {
  const ready: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < STARTUP_REPEATS; i++) {
    const node = await spawnNode();
    const rpcReady = node.when('Running JSON-RPC server');
    const imported = node.when('Imported #1 ');
    const tReady = await rpcReady;
    await httpCall(node.port, 'author_submitExtrinsic', [signedFirst]);
    const tFirst = await imported;
    ready.push(tReady - node.started);
    first.push(tFirst - node.started);
    await node.stop();
  }
  return { ready, first };
}

async function throughput(
  port: number,
  signed: string[],
): Promise<{ rate: number; blocks: number; rejected: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const pending = new Map<number, (frame: { result?: unknown; error?: { message: string } }) => void>();
  const call = (method: string, params: unknown[]) =>
    new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  let included = 0;
  let blocks = 0;
  let onIncluded: () => void = () => {};
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.id !== undefined) {
      pending.get(frame.id)?.(frame);
      pending.delete(frame.id);
      return;
    }
    if (frame.method === 'chain_newHead') {
      void call('chain_getBlockHash', [frame.params.result.number]).then(async (h) => {
        const block = (await call('chain_getBlock', [h.result])).result as {
          block: { extrinsics: string[] };
        };
        const n = block.block.extrinsics.length - 1; // minus the timestamp inherent
        if (n > 0) {
          included += n;
          blocks++;
          onIncluded();
        }
      });
    }
  });
  await call('chain_subscribeNewHeads', []);
  const started = performance.now();
  let submitted = 0;
  let rejected = 0;
  const done = new Promise<void>((resolve) => {
    onIncluded = () => {
      if (included + rejected >= signed.length) resolve();
    };
  });
  while (submitted < signed.length) {
    while (submitted - included - rejected >= WINDOW) await new Promise((r) => setTimeout(r, 2));
    const batch = signed.slice(submitted, submitted + 500);
    submitted += batch.length;
    for (const xt of batch) {
      void call('author_submitExtrinsic', [xt]).then((r) => {
        if (r.error !== undefined) {
          rejected++;
          if (rejected <= 3) console.log(`  rejected: ${r.error.message}`);
        }
      });
    }
    await new Promise((r) => setImmediate(r));
  }
  await done;
  const elapsed = (performance.now() - started) / 1000;
  ws.close();
  return { rate: included / elapsed, blocks, rejected };
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')} (1/5/15 min) on ${availableParallelism()} cores`;

async function sustained(label: string, extra: string[], rounds: string[][]): Promise<number> {
  const node = await spawnNode(extra);
  await node.when('Running JSON-RPC server');
  const rates: number[] = [];
  for (const signed of rounds) {
    const result = await throughput(node.port, signed);
    rates.push(result.rate);
    console.log(
      `  ${label} round: ${signed.length} transfers included in ${result.blocks} blocks at ${fmt(result.rate, 0)} tx/s` +
        (result.rejected > 0 ? ` (${result.rejected} rejected)` : ''),
    );
  }
  await node.stop();
  return median(rates);
}

/** Resident set size of a process in MiB (Linux `/proc`). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const MEMORY_BLOCKS = 360;
const MEMORY_TX_PER_ACCOUNT = 5;

/**
 * RSS over `MEMORY_BLOCKS` blocks of `6 × MEMORY_TX_PER_ACCOUNT` transfers, sealed one by one with
 * `engine_createBlock` (no instant seal: every block gets the same load). Samples RSS every 30 blocks, and
 * reads the state versions the node holds at the end (from its metrics).
 */
async function stateMemory(rounds: string[][]): Promise<void> {
  const results: Array<{ label: string; samples: Array<[number, number]>; versions: number }> = [];
  for (const [label, flag] of [
    ['default (256)', []],
    ['archive', ['--state-pruning', 'archive']],
  ] as const) {
    const promPort = await getPort({ host: '127.0.0.1' });
    const node = await spawnNode(
      [...flag, '--prometheus-port', String(promPort)],
      ['--block-time', '3600000'],
    );
    await node.when('Running JSON-RPC server');
    const pid = node.child.pid ?? 0;
    const samples: Array<[number, number]> = [];
    for (let b = 0; b < MEMORY_BLOCKS; b++) {
      const txs = rounds[b] ?? [];
      await Promise.all(txs.map((xt) => httpCall(node.port, 'author_submitExtrinsic', [xt])));
      await httpCall(node.port, 'engine_createBlock', [true, true]);
      if ((b + 1) % 30 === 0) samples.push([b + 1, rssMiB(pid)]);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${promPort}/metrics`)).text();
    const versions = Number(/^expertnet_chain_state_versions (\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
    results.push({ label, samples, versions });
    await node.stop();
  }
  for (const { label, samples, versions } of results) {
    const late = samples.slice(-4).map(([, r]) => r);
    console.log(
      `  --state-pruning ${label}: RSS ${samples.map(([b, r]) => `#${b} ${fmt(r, 0)}`).join(', ')} MiB; ` +
        `median of the last 4 samples ${fmt(median(late), 0)} MiB; ${versions} state versions in memory`,
    );
  }
}

async function presignMemoryLoad(url: string): Promise<string[][]> {
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const all = await presign(api, MEMORY_BLOCKS * MEMORY_TX_PER_ACCOUNT, 0);
  await api.disconnect();
  // presign is round-robin by nonce: consecutive groups of 6 × per-account transfers keep nonces in order.
  const per = DEV.length * MEMORY_TX_PER_ACCOUNT;
  return Array.from({ length: MEMORY_BLOCKS }, (_, b) => all.slice(b * per, (b + 1) * per));
}

export async function run(args: readonly string[] = []): Promise<void> {
  await cryptoWaitReady();
  console.log(`node process: ${nodeCommand().how}; ${load()}`);
  if (args.includes('--state-memory')) {
    const node = await spawnNode();
    await node.when('Running JSON-RPC server');
    const load30 = await presignMemoryLoad(`ws://127.0.0.1:${node.port}`);
    await node.stop();
    console.log(
      `state memory (${MEMORY_BLOCKS} blocks × ${load30[0]?.length} transfers, engine_createBlock):`,
    );
    await stateMemory(load30);
    console.log(`after: ${load()}`);
    return;
  }

  const node = await spawnNode();
  await node.when('Running JSON-RPC server');
  const url = `ws://127.0.0.1:${node.port}`;

  const apiTimes: number[] = [];
  for (let i = 0; i < API_REPEATS; i++) {
    const t0 = performance.now();
    const api = await ApiPromise.create({
      provider: new WsProvider(url),
      noInitWarn: true,
      throwOnConnect: true,
    });
    apiTimes.push(performance.now() - t0);
    await api.disconnect();
  }
  console.log(`ApiPromise.create against the node: median ${fmt(median(apiTimes))} ms (n=${API_REPEATS})`);

  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const t0 = performance.now();
  const rounds: string[][] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await presign(api, PER_ACCOUNT, r * PER_ACCOUNT));
  const [firstTx] = await presign(api, 1, 0);
  console.log(
    `pre-signed ${ROUNDS} × ${rounds[0]!.length} transfers in ${fmt((performance.now() - t0) / 1000)} s`,
  );
  await api.disconnect();

  await node.stop();

  // A fresh node per mode: the dev genesis is deterministic, so the same pre-signed rounds apply.
  const withWorkers = await sustained('workers', [], rounds);
  const inThread = await sustained('in-thread', ['--signature-workers', '0'], rounds);
  console.log(
    `signed transfers included, sustained (first submit → last inclusion, ${WINDOW} in flight): ` +
      `median ${fmt(withWorkers, 0)} tx/s over ${ROUNDS} rounds with signature workers, ` +
      `${fmt(inThread, 0)} tx/s verifying on the main thread (node in its own process)`,
  );

  const memNode = await spawnNode();
  await memNode.when('Running JSON-RPC server');
  const memoryLoad = await presignMemoryLoad(`ws://127.0.0.1:${memNode.port}`);
  await memNode.stop();
  console.log(
    `state memory (${MEMORY_BLOCKS} blocks × ${memoryLoad[0]?.length} transfers, engine_createBlock):`,
  );
  await stateMemory(memoryLoad);

  const { ready, first } = await startup(firstTx!);
  console.log(`process start → JSON-RPC ready: median ${fmt(median(ready))} ms (n=${STARTUP_REPEATS})`);
  console.log(
    `process start → first block (instant seal, transfer submitted on ready): median ${fmt(median(first))} ms`,
  );
  console.log(`after: ${load()}`);
}
