/**
 * `expertnet devnet` (also `npm start`): options, the live view or the `--json` summary, Ctrl-C handling.
 */
import type { Argv, CommandModule } from 'yargs';
import { hiddenParents, pickDotted as pick } from '../shared/cli-options.js';
import { DOMAIN_NAMES } from '../shared/domains/index.js';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import { TIER_NAMES } from '../shared/models/tiers.js';
import { installProcessGuard } from '../shared/process-guard.js';
import { type DevnetConfig, startDevnet } from './devnet.js';
import { DevnetError } from './errors.js';
import { DEVNET_TASKS, parseList, taskId } from './roster.js';
import { COMMIT_REVEAL_MODES, type CommitRevealMode } from './types.js';
import { createLiveView, StatusHistory } from './view.js';

function devnetOptions<T>(y: Argv<T>) {
  return hiddenParents(y, ['chain', 'wallet', 'models', 'gateway'])
    .option('validators', { type: 'number', default: 2, describe: 'Validators (each its own process)' })
    .option('miners-per-tier', {
      type: 'number',
      default: 1,
      describe: 'Miners per task and model tier (4 tasks × 3 tiers by default)',
    })
    .option('domains', { type: 'string', default: DOMAIN_NAMES.join(','), describe: 'Domains with miners' })
    .option('tasks', {
      type: 'string',
      describe: `Tasks with miners, of the chosen domains (default all: ${DEVNET_TASKS.map(taskId).join(',')})`,
    })
    .option('tiers', { type: 'string', default: TIER_NAMES.join(','), describe: 'Model tiers with miners' })
    .option('cheaters', {
      type: 'number',
      default: 0,
      describe:
        'Extra miners that cheat: commit a strong bundle but run the weak model, or perturb answers (validators catch them)',
    })
    .option('copiers', {
      type: 'number',
      default: 0,
      describe:
        "Extra validators that copy validator-1's weights instead of scoring (audit replay catches them)",
    })
    .option('tempo', { type: 'number', default: 10, describe: 'Subnet tempo (blocks per epoch - 1)' })
    .option('block-time', { type: 'number', default: 1000, describe: 'Block time in milliseconds' })
    .option('base-port', {
      type: 'number',
      default: 0,
      describe: 'First port for miners, validators and chain metrics (0 = free ports)',
    })
    .option('chain.port', { type: 'number', default: 9944, describe: 'Chain RPC port (0 = a free port)' })
    .option('gateway.port', {
      type: 'number',
      default: 8700,
      describe: 'Gateway port on the first validator (0 = no gateway)',
    })
    .option('commit-reveal', {
      type: 'string',
      // No yargs default: a bare --commit-reveal (the old boolean flag) must stay tellable apart.
      describe:
        'off: set_weights; hash: commit, reveal the next epoch; timelock (default, as on mainnet): commits encrypted to a drand round, applied by the chain',
    })
    .option('stake', { type: 'number', default: 1000, describe: 'TAO each validator stakes' })
    .option('dir', {
      type: 'string',
      default: '.devnet',
      describe: 'Devnet folder: logs/, run/ (removed at stop), wallets/',
    })
    .option('wallet.path', { type: 'string', describe: 'Wallets folder (default <dir>/wallets)' })
    .option('models.dir', {
      type: 'string',
      default: 'models',
      describe: 'Model folders (built when missing)',
    })
    .option('epochs', {
      type: 'number',
      describe: 'Run this many epochs after weights first land, then stop (exit 0)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print a JSON summary instead of the view' })
    .option('start-timeout', {
      type: 'number',
      default: 120,
      describe: 'Seconds each process may take to start',
    })
    .option('weights-timeout', {
      type: 'number',
      default: 300,
      describe: 'Seconds to wait for weights in --epochs mode',
    });
}

function int(argv: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = Number(pick(argv, key));
  if (!Number.isInteger(value) || value < min || value > max)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: key, reason: `must be an integer in [${min}, ${max}]` },
      `--${key} must be an integer in [${min}, ${max}]`,
    );
  return value;
}

/** `--commit-reveal MODE`; bare `--commit-reveal` (the old boolean flag) is `hash`, `--no-commit-reveal` `off`. */
function parseCommitReveal(raw: unknown): CommitRevealMode {
  if (raw === undefined) return 'timelock';
  if (raw === '' || raw === true || raw === 'true') return 'hash';
  if (raw === false || raw === 'false') return 'off';
  const mode = COMMIT_REVEAL_MODES.find((m) => m === raw);
  if (mode === undefined)
    throw new DevnetError(
      {
        code: 'BAD_CONFIG',
        option: 'commit-reveal',
        reason: `must be one of ${COMMIT_REVEAL_MODES.join(', ')}`,
      },
      `--commit-reveal must be one of ${COMMIT_REVEAL_MODES.join(', ')}`,
    );
  return mode;
}

