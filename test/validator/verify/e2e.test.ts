/**
 * Issue 14 end to end, on the in-process dev chain with real miners (`startMiner`, real ONNX bundles) and
 * a real validator: an honest miner is VERIFIED; a miner running another model than the bundle it
 * commits, one perturbing its answers and one relaying another miner's answers are each caught by
 * re-execution (REEXECUTION_MISMATCH) with evidence that `checkEvidence` proves; a miner serving bytes
 * that do not hash to its commitment is MODEL_MISMATCH, one that cannot serve its bundle
 * MODEL_UNAVAILABLE, a later copy of a committed bundle DUPLICATE_MODEL — and the validator keeps
 * scoring the honest miner.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinerConfig } from '../../../miner/config.js';
import { type MinerHandle, startMiner } from '../../../miner/miner.js';
import { AXON_PROTOCOL_WEBSOCKET, encodeModelCommitment } from '../../../shared/chain/index.js';
import { getTask } from '../../../shared/domains/index.js';
import { silentLogger } from '../../../shared/logger.js';
import { readBundle } from '../../../shared/models/bundle.js';
import {
  encodeClassifyPayload,
  encodeInfoPayload,
  PROTOCOL_VERSION,
} from '../../../shared/protocol/index.js';
import { createDevWallet, writeDevWallet } from '../../../shared/wallet/index.js';
import { writeRandomBagModel } from '../../../testkit/bag-model.js';
import { type FakeMiner, startFakeMiner } from '../../../testkit/fake-miner.js';
import { startTestNet, type TestNet, testMinerConfig } from '../../../testkit/validator-net.js';
import type { VerifyConfig } from '../../../validator/config.js';
import { MinerConnections } from '../../../validator/miners/index.js';
import { startValidator, type ValidatorHandle } from '../../../validator/validator.js';
import { checkEvidence } from '../../../validator/verify/check-evidence.js';
import { Reexecutor } from '../../../validator/verify/reexecute.js';
import { freePort } from '../../helpers/ports.js';

const TASK = getTask('finance', 'sentiment');
const MIB = 1024 * 1024;
const VERIFY: VerifyConfig = {
  rate: 0.25,
  minPerEpoch: 2,
  cpuShare: 1,
  cacheBytes: 64 * MIB,
  maxBundleBytes: 16 * MIB,
  downloadTimeoutMs: 10_000,
  duplicateModels: 'first',
  unverifiable: 'zero',
};

type Name = 'honest' | 'substitute' | 'perturb' | 'relay' | 'tamper' | 'refuser' | 'duplicate';
const NAMES: Name[] = ['honest', 'substitute', 'perturb', 'relay', 'tamper', 'refuser', 'duplicate'];

describe('verification on the dev chain with real miners and bundles', () => {
  let dir: string;
  let net: TestNet;
  let validator: ValidatorHandle | undefined;
  const miners: MinerHandle[] = [];
  let relay: FakeMiner | undefined;
  let relayPool: MinerConnections | undefined;
  const uids = {} as Record<Name, number>;
  /** The bundle each miner commits (where `checkEvidence` finds it). */
  const committed = {} as Record<Name, string>;

  const wallet = (name: Name) => createDevWallet(`//Verify//${name}`);
  function minerConfig(name: Name, modelDir: string, dev?: MinerConfig['dev']): MinerConfig {
    return testMinerConfig(net, {
      wallet: name,
      walletPath: join(dir, 'wallets'),
      modelDir,
      register: false,
      dev,
    });
  }

  /** A copy of `source` with its own digest: same ONNX, a model.json that says it is a copy. */
  async function copyBundle(source: string, out: string): Promise<string> {
    await cp(source, out, { recursive: true });
    const manifest = JSON.parse(await readFile(join(out, 'model.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(out, 'model.json'), JSON.stringify({ ...manifest, training: { copy: true } }));
    return out;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-verify-e2e-'));
    const model = (seed: number) => join(dir, `model-${seed}`);
    const [started] = await Promise.all([
      startTestNet(dir),
      ...[1, 2, 3, 4, 5, 6].map((seed) => writeRandomBagModel(model(seed), seed)),
    ]);
    net = started;
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    for (const name of NAMES) {
      await writeDevWallet(wallet(name), { name, path: join(dir, 'wallets') });
      uids[name] = await net.register('//Bob', wallet(name).hotkey);
    }
    committed.honest = model(1);
    committed.substitute = await copyBundle(model(1), join(dir, 'substitute-commits'));
    committed.perturb = model(3);
    committed.relay = model(4);
    committed.tamper = model(5);
    committed.refuser = model(6);
    committed.duplicate = model(1);
    const start = async (name: Name, modelDir: string, dev?: MinerConfig['dev']) => {
      const miner = await startMiner(minerConfig(name, modelDir, dev), { logger: silentLogger() });
      miners.push(miner);
      return miner;
    };
    // The substitute commits (and serves) a copy of the honest bundle but runs model 2.
    const honest = await start('honest', model(1));
    await Promise.all([
      start('substitute', model(2), { commitModelDir: committed.substitute }),
      start('perturb', model(3), { perturb: 0.05 }),
      start('tamper', model(5)),
      start('refuser', model(6)),
    ]);
    // Bytes that no longer hash to the commitment (the running model is loaded already) …
    const onnx = join(model(5), (await readBundle(model(5))).model.onnx.file);
    const bytes = await readFile(onnx);
    const middle = bytes.length >> 1;
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    await writeFile(onnx, bytes);
    // … and a bundle that is gone.
    await rm(join(model(6), (await readBundle(model(6))).model.onnx.file));
    // Committed after the honest miner: a copy.
    await start('duplicate', model(1));

    // The relay commits bundle 4 and answers with the honest miner's answers, signed with its own key.
    const bundle = await readBundle(model(4));
    const relayKey = wallet('relay').hotkey;
    relayPool = new MinerConnections(relayKey, { logger: silentLogger() });
    const pool = relayPool;
    const upstream = { uid: uids.honest, hotkey: honest.hotkey, ip: '127.0.0.1', port: honest.axonPort };
    relay = await startFakeMiner(
      {
        bundle,
        request: (ctx) => {
          if (ctx.frame.type === 'info') {
            ctx.reply(
              encodeInfoPayload({
                kind: 'info',
                protocolVersion: PROTOCOL_VERSION,
                domain: TASK.domain,
                task: TASK.task,
                labels: [...TASK.labels],
                modelSha256: bundle.model.onnx.sha256,
                softwareVersion: 'relay',
                bundleDigest: bundle.digest,
                executionProvider: 'cpu',
              }),
            );
          } else if (ctx.frame.type === 'classify') {
            const texts = ctx.frame.texts;
            void pool
              .get(upstream)
              .then((c) => c.classify(texts))
              .then((a) =>
                ctx.reply(
                  encodeClassifyPayload({ kind: 'classify', probabilities: a.probabilities, inferenceMs: 1 }),
                ),
              )
              .catch(() => ctx.ws.close());
          } else ctx.answer();
        },
      },
      relayKey,
    );
    await net.chain.serveAxon(relayKey.toKeyringPair(), {
      netuid: net.netuid,
      version: 100,
      ip: '127.0.0.1',
      port: relay.port,
      protocol: AXON_PROTOCOL_WEBSOCKET,
      placeholder1: PROTOCOL_VERSION,
    });
    await net.chain.setCommitment(
      relayKey.toKeyringPair(),
      net.netuid,
      encodeModelCommitment({
        domain: TASK.domain,
        task: TASK.task,
        labels: [...TASK.labels],
        bundleDigest: bundle.digest,
      }),
    );
  }, 60_000);

  afterAll(async () => {
    await validator?.close();
    relayPool?.close();
    await relay?.close();
    for (const miner of miners) await miner.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('catches each cheat with its reason and keeps scoring the honest miner', async () => {
    validator = await startValidator(net.validatorConfig({ verify: VERIFY, gatewayPort: await freePort() }), {
      logger: silentLogger(),
      autoRounds: false,
    });
    const verification = validator.verification!;
    const first = await validator.runRound();
    expect(first?.results).toHaveLength(NAMES.length);
    await verification.verifier.whenIdle();
    const second = (await validator.runRound())!;
    await verification.verifier.whenIdle();

    const status = (name: Name) =>
      verification.verifier.status(
        uids[name],
        second.results.find((r) => r.miner.uid === uids[name])!.miner.hotkey,
      );
    expect(status('honest')?.status).toBe('VERIFIED');
    for (const name of ['substitute', 'perturb', 'relay'] as const) {
      expect(status(name)?.status, name).toBe('REEXECUTION_MISMATCH');
      expect(status(name)?.evidenceIds.length, name).toBeGreaterThan(0);
    }
    expect(status('tamper')?.status).toBe('MODEL_MISMATCH');
    expect(status('refuser')?.status).toBe('MODEL_UNAVAILABLE');
    expect(status('duplicate')).toMatchObject({ status: 'DUPLICATE_MODEL' });
    expect(status('duplicate')?.detail).toContain(`uid ${uids.honest}`);

    // Round 2: the honest miner scores, every caught miner 0 with its reason; the weights follow.
    const result = (name: Name) => second.results.find((r) => r.miner.uid === uids[name])!;
    expect(result('honest').failure).toBeUndefined();
    expect(result('honest').score).toBeGreaterThan(0);
    for (const name of NAMES.filter((n) => n !== 'honest')) {
      expect(result(name).failure, name).toBe(status(name)?.status);
      expect(result(name).score, name).toBe(0);
    }
    const weights = validator.computeWeights()!;
    const weightOf = (name: Name) => weights.weights[weights.uids.indexOf(uids[name])] ?? 0;
    expect(weightOf('honest')).toBeGreaterThan(0);
    for (const name of NAMES.filter((n) => n !== 'honest')) expect(weightOf(name), name).toBe(0);

    const metric = async (name: string) =>
      (await validator!.registry.getSingleMetric(name)?.get())?.values ?? [];
    const errors = Object.fromEntries(
      (await metric('expertnet_validator_miner_errors_total')).map((v) => [v.labels.reason, v.value]),
    );
    expect(errors).toMatchObject({
      REEXECUTION_MISMATCH: 3,
      MODEL_MISMATCH: 1,
      MODEL_UNAVAILABLE: 1,
      DUPLICATE_MODEL: 2,
    });
    const checks = Object.fromEntries(
      (await metric('expertnet_validator_spot_checks_total')).map((v) => [v.labels.result, v.value]),
    );
    expect(checks.pass).toBeGreaterThanOrEqual(2);
    expect(checks.fail).toBeGreaterThanOrEqual(6);
    expect((await metric('expertnet_validator_bundle_bytes_downloaded_total'))[0]?.value).toBeGreaterThan(0);
    expect((await metric('expertnet_validator_verification_cpu_seconds_total'))[0]?.value).toBeGreaterThan(0);

    // The audit trail's round record says why (the open epoch's file).
    const trailDir = join(net.dir, 'state', 'audit', 'epochs');
    const open = (await readdir(trailDir)).filter((f) => f.endsWith('.jsonl'));
    const records = (
      await Promise.all(open.map(async (f) => (await readFile(join(trailDir, f), 'utf8')).trim().split('\n')))
    )
      .flat()
      .map((l) => JSON.parse(l) as { kind: string; miners?: Record<string, unknown>[]; zeroed?: number[] });
    const last = records.filter((r) => r.kind === 'round').at(-1);
    expect(last?.miners?.find((m) => m.uid === uids.substitute)).toMatchObject({
      verification: 'REEXECUTION_MISMATCH',
      failure: 'REEXECUTION_MISMATCH',
      score: 0,
    });
    expect(last?.zeroed).toEqual(expect.arrayContaining([uids.substitute, uids.duplicate]));
  }, 60_000);

  it("shows each miner's status and the evidence at the gateway", async () => {
    const base = validator!.gatewayUrl!;
    const table = (await (await fetch(`${base}/v1/miners`)).json()) as {
      miners: { uid: number; verification: { status: string; evidenceIds: string[] } | null }[];
    };
    const shown = (name: Name) => table.miners.find((m) => m.uid === uids[name])?.verification;
    expect(shown('honest')?.status).toBe('VERIFIED');
    expect(shown('duplicate')?.status).toBe('DUPLICATE_MODEL');
    const ids = shown('substitute')?.evidenceIds ?? [];
    expect(ids.length).toBeGreaterThan(0);
    const listed = (await (await fetch(`${base}/v1/evidence?uid=${uids.substitute}`)).json()) as {
      evidence: { id: string }[];
    };
    expect(listed.evidence.map((e) => e.id)).toEqual(expect.arrayContaining(ids));
    const one = await fetch(`${base}/v1/evidence/${ids[0]}`);
    expect(one.status).toBe(200);
  });

  it('writes evidence that checkEvidence proves against the committed bundle', async () => {
    const store = validator!.verification!.evidence;
    const dirOf = join(net.dir, 'state', 'evidence');
    const files = (await readdir(dirOf)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(store.dir).toBe(dirOf);
    const reexecutor = new Reexecutor({ cpuShare: 1 });
    try {
      const accused = new Set<number>();
      for (const file of files) {
        const bytes = await readFile(join(dirOf, file));
        const record = JSON.parse(bytes.toString('utf8')) as { miner: { uid: number } };
        const name = NAMES.find((n) => uids[n] === record.miner.uid)!;
        accused.add(record.miner.uid);
        const check = await checkEvidence(bytes, { bundleDir: committed[name], reexecutor });
        expect(check.problems, `${name}: ${JSON.stringify(check.problems)}`).toEqual([]);
        expect(check.proven, name).toBe(true);
      }
      expect([...accused].sort()).toEqual([uids.substitute, uids.perturb, uids.relay].sort());
    } finally {
      await reexecutor.close();
    }
  }, 60_000);
});
