/**
 * The validator against real miners on the in-process dev chain: two real miners (`startMiner`, real
 * ONNX models trained here, one good and one weak, same domain), an unreachable axon, a miner answering
 * garbage and one signing with the wrong key. The better model must earn the higher weight, the three
 * bad ones 0; the weights land with set_weights; a restart keeps the scores; a uid taken over by a new
 * hotkey starts from zero.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinerConfig } from '../../miner/config.js';
import { type MinerHandle, startMiner } from '../../miner/miner.js';
import { silentLogger } from '../../shared/logger.js';
import { hashBytes } from '../../shared/protocol/index.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../../shared/wallet/index.js';
import {
  FakeMiner,
  startTestNet,
  type TestNet,
  testMinerConfig,
  trainLegalModel,
} from '../../testkit/validator-net.js';
import { readAuditEpochFile } from '../../validator/accountability/audit-reader.js';
import { verifyEvidence } from '../../validator/miners/index.js';
import { startValidator, type ValidatorHandle } from '../../validator/validator.js';

/** A port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('validator on the dev chain with real miners', () => {
  let dir: string;
  let net: TestNet;
  const miners: MinerHandle[] = [];
  const fakes: FakeMiner[] = [];
  let validator: ValidatorHandle | undefined;
  const uids: Record<'good' | 'weak' | 'unreachable' | 'garbage' | 'badSignature', number> = {
    good: -1,
    weak: -1,
    unreachable: -1,
    garbage: -1,
    badSignature: -1,
  };

  function minerConfig(name: string, model: string): MinerConfig {
    return testMinerConfig(net, {
      wallet: name,
      walletPath: join(dir, 'wallets'),
      modelDir: join(dir, model),
      register: true,
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-validator-e2e-'));
    const [started] = await Promise.all([
      startTestNet(dir),
      trainLegalModel(join(dir, 'good'), 'good'),
      trainLegalModel(join(dir, 'weak'), 'weak'),
    ]);
    net = started;
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    // Miners and rogues set up side by side (different coldkeys, so their transactions do not conflict).
    const real = (
      [
        ['good', '//Bob'],
        ['weak', '//Charlie'],
      ] as const
    ).map(async ([name, uri]) => {
      await writeDevWallet(createDevWallet(uri), { name, path: join(dir, 'wallets') });
      const miner = await startMiner(minerConfig(name, name), { logger: silentLogger() });
      miners.push(miner);
      uids[name] = miner.uid;
    });
    const rogues = (
      [
        ['unreachable', '//Dave'],
        ['garbage', '//Eve'],
        ['badSignature', '//Ferdie'],
      ] as const
    ).map(async ([name, uri]) => {
      const hotkey = Sr25519Keypair.fromUri(`${uri}//hotkey`);
      uids[name] = await net.register(uri, hotkey);
      let port: number;
      if (name === 'unreachable') port = await closedPort();
      else {
        const fake = await FakeMiner.start(hotkey, name === 'garbage' ? 'garbage' : 'bad-signature');
        fakes.push(fake);
        port = fake.port;
      }
      await net.advertise(hotkey, port);
    });
    await Promise.all([...real, ...rogues]);
  }, 60_000);

  afterAll(async () => {
    await validator?.close();
    for (const miner of miners) await miner.close();
    for (const fake of fakes) await fake.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scores the better model higher and every misbehaving miner 0', async () => {
    validator = await startValidator(net.validatorConfig(), { logger: silentLogger(), autoRounds: false });
    expect(validator.uid).toBe(0);
    const first = await validator.runRound();
    const second = await validator.runRound();
    expect(second?.round).toBe((first?.round ?? 0) + 1);
    expect(second?.results).toHaveLength(5);

    const result = (uid: number) => second!.results.find((r) => r.miner.uid === uid)!;
    expect(result(uids.unreachable).failure).toBe('UNREACHABLE');
    expect(result(uids.garbage).failure).toBe('MALFORMED');
    expect(result(uids.badSignature).failure).toBe('BAD_SIGNATURE');
    for (const name of ['unreachable', 'garbage', 'badSignature'] as const) {
      expect(result(uids[name]).score).toBe(0);
      expect(validator.scores.get(uids[name])?.score).toBe(0);
    }
    const good = validator.scores.get(uids.good)!;
    const weak = validator.scores.get(uids.weak)!;
    expect(good.rounds).toBe(2);
    expect(good.score).toBeGreaterThan(weak.score);
    // Every answer that scored carries the miner's signature, re-checkable offline.
    expect(verifyEvidence(result(uids.good).miner.hotkey, result(uids.good).evidence!)).toBe(true);

    const weights = second!.weights!;
    const weightOf = (uid: number) => weights.weights[weights.uids.indexOf(uid)] ?? 0;
    expect(weightOf(uids.good)).toBeGreaterThan(weightOf(uids.weak));
    for (const name of ['unreachable', 'garbage', 'badSignature'] as const) {
      expect(weightOf(uids[name])).toBe(0);
    }

    const errors = await validator.registry.getSingleMetric('expertnet_validator_miner_errors_total')?.get();
    const reasons = Object.fromEntries(errors!.values.map((v) => [v.labels.reason, v.value]));
    expect(reasons).toMatchObject({ UNREACHABLE: 2, MALFORMED: 2, BAD_SIGNATURE: 2 });

    // The audit trail (docs/audit.md) holds every miner of both rounds, the good one's signed payload.
    const epochsDir = join(net.dir, 'state', 'audit', 'epochs');
    const epochs = await Promise.all(
      (await readdir(epochsDir))
        .filter((f) => f.includes('.jsonl'))
        .map((f) => readAuditEpochFile(join(epochsDir, f))),
    );
    const rounds = epochs.flatMap((e) => e.rounds);
    expect(rounds.flatMap((r) => r.miners)).toHaveLength(10);
    const audited = rounds.at(-1)?.miners.find((m) => m.uid === uids.good);
    const payload = Buffer.from(audited?.payload ?? '', 'base64');
    const evidence = {
      requestHash: audited?.requestHash ?? '',
      responseHash: u8aToHex(hashBytes(payload)),
      signature: audited?.signature ?? '',
    };
    expect(verifyEvidence(audited?.hotkey ?? '', evidence, { response: payload })).toBe(true);
    expect(audited?.score).toBeCloseTo(result(uids.good).score, 12);
  });

  it('puts the weights on chain with set_weights', async () => {
    const offered = validator!.computeWeights()!;
    await net.sealUntil(async () => (await net.storageWeights(0)).length > 0, 'weights on chain');
    const row = new Map(await net.storageWeights(0));
    // The chain stores the row max-upscaled, as we sent it.
    offered.uids.forEach((uid, i) => {
      expect(row.get(uid)).toBe(offered.weights[i]);
    });
    expect(row.get(uids.good) ?? 0).toBeGreaterThan(row.get(uids.weak) ?? 0);
    // The setter counts the submission once its inclusion is reported back.
    const submitted = async () => {
      const metric = validator!.registry.getSingleMetric('expertnet_validator_weights_submitted_total');
      // Counters start at 0 for every method, so wait for this one to count.
      return (await metric?.get())?.values.find((v) => v.labels.method === 'set_weights' && v.value > 0);
    };
    await net.sealUntil(async () => (await submitted()) !== undefined, 'the submission counted', 10);
    expect((await submitted())?.labels.result).toBe('ok');
    const lastBlock = await validator!.registry
      .getSingleMetric('expertnet_validator_last_weights_block')
      ?.get();
    expect(lastBlock?.values[0]?.value).toBeGreaterThan(0);
  });

  it('pads its weights to MinAllowedWeights so the chain accepts them', async () => {
    // Six neurons, two with a positive score: a two-entry vector would be refused (WeightVecLengthIsLow).
    const n = (await net.chain.metagraph(net.netuid)).n;
    await net.sudo('sudoSetMinAllowedWeights', n);
    await validator!.metagraph.refresh();
    const padded = (await validator!.runRound())!.weights!;
    expect(padded.uids).toHaveLength(n);
    await net.sealUntil(
      async () => (await net.storageWeights(0)).length === n,
      'the padded weights on chain',
    );
    const row = new Map(await net.storageWeights(0));
    expect(row.get(uids.good)).toBe(65535);
    expect(row.get(uids.good)!).toBeGreaterThan(row.get(uids.weak)!);
    expect(row.get(uids.garbage)!).toBeLessThan(row.get(uids.weak)!);
    await net.sudo('sudoSetMinAllowedWeights', 1);
  });

  it('keeps its scores and round across a restart', async () => {
    const before = validator!.scores.entries();
    const round = validator!.round;
    await validator!.close();
    // This time with the gateway on (issue 8), which routes by the restored scores.
    validator = await startValidator(net.validatorConfig({ gatewayPort: await closedPort() }), {
      logger: silentLogger(),
      autoRounds: false,
    });
    expect(validator.round).toBe(round);
    expect(validator.scores.entries()).toEqual(before);
  });

  it('serves the gateway on --gateway.port from its own scores and connections', async () => {
    const base = validator!.gatewayUrl!;
    const table = (await (await fetch(`${base}/v1/miners?domain=legal`)).json()) as {
      miners: { uid: number; score: number }[];
    };
    const scoreOf = (uid: number) => table.miners.find((m) => m.uid === uid)?.score ?? -1;
    expect(scoreOf(uids.good)).toBeGreaterThan(scoreOf(uids.weak));
    // The emission history holds an entry per epoch seen, with every uid.
    const emission = (await (await fetch(`${base}/v1/emission`)).json()) as {
      epochs: { block: number; byUid: Record<string, string> }[];
    };
    expect(emission.epochs.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(emission.epochs.at(-1)!.byUid).map(Number)).toEqual(
      expect.arrayContaining(Object.values(uids)),
    );
    const response = await fetch(`${base}/v1/classify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domain: 'legal', texts: ['The tenant shall pay rent monthly in advance.'] }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as { results: { provenance: { uid: number; hotkey: string }[] }[] };
    const provenance = body.results[0]!.provenance[0]!;
    expect([uids.good, uids.weak]).toContain(provenance.uid);
    expect(verifyEvidence(provenance.hotkey, provenance as never)).toBe(true);
  });

  it('starts a uid taken over by a new hotkey from zero', async () => {
    // Make room for nobody: the next registration replaces a non-immune neuron.
    const n = (await net.chain.metagraph(net.netuid)).n;
    // Scores as they were before the registration: every new head may refresh the metagraph (and the
    // validator resets a uid whose hotkey changed), so read them before the chain replaces anyone.
    const before = new Map(validator!.scores.entries().map((entry) => [entry.uid, entry]));
    await net.sudo('sudoSetImmunityPeriod', 0);
    await net.sudo('sudoSetMaxAllowedUids', n);
    const newcomer = Sr25519Keypair.fromUri('//Ferdie//second');
    const uid = await net.register('//Ferdie', newcomer);
    expect(uid).not.toBe(0);
    const previous = before.get(uid);
    expect(previous?.rounds).toBeGreaterThan(0);
    expect(previous?.hotkey).not.toBe(newcomer.address);

    await validator!.metagraph.refresh();
    expect(validator!.scores.get(uid)).toBeUndefined();
    await net.advertise(newcomer, 1);
    await validator!.metagraph.refresh();
    await validator!.runRound();
    const entry = validator!.scores.get(uid);
    expect(entry).toMatchObject({ hotkey: newcomer.address, rounds: 1, score: 0 });
  });
});
