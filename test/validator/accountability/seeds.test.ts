/** Epoch seeds and the seeds derived from them, the seed commitment's fields, the epoch's data set draw. */
import { mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTask } from '../../../shared/domains/index.js';
import { AuditStore } from '../../../validator/accountability/audit-store.js';
import type { AuditRecordV2 } from '../../../validator/accountability/audit-types.js';
import {
  decodeSeedCommitment,
  encodeSeedCommitment,
  seedCommitmentHash,
} from '../../../validator/accountability/commitment.js';
import {
  DATASET_ITEMS_PER_EPOCH,
  datasetHash,
  datasetReveal,
  epochDatasets,
  revealedDatasets,
  ZERO_HASH,
} from '../../../validator/accountability/dataset.js';
import { buildChallenge, epochSeed, roundSeed } from '../../../validator/challenges.js';
import { ValidatorError } from '../../../validator/errors.js';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);

describe('epoch seeds', () => {
  it('is blake2b-256 keyed with the secret over context ‖ netuid u16 LE ‖ epoch u64 LE', () => {
    const message = Buffer.concat([
      Buffer.from('expertnet/epoch-seed/v1'),
      Buffer.from([3, 0]),
      Buffer.from([42, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    expect(Buffer.from(epochSeed(secret, 3, 42))).toEqual(Buffer.from(blake2AsU8a(message, 256, secret)));
  });

  it('differs per netuid, epoch and secret; round seeds differ per round index and uid', () => {
    const seeds = [epochSeed(secret, 1, 5), epochSeed(secret, 2, 5), epochSeed(secret, 1, 6)];
    seeds.push(
      epochSeed(
        secret.map((b) => b ^ 1),
        1,
        5,
      ),
    );
    expect(new Set(seeds.map((s) => Buffer.from(s).toString('hex'))).size).toBe(4);
    const seed = seeds[0] ?? new Uint8Array();
    const rounds = [roundSeed(seed, 0, 1), roundSeed(seed, 1, 1), roundSeed(seed, 0, 2)];
    expect(new Set(rounds).size).toBe(3);
    // Replay needs only the revealed epoch seed: the same seed gives the same challenge.
    const challenge = (s: Uint8Array) =>
      buildChallenge({ domain: 'legal', seed: roundSeed(s, 3, 1), size: 8 }).texts;
    expect(challenge(Uint8Array.from(seed))).toEqual(challenge(seed));
    expect(() => epochSeed(secret, 70_000, 1)).toThrow(ValidatorError);
    expect(() => epochSeed(secret, 1, -1)).toThrow(expect.objectContaining({ code: 'INVALID_CHALLENGE' }));
    expect(() => roundSeed(seed, 2 ** 32, 1)).toThrow(expect.objectContaining({ code: 'INVALID_CHALLENGE' }));
    expect(() => roundSeed(new Uint8Array(8), 0, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_SECRET' }),
    );
  });
});

describe('seed commitment', () => {
  const seed = epochSeed(secret, 1, 9);
  const dsHash = new Uint8Array(32).fill(5);

  it('round-trips with and without a reveal, within one Raw128 + hash + Raw64', () => {
    const hash = seedCommitmentHash(seed, dsHash);
    expect(Buffer.from(hash)).toEqual(Buffer.from(blake2AsU8a(Buffer.concat([seed, dsHash]), 256)));
    const plain = encodeSeedCommitment({ epoch: 9, hash, reveal: undefined });
    expect(plain).toHaveLength(2);
    expect(decodeSeedCommitment(plain)).toEqual({ epoch: 9, hash, reveal: undefined });
    const reveal = { epoch: 8, seed: epochSeed(secret, 1, 8), datasetHash: ZERO_HASH };
    const fields = encodeSeedCommitment({ epoch: 9, hash, reveal });
    expect(fields.map((f) => [f.kind, f.kind === 'None' ? 0 : f.bytes.length])).toEqual([
      ['Raw', 'expertnet-audit/1 9 8'.length],
      ['BlakeTwo256', 32],
      ['Raw', 64],
    ]);
    expect(decodeSeedCommitment(fields)).toEqual({ epoch: 9, hash, reveal });
  });

  it('reads anything else as no seed commitment', () => {
    const hash = seedCommitmentHash(seed, dsHash);
    const raw = (text: string) => ({ kind: 'Raw' as const, bytes: new TextEncoder().encode(text) });
    expect(
      decodeSeedCommitment([raw('expertnet/2 legal clause'), { kind: 'BlakeTwo256', bytes: hash }]),
    ).toBeUndefined();
    expect(
      decodeSeedCommitment([raw('expertnet-audit/1 01'), { kind: 'BlakeTwo256', bytes: hash }]),
    ).toBeUndefined();
    expect(
      decodeSeedCommitment([raw('expertnet-audit/1 9 8'), { kind: 'BlakeTwo256', bytes: hash }]),
    ).toBeUndefined();
    expect(
      decodeSeedCommitment([raw('expertnet-audit/1 9'), { kind: 'Sha256', bytes: hash }]),
    ).toBeUndefined();
  });
});

describe('epoch data set', () => {
  const task = getTask('legal');
  const key = `legal/${task.task}`;
  const items = Array.from({ length: 200 }, (_, i) => ({
    text: `item ${i}`,
    label: task.labels[i % task.labels.length] ?? '',
  }));
  items.push({ text: 'wrong label', label: 'not-a-label' }, { text: '', label: task.labels[0] ?? '' });
  const all = new Map([[key, items]]);

  it('draws the same usable items for the same seed, others for another epoch', () => {
    const a = epochDatasets(all, epochSeed(secret, 1, 1));
    expect(epochDatasets(all, epochSeed(secret, 1, 1))).toEqual(a);
    const drawn = a.get(key) ?? [];
    expect(drawn).toHaveLength(DATASET_ITEMS_PER_EPOCH);
    expect(new Set(drawn.map((i) => i.text)).size).toBe(DATASET_ITEMS_PER_EPOCH);
    expect(drawn.every((i) => i.text.startsWith('item '))).toBe(true);
    expect(epochDatasets(all, epochSeed(secret, 1, 2)).get(key)).not.toEqual(drawn);
  });

  it('hashes the canonical reveal; the reveal rebuilds the same challenges', () => {
    const seed = epochSeed(secret, 1, 1);
    const drawn = epochDatasets(all, seed);
    const reveal = datasetReveal(drawn);
    const hash = datasetHash(reveal);
    expect(Buffer.from(hash)).toEqual(
      Buffer.from(blake2AsU8a(new TextEncoder().encode(JSON.stringify(reveal)), 256)),
    );
    // Read back from JSON with other key orders: same hash.
    const shuffled = reveal.map((r) => ({
      items: r.items.map((i) => ({ label: i.label, text: i.text })),
      task: r.task,
    }));
    expect(Buffer.from(datasetHash(shuffled))).toEqual(Buffer.from(hash));
    expect(datasetHash([])).toEqual(ZERO_HASH);
    const build = (datasets: ReadonlyMap<string, readonly { text: string; label: string }[]>) =>
      buildChallenge({ domain: 'legal', seed: roundSeed(seed, 0, 3), size: 16, dataset: datasets.get(key) });
    const original = build(drawn);
    expect(original.datasetIndices).toHaveLength(8);
    expect(build(revealedDatasets(reveal))).toEqual(original);
  });
});

describe('audit store', () => {
  let dir: string;
  const record = (epoch: number, round: number): AuditRecordV2 => ({
    v: 2,
    kind: 'weights',
    epoch,
    method: 'set',
    block: round,
    time: new Date(0).toISOString(),
    uids: [1],
    weights: [65535],
  });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-audit-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per record, gzips on close and lists both states', async () => {
    const store = new AuditStore(join(dir, 'a'), 4);
    await store.append(10, [record(10, 1), record(10, 2)]);
    await store.append(11, [record(11, 3)]);
    expect((await readFile(store.openPath(10), 'utf8')).split('\n')).toHaveLength(3);
    await store.close(10, { firstBlock: 1, lastBlock: 2, rounds: 2 });
    expect((await readdir(store.dir)).sort()).toEqual(['4-10.jsonl.gz', '4-10.meta.json', '4-11.jsonl']);
    const text = gunzipSync(await readFile(store.closedPath(10))).toString('utf8');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([record(10, 1), record(10, 2)]);
    expect(await store.list()).toMatchObject([
      { netuid: 4, epoch: 10, status: 'closed', firstBlock: 1, lastBlock: 2, rounds: 2 },
      { netuid: 4, epoch: 11, status: 'open', rounds: null },
    ]);
    expect(await store.locate(10)).toMatchObject({ gzip: true });
    expect(await store.locate(11)).toMatchObject({ gzip: false });
    expect(await store.locate(12)).toBeUndefined();
  });

  it('deletes closed epochs older than retainDays, never open ones or other netuids', async () => {
    const store = new AuditStore(join(dir, 'b'), 1, { retainDays: 2 });
    const other = new AuditStore(join(dir, 'b'), 2, { retainDays: 2 });
    for (const epoch of [1, 2, 3]) await store.append(epoch, [record(epoch, epoch)]);
    await other.append(1, [record(1, 1)]);
    await store.close(1, { firstBlock: 1, lastBlock: 1, rounds: 1 });
    await store.close(2, { firstBlock: 2, lastBlock: 2, rounds: 1 });
    await other.close(1, { firstBlock: 1, lastBlock: 1, rounds: 1 });
    const old = new Date(Date.now() - 3 * 86_400_000);
    await utimes(store.closedPath(1), old, old);
    await utimes(other.closedPath(1), old, old);
    expect(await store.prune()).toBe(1);
    expect((await readdir(store.dir)).sort()).toEqual([
      '1-2.jsonl.gz',
      '1-2.meta.json',
      '1-3.jsonl',
      '2-1.jsonl.gz',
      '2-1.meta.json',
    ]);
  });
});
