/**
 * `expertnet-validator` options, Bittensor style, built like the miner's (miner/config.ts): dotted flags
 * (`--neuron.sample_size`), the same from environment variables `EXPERTNET_VALIDATOR_<GROUP>__<NAME>`
 * (e.g. `EXPERTNET_VALIDATOR_NEURON__SAMPLE_SIZE=64`), or a JSON `--config` file with the same nesting.
 * Flags win over env, env over the file. `toValidatorConfig` checks every value and returns a typed config.
 */

import { homedir } from 'node:os';
import { join } from 'node:path';
// Light imports only: `--help` and flag errors must not wait for @polkadot/api or wasm crypto.
import { resolveEndpoint } from '../shared/chain/endpoints.js';
import { DEFAULT_STALE_AFTER_BLOCKS } from '../shared/chain/watchdog.js';
import {
  pickDottedString as optionalString,
  pickDotted as pick,
  unknownDottedOption,
} from '../shared/cli-options.js';
import { DOMAIN_NAMES, type DomainName, getTask } from '../shared/domains/index.js';
import { errorMessage } from '../shared/errors.js';
import type { LogLevel } from '../shared/logger.js';
import { DEFAULT_LIMITS } from '../shared/protocol/constants.js';
import {
  AUDIT_DEFAULTS,
  DEFAULT_DOMAIN_SHARES,
  DEFAULT_SAMPLE_SIZE,
  VALIDATOR_DOTTED,
  VALIDATOR_GROUPS,
  VERIFY_DEFAULTS,
  WEIGHTS_MODES,
  type WeightsMode,
} from './config-options.js';
import { DEFAULT_DIFFICULTY_MIX_TEXT, type DifficultyMix, parseDifficultyMix } from './difficulty-mix.js';
import { ValidatorError } from './errors.js';
import type { ScoringRule } from './scoring.js';
import type { DuplicatePolicy } from './verify/duplicates.js';
import type { UnverifiablePolicy } from './verify/verifier.js';
import { parseDomainShares } from './weights.js';

/** As shared/wallet's Wallet: `$BT_WALLET_NAME` / `$BT_WALLET_HOTKEY`, else `default`. */
const walletDefault = (env: string) => process.env[env] ?? 'default';

/** A validator's private labelled items for one domain task (`--dataset.<domain> [TASK=]FILE`). */
export interface DatasetSource {
  domain: DomainName;
  task: string;
  path: string;
}

export interface ValidatorConfig {
  wallet: { name: string; hotkey: string; path: string | undefined };
  netuid: number;
  endpoint: string;
  /** The chain client's `staleAfterBlocks` (0 = no watchdog); default DEFAULT_STALE_AFTER_BLOCKS. */
  staleAfterBlocks?: number;
  neuron: {
    /** Miners queried per round (the least recently scored first). */
    sampleSize: number;
    /** Per-request deadline; an answer later than this scores 0. */
    timeoutMs: number;
    /** Challenge items sent to each miner per round. */
    batchSize: number;
    movingAverageAlpha: number;
    domainShares: Record<string, number>;
    /** Within a domain, weight ∝ score^power (1 = proportional). */
    scorePower: number;
    /** Drop this lowest quantile of non-zero weights (process_weights' exclude_quantile). */
    excludeQuantile: number;
    /** Miners in flight at once. */
    concurrency: number;
    scoringRule: ScoringRule;
    /** Blocks between weight submissions; undefined = once per subnet tempo. */
    epochLength: number | undefined;
  };
  /** How weights go on chain (`--weights.mode`); absent: `auto`. */
  weights?: { mode: WeightsMode };
  datasets: DatasetSource[];
  /** Share of challenge items drawn from `--dataset.*` files when a miner's task has one. */
  datasetShare: number;
  /** How challenges are generated; absent: the default difficulty mix, built-in templates only. */
  challenges?: {
    /** Share of generated items per difficulty (`--challenges.difficulty`). */
    difficultyMix: DifficultyMix;
    /** Private challenge pack files, one per task (`--challenges.pack`), loaded and checked at start. */
    packs: string[];
  };
  /**
   * Verification of miners (issue 14: bundle downloads, re-execution spot checks, evidence). The CLI
   * always sets it; a config built in code without it runs no verification.
   */
  verify?: VerifyConfig;
  /** The audit trail v2 (issue 15); absent: the defaults (`AUDIT_DEFAULTS`). */
  audit?: AuditSettings;
  /** Hidden cheating switch for the devnet and tests: copy this hotkey's weights (accountability/copier.ts). */
  dev?: { copyWeightsFrom?: string };
  stateDir: string;
  /** 0 disables the metrics endpoint. */
  metricsPort: number;
  /** 0 disables the gateway (issue 8's HTTP/WebSocket API on this validator's view). */
  gatewayPort: number;
  gatewayHost: string;
  /** API keys file (`expertnet gateway-keys`); undefined = open API, rate-limited per client IP. */
  gatewayKeysFile: string | undefined;
  logLevel: LogLevel;
}

