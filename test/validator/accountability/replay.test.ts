/**
 * `expertnet audit replay` against real validators on the dev chain with a real miner (trained model)
 * and a protocol-level one: an honest validator over several epochs (restarted mid-epoch, then with
 * commit-reveal weights) replays MATCH; a weight copier, weights set besides the audit, and audits
 * edited after the fact (a dropped round, a miner's probabilities, the revealed seed, a truncated file,
 * an unknown version) each get the verdict that names them.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decode } from '@msgpack/msgpack';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MinerHandle, startMiner } from '../../../miner/miner.js';
import { actions } from '../../../shared/chain/index.js';
import { createLogger, silentLogger } from '../../../shared/logger.js';
import { encodeClassifyPayload } from '../../../shared/protocol/index.js';
import { epochIndex, lastBlockOfEpoch } from '../../../shared/subtensor/epoch.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../../../shared/wallet/index.js';
import {
  FakeMiner,
  startTestNet,
  TAO,
  type TestNet,
  testMinerConfig,
  trainLegalModel,
} from '../../../testkit/validator-net.js';
import { cachedChain, replayRange } from '../../../validator/accountability/replay-source.js';
import type { EpochVerdict } from '../../../validator/accountability/replay-types.js';
import { startValidator, type ValidatorHandle } from '../../../validator/validator.js';

const TEMPO = 20;

describe('audit replay on the dev chain', () => {
  let dir: string;
  let net: TestNet;
  let miner: MinerHandle | undefined;
  let fake: FakeMiner | undefined;
  let honest: ValidatorHandle | undefined;
  let copier: ValidatorHandle | undefined;
  let epochsDir: string;
  let copierHotkey: Sr25519Keypair;

  const epochNow = async () => epochIndex(net.netuid, TEMPO, await net.chain.bestBlockNumber());
  // REPLAY_DEBUG=1 shows the validators' logs (debug level) on stderr.
  const logger = () =>
    process.env.REPLAY_DEBUG ? createLogger({ name: 'validator', level: 'debug' }) : silentLogger();
  const startHonest = () => startValidator(net.validatorConfig(), { logger: logger(), autoRounds: false });
  const replay = (hotkey: string, from: number, to: number, source = epochsDir): Promise<EpochVerdict[]> =>
    replayRange({
      netuid: net.netuid,
      hotkey,
      from,
      to,
      source,
      chain: cachedChain((block) =>
        actions.getValidatorAt(net.chain.connection, { netuid: net.netuid, hotkey, block }),
      ),
    });
  /** Rounds in the next epoch until `epoch`'s file is closed (the metagraph may lag the head by a block). */
  const closeEpoch = async (v: ValidatorHandle, epoch: number, epochs = epochsDir) => {
    const closed = join(epochs, `${net.netuid}-${epoch}.jsonl.gz`);
    for (let i = 0; i < 5; i++) {
      await v.runRound();
      if (await stat(closed).catch(() => undefined)) return;
      await net.node.sealBlock();
    }
    throw new Error(`epoch ${epoch} did not close`);
  };
  /** Rounds until the validator's trail has `epoch` open (its metagraph may lag the head by a block). */
  const roundIn = async (v: ValidatorHandle, epoch: number) => {
    for (let i = 0; i < 5; i++) {
      await v.runRound();
      if (await stat(join(epochsDir, `${net.netuid}-${epoch}.jsonl`)).catch(() => undefined)) return;
      await net.node.sealBlock();
    }
    throw new Error(`no round in epoch ${epoch}`);
  };
  /** Two rounds, the weights landed, then on to the next epoch; returns the epoch played. */
  const playEpoch = async (validators: ValidatorHandle[], options: { restart?: boolean } = {}) => {
    const epoch = await epochNow();
    for (const v of validators) await v.runRound();
    if (options.restart && honest) {
      await honest.close();
      honest = await startHonest();
      validators[0] = honest;
    }
    await net.node.sealBlock();
    for (const v of validators) await v.runRound();
    const before = validators.map((v) => v.weightSetter.lastWeights?.block ?? -1);
    await net.sealUntil(
      () => validators.every((v, i) => (v.weightSetter.lastWeights?.block ?? -1) > (before[i] ?? -1)),
      'weights from every validator',
      TEMPO + 2,
    );
    await net.sealUntil(async () => (await epochNow()) > epoch, 'the next epoch', 3 * TEMPO);
    return epoch;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-audit-replay-'));
    epochsDir = join(dir, 'state', 'audit', 'epochs');
    const [started] = await Promise.all([startTestNet(dir), trainLegalModel(join(dir, 'weak'), 'weak')]);
    net = started;
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    await net.sudo('sudoSetTempo', TEMPO);
    await writeDevWallet(createDevWallet('//Bob'), { name: 'weak', path: join(dir, 'wallets') });
    const config = testMinerConfig(net, {
      wallet: 'weak',
      walletPath: join(dir, 'wallets'),
      modelDir: join(dir, 'weak'),
      register: true,
    });
    miner = await startMiner(config, { logger: silentLogger() });
    const hotkey = Sr25519Keypair.fromUri('//Charlie//hotkey');
    await net.register('//Charlie', hotkey);
    fake = await FakeMiner.start(hotkey, 'uniform');
    await net.advertise(hotkey, fake.port);
    const dave = createDevWallet('//Dave');
    copierHotkey = dave.hotkey;
    await writeDevWallet(dave, { name: 'copier', path: join(dir, 'wallets') });
    await net.register('//Dave', copierHotkey);
    // Stake, so the copier holds a validator permit by the time it sets weights (epochs later).
    const api = net.chain.api;
    await net.chain.submit(
      'SubtensorModule.add_stake',
      api.tx.subtensorModule.addStake(copierHotkey.address, net.netuid, 1000n * TAO),
      new Keyring({ type: 'sr25519' }).addFromUri('//Dave'),
    );
  }, 180_000);

  afterAll(async () => {
    await honest?.close();
    await copier?.close();
    await miner?.close();
    await fake?.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const honestEpochs: number[] = [];

  it('replays an honest validator over several epochs, restarted mid-epoch, as MATCH (CLI exit 0)', async () => {
    honest = await startHonest();
    honestEpochs.push(await playEpoch([honest]));
    honestEpochs.push(await playEpoch([honest], { restart: true }));
    honestEpochs.push(await playEpoch([honest]));
    await closeEpoch(honest, honestEpochs.at(-1) ?? 0);
    const [from, to] = [honestEpochs[0] ?? 0, honestEpochs.at(-1) ?? 0];
    const verdicts = await replay(net.validatorHotkey.address, from, to);
    expect(verdicts.map((v) => [v.verdict, v.reason])).toEqual(
      honestEpochs.map(() => ['MATCH', expect.any(String)]),
    );
    expect(verdicts.every((v) => v.stats.answers >= 2)).toBe(true);
    expect(verdicts.filter((v) => v.stats.chainWeights > 0).length).toBeGreaterThanOrEqual(2);

    const cli = await runCli([
      'audit',
      'replay',
      '--validator',
      net.validatorHotkey.address,
      '--netuid',
      String(net.netuid),
      '--from',
      String(from),
      '--to',
      String(to),
      '--source',
      epochsDir,
      '--subtensor.chain_endpoint',
      net.node.rpcUrl,
      '--json',
    ]);
    expect(cli.code).toBe(0);
    const report = JSON.parse(cli.stdout) as { match: boolean; epochs: EpochVerdict[] };
    expect(report.match).toBe(true);
    expect(report.epochs.map((e) => e.epoch)).toEqual(honestEpochs);
  }, 240_000);

  it('catches edited audits: a dropped round, edited probabilities, a seed that is not the committed one, bad files', async () => {
    const epoch = honestEpochs[0] ?? 0;
    const lines = gunzipSync(await readFile(join(epochsDir, `${net.netuid}-${epoch}.jsonl.gz`)))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const edited = async (name: string, edit: (records: Record<string, unknown>[]) => string) => {
      const out = join(dir, 'edited', name);
      await mkdir(out, { recursive: true });
      await writeFile(join(out, `${net.netuid}-${epoch}.jsonl`), edit(lines.map((l) => JSON.parse(l))));
      const [verdict] = await replay(net.validatorHotkey.address, epoch, epoch, out);
      return verdict;
    };
    const jsonl = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

    const dropped = await edited('dropped', (rs) =>
      jsonl(rs.filter((r) => !(r.kind === 'round' && r.round === 1))),
    );
    expect(dropped).toMatchObject({ verdict: 'MISMATCH', difference: { check: 'round-gap', round: 1 } });

    const probabilities = await edited('probabilities', (rs) => {
      const round = rs.find((r) => r.kind === 'round') as { miners: { payload?: string }[] };
      const entry = round.miners.find((m) => m.payload);
      if (!entry?.payload) throw new Error('no answer to edit');
      const payload = decode(Buffer.from(entry.payload, 'base64')) as {
        probabilities: number[][];
        inferenceMs: number;
      };
      const first = payload.probabilities[0] ?? [];
      payload.probabilities[0] = first.map((_, i) =>
        i === first.indexOf(Math.max(...first)) ? 0 : 1 / (first.length - 1),
      );
      entry.payload = Buffer.from(encodeClassifyPayload({ kind: 'classify', ...payload })).toString('base64');
      return jsonl(rs);
    });
    expect(probabilities).toMatchObject({
      verdict: 'MISMATCH',
      difference: { check: 'signature', round: 0 },
    });

    const seed = await edited('seed', (rs) => {
      const end = rs.find((r) => r.kind === 'epoch_end') as { seed: string };
      end.seed = `0x${'ab'.repeat(32)}`;
      return jsonl(rs);
    });
    expect(seed).toMatchObject({ verdict: 'MISMATCH', difference: { check: 'seed' } });

    const truncated = await edited('truncated', () => lines.join('\n').slice(0, -40));
    expect(truncated?.verdict).toBe('UNAUDITABLE');
    expect(truncated?.reason).toMatch(/TRUNCATED/);
    const version = await edited('version', (rs) => jsonl(rs.map((r) => ({ ...r, v: 3 }))));
    expect(version?.verdict).toBe('UNAUDITABLE');
    expect(version?.reason).toMatch(/UNSUPPORTED_VERSION/);
    const [missing] = await replay(net.validatorHotkey.address, epoch + 1000, epoch + 1000);
    expect(missing).toMatchObject({ verdict: 'UNAUDITABLE', reason: expect.stringMatching(/no audit file/) });
  }, 60_000);

  it('catches weights set besides the audit: MISMATCH on the chain row Yuma used', async () => {
    if (!honest) throw new Error('no validator');
    await honest.runRound();
    const landed = honest.weightSetter.lastWeights?.block ?? -1;
    await net.sealUntil(
      () => (honest?.weightSetter.lastWeights?.block ?? -1) > landed,
      'honest weights',
      TEMPO + 2,
    );
    // The validator's operator puts another vector on chain with its hotkey, outside the audit.
    const uid = honest.weightSetter.lastWeights?.uids[0] ?? 1;
    await net.chain.setWeights(net.validatorHotkey.toKeyringPair(), {
      netuid: net.netuid,
      uids: [uid],
      weights: [65_535],
      versionKey: await net.chain.weightsVersionKey(net.netuid),
    });
    const cheatBlock = await net.chain.bestBlockNumber();
    const epoch = epochIndex(net.netuid, TEMPO, cheatBlock);
    await roundIn(honest, epoch); // (the epoch has a round, so an audit)
    await net.sealUntil(async () => (await epochNow()) > epoch, 'the next epoch', 3 * TEMPO);
    await closeEpoch(honest, epoch);
    const end = await actions.getValidatorAt(net.chain.connection, {
      netuid: net.netuid,
      hotkey: net.validatorHotkey.address,
      block: lastBlockOfEpoch(net.netuid, TEMPO, epoch),
    });
    expect(end.lastUpdate).toBe(cheatBlock); // still in force when the epoch ended
    const [cheat] = await replay(net.validatorHotkey.address, epoch, epoch);
    expect(cheat).toMatchObject({
      verdict: 'MISMATCH',
      difference: { check: 'chain-weights', block: cheatBlock },
    });
  }, 60_000);

  it('catches a weight copier (--dev.copy_weights_from): MISMATCH', async () => {
    copier = await startValidator(
      net.validatorConfig({
        wallet: { name: 'copier', hotkey: 'default', path: join(dir, 'wallets') },
        stateDir: join(dir, 'copier-state'),
        dev: { copyWeightsFrom: net.validatorHotkey.address },
      }),
      { logger: logger(), autoRounds: false },
    );
    await copier.runRound();
    await net.sealUntil(() => copier?.weightSetter.lastWeights !== undefined, 'copied weights', TEMPO + 2);
    const copiedAt = copier.weightSetter.lastWeights?.block ?? 0;
    const epoch = epochIndex(net.netuid, TEMPO, copiedAt);
    await net.sealUntil(async () => (await epochNow()) > epoch, 'the next epoch', 3 * TEMPO);
    await closeEpoch(copier, epoch, join(dir, 'copier-state', 'audit', 'epochs'));
    const [copy] = await replay(
      copierHotkey.address,
      epoch,
      epoch,
      join(dir, 'copier-state', 'audit', 'epochs'),
    );
    expect(copy?.verdict).toBe('MISMATCH');
    expect(['submission', 'chain-weights']).toContain(copy?.difference?.check);
    await copier.close();
    copier = undefined;
  }, 60_000);

  it('replays commit-reveal (hash) weights as MATCH', async () => {
    if (!honest) throw new Error('no validator');
    await net.sudo('sudoSetCommitRevealWeightsEnabled', true);
    // The dev chain has timelocked commits (auto would use them): this test is of the hash path.
    await honest.close();
    honest = await startValidator(net.validatorConfig({ weights: { mode: 'commit-reveal' } }), {
      logger: logger(),
      autoRounds: false,
    });
    const played: number[] = [];
    const first = await epochNow();
    // Commit in one epoch, reveal in the next: play epochs until a reveal landed, then one more.
    let revealed = false;
    for (let i = 0; i < 6 && !(revealed && played.length >= 3); i++) {
      const epoch = await epochNow();
      played.push(epoch);
      await roundIn(honest, epoch);
      await net.sealUntil(
        async () => {
          if (honest?.weightSetter.lastWeights?.method === 'reveal') revealed = true;
          return (await epochNow()) > epoch;
        },
        'the next epoch',
        3 * TEMPO,
      );
    }
    await closeEpoch(honest, played.at(-1) ?? first);
    expect(revealed).toBe(true);
    const verdicts = await replay(net.validatorHotkey.address, first, played.at(-1) ?? first);
    expect(verdicts.map((v) => [v.epoch, v.verdict, v.reason])).toEqual(
      played.map((e) => [e, 'MATCH', expect.any(String)]),
    );
    expect(verdicts.some((v) => v.stats.chainWeights > 0)).toBe(true);
  }, 180_000);
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/expertnet.ts', ...args], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
