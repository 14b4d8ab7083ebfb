/**
 * JsonStateFile on a real temporary directory: round trip, absent file, every corrupt shape as a typed
 * error naming the path, start-fresh keeping the bad file aside, ordered concurrent saves without
 * leftovers, and failed saves that leave the previous file intact.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../shared/logger.js';
import { JsonStateFile, StateFileError } from '../../validator/state.js';

interface Counter {
  count: number;
  names: string[];
}

function parseCounter(json: unknown): Counter {
  const v = json as Partial<Counter> | null;
  if (typeof v?.count !== 'number' || !Array.isArray(v.names)) throw new Error('not a counter');
  return { count: v.count, names: v.names.map(String) };
}

describe('JsonStateFile', () => {
  let dir: string;
  let n = 0;
  const fresh = () => join(dir, `case-${n++}`, 'state.json');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns undefined when there is no file, then round-trips a saved value', async () => {
    const file = new JsonStateFile(fresh(), parseCounter);
    expect(await file.load()).toBeUndefined();
    await file.save({ count: 3, names: ['a', 'b'] });
    expect(await file.load()).toEqual({ count: 3, names: ['a', 'b'] });
    // A second instance (a restarted validator) reads the same value.
    expect(await new JsonStateFile(file.path, parseCounter).load()).toEqual({ count: 3, names: ['a', 'b'] });
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
  });

  const corruptCases: Array<[string, string, RegExp]> = [
    ['truncated JSON', '{"schemaVersion":1,"value":{"cou', /not JSON/],
    ['no envelope', '{"count":1,"names":[]}', /envelope/],
    [
      'another schema version',
      '{"schemaVersion":2,"savedAt":"x","value":{"count":1,"names":[]}}',
      /version 2/,
    ],
    ['a value parse refuses', '{"schemaVersion":1,"savedAt":"x","value":{"count":"1"}}', /not a counter/],
  ];
  for (const [what, text, reason] of corruptCases) {
    it(`reports ${what} as CORRUPT naming the path`, async () => {
      const path = fresh();
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, text);
      const err = await new JsonStateFile(path, parseCounter).load().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StateFileError);
      expect((err as StateFileError).code).toBe('CORRUPT');
      expect((err as StateFileError).type).toMatchObject({ path });
      expect((err as StateFileError).message).toContain(path);
      expect((err as StateFileError).message).toMatch(reason);
    });
  }

  it('starts fresh from a corrupt file and keeps it as .corrupt', async () => {
    const path = fresh();
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'garbage');
    const file = new JsonStateFile(path, parseCounter);
    expect(await file.loadOrStartFresh(silentLogger())).toBeUndefined();
    expect(await readFile(`${path}.corrupt`, 'utf8')).toBe('garbage');
    await file.save({ count: 1, names: [] });
    expect(await file.loadOrStartFresh(silentLogger())).toEqual({ count: 1, names: [] });
  });

  it('keeps saves in call order and leaves no temporary files', async () => {
    const file = new JsonStateFile(fresh(), parseCounter);
    await Promise.all(Array.from({ length: 20 }, (_, i) => file.save({ count: i, names: [String(i)] })));
    expect(await file.load()).toEqual({ count: 19, names: ['19'] });
    expect(await readdir(join(file.path, '..'))).toEqual(['state.json']);
  });

  it('refuses an unserializable value and keeps the previous file', async () => {
    const file = new JsonStateFile<unknown>(fresh(), (json) => json);
    await file.save({ ok: true });
    const err = await file.save({ big: 1n }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNSERIALIZABLE' });
    expect(await file.load()).toEqual({ ok: true });
  });

  it('reports WRITE_FAILED when the target cannot be replaced, without leftovers', async () => {
    const path = fresh();
    await mkdir(path, { recursive: true }); // a directory where the file should go
    const file = new JsonStateFile(path, parseCounter);
    const err = await file.save({ count: 1, names: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', type: { path } });
    expect(await readdir(join(path, '..'))).toEqual(['state.json']);
    // A later save still runs (the queue survives a failure).
    await rm(path, { recursive: true });
    await file.save({ count: 2, names: [] });
    expect(await file.load()).toEqual({ count: 2, names: [] });
  });
});