/** `--verify.*`: see docs/validator.md "Verification". */
export interface VerifyConfig {
  /** Share of answered items re-executed. */
  rate: number;
  /** Items re-executed per miner per epoch at least. */
  minPerEpoch: number;
  /** Share of one core the re-execution worker may use. */
  cpuShare: number;
  /** Disk budget of the bundle cache (`<state>/bundles`), bytes. */
  cacheBytes: number;
  /** Largest bundle downloaded, bytes. */
  maxBundleBytes: number;
  /** A bundle download that takes longer is MODEL_UNAVAILABLE. */
  downloadTimeoutMs: number;
  /** `first`: only the earliest commitment of a bundle digest earns. */
  duplicateModels: DuplicatePolicy;
  /** `zero`: miners with an old commitment (no bundle digest) score 0. */
  unverifiable: UnverifiablePolicy;
}

/** `--audit.*`: see docs/audit.md. */
export interface AuditSettings {
  /** Closed epoch files older than this are deleted. */
  retainDays: number;
  /** Reveal the epoch's `--dataset` items in its `epoch_end` record (else replay is PARTIAL). */
  revealDataset: boolean;
}

/**
 * Miners queried per round by default. 64, not every miner: with a round per 12 s block the audit trail
 * of 256 miners all queried every round is ~2 GB/day gzip-compressed; 64 per round keeps it near 0.5
 * GB/day (docs/audit.md "Storage") and still scores each of 256 miners every 4 blocks (~90 times an epoch).
 */
const MIB = 1024 * 1024;

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function bad(option: string, reason: string): never {
  throw new ValidatorError({ code: 'BAD_CONFIG', option, reason }, `--${option} ${reason}`);
}

function int(
  argv: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  const raw = pick(argv, key) ?? fallback;
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max)
    bad(key, `must be an integer in [${min}, ${max}]`);
  return value;
}

function real(
  argv: Record<string, unknown>,
  key: string,
  fallback: number,
  check: (v: number) => boolean,
  rule: string,
): number {
  const value = Number(pick(argv, key) ?? fallback);
  if (!Number.isFinite(value) || !check(value)) bad(key, rule);
  return value;
}

function checkKnownOptions(argv: Record<string, unknown>): void {
  const unknown = unknownDottedOption(argv, VALIDATOR_DOTTED, VALIDATOR_GROUPS);
  if (unknown) bad(unknown, 'is not an option');
}

