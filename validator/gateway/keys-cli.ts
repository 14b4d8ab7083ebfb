/**
 * `expertnet gateway-keys create|list|revoke`: the gateway's API keys. The file keeps only sha256
 * hashes (mode 0600); a new key is printed once. A running gateway picks changes up within a second.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stdout } from 'node:process';
import type { Argv, CommandModule } from 'yargs';
import { runCommand } from '../../shared/cli-errors.js';
import { type ApiKeyRecord, createKey, DEFAULT_KEY_RATE_LIMIT, readKeysFile, revokeKey } from './keys.js';

export const DEFAULT_KEYS_FILE = join(homedir(), '.expertnet', 'gateway-keys.json');

interface KeysArgs {
  'keys-file'?: string;
  json: boolean;
}
interface CreateArgs extends KeysArgs {
  name: string;
  rate: number;
  burst: number;
}
interface RevokeArgs extends KeysArgs {
  id: string;
}

function keysOptions<T>(y: Argv<T>) {
  return y
    .option('keys-file', {
      type: 'string',
      describe: `API keys file (default $EXPERTNET_GATEWAY_KEYS or ${DEFAULT_KEYS_FILE})`,
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON' });
}

function keysFile(args: KeysArgs): string {
  return resolve(args['keys-file'] ?? process.env.EXPERTNET_GATEWAY_KEYS ?? DEFAULT_KEYS_FILE);
}

function describeKey(k: ApiKeyRecord): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : 'active';
  return `${k.id}  ${k.name}  ${k.rateLimit.perSecond}/s burst ${k.rateLimit.burst}  created ${k.createdAt}  ${state}`;
}

function positive(name: string) {
  return (value: number): number => {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
}

const create: CommandModule<KeysArgs, CreateArgs> = {
  command: 'create',
  describe: 'Create an API key (printed once; only its hash is stored)',
  builder: (y) =>
    keysOptions(y)
      .option('name', { type: 'string', demandOption: true, describe: 'Who the key is for' })
      .option('rate', {
        type: 'number',
        default: DEFAULT_KEY_RATE_LIMIT.perSecond,
        describe: 'Requests per second',
        coerce: positive('rate'),
      })
      .option('burst', {
        type: 'number',
        default: DEFAULT_KEY_RATE_LIMIT.burst,
        describe: 'Largest burst of requests',
        coerce: positive('burst'),
      }) as unknown as Argv<CreateArgs>,
  handler: runCommand(async (args: CreateArgs) => {
    const path = keysFile(args);
    const { key, record } = await createKey(path, {
      name: args.name,
      rateLimit: { perSecond: args.rate, burst: Math.max(1, args.burst) },
    });
    stdout.write(
      args.json
        ? `${JSON.stringify({ key, id: record.id, name: record.name, rateLimit: record.rateLimit, file: path }, null, 2)}\n`
        : `created key ${record.id} for ${record.name} in ${path}\n${key}\n(keep it: it is not stored and cannot be shown again)\n`,
    );
  }),
};

const list: CommandModule<KeysArgs, KeysArgs> = {
  command: 'list',
  describe: 'List API keys (ids, names, limits; never the keys)',
  builder: (y) => keysOptions(y) as unknown as Argv<KeysArgs>,
  handler: runCommand(async (args: KeysArgs) => {
    const path = keysFile(args);
    const { keys } = await readKeysFile(path);
    const shown = keys.map(({ hash: _hash, ...rest }) => rest);
    stdout.write(
      args.json
        ? `${JSON.stringify(shown, null, 2)}\n`
        : `${keys.length === 0 ? `no keys in ${path}` : keys.map(describeKey).join('\n')}\n`,
    );
  }),
};

const revoke: CommandModule<KeysArgs, RevokeArgs> = {
  command: 'revoke <id>',
  describe: 'Revoke an API key by id (kept in the file so its usage stays attributable)',
  builder: (y) =>
    keysOptions(y).positional('id', { type: 'string', demandOption: true }) as unknown as Argv<RevokeArgs>,
  handler: runCommand(async (args: RevokeArgs) => {
    const record = await revokeKey(keysFile(args), args.id);
    const { hash: _hash, ...shown } = record;
    stdout.write(args.json ? `${JSON.stringify(shown, null, 2)}\n` : `${describeKey(record)}\n`);
  }),
};

export const gatewayKeysCommand: CommandModule<object, object> = {
  command: 'gateway-keys <command>',
  describe: 'Gateway API keys: create, list, revoke',
  builder: (y) =>
    y
      .command(create as unknown as CommandModule<object, CreateArgs>)
      .command(list as unknown as CommandModule<object, KeysArgs>)
      .command(revoke as unknown as CommandModule<object, RevokeArgs>)
      .demandCommand(1),
  handler: () => {},
};
