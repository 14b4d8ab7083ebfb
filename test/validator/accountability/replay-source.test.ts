/**
 * Replay's inputs without a chain: an epoch's audit from a directory or over HTTP (gzip with or without
 * Content-Encoding, 404, junk), answer-level verdicts that need no chain (secret data set items and
 * private packs are PARTIAL, a failure that scored is a MISMATCH, a signed answer over another challenge
 * is a MISMATCH), and `expertnet audit replay`'s usage errors (exit 2, before any chain is asked).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATOR_VERSION, getTask } from '../../../shared/domains/index.js';
import {
  encodeClassifyPayload,
  encodeFrame,
  hashBytes,
  signResponse,
} from '../../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import type {
  AuditConfig,
  AuditMinerEntry,
  AuditRecordV2,
} from '../../../validator/accountability/audit-types.js';
import { replayAnswer } from '../../../validator/accountability/replay-answer.js';
import { loadEpochAudit } from '../../../validator/accountability/replay-source.js';
import { ReplayMismatch } from '../../../validator/accountability/replay-types.js';
import { buildChallenge, CHALLENGE_VERSION, roundSeed } from '../../../validator/challenges.js';
import { runTsx } from '../../helpers/run-tsx.js';

const CONFIG: AuditConfig = {
  scoringRule: 'brier',
  alpha: 0.5,
  batchSize: 8,
  sampleSize: 64,
  timeoutMs: 3000,
  latencyTargetMs: 500,
  difficultyMix: { easy: 0.2, standard: 0.3, hard: 0.5 },
  datasetShare: 0.5,
  packs: {},
  generatorVersion: GENERATOR_VERSION,
  challengeVersion: CHALLENGE_VERSION,
  scorePower: 1,
  excludeQuantile: 0,
  domainShares: { legal: 1 },
  revealDataset: true,
};
const EPOCH_SEED = new Uint8Array(32).fill(7);
const H32 = `0x${'ab'.repeat(32)}`;

function epochLines(epoch: number): string {
  const records: AuditRecordV2[] = [
    {
      v: 2,
      kind: 'epoch_start',
      netuid: 1,
      epoch,
      block: 10,
      time: '2026-12-07T00:00:00.000Z',
      validator: '5Grw',
      tempo: 10,
      commitment: { hash: H32, block: 10 },
      auditable: true,
      config: CONFIG,
      scores: [],
    },
    {
      v: 2,
      kind: 'epoch_end',
      epoch,
      block: 20,
      time: '2026-12-07T00:00:10.000Z',
      rounds: 0,
      seed: H32,
      datasetHash: H32,
      dataset: [],
    },
  ];
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

describe('replay sources', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-replay-source-'));
    await writeFile(join(dir, '1-3.jsonl.gz'), gzipSync(epochLines(3)));
    await writeFile(join(dir, '1-4.jsonl'), epochLines(4));
    await writeFile(join(dir, '1-5.jsonl'), epochLines(5).slice(0, -20));
    server = createServer((req, res) => {
      const epoch = Number(req.url?.split('/').at(-1));
      if (req.url?.startsWith('/v1/audit/epochs/') !== true || epoch > 12) {
        res.writeHead(404).end();
      } else if (epoch === 10) {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(epochLines(10)));
      } else if (epoch === 11) {
        res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync(epochLines(11)));
      } else res.writeHead(200).end('{"not": "an audit"}\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('reads an epoch from a directory, gzip or plain; missing and truncated files are told apart', async () => {
    expect(await loadEpochAudit(dir, 1, 3)).toMatchObject({ audit: { start: { epoch: 3 } } });
    expect(await loadEpochAudit(dir, 1, 4)).toMatchObject({ audit: { start: { epoch: 4 } } });
    expect(await loadEpochAudit(dir, 1, 6)).toEqual({ missing: expect.stringMatching(/no audit file/) });
    expect(await loadEpochAudit(dir, 1, 5)).toEqual({ unreadable: expect.stringMatching(/^TRUNCATED/) });
  });

  it('reads an epoch from a gateway, with or without Content-Encoding; 404 is missing, junk unreadable', async () => {
    expect(await loadEpochAudit(url, 1, 10)).toMatchObject({ audit: { start: { epoch: 10 } } });
    expect(await loadEpochAudit(`${url}/v1/audit/epochs/`, 1, 11)).toMatchObject({
      audit: { start: { epoch: 11 } },
    });
    expect(await loadEpochAudit(url, 1, 13)).toEqual({ missing: expect.stringMatching(/404/) });
    expect(await loadEpochAudit(url, 1, 12)).toEqual({
      unreadable: expect.stringMatching(/UNSUPPORTED_VERSION/),
    });
  });
});

describe('replayAnswer', () => {
  const task = getTask('legal', 'clause');
  const base = {
    uid: 3,
    hotkey: '',
    domain: 'legal',
    task: 'clause',
    quality: 0,
    latencyFactor: 0,
    score: 0,
    average: 0,
  };

  /** A signed answer to round 0's challenge of uid 3, as a miner would give it. */
  async function signedEntry(texts?: string[]): Promise<AuditMinerEntry> {
    await cryptoWaitReady();
    const miner = Sr25519Keypair.fromUri('//ReplayMiner');
    const challenge = buildChallenge({
      domain: 'legal',
      task: 'clause',
      seed: roundSeed(EPOCH_SEED, 0, 3),
      size: 8,
      difficultyMix: CONFIG.difficultyMix,
    });
    const probabilities = challenge.labels.map((label) => task.labels.map((l) => (l === label ? 1 : 0)));
    const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 1 });
    const request = encodeFrame({ type: 'classify', texts: texts ?? challenge.texts, id: 5 });
    return {
      ...base,
      hotkey: miner.address,
      items: challenge.difficulties.map((d) => (d ?? 'd')[0]).join(''),
      requestId: 5,
      requestHash: `0x${Buffer.from(hashBytes(request)).toString('hex')}`,
      payload: Buffer.from(payload).toString('base64'),
      signature: `0x${Buffer.from(signResponse(miner, request, payload)).toString('hex')}`,
      latencyMs: 100,
      quality: 1,
      latencyFactor: 1,
      score: 1,
    };
  }
  const ctx = { epochSeed: EPOCH_SEED, round: 0, config: CONFIG, datasets: new Map() };
  const mismatchOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ReplayMismatch) return err.difference;
      throw err;
    }
    return undefined;
  };

  it('re-derives a signed answer: signature, quality, latency factor, score', async () => {
    expect(replayAnswer(await signedEntry(), ctx)).toEqual({ score: 1, answered: true });
  });

  it('names the first difference: a signature over another challenge, a score without an answer', async () => {
    const other = await signedEntry(['a text the seed never produced']);
    expect(mismatchOf(() => replayAnswer({ ...other, requestHash: undefined }, ctx))).toMatchObject({
      check: 'signature',
      uid: 3,
    });
    expect(mismatchOf(() => replayAnswer(other, ctx))).toMatchObject({ check: 'request', uid: 3 });
    expect(mismatchOf(() => replayAnswer({ ...base, failure: 'TIMEOUT', score: 0.4 }, ctx))).toMatchObject({
      check: 'unanswered-score',
    });
    const honest = await signedEntry();
    expect(mismatchOf(() => replayAnswer({ ...honest, quality: 0.9, score: 0.9 }, ctx))).toMatchObject({
      check: 'quality',
      expected: 1,
      found: 0.9,
    });
  });

  it('is PARTIAL for secret data set items and private packs', async () => {
    const honest = await signedEntry();
    expect(
      replayAnswer({ ...honest, items: `d${honest.items?.slice(1)}` }, { ...ctx, datasets: undefined }),
    ).toMatchObject({ partial: 'dataset items kept secret' });
    expect(
      replayAnswer(honest, { ...ctx, config: { ...CONFIG, packs: { 'legal/clause': H32 } } }),
    ).toMatchObject({ partial: expect.stringMatching(/private pack/) });
  });
});

describe('expertnet audit replay usage', () => {
  it('exits 2 on bad usage, before asking any chain', async () => {
    const cli = new URL('../../../cli/expertnet.ts', import.meta.url).pathname;
    const run = await runTsx(cli, [
      'audit',
      'replay',
      '--validator',
      'nope',
      '--netuid',
      '1',
      '--from',
      '3',
      '--to',
      '2',
      '--source',
      '.',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--to must be ≥ --from|SS58/);
  }, 60_000);
});
