/**
 * The validator loop on the dev chain with protocol-level miners (no models needed here; the real ones
 * are in e2e.test.ts): commit-reveal with restarts between commit and reveal (from the weight store, and
 * from an older all-in-one state file), fair sampling when there are more miners than `sample_size`,
 * corrupt or malformed state and weight store files, and rounds going on while the chain is down.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { FakeMiner, startTestNet, type TestNet } from '../../testkit/validator-net.js';
import { startValidator, type ValidatorHandle } from '../../validator/validator.js';

async function counter(v: ValidatorHandle, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await v.registry.getSingleMetric(name)?.get();
  const value = metric?.values.find((x) => Object.entries(labels).every(([k, l]) => x.labels[k] === l));
  return value?.value ?? 0;
}

/** Rewrites a state dir as a validator before the weight store left it: the snapshot inside state.json. */
async function toLegacyStateFile(stateDir: string): Promise<void> {
  const weights = JSON.parse(await readFile(join(stateDir, 'weights.json'), 'utf8'));
  const state = JSON.parse(await readFile(join(stateDir, 'state.json'), 'utf8'));
  state.value.weightSetter = weights.value;
  await writeFile(join(stateDir, 'state.json'), JSON.stringify(state));
  await rm(join(stateDir, 'weights.json'));
}

