/** The audit log: JSONL per UTC day, one write per round, old days pruned, records re-checkable. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashBytes, signResponse } from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { AuditLog, type AuditRecord, type MinerAuditRecord } from '../../validator/audit.js';
import { verifyEvidence } from '../../validator/miners/index.js';

const miner = Sr25519Keypair.fromUri('//AuditMiner');

function minerRecord(round: number, uid: number): MinerAuditRecord {
  const request = new TextEncoder().encode(`request ${round}/${uid}`);
  const response = new TextEncoder().encode(`response ${round}/${uid}`);
  return {
    kind: 'miner',
    round,
    block: 10 + round,
    time: new Date(0).toISOString(),
    uid,
    hotkey: miner.address,
    domain: 'legal',
    task: 'clause',
    modelSha256: 'ab'.repeat(32),
    items: 4,
    requestHash: u8aToHex(hashBytes(request)),
    responseHash: u8aToHex(hashBytes(response)),
    signature: u8aToHex(signResponse(miner, request, response)),
    quality: 0.75,
    latencyMs: 12.5,
    latencyFactor: 1,
    score: 0.75,
    average: 0.3,
  };
}

describe('AuditLog', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-audit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends each round to the file of its UTC day, one JSON object per line', async () => {
    const log = new AuditLog(join(dir, 'a'));
    const day1 = new Date('2026-11-28T23:59:59Z');
    const day2 = new Date('2026-11-29T00:00:01Z');
    const round1: AuditRecord[] = [
      minerRecord(1, 1),
      minerRecord(1, 2),
      {
        kind: 'round',
        round: 1,
        block: 11,
        time: day1.toISOString(),
        validator: 'v',
        miners: 2,
        uids: [1, 2],
        weights: [65535, 100],
      },
    ];
    await log.write(round1, day1);
    await log.write([minerRecord(2, 1)], day2);
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['2026-11-28.jsonl', '2026-11-29.jsonl']);
    const lines = (await readFile(log.fileFor(day1), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(round1);
    // The evidence in a line verifies against the miner hotkey alone.
    expect(verifyEvidence(lines[0].hotkey, lines[0])).toBe(true);
    expect(verifyEvidence(lines[0].hotkey, { ...lines[0], responseHash: lines[1].responseHash })).toBe(false);
  });

  it('deletes day files older than keepDays, leaving other files alone', async () => {
    const path = join(dir, 'b');
    const log = new AuditLog(path, { keepDays: 2 });
    await log.write([minerRecord(1, 1)], new Date('2026-11-01T12:00:00Z'));
    await writeFile(join(path, 'notes.txt'), 'operator notes');
    await log.write([minerRecord(2, 1)], new Date('2026-11-02T12:00:00Z'));
    await log.write([minerRecord(3, 1)], new Date('2026-11-05T12:00:00Z'));
    expect((await readdir(path)).sort()).toEqual(['2026-11-05.jsonl', 'notes.txt']);
  });

  it('writes nothing for an empty round', async () => {
    const log = new AuditLog(join(dir, 'c'));
    await log.write([]);
    await expect(readdir(join(dir, 'c'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
