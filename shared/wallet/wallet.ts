/**
 * A Bittensor wallet on disk, laid out as btcli does, so keys move between btcli and Expertnet:
 *   <path>/<name>/coldkey            full keypair JSON, normally `$NACL`-encrypted
 *   <path>/<name>/coldkeypub.txt     public JSON, never encrypted
 *   <path>/<name>/hotkeys/<hotkey>   full keypair JSON, unencrypted by default
 *   <path>/<name>/hotkeys/<hotkey>pub.txt  public JSON (newer btwallet)
 * Every keyfile is written with mode 0600.
 */
import { chmod, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { WalletError } from './errors.js';
import {
  decryptKeyfileData,
  detectKeyfileFormat,
  encryptKeyfileData,
  type NaclKdfParams,
  parseKeyfile,
  serializeKeypair,
  unsupportedFormat,
} from './keyfile.js';
import { Sr25519Keypair } from './keypair.js';
import { passwordEnvVarName, passwordFromEnv } from './password.js';

export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets';
export const DEFAULT_WALLET_NAME = 'default';
export const DEFAULT_HOTKEY_NAME = 'default';
const KEYFILE_MODE = 0o600;

export interface WalletOptions {
  name?: string;
  hotkey?: string;
  /** Root of all wallets; `~` is expanded. Defaults to `$BT_WALLET_PATH` or `~/.bittensor/wallets`. */
  path?: string;
  /** Argon2i cost for encrypting; only tests should change it (btcli cannot open other costs). */
  kdf?: NaclKdfParams;
}

/** How to get a password when a keyfile is encrypted: explicit, else `BT_PW_...`, else `ask`. */
export interface PasswordSource {
  password?: string;
  ask?: (prompt: string) => Promise<string>;
}

export interface WriteKeyOptions {
  /** Encrypt with this password; omit (or `undefined`) to write plain JSON. */
  password?: string;
  overwrite?: boolean;
}

export interface CreatedKey {
  keypair: Sr25519Keypair;
  /** The mnemonic to back up (undefined when created from a URI or seed). */
  mnemonic: string | undefined;
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

function checkName(name: string, what: string): string {
  if (name.length === 0 || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new WalletError({ code: 'INVALID_NAME', name }, `invalid ${what} name "${name}"`, {
      metaMessages: ['Names may not be empty, "." or "..", nor contain path separators.'],
    });
  }
  return name;
}

export class Wallet {
  readonly name: string;
  readonly hotkeyName: string;
  /** Root path as given (it names the pre-2.1 `BT_PW_` variable); `root` is the expanded one. */
  readonly path: string;
  readonly #kdf: NaclKdfParams | undefined;

  constructor(options: WalletOptions = {}) {
    this.name = checkName(options.name ?? process.env.BT_WALLET_NAME ?? DEFAULT_WALLET_NAME, 'wallet');
    this.hotkeyName = checkName(
      options.hotkey ?? process.env.BT_WALLET_HOTKEY ?? DEFAULT_HOTKEY_NAME,
      'hotkey',
    );
    this.path = options.path ?? process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH;
    this.#kdf = options.kdf;
  }

  get root(): string {
    return expandHome(this.path);
  }
  get dir(): string {
    return join(this.root, this.name);
  }
  get coldkeyPath(): string {
    return join(this.dir, 'coldkey');
  }
  get coldkeypubPath(): string {
    return join(this.dir, 'coldkeypub.txt');
  }
  hotkeyPath(hotkey = this.hotkeyName): string {
    return join(this.dir, 'hotkeys', checkName(hotkey, 'hotkey'));
  }
  hotkeyPubPath(hotkey = this.hotkeyName): string {
    return `${this.hotkeyPath(hotkey)}pub.txt`;
  }
  /** The `BT_PW_...` variable btwallet (2.1+) reads the coldkey password from: the expanded path's. */
  get coldkeyPasswordEnvVar(): string {
    return passwordEnvVarName(this.coldkeyPath);
  }
  /** The coldkey password cached in `BT_PW_...` (btwallet 2.1+'s name, else the older `BT_PW_~_…`). */
  coldkeyPasswordFromEnv(): string | undefined {
    return passwordFromEnv([this.coldkeyPath, join(this.path, this.name, 'coldkey')]);
  }

  async exists(): Promise<boolean> {
    return (await fileExists(this.coldkeypubPath)) || (await fileExists(this.coldkeyPath));
  }

  /** New coldkey from a fresh (or given) mnemonic; writes coldkey + coldkeypub.txt. */
  async createColdkey(
    options: WriteKeyOptions & { mnemonic?: string; words?: 12 | 24 } = {},
  ): Promise<CreatedKey> {
    const mnemonic = options.mnemonic ?? Sr25519Keypair.generateMnemonic(options.words ?? 12);
    const keypair = Sr25519Keypair.fromMnemonic(mnemonic);
    await this.writeColdkey(keypair, options);
    return { keypair, mnemonic: keypair.mnemonic };
  }

  /** New hotkey from a fresh (or given) mnemonic; writes hotkeys/<name> + its pub file. */
  async createHotkey(
    options: WriteKeyOptions & { mnemonic?: string; words?: 12 | 24; hotkey?: string } = {},
  ): Promise<CreatedKey> {
    const mnemonic = options.mnemonic ?? Sr25519Keypair.generateMnemonic(options.words ?? 12);
    const keypair = Sr25519Keypair.fromMnemonic(mnemonic);
    await this.writeHotkey(keypair, options);
    return { keypair, mnemonic: keypair.mnemonic };
  }

  async writeColdkey(keypair: Sr25519Keypair, options: WriteKeyOptions = {}): Promise<void> {
    await this.#writeKey(this.coldkeyPath, keypair, options);
    await writeKeyfile(this.coldkeypubPath, serializeKeypair(keypair, { publicOnly: true }), true);
  }

  async writeHotkey(
    keypair: Sr25519Keypair,
    options: WriteKeyOptions & { hotkey?: string } = {},
  ): Promise<void> {
    const hotkey = options.hotkey ?? this.hotkeyName;
    await this.#writeKey(this.hotkeyPath(hotkey), keypair, options);
    await writeKeyfile(this.hotkeyPubPath(hotkey), serializeKeypair(keypair, { publicOnly: true }), true);
  }

  /** Public coldkey from coldkeypub.txt (no password needed). */
  async coldkeypub(): Promise<Sr25519Keypair> {
    const pair = await readKeyfile(this.coldkeypubPath, {}, this.coldkeypubPath, this.#kdf, this.dir);
    return Sr25519Keypair.fromPublic(pair.publicKey);
  }

  /** Full coldkey; asks `source` (then `BT_PW_...`) for the password when it is encrypted. */
  async coldkey(source: PasswordSource = {}): Promise<Sr25519Keypair> {
    return readKeyfile(this.coldkeyPath, source, join(this.path, this.name, 'coldkey'), this.#kdf, this.dir);
  }

  /** Full hotkey (plain JSON by default; encrypted hotkeys work like the coldkey). */
  async hotkey(hotkey = this.hotkeyName, source: PasswordSource = {}): Promise<Sr25519Keypair> {
    const asGiven = join(this.path, this.name, 'hotkeys', hotkey);
    return readKeyfile(this.hotkeyPath(hotkey), source, asGiven, this.#kdf, this.dir);
  }

  /** Public hotkey: from `<hotkey>pub.txt` when present, else from the (plain) hotkey file. */
  async hotkeypub(hotkey = this.hotkeyName): Promise<Sr25519Keypair> {
    const pubPath = this.hotkeyPubPath(hotkey);
    const pair = (await fileExists(pubPath))
      ? await readKeyfile(pubPath, {}, pubPath, this.#kdf, this.dir)
      : await readKeyfile(this.hotkeyPath(hotkey), {}, this.hotkeyPath(hotkey), this.#kdf, this.dir);
    return Sr25519Keypair.fromPublic(pair.publicKey);
  }

  async isColdkeyEncrypted(): Promise<boolean> {
    const data = await readBytes(this.coldkeyPath, this.dir);
    return detectKeyfileFormat(data) !== 'plain';
  }

  /** Hotkey names under hotkeys/ (pub.txt companions left out). */
  async hotkeyNames(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(join(this.dir, 'hotkeys'));
    } catch {
      return [];
    }
    const set = new Set(entries);
    return entries.filter((e) => !(e.endsWith('pub.txt') && set.has(e.slice(0, -'pub.txt'.length)))).sort();
  }

  async #writeKey(path: string, keypair: Sr25519Keypair, options: WriteKeyOptions): Promise<void> {
    if (!keypair.hasSecret) {
      throw new WalletError(
        { code: 'PUBLIC_ONLY', address: keypair.address },
        'cannot store a public-only key',
      );
    }
    if (!options.overwrite && (await fileExists(path))) {
      throw new WalletError({ code: 'KEYFILE_EXISTS', path }, `${path} already exists`, {
        metaMessages: ['Pass overwrite (--overwrite) to replace it; back up its mnemonic first.'],
      });
    }
    const plain = serializeKeypair(keypair);
    const data =
      options.password === undefined ? plain : await encryptKeyfileData(plain, options.password, this.#kdf);
    await writeKeyfile(path, data, true);
  }
}

/** Wallet names under a root (folders holding a coldkey or coldkeypub.txt). */
export async function listWallets(
  path: string = process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH,
): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(expandHome(path));
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const entry of entries.sort()) {
    if (await new Wallet({ name: entry, path }).exists()) names.push(entry);
  }
  return names;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readBytes(path: string, walletDir: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!(await stat(walletDir).catch(() => undefined))) {
        throw new WalletError({ code: 'WALLET_NOT_FOUND', path: walletDir }, `no wallet at ${walletDir}`, {
          metaMessages: ['Create one with `expertnet wallet create`, or pass --wallet.path/--wallet.name.'],
        });
      }
      throw new WalletError({ code: 'KEYFILE_NOT_FOUND', path }, `keyfile ${path} does not exist`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new WalletError({ code: 'NOT_READABLE', path }, `keyfile ${path} is not readable`, {
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * `path` (expanded) names the `BT_PW_...` variable, as in btwallet 2.1+; `pathAsGiven` (before `~`
 * expansion) names the older one, read as a fallback.
 */
async function readKeyfile(
  path: string,
  source: PasswordSource,
  pathAsGiven: string,
  kdf: NaclKdfParams | undefined,
  walletDir: string,
): Promise<Sr25519Keypair> {
  let data = await readBytes(path, walletDir);
  const format = detectKeyfileFormat(data);
  if (format === 'ansible-vault' || format === 'fernet') throw unsupportedFormat(format, path);
  if (format === 'nacl') {
    const envVar = passwordEnvVarName(path);
    let password = source.password ?? passwordFromEnv([path, pathAsGiven]);
    if (password === undefined && source.ask) password = (await source.ask(`Password for ${path}: `)).trim();
    if (password === undefined) {
      throw new WalletError(
        { code: 'PASSWORD_REQUIRED', path, envVar },
        `${path} is encrypted: a password is needed`,
        {
          metaMessages: [`Type it at the prompt, or set ${envVar} as btcli does.`],
        },
      );
    }
    data = await decryptKeyfileData(data, password, { path, kdf });
  }
  return parseKeyfile(data, path);
}

/** Writes through a temporary file and a rename, so a crash never leaves half a key; mode 0600. */
async function writeKeyfile(path: string, data: Uint8Array, overwrite: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  if (!overwrite && (await fileExists(path))) throw new WalletError({ code: 'KEYFILE_EXISTS', path });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    await writeFile(tmp, data, { mode: KEYFILE_MODE });
    await chmod(tmp, KEYFILE_MODE);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
