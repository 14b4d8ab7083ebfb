/**
 * WeightSetter against the in-process dev chain (instant seal, blocks sealed by the test): set_weights
 * lands and matches `Weights`; commit-reveal commits (salt saved first), reveals inside the window and the
 * weights land; a fresh WeightSetter restored from the state file reveals a commit made before a
 * "crash"; an expired commit is dropped; rate-limit, version-key and disconnect errors are named and
 * counted without a throw, and the rate-limited submission lands later. Plus the snapshot parser and
 * offer() input checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../chain/node/node.js';
import { ChainClientError } from '../../shared/chain/errors.js';
import { type ChainClient, PolkadotChainClient } from '../../shared/chain/index.js';
import { silentLogger } from '../../shared/logger.js';
import { isEpochBlock } from '../../shared/subtensor/epoch.js';
import { registerSubnet } from '../../testkit/subnet.js';
import { JsonStateFile } from '../../validator/state.js';
import { WeightSetter, type WeightSetterOptions } from '../../validator/weight-setter.js';
import {
  parseWeightSetterSnapshot,
  type WeightSetterSnapshot,
  type WeightsMethod,
} from '../../validator/weight-store.js';

/** A pino logger whose JSON lines land in `lines`. */
function capturingLogger(): { log: pino.Logger; lines: Array<{ msg: string; [k: string]: unknown }> } {
  const lines: Array<{ msg: string; [k: string]: unknown }> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('WeightSetter on the dev chain', () => {
  let node: NodeHandle;
  let chain: PolkadotChainClient;
  let dir: string;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  let alice: KeyringPair;
  let validator: KeyringPair;
  /** Commit-reveal off / on. */
  let setNet = -1;
  let crNet = -1;

  const tx = () => chain.api.tx;
  const query = () => chain.api.query.subtensorModule;

  async function sudo(call: SubmittableExtrinsic<'promise'>): Promise<void> {
    const result = await chain.submit('Sudo.sudo', tx().sudo.sudo(call), alice);
    if (!result.events.includes('sudo.Sudid')) throw new Error(`sudo failed: ${result.events.join(',')}`);
  }

  const newSubnet = () => registerSubnet(chain, validator.address, alice);

  async function storedWeights(netuid: number, uid: number): Promise<Array<[number, number]>> {
    const row = await query().weights(netuid, uid);
    return row.map(([dest, weight]) => [dest.toNumber(), weight.toNumber()]);
  }

  /** Calls onBlock at the head, sealing a block between calls, until `done()` (at most `max` blocks). */
  async function drive(setter: WeightSetter, done: () => boolean, max = 40): Promise<number> {
    for (let i = 0; i < max; i++) {
      const head = await chain.bestBlockNumber();
      await setter.onBlock(head);
      if (done()) return head;
      await node.sealBlock();
    }
    throw new Error(`not done within ${max} blocks`);
  }

  async function seal(blocks: number): Promise<void> {
    for (let i = 0; i < blocks; i++) await node.sealBlock();
  }

  function setterWith(
    netuid: number,
    extra: Partial<WeightSetterOptions> = {},
  ): {
    setter: WeightSetter;
    submitted: Array<[WeightsMethod, string]>;
    errors: string[];
    lines: Array<{ msg: string; [k: string]: unknown }>;
  } {
    const submitted: Array<[WeightsMethod, string]> = [];
    const errors: string[] = [];
    const { log, lines } = capturingLogger();
    const setter = new WeightSetter({
      chain,
      hotkey: validator,
      netuid,
      log,
      store: { save: async () => undefined },
      onSubmitted: (method, result) => submitted.push([method, result]),
      onChainError: (name) => errors.push(name),
      // The dev chain has timelocked commits (auto would use them): these tests are of the hash path.
      mode: netuid === crNet ? 'commit-reveal' : 'auto',
      ...extra,
    });
    return { setter, submitted, errors, lines };
  }

  beforeAll(async () => {
    await cryptoWaitReady();
    dir = await mkdtemp(join(tmpdir(), 'expertnet-weight-setter-'));
    node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
    chain = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
    await chain.connect();
    alice = keyring.addFromUri('//Alice');
    validator = keyring.addFromUri('//Alice//validator');
    const bob = keyring.addFromUri('//Bob');
    const minerHotkey = keyring.addFromUri('//Bob//miner');
    // The owner hotkey is uid 0 and may set weights without a permit; a miner is uid 1.
    for (const which of ['set', 'cr'] as const) {
      const netuid = await newSubnet();
      await chain.burnedRegister(bob, netuid, minerHotkey.address);
      await sudo(tx().adminUtils.sudoSetTempo(netuid, 4));
      await sudo(tx().adminUtils.sudoSetWeightsSetRateLimit(netuid, 2));
      await sudo(tx().adminUtils.sudoSetCommitRevealWeightsEnabled(netuid, which === 'cr'));
      if (which === 'set') setNet = netuid;
      else crNet = netuid;
    }
  });
  afterAll(async () => {
    await chain?.close();
    await node?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sets weights once per interval and they match Weights storage', async () => {
    const { setter, submitted, errors } = setterWith(setNet, { intervalBlocks: 3 });
    setter.offer({ uids: [0, 1], weights: [65535, 21845] });
    await drive(setter, () => submitted.length > 0);
    expect(submitted).toEqual([['set_weights', 'ok']]);
    expect(errors).toEqual([]);
    expect(await storedWeights(setNet, 0)).toEqual([
      [0, 65535],
      [1, 21845],
    ]);
    const neuron = await chain.getNeuron(setNet, validator.address);
    expect(setter.lastWeights).toMatchObject({ block: neuron!.lastUpdate, method: 'set', uids: [0, 1] });

    // Within the interval nothing is sent, however often onBlock is called, concurrently or not.
    setter.offer({ uids: [0, 1], weights: [10000, 65535] });
    const head = await chain.bestBlockNumber();
    await Promise.all([setter.onBlock(head), setter.onBlock(head), setter.onBlock(head)]);
    expect(submitted).toHaveLength(1);
    // Once it has passed, the latest offer lands exactly once even with overlapping calls.
    await seal(3);
    const now = await chain.bestBlockNumber();
    await Promise.all([setter.onBlock(now), setter.onBlock(now)]);
    expect(submitted).toEqual([
      ['set_weights', 'ok'],
      ['set_weights', 'ok'],
    ]);
    expect(await storedWeights(setNet, 0)).toEqual([
      [0, 10000],
      [1, 65535],
    ]);
  });

  it('names a rate-limit refusal, backs off to the new limit and lands later', async () => {
    // Hyperparameters cached at rate limit 2; the owner then raises it to 12 behind the setter's back.
    const { setter, submitted, errors } = setterWith(setNet, {
      intervalBlocks: 1,
      hyperparamsRefreshBlocks: 1000,
    });
    setter.offer({ uids: [0, 1], weights: [30000, 65535] });
    await seal(3);
    await drive(setter, () => submitted.length > 0);
    expect(submitted).toEqual([['set_weights', 'ok']]);
    await sudo(tx().adminUtils.sudoSetWeightsSetRateLimit(setNet, 12));
    const last = (await chain.getNeuron(setNet, validator.address))!.lastUpdate;

    await setter.onBlock(await chain.bestBlockNumber());
    expect(errors).toEqual(['RateLimitExceeded']);
    expect(submitted.at(-1)).toEqual(['set_weights', 'RateLimitExceeded']);

    await drive(setter, () => submitted.at(-1)?.[1] === 'ok');
    // Only the one refusal: the retry waited for LastUpdate + the new limit instead of hammering.
    expect(errors).toEqual(['RateLimitExceeded']);
    expect(setter.lastWeights!.block).toBeGreaterThanOrEqual(last + 12);
    await sudo(tx().adminUtils.sudoSetWeightsSetRateLimit(setNet, 2));
  });

  it('names a too-old version key and uses the chain key when none is given', async () => {
    await sudo(tx().adminUtils.sudoSetWeightsVersionKey(setNet, 7));
    await seal(2);
    const old = setterWith(setNet, { versionKey: 3n, intervalBlocks: 1 });
    old.setter.offer({ uids: [0, 1], weights: [65535, 1] });
    await old.setter.onBlock(await chain.bestBlockNumber());
    expect(old.errors).toEqual(['IncorrectWeightVersionKey']);
    expect(old.submitted).toEqual([['set_weights', 'IncorrectWeightVersionKey']]);
    expect(old.lines.some((l) => /newer weights version key/.test(l.msg))).toBe(true);

    const current = setterWith(setNet, { intervalBlocks: 1 });
    current.setter.offer({ uids: [0, 1], weights: [65535, 1] });
    await drive(current.setter, () => current.submitted.length > 0);
    expect(current.submitted).toEqual([['set_weights', 'ok']]);
    expect(await storedWeights(setNet, 0)).toEqual([
      [0, 65535],
      [1, 1],
    ]);
  });

  it('commits (salt saved before sending), reveals in the reveal window, weights land', async () => {
    const file = new JsonStateFile(join(dir, 'cr.json'), parseWeightSetterSnapshot);
    const savedAtPersist: WeightSetterSnapshot[] = [];
    const made = setterWith(crNet, {
      intervalBlocks: 50,
      store: {
        save: async (snapshot) => {
          savedAtPersist.push(snapshot);
          await file.save(snapshot);
        },
      },
    });
    const setter = made.setter;
    setter.offer({ uids: [0, 1], weights: [65535, 40000] });
    await drive(setter, () => made.submitted.length > 0);
    expect(made.submitted).toEqual([['commit', 'ok']]);
    // The first save happened before the commit was on chain: the salt, no chain record yet.
    expect(savedAtPersist[0]!.pendingCommits).toHaveLength(1);
    expect(savedAtPersist[0]!.pendingCommits[0]!.commitBlock).toBeUndefined();
    expect(savedAtPersist[0]!.pendingCommits[0]!.salt).toHaveLength(8);
    const [pending] = setter.pendingCommits;
    const onChain = await chain.weightCommits(crNet, validator.address);
    expect(onChain.map((c) => u8aToHex(c.hash))).toEqual([pending!.hash]);
    expect(pending).toMatchObject({
      commitBlock: onChain[0]!.commitBlock,
      firstRevealBlock: onChain[0]!.firstRevealBlock,
      lastRevealBlock: onChain[0]!.lastRevealBlock,
    });
    expect(await storedWeights(crNet, 0)).toEqual([]);

    await drive(setter, () => made.submitted.length > 1);
    expect(made.submitted).toEqual([
      ['commit', 'ok'],
      ['reveal', 'ok'],
    ]);
    const revealedAt = setter.lastWeights!.block;
    expect(setter.lastWeights!.method).toBe('reveal');
    expect(revealedAt).toBeGreaterThanOrEqual(pending!.firstRevealBlock!);
    expect(revealedAt).toBeLessThanOrEqual(pending!.lastRevealBlock!);
    expect(await storedWeights(crNet, 0)).toEqual([
      [0, 65535],
      [1, 40000],
    ]);
    expect(await chain.weightCommits(crNet, validator.address)).toEqual([]);
    expect((await file.load())!.pendingCommits).toEqual([]);
    expect(made.errors).toEqual([]);
  });

  it('reveals after a restart between commit and reveal, from the saved state file', async () => {
    const file = new JsonStateFile(join(dir, 'restart.json'), parseWeightSetterSnapshot);
    const before = setterWith(crNet, { intervalBlocks: 3, store: file });
    const first = before.setter;
    first.offer({ uids: [0, 1], weights: [12345, 65535] });
    await seal(2);
    await drive(first, () => before.submitted.length > 0);
    expect(before.submitted).toEqual([['commit', 'ok']]);
    // "Crash": the first setter is never called again. A new one starts from the file.
    const after = setterWith(crNet, { intervalBlocks: 50, store: file });
    const second = after.setter;
    second.restore(await file.load());
    expect(second.pendingCommits).toHaveLength(1);
    await drive(second, () => after.submitted.length > 0);
    expect(after.submitted).toEqual([['reveal', 'ok']]);
    expect(await storedWeights(crNet, 0)).toEqual([
      [0, 12345],
      [1, 65535],
    ]);
    expect((await file.load())!.pendingCommits).toEqual([]);
  });

  it('drops an expired commit with a log line, and never commits when the salt cannot be saved', async () => {
    const made = setterWith(crNet, { intervalBlocks: 3 });
    made.setter.offer({ uids: [0, 1], weights: [65535, 5] });
    await seal(2);
    await drive(made.setter, () => made.submitted.length > 0);
    expect(made.setter.pendingCommits).toHaveLength(1);
    const window = made.setter.pendingCommits[0]!;
    // Asleep through the whole reveal window (epochs are 5 blocks).
    const head = await chain.bestBlockNumber();
    await seal(window.lastRevealBlock! - head + 1);
    await made.setter.onBlock(await chain.bestBlockNumber());
    // Dropped, never revealed (a fresh commit of the latest offer may follow: the interval has passed).
    expect(made.setter.pendingCommits.map((c) => c.hash)).not.toContain(window.hash);
    expect(made.submitted.map(([m]) => m)).not.toContain('reveal');
    expect(made.lines.some((l) => /expired/.test(l.msg) && l.hash === window.hash)).toBe(true);

    const broken = setterWith(crNet, {
      intervalBlocks: 1,
      store: { save: () => Promise.reject(new Error('disk full')) },
    });
    broken.setter.offer({ uids: [0, 1], weights: [65535, 6] });
    const commitsBefore = (await chain.weightCommits(crNet, validator.address)).length;
    await seal(3);
    await broken.setter.onBlock(await chain.bestBlockNumber());
    expect(broken.submitted).toEqual([]);
    expect(broken.setter.pendingCommits).toEqual([]);
    expect(await chain.weightCommits(crNet, validator.address)).toHaveLength(commitsBefore);
    expect(broken.lines.some((l) => /cannot save the commit salt/.test(l.msg))).toBe(true);
  });

  it('drops a saved commit that never reached the chain (after a grace) or is gone from it', async () => {
    const head = await chain.bestBlockNumber();
    const fake = (byte: string) => `0x${byte.repeat(32)}`;
    const made = setterWith(crNet);
    made.setter.restore({
      netuid: crNet,
      hotkey: validator.address,
      pendingCommits: [
        // Saved just before sending, then the process died: never on chain.
        { hash: fake('01'), uids: [0], weights: [1], salt: [1], versionKey: '0', sentBlock: head },
        // Seen on chain once, then revealed by the previous process before it could save.
        {
          hash: fake('02'),
          uids: [0],
          weights: [1],
          salt: [2],
          versionKey: '0',
          sentBlock: head - 2,
          commitBlock: head - 1,
          firstRevealBlock: head + 3,
          lastRevealBlock: head + 7,
        },
        // Saved on another (older, longer) chain: this one never saw it and it must not block commits.
        { hash: fake('03'), uids: [0], weights: [1], salt: [3], versionKey: '0', sentBlock: head + 1000 },
      ],
    });
    await made.setter.onBlock(head);
    expect(made.setter.pendingCommits.map((c) => c.hash)).toEqual([fake('01')]);
    await made.setter.onBlock(head + 4);
    expect(made.setter.pendingCommits).toHaveLength(1);
    await made.setter.onBlock(head + 5);
    expect(made.setter.pendingCommits).toEqual([]);
    expect(made.lines.filter((l) => /weight commit dropped/.test(l.msg)).map((l) => l.hash)).toEqual([
      fake('02'),
      fake('03'),
      fake('01'),
    ]);
    expect(made.submitted).toEqual([]);
  });

  it('restarts its schedule when the chain is behind its last submission (a fresh chain)', async () => {
    const made = setterWith(setNet, { intervalBlocks: 1 });
    made.setter.restore({
      netuid: setNet,
      hotkey: validator.address,
      pendingCommits: [],
      lastSubmittedBlock: 1_000_000,
    });
    made.setter.offer({ uids: [0, 1], weights: [65535, 777] });
    await seal(3);
    await drive(made.setter, () => made.submitted.length > 0);
    expect(made.submitted).toEqual([['set_weights', 'ok']]);
    expect(made.lines.some((l) => /resetting the weights schedule/.test(l.msg))).toBe(true);
    expect(made.setter.snapshot().lastSubmittedBlock).toBeLessThan(1_000_000);
  });

  /** The dev chain client with one call replaced: a fault injected around the real chain. */
  function chainWith<K extends keyof ChainClient>(name: K, replacement: ChainClient[K]): ChainClient {
    return new Proxy(chain, {
      get(target, prop) {
        if (prop === name) return replacement;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  const timedOut = () =>
    new ChainClientError(
      { code: 'TX_TIMEOUT', call: 'SubtensorModule.commit_weights', timeoutMs: 60_000 },
      'SubtensorModule.commit_weights: no inBlock status within 60000 ms',
    );

  it('reveals a due commit while another submission is still waiting for inclusion', async () => {
    // Past the rate limit, then to the block before an epoch starts: the first commit lands in the
    // epoch's first block, so its reveal window opens a whole epoch (5 blocks) later.
    await seal(3);
    while (!isEpochBlock(crNet, 4, (await chain.bestBlockNumber()) + 1)) await node.sealBlock();
    let entered!: () => void;
    const held = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const slow = chainWith('commitWeights', async (signer, params, options) => {
      calls++;
      if (calls === 2) {
        // The second commit waits for inclusion for as long as the test likes.
        entered();
        await gate;
      }
      return chain.commitWeights(signer, params, options);
    });
    const made = setterWith(crNet, { chain: slow, intervalBlocks: 1 });
    made.setter.offer({ uids: [0, 1], weights: [65535, 4242] });
    await made.setter.onBlock(await chain.bestBlockNumber());
    expect(made.submitted).toEqual([['commit', 'ok']]);
    const first = made.setter.pendingCommits[0]!;

    made.setter.offer({ uids: [0, 1], weights: [1, 65535] });
    let stuck = false;
    void held.then(() => {
      stuck = true;
    });
    for (let i = 0; i < 4 && !stuck; i++) {
      await node.sealBlock();
      await Promise.race([made.setter.onBlock(await chain.bestBlockNumber()), held]);
    }
    expect(stuck).toBe(true);
    expect(made.submitted.map(([m]) => m)).not.toContain('reveal');

    // The reveal window opens while the second commit still hangs: the reveal goes out anyway.
    await drive(made.setter, () => made.submitted.some(([m]) => m === 'reveal'), 10);
    expect(made.submitted).toEqual([
      ['commit', 'ok'],
      ['reveal', 'ok'],
    ]);
    expect(await storedWeights(crNet, 0)).toEqual([
      [0, 65535],
      [1, 4242],
    ]);
    expect(made.setter.pendingCommits.map((c) => c.hash)).not.toContain(first.hash);
    // The held commit was never given up while in flight, and lands once released (past the rate
    // limit that the reveal restarted).
    expect(made.setter.pendingCommits).toHaveLength(1);
    await seal(2);
    release();
    await made.setter.whenIdle();
    expect(made.submitted.at(-1)).toEqual(['commit', 'ok']);
    const onChain = (await chain.weightCommits(crNet, validator.address)).map((c) => u8aToHex(c.hash));
    expect(onChain).toContain(made.setter.pendingCommits[0]!.hash);
    expect(made.errors).toEqual([]);
  });

  it('after a commit times out, commits nothing else until the chain shows it, then reveals it', async () => {
    let late: Uint8Array | undefined;
    let calls = 0;
    const timingOut = chainWith('commitWeights', async (signer, params, options) => {
      calls++;
      if (calls === 1) {
        // Sent, but no inclusion seen in time: its fate is unknown.
        late = params.commitHash;
        throw timedOut();
      }
      return chain.commitWeights(signer, params, options);
    });
    const made = setterWith(crNet, { chain: timingOut, intervalBlocks: 12 });
    made.setter.offer({ uids: [0, 1], weights: [65535, 31337] });
    await drive(made.setter, () => made.submitted.length > 0);
    expect(made.submitted).toEqual([['commit', 'TX_TIMEOUT']]);
    expect(made.setter.pendingCommits).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      await node.sealBlock();
      await made.setter.onBlock(await chain.bestBlockNumber());
    }
    expect(calls).toBe(1);

    // The pool included it after all: the setter finds it on chain and reveals it in its window.
    await chain.commitWeights(validator, { netuid: crNet, commitHash: late! });
    await drive(made.setter, () => made.submitted.some(([m]) => m === 'reveal'), 15);
    expect(calls).toBe(1);
    expect(made.submitted).toEqual([
      ['commit', 'TX_TIMEOUT'],
      ['reveal', 'ok'],
    ]);
    expect(await storedWeights(crNet, 0)).toEqual([
      [0, 65535],
      [1, 31337],
    ]);
  });

  it('gives a timed-out commit up only after a grace, then commits again', async () => {
    let calls = 0;
    const timingOut = chainWith('commitWeights', async (signer, params, options) => {
      calls++;
      if (calls === 1) throw timedOut();
      return chain.commitWeights(signer, params, options);
    });
    const made = setterWith(crNet, { chain: timingOut, intervalBlocks: 1 });
    made.setter.offer({ uids: [0, 1], weights: [65535, 2] });
    await seal(3);
    await drive(made.setter, () => made.submitted.length > 0);
    const lost = made.setter.pendingCommits[0]!;
    await drive(made.setter, () => made.submitted.length > 1, 15);
    expect(made.submitted).toEqual([
      ['commit', 'TX_TIMEOUT'],
      ['commit', 'ok'],
    ]);
    const dropped = made.lines.find((l) => /never reached the chain/.test(l.msg) && l.hash === lost.hash);
    expect(dropped).toBeDefined();
    // Not before the grace had passed since the timeout (here in the block it was sent).
    expect(lost.unknownSince).toBe(lost.sentBlock);
    const committed = made.setter.pendingCommits.find((c) => c.hash !== lost.hash)!;
    expect(committed.sentBlock).toBeGreaterThanOrEqual(lost.sentBlock + 5);
  });

  it('names a disconnected chain and does not throw', async () => {
    const gone = new PolkadotChainClient({ endpoint: node.rpcUrl });
    await gone.connect();
    await gone.close();
    const { log } = capturingLogger();
    const errors: string[] = [];
    const setter = new WeightSetter({
      chain: gone,
      hotkey: validator,
      netuid: setNet,
      log,
      intervalBlocks: 100,
      store: { save: async () => undefined },
      onChainError: (name) => errors.push(name),
    });
    setter.offer({ uids: [0], weights: [1] });
    await expect(setter.onBlock(100)).resolves.toBeUndefined();
    expect(errors).toEqual(['NOT_CONNECTED']);
    // Backing off exponentially (1, 2, 4 blocks, capped at the interval): tries at 100, 101, 103, 107.
    const tried: number[] = [100];
    for (let block = 101; block <= 110; block++) {
      const before = errors.length;
      await setter.onBlock(block);
      if (errors.length > before) tried.push(block);
    }
    expect(tried).toEqual([100, 101, 103, 107]);
    expect(new Set(errors)).toEqual(new Set(['NOT_CONNECTED']));
  });
});

describe('WeightSetter input and snapshots', () => {
  const hotkey = new Keyring({ type: 'sr25519' }).addFromUri('//Alice//validator');
  const make = () =>
    new WeightSetter({
      chain: {} as never,
      hotkey,
      netuid: 1,
      log: silentLogger(),
      store: { save: async () => undefined },
    });

  it('refuses weights that are not u16 vectors of equal length', () => {
    const setter = make();
    const bad: Array<{ uids: number[]; weights: number[] }> = [
      { uids: [0, 1], weights: [1] },
      { uids: [0], weights: [65536] },
      { uids: [-1], weights: [1] },
      { uids: [0], weights: [0.5] },
      { uids: [2, 2], weights: [1, 1] },
    ];
    for (const weights of bad)
      expect(() => setter.offer(weights)).toThrow(expect.objectContaining({ code: 'BAD_WEIGHTS' }));
  });

  it('round-trips a snapshot through JSON and refuses malformed ones', () => {
    const snapshot: WeightSetterSnapshot = {
      netuid: 1,
      hotkey: hotkey.address,
      pendingCommits: [
        {
          hash: `0x${'ab'.repeat(32)}`,
          uids: [0, 1],
          weights: [65535, 3],
          salt: [1, 2, 3, 4, 5, 6, 7, 8],
          versionKey: '18446744073709551615',
          sentBlock: 10,
          commitBlock: 11,
          firstRevealBlock: 15,
          lastRevealBlock: 19,
        },
      ],
      lastWeights: { block: 11, uids: [0, 1], weights: [65535, 3], method: 'commit' },
      lastSubmittedBlock: 11,
    };
    expect(parseWeightSetterSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    const setter = make();
    setter.restore(snapshot);
    expect(setter.snapshot()).toEqual(snapshot);

    const commit = snapshot.pendingCommits[0]!;
    const bad: unknown[] = [
      null,
      {},
      { pendingCommits: [{ ...commit, hash: '0x12' }] },
      { pendingCommits: [{ ...commit, weights: [1] }] },
      { pendingCommits: [{ ...commit, salt: [70000] }] },
      { pendingCommits: [{ ...commit, versionKey: 1 }] },
      { pendingCommits: [], lastWeights: { ...snapshot.lastWeights, method: 'guess' } },
    ];
    for (const json of bad) {
      expect(() => parseWeightSetterSnapshot(json)).toThrow(
        expect.objectContaining({ code: 'BAD_SNAPSHOT' }),
      );
    }
  });

  it('ignores a snapshot of another subnet or hotkey', () => {
    const setter = make();
    setter.restore({ netuid: 2, pendingCommits: [] });
    setter.restore({
      netuid: 1,
      hotkey: 'someone else',
      pendingCommits: [
        { hash: `0x${'00'.repeat(32)}`, uids: [], weights: [], salt: [], versionKey: '0', sentBlock: 1 },
      ],
    });
    expect(setter.pendingCommits).toEqual([]);
  });
});