describe('validator loop with commit-reveal', () => {
  let dir: string;
  let net: TestNet;
  const fakes: FakeMiner[] = [];
  let validator: ValidatorHandle | undefined;
  const minerUids: number[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-validator-loop-'));
    net = await startTestNet(dir);
    // Commit-reveal is on by default on the dev chain; no rate limit so the first commit goes at once.
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    await Promise.all(
      ['//Bob', '//Charlie', '//Dave'].map(async (uri) => {
        const hotkey = Sr25519Keypair.fromUri(`${uri}//hotkey`);
        minerUids.push(await net.register(uri, hotkey));
        const fake = await FakeMiner.start(hotkey, 'uniform');
        fakes.push(fake);
        await net.advertise(hotkey, fake.port);
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await validator?.close();
    for (const fake of fakes) await fake.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // The dev chain has timelocked commits (auto would use them): this test is of the hash path.
  const hashConfig = () => net.validatorConfig({ weights: { mode: 'commit-reveal' } });

  it('commits, is restarted, and still reveals the committed weights in their epoch', async () => {
    const hp = await net.chain.hyperparams(net.netuid);
    expect(hp.commitRevealEnabled).toBe(true);
    validator = await startValidator(hashConfig(), { logger: silentLogger(), autoRounds: false });
    const summary = await validator.runRound();
    expect(summary?.results.map((r) => r.failure)).toEqual([undefined, undefined, undefined]);
    // Every answered item feeds the miner's calibration window (shown in metrics and /v1/miners).
    for (const { miner, items } of summary!.results) {
      expect(validator.calibration.items(miner.uid, miner.hotkey)).toBe(items);
    }
    expect(validator.gatewayView.miners().map((m) => typeof m.ece)).toEqual(['number', 'number', 'number']);
    const offered = summary!.weights!;
    expect([...offered.uids].sort()).toEqual([...minerUids].sort());

    const hotkey = net.validatorHotkey.address;
    await net.sealUntil(
      async () => (await net.chain.weightCommits(net.netuid, hotkey)).length > 0,
      'a commit',
    );
    expect(await net.storageWeights(0)).toEqual([]);
    await net.sealUntil(
      async () =>
        (await counter(validator!, 'expertnet_validator_weights_submitted_total', { method: 'commit' })) > 0,
      'the commit counted',
      10,
    );

    // Restart between commit and reveal: the salt must come back from the weight store.
    const stateDir = net.validatorConfig().stateDir;
    await validator.close();
    validator = await startValidator(hashConfig(), { logger: silentLogger(), autoRounds: false });
    expect(validator.weightSetter.snapshot().pendingCommits).toHaveLength(1);

    // Again, from the all-in-one state file an older validator wrote (no weights.json yet).
    await validator.close();
    await toLegacyStateFile(stateDir);
    validator = await startValidator(hashConfig(), { logger: silentLogger(), autoRounds: false });
    expect(validator.weightSetter.snapshot().pendingCommits).toHaveLength(1);
    expect(await readdir(stateDir)).toContain('weights.json');

    await net.sealUntil(
      async () => (await net.storageWeights(0)).length > 0,
      'the reveal',
      3 * (hp.tempo + 1) + 5,
    );
    const row = new Map(await net.storageWeights(0));
    offered.uids.forEach((uid, i) => {
      expect(row.get(uid)).toBe(offered.weights[i]);
    });
    expect(await net.chain.weightCommits(net.netuid, hotkey)).toEqual([]);
    await net.sealUntil(
      async () =>
        (await counter(validator!, 'expertnet_validator_weights_submitted_total', {
          method: 'reveal',
          result: 'ok',
        })) > 0,
      'the reveal counted',
      10,
    );
  });

  it('samples the least recently scored miners first when there are more than sample_size', async () => {
    await validator?.close();
    const config = net.validatorConfig({ stateDir: join(dir, 'sampling') });
    validator = await startValidator(
      { ...config, neuron: { ...config.neuron, sampleSize: 2 } },
      { logger: silentLogger(), autoRounds: false },
    );
    const seen: number[][] = [];
    for (let i = 0; i < 3; i++)
      seen.push((await validator.runRound())!.results.map((r) => r.miner.uid).sort());
    // Rounds 1 and 2 together cover all three miners; round 3 starts with the one left out of round 2.
    expect(new Set([...seen[0]!, ...seen[1]!])).toEqual(new Set(minerUids));
    const missedInRound2 = minerUids.find((uid) => !seen[1]!.includes(uid))!;
    expect(seen[2]).toContain(missedInRound2);
  });

  it('refuses to start on a dataset file it cannot use, naming the line', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(
      file,
      '{"text":"a contract","label":"governing_law"}\n{"text":"x","label":"astrology"}\n',
    );
    const config = net.validatorConfig({ datasets: [{ domain: 'legal', task: 'clause', path: file }] });
    await expect(startValidator(config, { logger: silentLogger(), autoRounds: false })).rejects.toMatchObject(
      {
        name: 'DatasetError',
        type: { line: 2 },
      },
    );
  });

  it('starts fresh, keeping the bad file aside, when the state file is corrupt', async () => {
    await validator?.close();
    const stateDir = join(dir, 'corrupt');
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true });
    await writeFile(join(stateDir, 'state.json'), '{"schemaVersion":1,"value":{"secret":"nope"}}');
    validator = await startValidator(net.validatorConfig({ stateDir }), {
      logger: silentLogger(),
      autoRounds: false,
    });
    expect(validator.round).toBe(0);
    expect(validator.scores.entries()).toEqual([]);
    expect(await readdir(stateDir)).toContain('state.json.corrupt');
  });

  const secret = 'ab'.repeat(32);
  const malformedCommits: Array<[string, unknown]> = [
    ['pendingCommits null', { pendingCommits: null }],
    ['a commit without its fields', { pendingCommits: [{ hash: 42 }] }],
  ];
  for (const [what, weightSetter] of malformedCommits) {
    it(`starts fresh when an old state file holds a malformed weight setter (${what})`, async () => {
      await validator?.close();
      const stateDir = join(dir, `malformed-${what.replaceAll(' ', '-')}`);
      await mkdir(stateDir, { recursive: true });
      const value = { secret, round: 3, scores: { alpha: 0.1, entries: [] }, weightSetter };
      await writeFile(join(stateDir, 'state.json'), JSON.stringify({ schemaVersion: 1, value }));
      validator = await startValidator(net.validatorConfig({ stateDir }), {
        logger: silentLogger(),
        autoRounds: false,
      });
      expect(validator.round).toBe(0);
      expect(validator.weightSetter.pendingCommits).toEqual([]);
      expect(await readdir(stateDir)).toContain('state.json.corrupt');
    });
  }

  it('sets a corrupt weight store aside and keeps the rest of the state', async () => {
    await validator?.close();
    const stateDir = join(dir, 'corrupt-weights');
    await mkdir(stateDir, { recursive: true });
    const value = { secret, round: 7, scores: { alpha: 0.1, entries: [] } };
    await writeFile(join(stateDir, 'state.json'), JSON.stringify({ schemaVersion: 1, value }));
    await writeFile(join(stateDir, 'weights.json'), '{"schemaVersion":1,"value":{"pendingCommits":[{}]}}');
    validator = await startValidator(net.validatorConfig({ stateDir }), {
      logger: silentLogger(),
      autoRounds: false,
    });
    expect(validator.round).toBe(7);
    expect(validator.weightSetter.pendingCommits).toEqual([]);
    expect(await readdir(stateDir)).toContain('weights.json.corrupt');
    await validator.saveState();
    expect(await readdir(stateDir)).toContain('weights.json');
  });

  it('keeps scoring on its last metagraph while the chain is down, and closes cleanly', async () => {
    const before = validator!.round;
    await net.node.close();
    const snapshot = await validator!.metagraph.refresh();
    expect(snapshot?.miners).toHaveLength(3);
    const summary = await validator!.runRound();
    expect(summary?.round).toBe(before + 1);
    expect(summary?.results.every((r) => r.failure === undefined)).toBe(true);
    expect(await counter(validator!, 'expertnet_validator_chain_errors_total', {})).toBeGreaterThan(0);
    await validator!.close();
    validator = undefined;
  });
});
