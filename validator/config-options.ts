/**
 * The `expertnet-validator` flag definitions (yargs): groups, every dotted option, defaults shown in
 * `--help`. Parsing and checking the values into a `ValidatorConfig` is config.ts's job.
 */
import type { Argv } from 'yargs';
import {
  hiddenParents,
  loggingOptions,
  subtensorOptions,
  subtensorStaleBlocksOption,
  walletOptions,
  withEnvAliases,
} from '../shared/cli-options.js';
import { DOMAIN_NAMES } from '../shared/domains/index.js';
import { DEFAULT_DIFFICULTY_MIX_TEXT } from './difficulty-mix.js';
import { DUPLICATE_POLICIES } from './verify/duplicates.js';

export const ENV_PREFIX = 'EXPERTNET_VALIDATOR';
export const DEFAULT_DOMAIN_SHARES = 'legal=1,medical=1,finance=1';

export const DEFAULT_SAMPLE_SIZE = 64;

/** `--weights.mode` (validator/weights-mode.ts); here so `--help` does not load the timelock crypto. */
export const WEIGHTS_MODES = ['auto', 'set', 'commit-reveal', 'timelock'] as const;
export type WeightsMode = (typeof WEIGHTS_MODES)[number];

export const AUDIT_DEFAULTS = { retainDays: 30, revealDataset: true } as const;

export const VERIFY_DEFAULTS = {
  rate: 0.02,
  minPerEpoch: 2,
  cpuShare: 0.25,
  cacheMb: 1024,
  maxBundleMb: 256,
  downloadTimeoutS: 120,
  duplicateModels: 'first',
  unverifiable: 'zero',
} as const;

export const VALIDATOR_GROUPS = [
  'wallet',
  'subtensor',
  'neuron',
  'weights',
  'dataset',
  'challenges',
  'verify',
  'audit',
  'dev',
  'state',
  'metrics',
  'gateway',
  'logging',
];

/** Every dotted option, to refuse unknown ones (strict mode cannot see inside a declared group). */
export const VALIDATOR_DOTTED = [
  'wallet.name',
  'wallet.hotkey',
  'wallet.path',
  'subtensor.network',
  'subtensor.chain_endpoint',
  'subtensor.stale_blocks',
  'neuron.sample_size',
  'neuron.timeout_ms',
  'neuron.batch_size',
  'neuron.moving_average_alpha',
  'neuron.domain_shares',
  'neuron.score_power',
  'neuron.exclude_quantile',
  'neuron.concurrency',
  'neuron.scoring_rule',
  'neuron.epoch_length',
  'neuron.dataset_share',
  'weights.mode',
  ...DOMAIN_NAMES.map((d) => `dataset.${d}`),
  'challenges.difficulty',
  'challenges.pack',
  'verify.rate',
  'verify.min_per_epoch',
  'verify.cpu_share',
  'verify.cache_mb',
  'verify.max_bundle_mb',
  'verify.download_timeout_s',
  'verify.duplicate_models',
  'verify.unverifiable',
  'audit.retain_days',
  'audit.reveal_dataset',
  'dev.copy_weights_from',
  'state.dir',
  'metrics.port',
  'gateway.port',
  'gateway.host',
  'gateway.keys_file',
  'logging.debug',
  'logging.trace',
];

