/**
 * WeightStore on a real temporary directory: absent store, round trip (mode 0600: salts), migration of the
 * snapshot an older validator kept inside state.json, a present store winning over that copy, and every
 * malformed store set aside as `.corrupt` with a fresh start instead of a throw. Plus the state file's
 * parser, which checks an old embedded snapshot as strictly.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { parseValidatorState } from '../../validator/validator-state.js';
import { WEIGHT_STORE_FILE, type WeightSetterSnapshot, WeightStore } from '../../validator/weight-store.js';

const commit = {
  hash: `0x${'cd'.repeat(32)}`,
  uids: [0, 3],
  weights: [65535, 12],
  salt: [1, 2, 3, 4, 5, 6, 7, 8],
  versionKey: '0',
  sentBlock: 40,
  commitBlock: 41,
  firstRevealBlock: 45,
  lastRevealBlock: 49,
};
const snapshot: WeightSetterSnapshot = {
  netuid: 2,
  hotkey: '5Validator',
  pendingCommits: [commit],
  lastWeights: { block: 41, uids: [0, 3], weights: [65535, 12], method: 'commit' },
  lastSubmittedBlock: 41,
};

describe('WeightStore', () => {
  let root: string;
  let n = 0;
  const fresh = () => join(root, `case-${n++}`);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'expertnet-weight-store-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('starts empty, then round-trips a snapshot in weights.json (mode 0600)', async () => {
    const store = new WeightStore(fresh());
    expect(await store.load(silentLogger())).toBeUndefined();
    await store.save(snapshot);
    expect(store.path.endsWith(WEIGHT_STORE_FILE)).toBe(true);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect(await new WeightStore(join(store.path, '..')).load(silentLogger())).toEqual(snapshot);
  });

  it('takes an old state file’s snapshot when there is no store yet, and writes it at once', async () => {
    const dir = fresh();
    const store = new WeightStore(dir);
    expect(await store.load(silentLogger(), snapshot)).toEqual(snapshot);
    expect(await readdir(dir)).toEqual([WEIGHT_STORE_FILE]);
    // Later loads read the store; an old copy no longer matters.
    const older = { ...snapshot, pendingCommits: [] };
    expect(await new WeightStore(dir).load(silentLogger(), older)).toEqual(snapshot);
  });

  const malformed: Array<[string, string]> = [
    ['not JSON', '{"schemaVersion":1,"value":{"pendingCommits":['],
    ['pendingCommits not an array', '{"schemaVersion":1,"value":{"pendingCommits":null}}'],
    ['a commit without its fields', '{"schemaVersion":1,"value":{"pendingCommits":[{"hash":42}]}}'],
    [
      'uids and weights of different lengths',
      JSON.stringify({ schemaVersion: 1, value: { pendingCommits: [{ ...commit, weights: [1] }] } }),
    ],
    [
      'a salt value over u16',
      JSON.stringify({ schemaVersion: 1, value: { pendingCommits: [{ ...commit, salt: [70_000] }] } }),
    ],
    ['an unknown field', '{"schemaVersion":1,"value":{"pendingCommits":[],"extra":1}}'],
  ];
  for (const [what, text] of malformed) {
    it(`sets a store with ${what} aside and starts fresh`, async () => {
      const dir = fresh();
      const store = new WeightStore(dir);
      await store.save(snapshot);
      await writeFile(store.path, text);
      // Even with an old state file's copy at hand: the store was ours, so that copy is older still.
      expect(await store.load(silentLogger(), snapshot)).toBeUndefined();
      expect(await readFile(`${store.path}.corrupt`, 'utf8')).toBe(text);
      await store.save({ pendingCommits: [] });
      expect(await store.load(silentLogger())).toEqual({ pendingCommits: [] });
    });
  }
});

describe('parseValidatorState', () => {
  const base = { secret: 'ef'.repeat(32), round: 5, scores: { alpha: 0.1, entries: [] } };

  it('reads a current state and an old one with the weight setter inside', () => {
    expect(parseValidatorState(base)).toEqual(base);
    expect(parseValidatorState({ ...base, weightSetter: null })).toEqual(base);
    expect(parseValidatorState({ ...base, weightSetter: snapshot })).toEqual({
      ...base,
      legacyWeightSetter: snapshot,
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', [], /not an object/],
    ['a short secret', { ...base, secret: 'ab' }, /secret/],
    ['a negative round', { ...base, round: -1 }, /round/],
    ['scores that are not scores', { ...base, scores: { alpha: 2, entries: [] } }, /alpha/],
    ['pendingCommits null', { ...base, weightSetter: { pendingCommits: null } }, /pendingCommits/],
    ['a malformed commit', { ...base, weightSetter: { pendingCommits: [{ hash: 1 }] } }, /pendingCommits/],
  ];
  for (const [what, json, reason] of bad) {
    it(`refuses ${what} with a typed error`, () => {
      expect(() => parseValidatorState(json)).toThrow(reason);
      expect(() => parseValidatorState(json)).toThrow(expect.objectContaining({ code: expect.any(String) }));
    });
  }
});
