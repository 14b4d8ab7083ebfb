/**
 * How every `expertnet` subcommand ends on a failure it expected: a typed error becomes one `error:` line
 * (plus its hints) on stderr and exit code 1, not a stack trace. Anything else is a bug and is rethrown, so
 * it keeps its stack.
 */
import { stderr } from 'node:process';
import { ExpertnetError } from './errors.js';

/** Prints a typed error as `error: <message>` and sets exit code 1; rethrows any other value. */
export function reportCliError(err: unknown): void {
  if (!(err instanceof ExpertnetError)) throw err;
  stderr.write(`error: ${err.shortMessage}\n${err.metaMessages.map((m) => `  ${m}\n`).join('')}`);
  process.exitCode = 1;
}

/** Wraps a yargs command handler so its typed errors end as `reportCliError` says. */
export function runCommand<A>(fn: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    try {
      await fn(args);
    } catch (err) {
      reportCliError(err);
    }
  };
}