export function validatorOptions<T>(y: Argv<T>) {
  const common = subtensorStaleBlocksOption(
    subtensorOptions(
      walletOptions(
        y.env(ENV_PREFIX).config('config', 'JSON file with the same options, nested by dots'),
      ).option('netuid', { type: 'number', demandOption: true, describe: 'Subnet to validate' }),
    ),
  );
  let out = hiddenParents(common, VALIDATOR_GROUPS)
    .option('neuron.sample_size', {
      type: 'number',
      default: DEFAULT_SAMPLE_SIZE,
      describe: 'Miners queried per round (the least recently scored first)',
    })
    .option('neuron.timeout_ms', {
      type: 'number',
      default: 5000,
      describe: 'Deadline per miner request (later answers score 0)',
    })
    .option('neuron.batch_size', {
      type: 'number',
      default: 16,
      describe: 'Challenge items per miner per round (at most 128, the wire limit)',
    })
    .option('neuron.moving_average_alpha', {
      type: 'number',
      default: 0.1,
      describe: 'Weight of the newest round in the per-uid moving average',
    })
    .option('neuron.domain_shares', {
      type: 'string',
      default: DEFAULT_DOMAIN_SHARES,
      describe: 'Weight budget per domain',
    })
    .option('neuron.score_power', {
      type: 'number',
      default: 1,
      describe: 'Within a domain, weight ∝ score^power',
    })
    .option('neuron.exclude_quantile', {
      type: 'number',
      default: 0,
      describe: 'Drop the lowest quantile of weights (0..1)',
    })
    .option('neuron.concurrency', { type: 'number', default: 32, describe: 'Miners queried at once' })
    .option('neuron.scoring_rule', {
      choices: ['brier', 'log'] as const,
      default: 'brier' as const,
      describe: 'Proper scoring rule for the returned probabilities',
    })
    .option('neuron.epoch_length', {
      type: 'number',
      describe: 'Blocks between weight submissions (default: the subnet tempo)',
    })
    .option('neuron.dataset_share', {
      type: 'number',
      default: 0.5,
      describe: 'Share of challenge items taken from --dataset.* files when given',
    })
    .option('weights.mode', {
      choices: WEIGHTS_MODES,
      default: 'auto' as const,
      describe:
        'How weights go on chain: auto = timelocked commit when the subnet has commit-reveal and the chain has drand, hash commit-reveal without drand, set_weights with commit-reveal off',
    });
  for (const domain of DOMAIN_NAMES) {
    out = out.option(`dataset.${domain}`, {
      type: 'array',
      string: true,
      describe: `Private ${domain} items: [TASK=]FILE.jsonl (repeatable)`,
    });
  }
  return loggingOptions(
    out
      .option('challenges.difficulty', {
        type: 'string',
        default: DEFAULT_DIFFICULTY_MIX_TEXT,
        describe: 'Share of generated challenge items per difficulty (easy, standard, hard)',
      })
      .option('challenges.pack', {
        type: 'array',
        string: true,
        describe: 'Private challenge pack: FILE.json with your own templates for one task (repeatable)',
      })
      .option('verify.rate', {
        type: 'number',
        default: VERIFY_DEFAULTS.rate,
        describe: "Share of each miner's answered items re-executed on its committed bundle (0..1)",
      })
      .option('verify.min_per_epoch', {
        type: 'number',
        default: VERIFY_DEFAULTS.minPerEpoch,
        describe: 'Items re-executed per miner per epoch at least',
      })
      .option('verify.cpu_share', {
        type: 'number',
        default: VERIFY_DEFAULTS.cpuShare,
        describe: 'Share of one CPU core the re-execution worker may use (0..1]',
      })
      .option('verify.cache_mb', {
        type: 'number',
        default: VERIFY_DEFAULTS.cacheMb,
        describe: 'Disk budget of the downloaded bundle cache, MiB (least recently used go first)',
      })
      .option('verify.max_bundle_mb', {
        type: 'number',
        default: VERIFY_DEFAULTS.maxBundleMb,
        describe: 'Largest model bundle downloaded, MiB (bigger: MODEL_UNAVAILABLE)',
      })
      .option('verify.download_timeout_s', {
        type: 'number',
        default: VERIFY_DEFAULTS.downloadTimeoutS,
        describe: 'Longest a bundle download may take, seconds (longer: MODEL_UNAVAILABLE)',
      })
      .option('verify.duplicate_models', {
        choices: DUPLICATE_POLICIES,
        default: VERIFY_DEFAULTS.duplicateModels,
        describe: 'first: of miners committing the same bundle only the earliest earns; allow: all do',
      })
      .option('verify.unverifiable', {
        choices: ['zero', 'allow'] as const,
        default: VERIFY_DEFAULTS.unverifiable,
        describe: 'Miners with an old commitment (no bundle digest): zero scores them 0, allow scores them',
      })
      .option('audit.retain_days', {
        type: 'number',
        default: AUDIT_DEFAULTS.retainDays,
        describe: 'Days closed epochs of the audit trail are kept on disk (and served)',
      })
      .option('audit.reveal_dataset', {
        type: 'boolean',
        default: AUDIT_DEFAULTS.revealDataset,
        describe: "Reveal each epoch's --dataset items after the epoch (false: replay reports PARTIAL)",
      })
      // Cheating on purpose (devnet --copiers, tests): hidden, see accountability/copier.ts.
      .option('dev.copy_weights_from', {
        type: 'string',
        hidden: true,
        describe: "Set this hotkey's last weights on chain instead of our own (a weight copier)",
      })
      .option('state.dir', {
        type: 'string',
        describe: 'State and audit directory (default ~/.bittensor/validators/<wallet>/<hotkey>/netuid<N>)',
      })
      .option('metrics.port', {
        type: 'number',
        default: 9102,
        describe: 'Prometheus /metrics port (0 disables)',
      })
      .option('gateway.port', {
        type: 'number',
        default: 0,
        describe: 'Gateway HTTP/WebSocket API port (0 disables)',
      })
      .option('gateway.host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'Address the gateway binds',
      })
      .option('gateway.keys_file', {
        type: 'string',
        describe:
          'Gateway API keys file (expertnet gateway-keys); without it the API is open, rate-limited per IP',
      }),
  );
}

/** `validatorOptions` plus env aliases: use this to build the CLI. */
export function validatorCli<T>(y: Argv<T>) {
  return withEnvAliases(validatorOptions(y), VALIDATOR_DOTTED, VALIDATOR_GROUPS);
}
