#!/usr/bin/env node
/**
 * `expertnet-miner`: serves a domain model to validators over WebSocket and advertises it on chain.
 * Options: see config.ts (`--help`). Exit codes: 0 clean stop, 1 start-up failure, 70 invariant violation
 * or uncaught exception (shared/process-guard.ts), 130 forced stop.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { installProcessGuard } from '../shared/process-guard.js';
import { onShutdown } from '../shared/shutdown.js';
import { promptHidden } from '../shared/wallet/cli.js';
import { minerCli, toMinerConfig } from './config.js';
import { startMiner } from './miner.js';
import { MINER_VERSION } from './version.js';

const argv = await minerCli(yargs(hideBin(process.argv)))
  .scriptName('expertnet-miner')
  .version(MINER_VERSION)
  .strict()
  .help()
  .parseAsync();

try {
  const config = toMinerConfig(argv as Record<string, unknown>);
  const log = createLogger({ name: 'miner', level: config.logLevel });
  installProcessGuard(log);
  const miner = await startMiner(config, { logger: log, password: { ask: promptHidden } });
  onShutdown(log, () => miner.close());
} catch (err) {
  process.stderr.write(`error: ${errorMessage(err)}\n`);
  if (err instanceof ExpertnetError) for (const line of err.metaMessages) process.stderr.write(`  ${line}\n`);
  process.exit(1);
}
