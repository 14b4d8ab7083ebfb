/**
 * `expertnet wallet ...`: create, list, show and regenerate Bittensor-compatible wallets.
 * Options follow btcli (`--wallet.name`, `--wallet.hotkey`, `--wallet.path`).
 */
import { stderr, stdin, stdout } from 'node:process';
import { createInterface } from 'node:readline';
import type { Argv, CommandModule } from 'yargs';
import { runCommand } from '../cli-errors.js';
import { walletOptions } from '../cli-options.js';
import { WalletError } from './errors.js';
import type { Sr25519Keypair } from './keypair.js';
import {
  DEFAULT_HOTKEY_NAME,
  DEFAULT_WALLET_NAME,
  DEFAULT_WALLET_PATH,
  listWallets,
  Wallet,
} from './wallet.js';

interface WalletArgs {
  wallet?: { name?: string; hotkey?: string; path?: string };
  json?: boolean;
}
interface WriteArgs extends WalletArgs {
  password: boolean;
  overwrite: boolean;
  words: number;
}
interface RegenArgs extends WriteArgs {
  mnemonic: string;
}

function walletCommandOptions<T>(y: Argv<T>) {
  return walletOptions(y, { name: DEFAULT_WALLET_NAME, hotkey: DEFAULT_HOTKEY_NAME }).option('json', {
    type: 'boolean',
    default: false,
    describe: 'Print JSON',
  });
}

function writeOptions<T>(y: Argv<T>) {
  return walletCommandOptions(y)
    .option('password', {
      type: 'boolean',
      default: true,
      describe: 'Encrypt the coldkey ($NACL); --no-password writes it in clear',
    })
    .option('overwrite', { type: 'boolean', default: false, describe: 'Replace existing keyfiles' })
    .option('words', {
      type: 'number',
      default: 12,
      choices: [12, 15, 18, 21, 24],
      describe: 'Mnemonic length',
    });
}

function openWallet(args: WalletArgs): Wallet {
  return new Wallet({
    name: args.wallet?.name,
    hotkey: args.wallet?.hotkey,
    path: args.wallet?.path ?? process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH,
  });
}

