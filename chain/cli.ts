#!/usr/bin/env node
/**
 * `expertnet-chain`: runs the dev chain node with Substrate-style flags.
 *   expertnet-chain --dev                      # temporary chain, RPC on 127.0.0.1:9944, 12 s blocks
 *   expertnet-chain --base-path ./data --instant-seal
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../shared/logger.js';
import { installProcessGuard } from '../shared/process-guard.js';
import { onShutdown } from '../shared/shutdown.js';
import { DEFAULT_STATE_PRUNING, parseStatePruning, startNode } from './node/node.js';

const argv = await yargs(hideBin(process.argv))
  .scriptName('expertnet-chain')
  .usage('$0 [options]\n\nRuns the Expertnet dev chain (Substrate-compatible JSON-RPC).')
  .options({
    dev: {
      type: 'boolean',
      default: false,
      describe: 'Development chain; implies --tmp without --base-path',
    },
    'base-path': { type: 'string', describe: 'Directory for the chain database (persistent)' },
    tmp: { type: 'boolean', default: false, describe: 'Use a temporary directory, deleted on exit' },
    'rpc-port': { type: 'number', default: 9944, describe: 'JSON-RPC port (WebSocket and HTTP POST)' },
    'rpc-host': { type: 'string', default: '127.0.0.1', describe: 'JSON-RPC listen address' },
    'rpc-max-connections': { type: 'number', default: 100, describe: 'Maximum RPC connections' },
    'block-time': { type: 'number', default: 12_000, describe: 'Block time in milliseconds' },
    'instant-seal': {
      type: 'boolean',
      default: false,
      describe: 'Seal a block as soon as transactions arrive',
    },
    'prometheus-port': {
      type: 'number',
      default: 9615,
      describe: 'Prometheus /metrics port (0 = any free port)',
    },
    'no-prometheus': { type: 'boolean', default: false, describe: 'Do not expose Prometheus metrics' },
    'prometheus-external': {
      type: 'boolean',
      default: false,
      describe: 'Serve Prometheus metrics on all interfaces (default: 127.0.0.1 only)',
    },
    'pool-limit': { type: 'number', default: 8192, describe: 'Maximum ready transactions in the pool' },
    'state-pruning': {
      type: 'string',
      default: String(DEFAULT_STATE_PRUNING),
      describe: 'Blocks of state to keep readable, or "archive" to keep all',
      coerce: parseStatePruning,
    },
    'signature-workers': {
      type: 'number',
      describe: 'Threads verifying transaction signatures (0 = main thread; default: cores - 1, 1..4)',
    },
    'beacon-secret': {
      type: 'string',
      describe:
        'Dev drand beacon BLS secret key (32 bytes hex); default: generated with the chain, kept in its data dir',
    },
    'beacon-period': {
      type: 'number',
      describe: 'Dev drand beacon: seconds per round (default 3, as quicknet)',
    },
    'log-level': { choices: LOG_LEVELS, default: 'info' as LogLevel, describe: 'Log level' },
  })
  .strict()
  .parserConfiguration({ 'boolean-negation': false })
  .help()
  .parseAsync();

const log = createLogger({ name: 'chain', level: argv['log-level'] as LogLevel });
installProcessGuard(log);
const starting = startNode({
  dev: argv.dev,
  ...(argv['base-path'] === undefined ? {} : { basePath: argv['base-path'] }),
  tmp: argv.tmp,
  rpcPort: argv['rpc-port'],
  rpcHost: argv['rpc-host'],
  rpcMaxConnections: argv['rpc-max-connections'],
  blockTimeMs: argv['block-time'],
  instantSeal: argv['instant-seal'],
  prometheusPort: argv['no-prometheus'] ? null : argv['prometheus-port'],
  prometheusHost: argv['prometheus-external'] ? '0.0.0.0' : '127.0.0.1',
  poolReadyLimit: { count: argv['pool-limit'], bytes: 20 * 1024 * 1024 },
  statePruning: argv['state-pruning'],
  ...(argv['signature-workers'] === undefined ? {} : { signatureWorkers: argv['signature-workers'] }),
  beacon: {
    ...(argv['beacon-secret'] === undefined ? {} : { secret: argv['beacon-secret'] }),
    ...(argv['beacon-period'] === undefined ? {} : { period: argv['beacon-period'] }),
  },
  logger: log,
});
// Registered before start-up finishes, so a signal during start-up still shuts down cleanly.
onShutdown(log, async () => {
  const node = await starting.catch(() => undefined);
  await node?.close();
});
try {
  await starting;
} catch (err) {
  log.fatal({ err: errorMessage(err) }, 'failed to start');
  if (err instanceof ExpertnetError) for (const line of err.metaMessages) process.stderr.write(`${line}\n`);
  process.exit(1);
}
