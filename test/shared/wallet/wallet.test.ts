import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDevWallet, writeDevWallet } from '../../../shared/wallet/dev.js';
import { WalletError } from '../../../shared/wallet/errors.js';
import type { NaclKdfParams } from '../../../shared/wallet/keyfile.js';
import { encodeEnvPassword } from '../../../shared/wallet/password.js';
import { listWallets, Wallet } from '../../../shared/wallet/wallet.js';

const CHEAP_KDF: NaclKdfParams = { opsLimit: 1, memLimitBytes: 8 * 1024 * 1024 };
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-wallet-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WalletError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('Wallet on disk', () => {
  it('creates an encrypted coldkey and a plain hotkey that load back to the same addresses', async () => {
    const wallet = new Wallet({ name: 'w', hotkey: 'h', path: root, kdf: CHEAP_KDF });
    const cold = await wallet.createColdkey({ password: 'pw-123456' });
    const hot = await wallet.createHotkey();
    expect(cold.mnemonic?.split(' ')).toHaveLength(12);

    const raw = await readFile(join(root, 'w', 'coldkey'));
    expect(raw.subarray(0, 5).toString()).toBe('$NACL');
    expect(await wallet.isColdkeyEncrypted()).toBe(true);
    const hotJson = JSON.parse(await readFile(join(root, 'w', 'hotkeys', 'h'), 'utf8'));
    expect(hotJson.ss58Address).toBe(hot.keypair.address);
    expect(hotJson.secretPhrase).toBe(hot.mnemonic);

    for (const file of ['coldkey', 'coldkeypub.txt', 'hotkeys/h', 'hotkeys/hpub.txt']) {
      expect((await stat(join(root, 'w', file))).mode & 0o777, file).toBe(0o600);
    }
    const loaded = await wallet.coldkey({ password: 'pw-123456' });
    expect(loaded.address).toBe(cold.keypair.address);
    expect(loaded.hasSecret).toBe(true);
    expect((await wallet.coldkeypub()).address).toBe(cold.keypair.address);
    expect((await wallet.hotkey()).address).toBe(hot.keypair.address);
    expect((await wallet.hotkeypub()).address).toBe(hot.keypair.address);
    expect(await wallet.hotkeyNames()).toEqual(['h']);
  });

  it('regenerating from the mnemonic gives the same ss58 address', async () => {
    const a = new Wallet({ name: 'a', path: root });
    const created = await a.createColdkey();
    const b = new Wallet({ name: 'b', path: root });
    const regen = await b.createColdkey({ mnemonic: created.mnemonic! });
    expect(regen.keypair.address).toBe(created.keypair.address);
    expect((await b.coldkey()).address).toBe(created.keypair.address);
  });

  it('refuses to overwrite without overwrite, and overwrites with it', async () => {
    const wallet = new Wallet({ name: 'w', path: root });
    const first = await wallet.createColdkey();
    expect(await codeOf(wallet.createColdkey())).toBe('KEYFILE_EXISTS');
    const second = await wallet.createColdkey({ overwrite: true });
    expect(second.keypair.address).not.toBe(first.keypair.address);
    expect((await wallet.coldkeypub()).address).toBe(second.keypair.address);
  });

  it("reads the coldkey password under btwallet 2.1's BT_PW_ name (~ expanded), and the older BT_PW_~_ one", async () => {
    // A btcli user's default `~/...` wallet path, with HOME pointing at the test folder.
    const savedHome = process.env.HOME;
    process.env.HOME = root;
    const expanded = `BT_PW_${join(root, 'wallets', 'w', 'coldkey').replaceAll('/', '_').replaceAll('.', '_').toUpperCase()}`;
    const legacy = 'BT_PW_~_WALLETS_W_COLDKEY';
    try {
      const wallet = new Wallet({ name: 'w', path: '~/wallets', kdf: CHEAP_KDF });
      const { keypair } = await wallet.createColdkey({ password: 'pw-123456' });
      expect(wallet.coldkeyPasswordEnvVar).toBe(expanded);
      expect(expanded.startsWith('BT_PW__')).toBe(true);

      const err = await wallet.coldkey().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WalletError);
      expect((err as WalletError).type).toMatchObject({ code: 'PASSWORD_REQUIRED', envVar: expanded });
      for (const name of [expanded, legacy]) {
        process.env[name] = encodeEnvPassword('pw-123456', name);
        try {
          expect((await wallet.coldkey()).address, name).toBe(keypair.address);
          expect(wallet.coldkeyPasswordFromEnv(), name).toBe('pw-123456');
        } finally {
          delete process.env[name];
        }
      }
      // Both set: btwallet 2.1's name wins.
      process.env[expanded] = encodeEnvPassword('pw-123456', expanded);
      process.env[legacy] = encodeEnvPassword('stale-password', legacy);
      try {
        expect((await wallet.coldkey()).address).toBe(keypair.address);
      } finally {
        delete process.env[expanded];
        delete process.env[legacy];
      }
    } finally {
      if (savedHome === undefined) delete process.env.HOME;
      else process.env.HOME = savedHome;
    }
  });

  it('needs a password for an encrypted coldkey: typed errors, env variable, prompt', async () => {
    const wallet = new Wallet({ name: 'w', path: root, kdf: CHEAP_KDF });
    const { keypair } = await wallet.createColdkey({ password: 'pw-123456' });
    expect(await codeOf(wallet.coldkey({ password: 'nope-nope' }))).toBe('WRONG_PASSWORD');

    const saved = process.env[wallet.coldkeyPasswordEnvVar];
    delete process.env[wallet.coldkeyPasswordEnvVar];
    try {
      const err = await wallet.coldkey().catch((e: WalletError) => e);
      expect(err).toBeInstanceOf(WalletError);
      expect((err as WalletError).type).toMatchObject({
        code: 'PASSWORD_REQUIRED',
        envVar: wallet.coldkeyPasswordEnvVar,
      });
      expect((await wallet.coldkey({ ask: async () => ' pw-123456 \n' })).address).toBe(keypair.address);
      process.env[wallet.coldkeyPasswordEnvVar] = encodeEnvPassword(
        'pw-123456',
        wallet.coldkeyPasswordEnvVar,
      );
      expect((await wallet.coldkey()).address).toBe(keypair.address);
    } finally {
      if (saved === undefined) delete process.env[wallet.coldkeyPasswordEnvVar];
      else process.env[wallet.coldkeyPasswordEnvVar] = saved;
    }
  });

  it('reports missing wallets, missing keys, legacy formats and bad names', async () => {
    expect(await codeOf(new Wallet({ name: 'ghost', path: root }).coldkeypub())).toBe('WALLET_NOT_FOUND');
    const wallet = new Wallet({ name: 'w', path: root });
    await wallet.createColdkey();
    expect(await codeOf(wallet.hotkey('missing'))).toBe('KEYFILE_NOT_FOUND');
    await writeFile(join(root, 'w', 'coldkey'), '$ANSIBLE_VAULT;1.1;AES256\n6162');
    expect(await codeOf(wallet.coldkey({ password: 'x' }))).toBe('UNSUPPORTED_FORMAT');
    await writeFile(join(root, 'w', 'coldkey'), '{"secretPhrase": broken');
    expect(await codeOf(wallet.coldkey())).toBe('CORRUPT_KEYFILE');
    expect(() => new Wallet({ name: '../etc', path: root })).toThrow(WalletError);
  });

  it('lists wallets and writes loadable dev wallets', async () => {
    const dev = createDevWallet('//Alice');
    expect(dev.coldkey.address).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    await writeDevWallet(dev, { name: 'alice', path: root });
    await writeDevWallet(createDevWallet('//Bob'), { name: 'bob', hotkey: 'miner', path: root });
    expect(await listWallets(root)).toEqual(['alice', 'bob']);
    const alice = new Wallet({ name: 'alice', path: root });
    const cold = await alice.coldkey();
    expect(cold.address).toBe(dev.coldkey.address);
    expect((await alice.hotkey()).address).toBe(dev.hotkey.address);
    const msg = new TextEncoder().encode('x');
    expect(dev.coldkey.verify(msg, cold.sign(msg))).toBe(true);
  });
});
