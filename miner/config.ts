/**
 * `expertnet-miner` options, Bittensor style: dotted flags (`--wallet.name`, `--axon.port`), the same
 * from environment variables `EXPERTNET_MINER_<GROUP>__<NAME>` (yargs: `__` is the dot, e.g.
 * `EXPERTNET_MINER_AXON__PORT=8091`, `EXPERTNET_MINER_NETUID=1`), or a JSON `--config` file with the same
 * nesting (`{"wallet": {"name": "m1"}, "axon": {"port": 8091}}`). Flags win over env, env over the file.
 */
import type { Argv } from 'yargs';
import { resolveEndpoint } from '../shared/chain/index.js';
import {
  hiddenParents,
  loggingOptions,
  pickDottedString as optionalString,
  pickDotted as pick,
  subtensorOptions,
  subtensorStaleBlocksOption,
  unknownDottedOption,
  walletOptions,
  withEnvAliases,
} from '../shared/cli-options.js';
import type { LogLevel } from '../shared/logger.js';
import { DEFAULT_HOTKEY_NAME, DEFAULT_WALLET_NAME } from '../shared/wallet/index.js';
import { DEFAULT_PRE_AUTH_LIMITS } from './admission.js';
import { MAX_PERTURB } from './dev.js';
import { MinerError } from './errors.js';

export const ENV_PREFIX = 'EXPERTNET_MINER';
export const DEFAULT_BATCH_DEADLINE_MS = 10_000;
export const DEFAULT_INFERENCE_TIMEOUT_MS = 5_000;
const RAO_PER_TAO = 1_000_000_000;

export interface MinerConfig {
  wallet: { name: string; hotkey: string; path: string | undefined };
  netuid: number;
  endpoint: string;
  /** The chain client's `staleAfterBlocks` (0 = no watchdog); default DEFAULT_STALE_AFTER_BLOCKS. */
  staleAfterBlocks?: number;
  axon: {
    port: number;
    ip: string;
    externalIp: string | undefined;
    externalPort: number | undefined;
    /** Unauthenticated connections allowed in all / from one address (defaults 256 / 16). */
    maxUnauthenticated?: number;
    maxUnauthenticatedPerIp?: number;
  };
  modelDir: string;
  device: 'cpu' | 'cuda';
  /** Module exporting `loadBackend` (default: the shared/models domain model backend). */
  backendModule: string | undefined;
  /** `deadlineMs`: longest a request may wait for its batch (default 10 000). */
  batch: { max: number; delayMs: number; queueMax: number; deadlineMs?: number };
  /** `timeoutMs`: longest a batch may run before the worker is replaced (default 5000). */
  inference?: { timeoutMs: number };
  /** 0 disables the metrics endpoint. */
  metricsPort: number;
  register: boolean;
  blacklist: { minStakeRao: bigint; hotkeys: string[]; requirePermit: boolean };
  rateLimitPerSecond: number;
  logLevel: LogLevel;
  /** Hidden cheating switches for the devnet and tests (miner/dev.ts); absent on an honest miner. */
  dev?: { commitModelDir?: string; perturb?: number };
}

const GROUPS = [
  'wallet',
  'subtensor',
  'axon',
  'batch',
  'metrics',
  'blacklist',
  'logging',
  'rate_limit',
  'backend',
  'inference',
  'dev',
];

/** Every dotted option, to refuse unknown ones (strict mode cannot see inside a declared group). */
const DOTTED = [
  'wallet.name',
  'wallet.hotkey',
  'wallet.path',
  'subtensor.network',
  'subtensor.chain_endpoint',
  'subtensor.stale_blocks',
  'axon.port',
  'axon.ip',
  'axon.external_ip',
  'axon.external_port',
  'axon.max_unauthenticated',
  'axon.max_unauthenticated_per_ip',
  'backend.module',
  'batch.max',
  'batch.delay_ms',
  'batch.queue_max',
  'batch.deadline_ms',
  'inference.timeout_ms',
  'metrics.port',
  'blacklist.min_stake',
  'blacklist.hotkeys',
  'blacklist.force_validator_permit',
  'rate_limit.per_second',
  'logging.debug',
  'logging.trace',
  'dev.commit_model',
  'dev.perturb',
];

