/**
 * yargs builders for the dotted options several commands share (`--wallet.*`, `--subtensor.*`), so each flag
 * reads and behaves the same in the miner, the validator, `expertnet wallet` and `expertnet metagraph`.
 * Light imports only: `--help` and flag errors must not wait for @polkadot/api or wasm crypto.
 */
import type { Argv } from 'yargs';
import { NETWORK_NAMES } from './chain/endpoints.js';
import { DEFAULT_STALE_AFTER_BLOCKS } from './chain/watchdog.js';

/**
 * Declares the parents of dotted options, hidden: yargs strict mode otherwise takes the group (`wallet` in
 * `--wallet.name`, or a nested group of a `--config` file) for an unknown argument.
 */
export function hiddenParents<T>(y: Argv<T>, groups: readonly string[]): Argv<T> {
  let out = y;
  for (const group of groups) out = out.option(group, { hidden: true });
  return out;
}

export interface WalletOptionDefaults {
  /** Default `--wallet.name`; without it the caller resolves $BT_WALLET_NAME or `default` at run time. */
  name?: string;
  /** Default `--wallet.hotkey`; without it the caller resolves $BT_WALLET_HOTKEY or `default` at run time. */
  hotkey?: string;
}

/** `--wallet.name`, `--wallet.hotkey`, `--wallet.path` (btcli's names) and their hidden parent. */
export function walletOptions<T>(y: Argv<T>, defaults: WalletOptionDefaults = {}) {
  return y
    .option('wallet', { hidden: true })
    .option(
      'wallet.name',
      defaults.name === undefined
        ? { type: 'string', describe: 'Wallet name (default $BT_WALLET_NAME or default)' }
        : { type: 'string', default: defaults.name, describe: 'Wallet name' },
    )
    .option(
      'wallet.hotkey',
      defaults.hotkey === undefined
        ? { type: 'string', describe: 'Hotkey name (default $BT_WALLET_HOTKEY or default)' }
        : { type: 'string', default: defaults.hotkey, describe: 'Hotkey name' },
    )
    .option('wallet.path', {
      type: 'string',
      describe: 'Wallets directory (default $BT_WALLET_PATH or ~/.bittensor/wallets)',
    });
}

/** `--subtensor.network`, `--subtensor.chain_endpoint` and their hidden parent; see `resolveEndpoint`. */
export function subtensorOptions<T>(y: Argv<T>) {
  return y
    .option('subtensor', { hidden: true })
    .option('subtensor.network', {
      type: 'string',
      default: 'local',
      describe: `Network: ${NETWORK_NAMES.join('|')}`,
    })
    .option('subtensor.chain_endpoint', {
      type: 'string',
      describe: 'ws(s):// endpoint (wins over --subtensor.network)',
    });
}

/**
 * `--subtensor.stale_blocks` (daemons only, after `subtensorOptions`): the chain client's
 * `staleAfterBlocks`, block times without a new head before it checks the link and replaces a dead one.
 */
export function subtensorStaleBlocksOption<T>(y: Argv<T>) {
  return y.option('subtensor.stale_blocks', {
    type: 'number',
    default: DEFAULT_STALE_AFTER_BLOCKS,
    describe:
      'Block times without a new head before the chain link is checked and replaced if dead (0 = never)',
  });
}

/** `--logging.debug`, `--logging.trace` and their hidden parent. */
export function loggingOptions<T>(y: Argv<T>) {
  return y
    .option('logging', { hidden: true })
    .option('logging.debug', { type: 'boolean', default: false, describe: 'Debug logs' })
    .option('logging.trace', { type: 'boolean', default: false, describe: 'Trace logs' });
}

/** `snake_case` → `snakeCase`: how yargs names the keys it reads from environment variables. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Adds the hidden camelCase twins of dotted options (and of their groups) so values from environment
 * variables land on the same option, and command line > env > config precedence holds.
 */
export function withEnvAliases<T>(y: Argv<T>, dotted: readonly string[], groups: readonly string[]): Argv<T> {
  let out = y;
  for (const key of dotted) {
    const twin = key.split('.').map(camelCase).join('.');
    if (twin !== key) out = out.alias(key, twin);
  }
  for (const group of groups) if (camelCase(group) !== group) out = out.alias(group, camelCase(group));
  return out;
}

/** Reads a dotted option whether yargs stored it as `a.b_c`, `a.bC` (env) or flat. */
export function pickDotted(argv: Record<string, unknown>, key: string): unknown {
  if (key in argv) return argv[key];
  const [group, name] = key.split('.') as [string, string];
  const nested = argv[group] as Record<string, unknown> | undefined;
  if (!nested || typeof nested !== 'object') return undefined;
  if (name in nested) return nested[name];
  return nested[camelCase(name)];
}

/** A dotted string option; an empty value (`--axon.external_ip=`) counts as not given. */
export function pickDottedString(argv: Record<string, unknown>, key: string): string | undefined {
  const value = pickDotted(argv, key);
  return value === undefined || value === '' ? undefined : String(value);
}

/**
 * The first option given under one of `groups` that is not in `dotted` (strict mode cannot see inside a
 * declared group, nor into a `--config` file), or undefined when all are known.
 */
export function unknownDottedOption(
  argv: Record<string, unknown>,
  dotted: readonly string[],
  groups: readonly string[],
): string | undefined {
  // yargs stores each option as given, camelCased and kebab-cased; compare them in one normal form.
  const norm = (key: string) => key.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
  const known = new Set(dotted.map(norm));
  for (const group of groups) {
    for (const name of new Set([group, camelCase(group)])) {
      const nested = argv[name];
      if (!nested || typeof nested !== 'object' || Array.isArray(nested)) continue;
      for (const key of Object.keys(nested)) {
        if (!known.has(norm(`${group}.${key}`))) return `${group}.${key}`;
      }
    }
  }
  return undefined;
}
