/**
 * The audit trail v2 written by a real validator on the dev chain, with a real miner (trained model) and
 * a protocol-level one: the seed commitment lands before the epoch's first round and the next one reveals
 * the seed; the closed epoch is gzip-compressed and its signed responses verify over the rebuilt request
 * bytes; the gateway serves the epochs; a restart mid-epoch resumes the round indices; a commitment the
 * chain refuses marks the epoch unauditable while rounds go on.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MinerHandle, startMiner } from '../../../miner/miner.js';
import { silentLogger } from '../../../shared/logger.js';
import { encodeFrame, hashBytes } from '../../../shared/protocol/index.js';
import { epochIndex } from '../../../shared/subtensor/epoch.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../../../shared/wallet/index.js';
import {
  FakeMiner,
  startTestNet,
  type TestNet,
  testMinerConfig,
  trainLegalModel,
} from '../../../testkit/validator-net.js';
import { readAuditEpochBytes, readAuditEpochFile } from '../../../validator/accountability/audit-reader.js';
import type { AuditEpoch } from '../../../validator/accountability/audit-types.js';
import { decodeSeedCommitment, seedCommitmentHash } from '../../../validator/accountability/commitment.js';
import { buildChallenge, roundSeed } from '../../../validator/challenges.js';
import { verifyEvidence } from '../../../validator/miners/index.js';
import { startValidator, type ValidatorHandle } from '../../../validator/validator.js';

describe('audit trail v2 on the dev chain', () => {
  let dir: string;
  let net: TestNet;
  let miner: MinerHandle | undefined;
  let fake: FakeMiner | undefined;
  let validator: ValidatorHandle | undefined;
  let epochsDir: string;

  const epochNow = async () => {
    const hp = await net.chain.hyperparams(net.netuid);
    return epochIndex(net.netuid, hp.tempo, await net.chain.bestBlockNumber());
  };
  const onChainCommitment = async () => {
    const fields = await net.chain.getCommitment(net.netuid, net.validatorHotkey.address);
    return fields && decodeSeedCommitment(fields);
  };
  const start = async (gatewayPort = 0) =>
    startValidator(net.validatorConfig({ gatewayPort }), { logger: silentLogger(), autoRounds: false });
  /** Seals blocks until the chain is in a later epoch than `epoch`. */
  const nextEpoch = async (epoch: number) =>
    net.sealUntil(async () => (await epochNow()) > epoch, 'a new epoch', 30);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-audit-trail-'));
    epochsDir = join(dir, 'state', 'audit', 'epochs');
    const [started] = await Promise.all([startTestNet(dir), trainLegalModel(join(dir, 'weak'), 'weak')]);
    net = started;
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
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
  }, 120_000);

  afterAll(async () => {
    await validator?.close();
    await miner?.close();
    await fake?.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  let first: AuditEpoch;

  it('commits the epoch seed before the first round and reveals it with the next epoch', async () => {
    validator = await start();
    const summary = await validator.runRound();
    expect(summary?.results.map((r) => r.failure)).toEqual([undefined, undefined]);
    await validator.runRound();
    const open = (await readdir(epochsDir)).filter((f) => f.endsWith('.jsonl'));
    expect(open).toHaveLength(1);
    const epochOpen = await readAuditEpochFile(join(epochsDir, open[0] ?? ''));
    expect(epochOpen.end).toBeUndefined();
    expect(epochOpen.start.auditable).toBe(true);
    expect(epochOpen.start.commitment.block).toBeGreaterThan(0);
    expect(epochOpen.rounds.map((r) => r.round)).toEqual([0, 1]);
    const committed = await onChainCommitment();
    expect(committed?.epoch).toBe(epochOpen.start.epoch);
    expect(u8aToHex(committed?.hash)).toBe(epochOpen.start.commitment.hash);

    await nextEpoch(epochOpen.start.epoch);
    await validator.runRound();
    const closedName = `${net.netuid}-${epochOpen.start.epoch}.jsonl.gz`;
    const names = await readdir(epochsDir);
    expect(names).toContain(closedName);
    expect(names).not.toContain(open[0]);
    first = await readAuditEpochFile(join(epochsDir, closedName));
    const end = first.end;
    if (!end) throw new Error('no epoch_end');
    expect(end.rounds).toBe(2);
    expect(end.datasetHash).toBe(`0x${'00'.repeat(32)}`);
    // The revealed seed is the committed one, in the audit and in the next commitment on chain.
    const seed = Buffer.from(end.seed.slice(2), 'hex');
    expect(u8aToHex(seedCommitmentHash(seed, Buffer.from(end.datasetHash.slice(2), 'hex')))).toBe(
      first.start.commitment.hash,
    );
    const next = await onChainCommitment();
    expect(next?.epoch).toBeGreaterThan(first.start.epoch);
    expect(next?.reveal?.epoch).toBe(first.start.epoch);
    expect(u8aToHex(next?.reveal?.seed)).toBe(end.seed);
  });

  it('keeps every signed response as received: it verifies over the request bytes rebuilt from the seed', async () => {
    const end = first.end;
    if (!end) throw new Error('no epoch_end');
    const seed = Buffer.from(end.seed.slice(2), 'hex');
    let checked = 0;
    for (const round of first.rounds) {
      for (const entry of round.miners) {
        expect(entry.failure).toBeUndefined();
        const texts = buildChallenge({
          domain: entry.domain,
          task: entry.task,
          seed: roundSeed(seed, round.round, entry.uid),
          size: first.start.config.batchSize,
          difficultyMix: first.start.config.difficultyMix,
        }).texts;
        const request = encodeFrame({ type: 'classify', texts, id: entry.requestId ?? -1 });
        const response = Buffer.from(entry.payload ?? '', 'base64');
        expect(u8aToHex(hashBytes(request))).toBe(entry.requestHash);
        const evidence = {
          requestHash: entry.requestHash ?? '',
          responseHash: u8aToHex(hashBytes(response)),
          signature: entry.signature ?? '',
        };
        expect(verifyEvidence(entry.hotkey, evidence, { request, response })).toBe(true);
        // An edited payload no longer verifies.
        response[response.length - 1] = (response.at(-1) ?? 0) ^ 1;
        expect(verifyEvidence(entry.hotkey, evidence, { request, response })).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(4);
  });

  it('resumes the open epoch after a restart at the next round index', async () => {
    const epoch = await epochNow();
    await validator?.close();
    validator = await start();
    await validator.runRound();
    const current = await readAuditEpochFile(join(epochsDir, `${net.netuid}-${epoch}.jsonl`));
    expect(current.rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(current.records.filter((r) => r.kind === 'resume')).toMatchObject([{ nextRound: 1 }]);
    expect(current.records.filter((r) => r.kind === 'epoch_start')).toHaveLength(1);
  });

  it('serves the epochs over the gateway, gzip when accepted', async () => {
    await validator?.close();
    validator = await start(await freePort());
    const url = validator.gatewayUrl ?? '';
    const list = (await (await fetch(`${url}/v1/audit/epochs`)).json()) as {
      epochs: { epoch: number; status: string; rounds: number | null; bytes: number }[];
    };
    const closed = list.epochs.find((e) => e.epoch === first.start.epoch);
    expect(closed).toMatchObject({ status: 'closed', rounds: 2 });
    expect(list.epochs.at(-1)?.status).toBe('open');

    const raw = await fetch(`${url}/v1/audit/epochs/${first.start.epoch}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes gzip itself: the body is the epoch's JSONL either way.
    expect(readAuditEpochBytes(Buffer.from(await raw.arrayBuffer()))).toEqual(first);
    const plain = await fetch(`${url}/v1/audit/epochs/${first.start.epoch}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(readAuditEpochBytes(Buffer.from(await plain.arrayBuffer()))).toEqual(first);
    const openEpoch = list.epochs.at(-1)?.epoch ?? -1;
    const live = await fetch(`${url}/v1/audit/epochs/${openEpoch}`);
    expect(readAuditEpochBytes(Buffer.from(await live.arrayBuffer())).start.epoch).toBe(openEpoch);

    expect((await fetch(`${url}/v1/audit/epochs/99999`)).status).toBe(404);
    expect((await fetch(`${url}/v1/audit/epochs/x1`)).status).toBe(400);
    // The stored file of a closed epoch is gzip.
    const stored = await readFile(join(epochsDir, `${net.netuid}-${first.start.epoch}.jsonl.gz`));
    expect(readAuditEpochBytes(gunzipSync(stored))).toEqual(first);
  });

  it('marks an epoch unauditable when its commitment fails, and runs its rounds anyway', async () => {
    // The chain allows this hotkey no commitment space any more: the pool refuses the next commitment.
    const tx = net.chain.api.tx;
    await net.chain.submit('Sudo.sudo', tx.sudo.sudo(tx.commitments.setMaxSpace(1)), net.alice);
    const epoch = await epochNow();
    await nextEpoch(epoch);
    if (!validator) throw new Error('no validator');
    const summary = await validator.runRound();
    expect(summary?.results).toHaveLength(2);
    const now = await epochNow();
    const current = await readAuditEpochFile(join(epochsDir, `${net.netuid}-${now}.jsonl`));
    expect(current.start.auditable).toBe(false);
    expect(current.start.commitment.block).toBeNull();
    expect(current.start.reason).toMatch(/seed commitment failed/);
    expect(current.rounds.map((r) => r.round)).toEqual([0]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