export function minerOptions<T>(y: Argv<T>) {
  const common = subtensorStaleBlocksOption(
    subtensorOptions(
      walletOptions(y.env(ENV_PREFIX).config('config', 'JSON file with the same options, nested by dots'), {
        name: DEFAULT_WALLET_NAME,
        hotkey: DEFAULT_HOTKEY_NAME,
      }).option('netuid', { type: 'number', demandOption: true, describe: 'Subnet to mine on' }),
    ),
  );
  return loggingOptions(
    hiddenParents(common, GROUPS)
      .option('axon.port', { type: 'number', default: 8091, describe: 'Port the WebSocket axon listens on' })
      .option('axon.ip', { type: 'string', default: '0.0.0.0', describe: 'Address to bind' })
      .option('axon.external_ip', {
        type: 'string',
        describe: 'IP advertised on chain (default: first public interface)',
      })
      .option('axon.external_port', {
        type: 'number',
        describe: 'Port advertised on chain (default: --axon.port)',
      })
      .option('axon.max_unauthenticated', {
        type: 'number',
        default: DEFAULT_PRE_AUTH_LIMITS.total,
        describe: 'Connections not yet authenticated, in all; more are closed with 4023',
      })
      .option('axon.max_unauthenticated_per_ip', {
        type: 'number',
        default: DEFAULT_PRE_AUTH_LIMITS.perIp,
        describe: 'Connections not yet authenticated, from one address; more are closed with 4023',
      })
      .option('model', {
        type: 'string',
        demandOption: true,
        describe: 'Model directory (model.json + ONNX)',
      })
      .option('device', {
        choices: ['cpu', 'cuda'] as const,
        default: 'cpu' as const,
        describe: 'Inference device',
      })
      .option('backend.module', { type: 'string', hidden: true, describe: 'Module exporting loadBackend' })
      .option('batch.max', { type: 'number', default: 64, describe: 'Largest inference batch' })
      .option('batch.delay_ms', { type: 'number', default: 2, describe: 'Longest wait for a batch to fill' })
      .option('batch.queue_max', {
        type: 'number',
        default: 4096,
        describe: 'Texts allowed to wait; more get OVERLOADED',
      })
      .option('batch.deadline_ms', {
        type: 'number',
        default: DEFAULT_BATCH_DEADLINE_MS,
        describe: 'Longest a request may wait for its batch; older ones are dropped (OVERLOADED)',
      })
      .option('inference.timeout_ms', {
        type: 'number',
        default: DEFAULT_INFERENCE_TIMEOUT_MS,
        describe: 'Longest a batch may run; then the worker is restarted and the batch gets INTERNAL',
      })
      .option('metrics.port', {
        type: 'number',
        default: 9101,
        describe: 'Port of Prometheus /metrics and /healthz (0 disables)',
      })
      .option('register', {
        type: 'boolean',
        default: false,
        describe: 'burned_register the hotkey when not registered',
      })
      .option('blacklist.min_stake', {
        type: 'number',
        default: 0,
        describe: 'Minimum validator stake, in TAO (alpha)',
      })
      .option('blacklist.hotkeys', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'Hotkeys always refused',
      })
      .option('blacklist.force_validator_permit', {
        type: 'boolean',
        default: true,
        describe: 'Refuse hotkeys without a validator permit',
      })
      .option('rate_limit.per_second', {
        type: 'number',
        default: 50,
        describe: 'Requests per second per validator',
      })
      // Cheating on purpose (devnet --cheaters, tests): hidden, see miner/dev.ts.
      .option('dev.commit_model', {
        type: 'string',
        hidden: true,
        describe: 'Commit and serve this bundle while running --model',
      })
      .option('dev.perturb', {
        type: 'number',
        hidden: true,
        describe: 'Add uniform noise of this size to every returned probability',
      }),
  );
}

/** `minerOptions` plus env aliases: use this to build the CLI. */
export function minerCli<T>(y: Argv<T>) {
  return withEnvAliases(minerOptions(y), DOTTED, GROUPS);
}

function bad(option: string, reason: string): never {
  throw new MinerError({ code: 'BAD_CONFIG', option, reason }, `--${option} ${reason}`);
}