export function toDevnetConfig(argv: Record<string, unknown>): DevnetConfig {
  const epochs = pick(argv, 'epochs');
  const walletPath = pick(argv, 'wallet.path');
  const tasks = pick(argv, 'tasks');
  return {
    validators: int(argv, 'validators', 1, 16),
    minersPerTier: int(argv, 'miners-per-tier', 1, 8),
    domains: parseList('domains', String(pick(argv, 'domains')), DOMAIN_NAMES),
    ...(tasks === undefined ? {} : { tasks: parseList('tasks', String(tasks), DEVNET_TASKS.map(taskId)) }),
    tiers: parseList('tiers', String(pick(argv, 'tiers')), TIER_NAMES),
    cheaters: pick(argv, 'cheaters') === undefined ? 0 : int(argv, 'cheaters', 0, 16),
    copiers: pick(argv, 'copiers') === undefined ? 0 : int(argv, 'copiers', 0, 8),
    tempo: int(argv, 'tempo', 2, 1000),
    blockTimeMs: int(argv, 'block-time', 100, 60_000),
    basePort: int(argv, 'base-port', 0, 65000),
    chainPort: int(argv, 'chain.port', 0, 65535),
    gatewayPort: int(argv, 'gateway.port', 0, 65535),
    commitReveal: parseCommitReveal(pick(argv, 'commit-reveal')),
    validatorStakeTao: int(argv, 'stake', 1, 100_000),
    dir: String(pick(argv, 'dir')),
    ...(walletPath === undefined ? {} : { walletPath: String(walletPath) }),
    modelsDir: String(pick(argv, 'models.dir')),
    ...(epochs === undefined ? {} : { epochs: int(argv, 'epochs', 1, 10_000) }),
    startTimeoutMs: int(argv, 'start-timeout', 1, 3600) * 1000,
    weightsTimeoutMs: int(argv, 'weights-timeout', 1, 36_000) * 1000,
  };
}

export async function runDevnetCommand(argv: Record<string, unknown>): Promise<number> {
  const json = pick(argv, 'json') === true;
  let config: DevnetConfig;
  try {
    config = toDevnetConfig(argv);
  } catch (err) {
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    return 2;
  }
  const view = json ? undefined : createLiveView();
  // Start-up lines go to stderr (model progress bars share it); the live view takes stdout afterwards.
  // Once the table is on screen, status lines become its last notes (a stray line would break the redraw),
  // the last few kept so one is not replaced by the next before it was shown.
  let tableShown = false;
  const history = new StatusHistory();
  const status = (line: string) => {
    if (tableShown && view) history.add(line);
    else process.stderr.write(`devnet: ${line}\n`);
  };
  // A stray rejection is a status line here (the terminal belongs to the live view); a bug exits 70.
  const guard = installProcessGuard({ error: (_, msg) => status(msg), fatal: (_, msg) => status(msg) });
  let devnet: Awaited<ReturnType<typeof startDevnet>> | undefined;
  let interrupted = false;
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return; // stopping already; children get SIGKILL after the timeout
    interrupted = true;
    status(`${signal}: stopping every process`);
    if (devnet) void devnet.stop(signal);
    else abort.abort(signal); // during start-up: startDevnet stops what it started and rejects
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    devnet = await startDevnet(config, {
      signal: abort.signal,
      status,
      snapshot: (s, notes) => {
        if (!view) return;
        tableShown = true;
        view.show(s, [...notes, ...history.lines()]);
      },
    });
    const summary = await devnet.finished;
    view?.done();
    // An interrupted `--epochs` run did not do what was asked: no summary, exit 130.
    if (interrupted && config.epochs !== undefined) return 130;
    if (json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (err) {
    view?.done();
    process.stderr.write(`error: ${errorMessage(err)}\n`);
    if (err instanceof ExpertnetError)
      for (const line of err.metaMessages) process.stderr.write(`  ${line}\n`);
    await devnet?.stop();
    return interrupted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    guard.uninstall();
  }
}

export const devnetCommand: CommandModule<object, Record<string, unknown>> = {
  command: 'devnet',
  describe: 'Run a local network: chain, subnet, validators and miners of every tier, live view',
  builder: (y) => devnetOptions(y) as unknown as Argv<Record<string, unknown>>,
  handler: async (argv) => {
    process.exitCode = await runDevnetCommand(argv);
  },
};