function datasets(argv: Record<string, unknown>): DatasetSource[] {
  const out: DatasetSource[] = [];
  for (const domain of DOMAIN_NAMES) {
    const raw = pick(argv, `dataset.${domain}`);
    if (raw === undefined) continue;
    for (const entry of (Array.isArray(raw) ? raw : [raw]).map(String)) {
      const eq = entry.indexOf('=');
      const task = eq > 0 ? entry.slice(0, eq) : undefined;
      const path = eq > 0 ? entry.slice(eq + 1) : entry;
      if (path === '') bad(`dataset.${domain}`, 'needs a file path');
      let spec: ReturnType<typeof getTask>;
      try {
        spec = getTask(domain, task);
      } catch (err) {
        bad(`dataset.${domain}`, `names an unknown task: ${errorMessage(err)}`);
      }
      out.push({ domain, task: spec.task, path: expandHome(path) });
    }
  }
  return out;
}

function challenges(argv: Record<string, unknown>): NonNullable<ValidatorConfig['challenges']> {
  let difficultyMix: DifficultyMix;
  try {
    difficultyMix = parseDifficultyMix(
      optionalString(argv, 'challenges.difficulty') ?? DEFAULT_DIFFICULTY_MIX_TEXT,
    );
  } catch (err) {
    bad('challenges.difficulty', `is not valid: ${errorMessage(err)}`);
  }
  const raw = pick(argv, 'challenges.pack');
  const packs = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map(String);
  if (packs.some((path) => path === '')) bad('challenges.pack', 'needs a file path');
  return { difficultyMix, packs: packs.map(expandHome) };
}

function verify(argv: Record<string, unknown>): VerifyConfig {
  const d = VERIFY_DEFAULTS;
  const duplicateModels = pick(argv, 'verify.duplicate_models') ?? d.duplicateModels;
  if (duplicateModels !== 'first' && duplicateModels !== 'allow')
    bad('verify.duplicate_models', 'must be first or allow');
  const unverifiable = pick(argv, 'verify.unverifiable') ?? d.unverifiable;
  if (unverifiable !== 'zero' && unverifiable !== 'allow')
    bad('verify.unverifiable', 'must be zero or allow');
  return {
    rate: real(argv, 'verify.rate', d.rate, (v) => v >= 0 && v <= 1, 'must be in [0, 1]'),
    minPerEpoch: int(argv, 'verify.min_per_epoch', 0, DEFAULT_LIMITS.maxBatch, d.minPerEpoch),
    cpuShare: real(argv, 'verify.cpu_share', d.cpuShare, (v) => v > 0 && v <= 1, 'must be in (0, 1]'),
    cacheBytes: int(argv, 'verify.cache_mb', 1, 1_048_576, d.cacheMb) * MIB,
    maxBundleBytes: int(argv, 'verify.max_bundle_mb', 1, 65_536, d.maxBundleMb) * MIB,
    downloadTimeoutMs: int(argv, 'verify.download_timeout_s', 1, 86_400, d.downloadTimeoutS) * 1000,
    duplicateModels,
    unverifiable,
  };
}

function bool(argv: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const raw = pick(argv, key) ?? fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  bad(key, 'must be true or false');
}

function mapOptional<T, R>(value: T | undefined, f: (v: T) => R): R | undefined {
  return value === undefined ? undefined : f(value);
}

function logLevel(argv: Record<string, unknown>): LogLevel {
  if (pick(argv, 'logging.trace') === true) return 'trace';
  return pick(argv, 'logging.debug') === true ? 'debug' : 'info';
}