/** Reads a line from the terminal without echoing it. */
export async function promptHidden(prompt: string): Promise<string> {
  if (!stdin.isTTY) {
    throw new WalletError({ code: 'PASSWORD_REQUIRED' }, 'a password is needed but stdin is not a terminal', {
      metaMessages: ['Set the BT_PW_... variable for the keyfile, or use --no-password when creating.'],
    });
  }
  const rl = createInterface({ input: stdin, output: stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let muted = false;
  output._writeToOutput = (s: string) => {
    if (!muted) stderr.write(s);
  };
  try {
    return await new Promise<string>((resolve) => {
      rl.question(prompt, (answer) => resolve(answer.trim()));
      muted = true;
    });
  } finally {
    stderr.write('\n');
    rl.close();
  }
}

/** The coldkey password for a new key: `BT_PW_...` if set, else asked twice. */
async function newPassword(wallet: Wallet): Promise<string> {
  const envName = wallet.coldkeyPasswordEnvVar;
  const fromEnv = wallet.coldkeyPasswordFromEnv();
  if (fromEnv !== undefined) return fromEnv;
  const first = await promptHidden(`Password for the coldkey (or set ${envName}): `);
  if (first.length < 6)
    throw new WalletError({ code: 'PASSWORD_REQUIRED' }, 'the password needs 6 characters or more');
  const second = await promptHidden('Retype the password: ');
  if (first !== second) throw new WalletError({ code: 'PASSWORD_REQUIRED' }, 'the passwords do not match');
  return first;
}

function describeKey(label: string, pair: Sr25519Keypair, mnemonic: string | undefined): string[] {
  const lines = [`${label}: ${pair.address}`];
  if (mnemonic) {
    lines.push(`  mnemonic (write it down, it is the only way to regenerate this key):`, `  ${mnemonic}`);
  }
  return lines;
}

function print(args: WalletArgs, json: unknown, lines: string[]): void {
  stdout.write(args.json ? `${JSON.stringify(json, null, 2)}\n` : `${lines.join('\n')}\n`);
}

const create: CommandModule<WalletArgs, WriteArgs> = {
  command: 'create',
  describe: 'Create a coldkey (encrypted unless --no-password) and a hotkey',
  builder: (y) => writeOptions(y) as unknown as Argv<WriteArgs>,
  handler: runCommand(async (args: WriteArgs) => {
    const wallet = openWallet(args);
    const words = args.words as 12 | 24;
    const password = args.password ? await newPassword(wallet) : undefined;
    const cold = await wallet.createColdkey({ password, overwrite: args.overwrite, words });
    const hot = await wallet.createHotkey({ overwrite: args.overwrite, words });
    print(
      args,
      {
        wallet: wallet.name,
        path: wallet.dir,
        coldkey: cold.keypair.address,
        hotkey: hot.keypair.address,
        encrypted: !!password,
        coldkeyMnemonic: cold.mnemonic,
        hotkeyMnemonic: hot.mnemonic,
      },
      [
        `wallet ${wallet.name} at ${wallet.dir}${password ? '' : ' (coldkey NOT encrypted)'}`,
        ...describeKey('coldkey', cold.keypair, cold.mnemonic),
        ...describeKey(`hotkey ${wallet.hotkeyName}`, hot.keypair, hot.mnemonic),
      ],
    );
  }),
};

const regenColdkey: CommandModule<WalletArgs, RegenArgs> = {
  command: 'regen-coldkey',
  // `regen` is the short name the issue tracker and most guides use; btcli spells it regen-coldkey.
  aliases: ['regen'],
  describe: 'Regenerate the coldkey from its mnemonic',
  builder: (y) =>
    writeOptions(y).option('mnemonic', {
      type: 'string',
      demandOption: true,
      describe: 'The BIP39 mnemonic (quoted)',
    }) as unknown as Argv<RegenArgs>,
  handler: runCommand(async (args: RegenArgs) => {
    const wallet = openWallet(args);
    const password = args.password ? await newPassword(wallet) : undefined;
    const cold = await wallet.createColdkey({ mnemonic: args.mnemonic, password, overwrite: args.overwrite });
    print(args, { wallet: wallet.name, coldkey: cold.keypair.address, encrypted: !!password }, [
      `coldkey of ${wallet.name} regenerated: ${cold.keypair.address}${password ? '' : ' (NOT encrypted)'}`,
    ]);
  }),
};

const regenHotkey: CommandModule<WalletArgs, RegenArgs> = {
  command: 'regen-hotkey',
  describe: 'Regenerate a hotkey from its mnemonic (stored unencrypted, as btcli does)',
  builder: (y) =>
    writeOptions(y).option('mnemonic', {
      type: 'string',
      demandOption: true,
      describe: 'The BIP39 mnemonic (quoted)',
    }) as unknown as Argv<RegenArgs>,
  handler: runCommand(async (args: RegenArgs) => {
    const wallet = openWallet(args);
    const hot = await wallet.createHotkey({ mnemonic: args.mnemonic, overwrite: args.overwrite });
    print(args, { wallet: wallet.name, hotkey: wallet.hotkeyName, address: hot.keypair.address }, [
      `hotkey ${wallet.hotkeyName} of ${wallet.name} regenerated: ${hot.keypair.address}`,
    ]);
  }),
};

interface WalletSummary {
  name: string;
  path: string;
  coldkey: string | null;
  encrypted: boolean | null;
  hotkeys: Array<{ name: string; address: string | null }>;
}

async function summarise(wallet: Wallet): Promise<WalletSummary> {
  const coldkey = await wallet.coldkeypub().then(
    (k) => k.address,
    () => null,
  );
  const encrypted = await wallet.isColdkeyEncrypted().catch(() => null);
  const hotkeys = [];
  for (const name of await wallet.hotkeyNames()) {
    const address = await wallet.hotkeypub(name).then(
      (k) => k.address,
      () => null,
    );
    hotkeys.push({ name, address });
  }
  return { name: wallet.name, path: wallet.dir, coldkey, encrypted, hotkeys };
}

function summaryLines(s: WalletSummary): string[] {
  const state = s.encrypted === null ? 'no coldkey file' : s.encrypted ? 'encrypted' : 'NOT encrypted';
  return [
    `${s.name}  coldkey ${s.coldkey ?? '(unreadable)'}  [${state}]`,
    ...s.hotkeys.map((h) => `  hotkey ${h.name}  ${h.address ?? '(unreadable)'}`),
  ];
}

const list: CommandModule<WalletArgs, WalletArgs> = {
  command: 'list',
  describe: 'List wallets and their hotkeys',
  builder: (y) => walletCommandOptions(y) as unknown as Argv<WalletArgs>,
  handler: runCommand(async (args: WalletArgs) => {
    const root = args.wallet?.path ?? process.env.BT_WALLET_PATH ?? DEFAULT_WALLET_PATH;
    const summaries: WalletSummary[] = [];
    for (const name of await listWallets(root))
      summaries.push(await summarise(new Wallet({ name, path: root })));
    print(
      args,
      summaries,
      summaries.length === 0 ? [`no wallets under ${root}`] : summaries.flatMap(summaryLines),
    );
  }),
};

const show: CommandModule<WalletArgs, WalletArgs> = {
  command: 'show',
  describe: 'Show one wallet: coldkey address, encryption, hotkeys',
  builder: (y) => walletCommandOptions(y) as unknown as Argv<WalletArgs>,
  handler: runCommand(async (args: WalletArgs) => {
    const wallet = openWallet(args);
    if (!(await wallet.exists())) {
      throw new WalletError({ code: 'WALLET_NOT_FOUND', path: wallet.dir }, `no wallet at ${wallet.dir}`);
    }
    const summary = await summarise(wallet);
    print(args, summary, [`path ${summary.path}`, ...summaryLines(summary)]);
  }),
};

export const walletCommand: CommandModule<object, object> = {
  command: 'wallet <command>',
  describe: 'Bittensor-compatible wallets: create, list, show, regen-coldkey, regen-hotkey',
  builder: (y) =>
    y
      .command(create as unknown as CommandModule<object, WriteArgs>)
      .command(list as unknown as CommandModule<object, WalletArgs>)
      .command(show as unknown as CommandModule<object, WalletArgs>)
      .command(regenColdkey as unknown as CommandModule<object, RegenArgs>)
      .command(regenHotkey as unknown as CommandModule<object, RegenArgs>)
      .demandCommand(1),
  handler: () => {},
};
