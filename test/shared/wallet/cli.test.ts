/**
 * `expertnet wallet ...` as a user runs it: create → files on disk (btcli layout, 0600) → show/list →
 * regen from the printed mnemonic gives the same keys; an encrypted coldkey takes its password from
 * btwallet's `BT_PW_...` variable and never prints it.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { walletCommand } from '../../../shared/wallet/cli.js';
import { encodeEnvPassword, Wallet } from '../../../shared/wallet/index.js';
import { type CliRun, captureCli } from '../../helpers/cli-output.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wallet-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function cli(...args: string[]): Promise<CliRun> {
  return captureCli(() =>
    yargs(['wallet', ...args, '--wallet.path', root])
      .command(walletCommand)
      .strict()
      .exitProcess(false)
      .parseAsync(),
  );
}

describe('expertnet wallet', () => {
  it('creates a clear wallet in the btcli layout and regenerates it from its mnemonic', async () => {
    const created = await cli('create', '--wallet.name', 'w1', '--no-password', '--json');
    expect(created.exitCode).toBe(0);
    const made = JSON.parse(created.out);
    expect(made.encrypted).toBe(false);

    const dir = join(root, 'w1');
    for (const file of ['coldkey', 'coldkeypub.txt', join('hotkeys', 'default')]) {
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
    }
    const pub = JSON.parse(await readFile(join(dir, 'coldkeypub.txt'), 'utf8'));
    expect(pub.ss58Address).toBe(made.coldkey);

    const shown = JSON.parse((await cli('show', '--wallet.name', 'w1', '--json')).out);
    expect(JSON.stringify(shown)).toContain(made.hotkey);
    expect(JSON.stringify(shown)).not.toContain(made.coldkeyMnemonic);
    expect((await cli('list', '--json')).out).toContain('w1');

    // `regen` (alias of regen-coldkey) into another wallet restores the same coldkey address.
    const regen = await cli(
      'regen',
      '--wallet.name',
      'w2',
      '--mnemonic',
      made.coldkeyMnemonic,
      '--no-password',
      '--json',
    );
    expect(regen.exitCode).toBe(0);
    expect(regen.out).toContain(made.coldkey);
    const hot = await cli('regen-hotkey', '--wallet.name', 'w2', '--mnemonic', made.hotkeyMnemonic, '--json');
    expect(hot.out).toContain(made.hotkey);
    const w2 = new Wallet({ name: 'w2', hotkey: 'default', path: root });
    expect((await w2.hotkey()).address).toBe(made.hotkey);
    expect((await w2.coldkey()).address).toBe(made.coldkey);
  });

  it('encrypts the coldkey with the password from BT_PW_... and loads it back with it', async () => {
    const probe = new Wallet({ name: 'enc', hotkey: 'default', path: root });
    const envName = probe.coldkeyPasswordEnvVar;
    const password = 'correct horse battery';
    process.env[envName] = encodeEnvPassword(password, envName);
    try {
      const created = await cli('create', '--wallet.name', 'enc', '--json');
      expect(created.exitCode).toBe(0);
      expect(created.out + created.err).not.toContain(password);
      const made = JSON.parse(created.out);
      expect(made.encrypted).toBe(true);
      const file = await readFile(join(root, 'enc', 'coldkey'));
      expect(file.subarray(0, 5).toString()).toBe('$NACL');
      expect((await probe.coldkey()).address).toBe(made.coldkey);
    } finally {
      delete process.env[envName];
    }
    // Without the password a non-interactive load fails with a clear error, not a hang.
    await expect(new Wallet({ name: 'enc', hotkey: 'default', path: root }).coldkey()).rejects.toThrow(
      /password/i,
    );
  });

  it('reports a missing wallet as one error line and exit code 1', async () => {
    const run = await cli('show', '--wallet.name', 'nope');
    expect(run.exitCode).toBe(1);
    expect(run.err).toMatch(/^error: no wallet at /);
  });
});
