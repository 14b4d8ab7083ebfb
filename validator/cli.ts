#!/usr/bin/env node
/**
 * `expertnet-validator`: scores the subnet's miners with private challenges and sets weights on chain.
 * Options: see config.ts (`--help`). Exit codes: 0 clean stop, 1 start-up failure, 70 invariant violation
 * or uncaught exception (shared/process-guard.ts), 130 forced stop.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExpertnetError, errorMessage } from '../shared/errors.js';
import { createLogger } from '../shared/logger.js';
import { installProcessGuard } from '../shared/process-guard.js';
import { onShutdown } from '../shared/shutdown.js';
import { toValidatorConfig } from './config.js';
import { validatorCli } from './config-options.js';

const argv = await validatorCli(yargs(hideBin(process.argv)))
  .scriptName('expertnet-validator')
  .strict()
  .help()
  .parseAsync();

try {
  const config = toValidatorConfig(argv as Record<string, unknown>);
  const log = createLogger({ name: 'validator', level: config.logLevel });
  installProcessGuard(log);
  // Loaded after the flags are checked: --help and flag errors answer without the chain stack.
  const { startValidator } = await import('./validator.js');
  const validator = await startValidator(config, { logger: log });
  onShutdown(log, () => validator.close());
} catch (err) {
  process.stderr.write(`error: ${errorMessage(err)}\n`);
  if (err instanceof ExpertnetError) for (const line of err.metaMessages) process.stderr.write(`  ${line}\n`);
  process.exit(1);
}
