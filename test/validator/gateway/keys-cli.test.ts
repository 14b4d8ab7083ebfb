/** `expertnet gateway-keys`: create prints a working key once, list never shows keys, revoke by id. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { ApiKeyStore } from '../../../validator/gateway/keys.js';
import { gatewayKeysCommand } from '../../../validator/gateway/keys-cli.js';
import { type CliRun, captureCli } from '../../helpers/cli-output.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-keys-cli-'));
  file = join(dir, 'keys.json');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the command in-process and returns what it printed. */
async function cli(...args: string[]): Promise<CliRun> {
  return captureCli(() =>
    yargs(['gateway-keys', ...args, '--keys-file', file])
      .command(gatewayKeysCommand)
      .strict()
      .exitProcess(false)
      .parseAsync(),
  );
}

describe('expertnet gateway-keys', () => {
  it('creates, lists and revokes keys', async () => {
    const created = JSON.parse(
      (await cli('create', '--name', 'alice', '--rate', '2', '--burst', '4', '--json')).out,
    );
    expect(created.key).toMatch(/^exn_[0-9a-f]{12}_/);
    expect(created.rateLimit).toEqual({ perSecond: 2, burst: 4 });
    expect(await readFile(file, 'utf8')).not.toContain(created.key);

    const store = await ApiKeyStore.open(file, 0);
    expect(store.authenticate(created.key)?.name).toBe('alice');

    const listed = await cli('list');
    expect(listed.out).toContain(`${created.id}  alice  2/s burst 4`);
    expect(listed.out).not.toContain(created.key);
    expect(JSON.parse((await cli('list', '--json')).out)[0]).not.toHaveProperty('hash');

    expect((await cli('revoke', created.id)).out).toContain('revoked');
    await store.refresh(Number.MAX_SAFE_INTEGER);
    expect(store.authenticate(created.key)).toBeUndefined();
  });

  it('answers a clear error for an unknown id', async () => {
    const { err, exitCode } = await cli('revoke', 'feedfacecafe');
    expect(exitCode).toBe(1);
    expect(err).toContain('no key with id feedfacecafe');
  });
});
