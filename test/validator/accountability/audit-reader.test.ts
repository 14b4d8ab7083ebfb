/** The audit v2 reader: typed records back, and a clear typed error for every kind of bad input. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  AuditFormatError,
  parseAuditRecord,
  readAuditEpochBytes,
} from '../../../validator/accountability/audit-reader.js';
import type { AuditRecordV2, EpochStartRecord } from '../../../validator/accountability/audit-types.js';

const H32 = `0x${'ab'.repeat(32)}`;
const start: EpochStartRecord = {
  v: 2,
  kind: 'epoch_start',
  netuid: 1,
  epoch: 7,
  block: 80,
  time: '2026-12-07T00:00:00.000Z',
  validator: '5Grw',
  tempo: 10,
  commitment: { hash: H32, block: 80 },
  auditable: true,
  config: {
    scoringRule: 'brier',
    alpha: 0.1,
    batchSize: 16,
    sampleSize: 64,
    timeoutMs: 5000,
    latencyTargetMs: 500,
    difficultyMix: { easy: 0.2, standard: 0.3, hard: 0.5 },
    datasetShare: 0.5,
    packs: {},
    generatorVersion: 2,
    challengeVersion: 1,
    scorePower: 1,
    excludeQuantile: 0,
    domainShares: { legal: 1 },
    revealDataset: true,
  },
  scores: [{ uid: 1, hotkey: '5F', score: 0.5, rounds: 3, lastRound: 2 }],
};
const records: AuditRecordV2[] = [
  start,
  {
    v: 2,
    kind: 'metagraph',
    epoch: 7,
    block: 80,
    n: 2,
    minAllowedWeights: 1,
    maxWeightsLimit: 65535,
    miners: [[1, '5F', 'legal', 'clause']],
  },
  {
    v: 2,
    kind: 'round',
    epoch: 7,
    round: 0,
    block: 80,
    time: start.time,
    miners: [
      {
        uid: 1,
        hotkey: '5F',
        domain: 'legal',
        task: 'clause',
        items: 'eshd',
        dataset: [3],
        requestId: 4,
        requestHash: H32,
        payload: Buffer.from('hello').toString('base64'),
        signature: `0x${'cd'.repeat(64)}`,
        latencyMs: 12.5,
        quality: 0.8,
        latencyFactor: 1,
        score: 0.8,
        average: 0.6,
      },
    ],
    uids: [1],
    weights: [65535],
  },
  {
    v: 2,
    kind: 'weights',
    epoch: 7,
    method: 'set',
    block: 81,
    time: start.time,
    uids: [1],
    weights: [65535],
    fromRound: 0,
    fromEpoch: 7,
  },
  {
    v: 2,
    kind: 'epoch_end',
    epoch: 7,
    block: 90,
    time: start.time,
    rounds: 1,
    seed: H32,
    datasetHash: H32,
    dataset: null,
  },
];
const text = `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

function failure(bytes: Uint8Array): AuditFormatError {
  try {
    readAuditEpochBytes(bytes, 'f');
  } catch (err) {
    expect(err).toBeInstanceOf(AuditFormatError);
    return err as AuditFormatError;
  }
  throw new Error('no error');
}

describe('audit reader', () => {
  it('reads plain and gzip files into the same typed epoch', () => {
    const plain = readAuditEpochBytes(Buffer.from(text));
    expect(plain.start).toEqual(start);
    expect(plain.rounds.map((r) => r.round)).toEqual([0]);
    expect(plain.weights).toHaveLength(1);
    expect(plain.end?.rounds).toBe(1);
    expect(readAuditEpochBytes(gzipSync(text))).toEqual(plain);
    // An open epoch has no end.
    const open = readAuditEpochBytes(
      Buffer.from(
        `${records
          .slice(0, 3)
          .map((r) => JSON.stringify(r))
          .join('\n')}\n`,
      ),
    );
    expect(open.end).toBeUndefined();
  });

  it('reports a truncated gzip stream or a cut last line as TRUNCATED', () => {
    const gz = gzipSync(text);
    expect(failure(gz.subarray(0, gz.length - 20)).code).toBe('TRUNCATED');
    expect(failure(Buffer.from(text.slice(0, text.length - 30)))).toMatchObject({
      code: 'TRUNCATED',
      type: { line: 5 },
    });
  });

  it('names the line and field of a malformed record', () => {
    expect(failure(Buffer.from(`${text}{not json}\n`)).code).toBe('MALFORMED');
    const badSig = text.replace(`"signature":"0x${'cd'.repeat(64)}"`, '"signature":"0x12"');
    expect(failure(Buffer.from(badSig))).toMatchObject({
      code: 'BAD_RECORD',
      type: { line: 3, field: 'miners' },
    });
    const noQuality = text.replace('"quality":0.8,', '');
    expect(failure(Buffer.from(noQuality)).message).toMatch(/quality: missing/);
    expect(() => parseAuditRecord({ v: 2, kind: 'nope' })).toThrow(/unknown record kind/);
    expect(failure(Buffer.from('')).code).toBe('EMPTY');
    expect(failure(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).code).toMatch(
      /TRUNCATED|MALFORMED/,
    );
  });

  it('refuses other versions and records out of order', () => {
    expect(
      failure(Buffer.from(text.replace('{"v":2,"kind":"round"', '{"v":3,"kind":"round"'))),
    ).toMatchObject({
      code: 'UNSUPPORTED_VERSION',
      type: { line: 3, version: 3 },
    });
    const lines = text.trim().split('\n');
    expect(failure(Buffer.from(`${lines.slice(1).join('\n')}\n`)).code).toBe('BAD_ORDER');
    expect(failure(Buffer.from(`${[...lines, lines[2]].join('\n')}\n`)).message).toMatch(/after epoch_end/);
    const otherEpoch = lines[2]?.replace('"epoch":7', '"epoch":8') ?? '';
    expect(failure(Buffer.from(`${[lines[0], otherEpoch].join('\n')}\n`)).code).toBe('BAD_ORDER');
  });
});
