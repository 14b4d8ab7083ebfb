/**
 * Timelocked weights on the dev chain (its Drand pallet and dev beacon, `commit_timelocked_weights`):
 * the weight setter in `auto` mode commits timelocked, the commit is unreadable before its round (the
 * pulses the chain holds do not open it, and no weights row exists), the chain applies exactly the
 * committed vector once the round's pulse is in, and the setter sees it applied; a restarted setter
 * neither commits twice in an epoch nor forgets its commit; and a validator process killed (SIGKILL)
 * right after committing still gets its weights applied.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { hexToU8a, isHex } from '@polkadot/util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelockError, timelockDecrypt } from '../../shared/timelock/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { FakeMiner, startTestNet, type TestNet } from '../../testkit/validator-net.js';
import { WeightSetter } from '../../validator/weight-setter.js';
import {
  parseWeightSetterSnapshot,
  type WeightSetterSnapshot,
  type WeightsMethod,
} from '../../validator/weight-store.js';
import { sameVector } from '../../validator/weight-timelock.js';
import { epochOf } from '../../validator/weights-mode.js';

type LogLine = { msg: string; [k: string]: unknown };

function capturingLogger(): { log: pino.Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('timelocked weights on the dev chain', () => {
  let dir: string;
  let net: TestNet;
  const fakes: FakeMiner[] = [];
  const minerUids: number[] = [];
  let child: ChildProcess | undefined;

  const drand = () => {
    const section = net.chain.api.query.drand;
    if (!section) throw new Error('the dev chain has no Drand pallet');
    return section;
  };

  /** `Drand.LastStoredRound` at a block (default: best). */
  async function lastStoredRound(block?: number): Promise<bigint> {
    const api = net.chain.api;
    const at = block === undefined ? api : await api.at(await api.rpc.chain.getBlockHash(block));
    const item = at.query.drand?.lastStoredRound;
    if (!item) throw new Error('no Drand.LastStoredRound');
    return BigInt((await item()).toString());
  }

  /** The stored pulse signature of `round`. */
  async function pulseSignature(round: bigint): Promise<Uint8Array> {
    const item = drand().pulses;
    if (!item) throw new Error('no Drand.Pulses');
    const json = (await item(round)).toJSON();
    const signature =
      json !== null && typeof json === 'object' && !Array.isArray(json) ? json.signature : undefined;
    if (typeof signature !== 'string' || !isHex(signature)) throw new Error(`no pulse for round ${round}`);
    return hexToU8a(signature);
  }

  /** Entries in the validator's (uid 0) weights row at a block. */
  async function rowAt(block: number): Promise<number> {
    const api = net.chain.api;
    const at = await api.at(await api.rpc.chain.getBlockHash(block));
    return (await at.query.subtensorModule.weights(net.netuid, 0)).length;
  }

  /** onBlock at the head, a block sealed between calls, until `done()` (at most `max` blocks). */
  async function drive(
    setter: WeightSetter,
    done: () => boolean | Promise<boolean>,
    max = 60,
  ): Promise<void> {
    for (let i = 0; i < max; i++) {
      await setter.onBlock(await net.chain.bestBlockNumber());
      if (await done()) return;
      await net.node.sealBlock();
    }
    throw new Error(`not done within ${max} blocks`);
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-weights-timelock-'));
    net = await startTestNet(dir);
    // Commit-reveal is on by default on the dev chain, as on finney; no rate limit between submissions.
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    await Promise.all(
      ['//Bob', '//Charlie'].map(async (uri) => {
        const hotkey = Sr25519Keypair.fromUri(`${uri}//hotkey`);
        minerUids.push(await net.register(uri, hotkey));
        const fake = await FakeMiner.start(hotkey, 'uniform');
        fakes.push(fake);
        await net.advertise(hotkey, fake.port);
      }),
    );
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const fake of fakes) await fake.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('commits timelocked in auto mode; unreadable until the round; the chain applies exactly those weights', async () => {
    const settings = await net.chain.commitRevealSettings(net.netuid);
    expect(settings).toMatchObject({ enabled: true, timelock: true });
    expect(settings.version).toBeGreaterThan(0);
    const beacon = await net.chain.beaconConfig();
    expect(beacon.publicKey).toHaveLength(96);

    const submitted: Array<[WeightsMethod, string]> = [];
    const saved: WeightSetterSnapshot[] = [];
    const { log, lines } = capturingLogger();
    const hotkey = net.validatorHotkey.toKeyringPair();
    const options = {
      chain: net.chain,
      hotkey,
      netuid: net.netuid,
      log,
      store: { save: async (s: WeightSetterSnapshot) => void saved.push(structuredClone(s)) },
      onSubmitted: (method: WeightsMethod, result: string) => submitted.push([method, result]),
    };
    const setter = new WeightSetter(options);
    const offered = { uids: [...minerUids].sort(), weights: [65535, 21845] };
    setter.offer(offered);
    await drive(setter, () => submitted.length > 0);
    expect(submitted).toEqual([['commit_timelocked', 'ok']]);
    expect(setter.path).toBe('timelock');
    expect(lines.some((l) => l.msg === 'weights committed (timelocked)' && l.mode === 'timelock')).toBe(true);

    // On chain: our ciphertext, filed under the commit's epoch, to a round the chain has no pulse for yet.
    const [commit] = setter.snapshot().timelockedCommits ?? [];
    if (!commit?.commitBlock) throw new Error('no confirmed timelocked commit in the snapshot');
    const hp = await net.chain.hyperparams(net.netuid);
    expect(commit.epoch).toBe(epochOf(commit.commitBlock, net.netuid, hp.tempo));
    const filed = await net.chain.timelockedWeightCommits(net.netuid, commit.epoch);
    const ours = filed.find((c) => c.hotkey === hotkey.address);
    if (!ours) throw new Error('the commit is not in TimelockedWeightCommits');
    expect(ours.revealRound.toString()).toBe(commit.revealRound);
    const last = await lastStoredRound();
    expect(last).toBeGreaterThan(0n);
    expect(ours.revealRound).toBeGreaterThan(last);
    // The newest pulse on chain does not open it; no weights row exists.
    const newest = await pulseSignature(last);
    expect(() => timelockDecrypt(ours.commit, newest)).toThrow(TimelockError);
    expect(await net.storageWeights(0)).toEqual([]);
    // Saved before it was sent (a restart must know of it).
    expect(saved.some((s) => s.timelockedCommits?.some((c) => c.revealRound === commit.revealRound))).toBe(
      true,
    );

    // A restarted setter (from the saved store) does not commit again in this epoch.
    const restarted = new WeightSetter({ ...options, log: capturingLogger().log });
    restarted.restore(setter.snapshot());
    restarted.offer(offered);
    await restarted.onBlock(await net.chain.bestBlockNumber());
    expect(submitted).toHaveLength(1);
    expect(restarted.snapshot().timelockedCommits).toHaveLength(1);

    // The chain applies it once the round's pulse is in, and the setter sees it applied.
    await drive(restarted, () => restarted.lastWeights?.method === 'reveal', 3 * (hp.tempo + 1) + 10);
    const row = new Map(await net.storageWeights(0));
    expect(row).toEqual(new Map(offered.uids.map((uid, i) => [uid, offered.weights[i]])));
    const detectedAt = restarted.lastWeights?.block ?? 0;
    expect(restarted.lastWeights).toMatchObject({ method: 'reveal', ...offered });
    // The block that applied it: the first with a row, in the reveal epoch, with the round's pulse in.
    let appliedAt = commit.commitBlock;
    while ((await rowAt(appliedAt)) === 0) appliedAt++;
    expect(appliedAt).toBeLessThanOrEqual(detectedAt);
    expect(epochOf(appliedAt, net.netuid, hp.tempo)).toBe(commit.epoch + 1);
    expect(await lastStoredRound(appliedAt)).toBeGreaterThanOrEqual(ours.revealRound);
    const left = await net.chain.timelockedWeightCommits(net.netuid, commit.epoch);
    expect(left.some((c) => c.hotkey === hotkey.address)).toBe(false);
    expect(
      restarted.snapshot().timelockedCommits?.some((c) => c.revealRound === commit.revealRound),
    ).not.toBe(true);
    // Now the round's pulse opens the ciphertext (the chain did exactly that).
    expect(timelockDecrypt(ours.commit, await pulseSignature(ours.revealRound)).length).toBeGreaterThan(0);
  }, 120_000);

  it('a validator killed (SIGKILL) right after its timelocked commit still gets its weights applied', async () => {
    const stateDir = join(dir, 'killed');
    const cli = fileURLToPath(new URL('../../validator/cli.ts', import.meta.url));
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        ...['--netuid', String(net.netuid), '--subtensor.chain_endpoint', net.node.rpcUrl],
        ...[
          '--wallet.name',
          'validator',
          '--wallet.hotkey',
          'default',
          '--wallet.path',
          join(dir, 'wallets'),
        ],
        ...['--state.dir', stateDir, '--metrics.port', '0', '--neuron.timeout_ms', '3000'],
        // Commit at the first chance (one per epoch still holds): fewer blocks to seal.
        ...['--weights.mode', 'timelock', '--neuron.epoch_length', '1'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    const lines: LogLine[] = [];
    let buffered = '';
    // The validator logs JSON lines to stderr.
    proc.stderr?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        try {
          lines.push(JSON.parse(line));
        } catch {
          // not a log line
        }
      }
    });
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const committed = () => lines.find((l) => l.msg === 'weights committed (timelocked)');
    const hp = await net.chain.hyperparams(net.netuid);
    await net.sealUntil(() => committed() !== undefined, 'the timelocked commit', 4 * (hp.tempo + 1) + 20);
    proc.kill('SIGKILL');
    await exited;
    child = undefined;

    // What it committed, from its store (written before the commit was sent).
    const store = JSON.parse(await readFile(join(stateDir, 'weights.json'), 'utf8'));
    const snapshot = parseWeightSetterSnapshot(store.value);
    const [commit] = snapshot.timelockedCommits ?? [];
    if (!commit) throw new Error('no timelocked commit in the killed validator store');
    expect(String(committed()?.revealRound)).toBe(commit.revealRound);

    // Nobody reveals anything: the chain applies the commit by itself once the round's pulse is in.
    const applied = async () => {
      const row = await net.storageWeights(0);
      return sameVector({ uids: row.map(([u]) => u), weights: row.map(([, w]) => w) }, commit);
    };
    expect(await applied()).toBe(false);
    await net.sealUntil(applied, 'the killed validator weights applied', 3 * (hp.tempo + 1) + 10);
    const best = await net.chain.bestBlockNumber();
    expect(await lastStoredRound(best)).toBeGreaterThanOrEqual(BigInt(commit.revealRound));
  }, 180_000);
});