export function toValidatorConfig(argv: Record<string, unknown>): ValidatorConfig {
  checkKnownOptions(argv);
  const wallet = {
    name: optionalString(argv, 'wallet.name') ?? walletDefault('BT_WALLET_NAME'),
    hotkey: optionalString(argv, 'wallet.hotkey') ?? walletDefault('BT_WALLET_HOTKEY'),
    path: optionalString(argv, 'wallet.path'),
  };
  const netuid = int(argv, 'netuid', 0, 0xffff);
  let domainShares: Record<string, number>;
  try {
    domainShares = parseDomainShares(optionalString(argv, 'neuron.domain_shares') ?? DEFAULT_DOMAIN_SHARES);
  } catch (err) {
    bad('neuron.domain_shares', `is not valid: ${errorMessage(err)}`);
  }
  const scoringRule = pick(argv, 'neuron.scoring_rule') ?? 'brier';
  if (scoringRule !== 'brier' && scoringRule !== 'log') bad('neuron.scoring_rule', 'must be brier or log');
  const epochLength = pick(argv, 'neuron.epoch_length');
  const stateDir =
    optionalString(argv, 'state.dir') ??
    join(homedir(), '.bittensor', 'validators', wallet.name, wallet.hotkey, `netuid${netuid}`);
  return {
    wallet,
    netuid,
    endpoint: resolveEndpoint({
      network: optionalString(argv, 'subtensor.network'),
      chainEndpoint: optionalString(argv, 'subtensor.chain_endpoint'),
    }),
    staleAfterBlocks: int(argv, 'subtensor.stale_blocks', 0, 100_000, DEFAULT_STALE_AFTER_BLOCKS),
    neuron: {
      sampleSize: int(argv, 'neuron.sample_size', 1, 4096, DEFAULT_SAMPLE_SIZE),
      timeoutMs: int(argv, 'neuron.timeout_ms', 10, 600_000, 5000),
      // One classify request per miner per round: the wire caps a request at DEFAULT_LIMITS.maxBatch texts.
      batchSize: int(argv, 'neuron.batch_size', 1, DEFAULT_LIMITS.maxBatch, 16),
      movingAverageAlpha: real(
        argv,
        'neuron.moving_average_alpha',
        0.1,
        (v) => v > 0 && v <= 1,
        'must be in (0, 1]',
      ),
      domainShares,
      scorePower: real(argv, 'neuron.score_power', 1, (v) => v > 0 && v <= 16, 'must be in (0, 16]'),
      excludeQuantile: real(argv, 'neuron.exclude_quantile', 0, (v) => v >= 0 && v < 1, 'must be in [0, 1)'),
      concurrency: int(argv, 'neuron.concurrency', 1, 1024, 32),
      scoringRule,
      epochLength: epochLength === undefined ? undefined : int(argv, 'neuron.epoch_length', 1, 1_000_000),
    },
    weights: { mode: weightsMode(argv) },
    datasets: datasets(argv),
    datasetShare: real(argv, 'neuron.dataset_share', 0.5, (v) => v >= 0 && v <= 1, 'must be in [0, 1]'),
    challenges: challenges(argv),
    verify: verify(argv),
    audit: {
      retainDays: int(argv, 'audit.retain_days', 1, 36_500, AUDIT_DEFAULTS.retainDays),
      revealDataset: bool(argv, 'audit.reveal_dataset', AUDIT_DEFAULTS.revealDataset),
    },
    ...copyWeightsFrom(argv),
    stateDir: expandHome(stateDir),
    metricsPort: int(argv, 'metrics.port', 0, 65535, 9102),
    gatewayPort: int(argv, 'gateway.port', 0, 65535, 0),
    gatewayHost: optionalString(argv, 'gateway.host') ?? '127.0.0.1',
    gatewayKeysFile: mapOptional(optionalString(argv, 'gateway.keys_file'), expandHome),
    logLevel: logLevel(argv),
  };
}

function weightsMode(argv: Record<string, unknown>): WeightsMode {
  const raw = pick(argv, 'weights.mode') ?? 'auto';
  const mode = WEIGHTS_MODES.find((m) => m === raw);
  if (mode === undefined) bad('weights.mode', `must be one of ${WEIGHTS_MODES.join(', ')}`);
  return mode;
}

/** `--dev.copy_weights_from`: an SS58 hotkey, or nothing. */
function copyWeightsFrom(argv: Record<string, unknown>): Pick<ValidatorConfig, 'dev'> {
  const from = optionalString(argv, 'dev.copy_weights_from');
  if (from === undefined) return {};
  if (!/^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(from)) bad('dev.copy_weights_from', 'must be an SS58 hotkey');
  return { dev: { copyWeightsFrom: from } };
}