function int(argv: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = Number(pick(argv, key));
  if (!Number.isInteger(value) || value < min || value > max)
    bad(key, `must be an integer in [${min}, ${max}]`);
  return value;
}

function checkKnownOptions(argv: Record<string, unknown>): void {
  const unknown = unknownDottedOption(argv, DOTTED, GROUPS);
  if (unknown) bad(unknown, 'is not an option');
}

function devOptions(argv: Record<string, unknown>): MinerConfig['dev'] {
  const commitModelDir = optionalString(argv, 'dev.commit_model');
  const raw = pick(argv, 'dev.perturb');
  const perturb = raw === undefined ? undefined : Number(raw);
  if (perturb !== undefined && !(perturb >= 0 && perturb <= MAX_PERTURB))
    bad('dev.perturb', `must be in [0, ${MAX_PERTURB}]`);
  if (commitModelDir === undefined && perturb === undefined) return undefined;
  return {
    ...(commitModelDir === undefined ? {} : { commitModelDir }),
    ...(perturb === undefined ? {} : { perturb }),
  };
}

export function toMinerConfig(argv: Record<string, unknown>): MinerConfig {
  checkKnownOptions(argv);
  const dev = devOptions(argv);
  const minStake = Number(pick(argv, 'blacklist.min_stake') ?? 0);
  if (!Number.isFinite(minStake) || minStake < 0)
    bad('blacklist.min_stake', 'must be a non-negative number of TAO');
  const rate = Number(pick(argv, 'rate_limit.per_second') ?? 50);
  if (!(rate > 0)) bad('rate_limit.per_second', 'must be positive');
  const externalPort = pick(argv, 'axon.external_port');
  const hotkeys = pick(argv, 'blacklist.hotkeys');
  return {
    wallet: {
      name: String(pick(argv, 'wallet.name') ?? DEFAULT_WALLET_NAME),
      hotkey: String(pick(argv, 'wallet.hotkey') ?? DEFAULT_HOTKEY_NAME),
      path: optionalString(argv, 'wallet.path'),
    },
    netuid: int(argv, 'netuid', 0, 0xffff),
    endpoint: resolveEndpoint({
      network: optionalString(argv, 'subtensor.network'),
      chainEndpoint: optionalString(argv, 'subtensor.chain_endpoint'),
    }),
    staleAfterBlocks: int(argv, 'subtensor.stale_blocks', 0, 100_000),
    axon: {
      port: int(argv, 'axon.port', 0, 65535),
      ip: optionalString(argv, 'axon.ip') ?? '0.0.0.0',
      externalIp: optionalString(argv, 'axon.external_ip'),
      externalPort: externalPort === undefined ? undefined : int(argv, 'axon.external_port', 1, 65535),
      maxUnauthenticated: int(argv, 'axon.max_unauthenticated', 1, 1_000_000),
      maxUnauthenticatedPerIp: int(argv, 'axon.max_unauthenticated_per_ip', 1, 1_000_000),
    },
    modelDir: optionalString(argv, 'model') ?? bad('model', 'is required'),
    device: pick(argv, 'device') === 'cuda' ? 'cuda' : 'cpu',
    backendModule: optionalString(argv, 'backend.module'),
    batch: {
      max: int(argv, 'batch.max', 1, 1024),
      delayMs: int(argv, 'batch.delay_ms', 0, 1000),
      queueMax: int(argv, 'batch.queue_max', 1, 1_000_000),
      deadlineMs: int(argv, 'batch.deadline_ms', 1, 3_600_000),
    },
    inference: { timeoutMs: int(argv, 'inference.timeout_ms', 1, 3_600_000) },
    metricsPort: int(argv, 'metrics.port', 0, 65535),
    register: pick(argv, 'register') === true,
    blacklist: {
      minStakeRao: BigInt(Math.round(minStake * RAO_PER_TAO)),
      hotkeys: Array.isArray(hotkeys) ? hotkeys.map(String) : [],
      requirePermit: pick(argv, 'blacklist.force_validator_permit') !== false,
    },
    rateLimitPerSecond: rate,
    ...(dev ? { dev } : {}),
    logLevel:
      pick(argv, 'logging.trace') === true
        ? 'trace'
        : pick(argv, 'logging.debug') === true
          ? 'debug'
          : 'info',
  };
}
