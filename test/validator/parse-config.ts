/** Parses validator flags (and env vars) the way `expertnet-validator` does, into a checked config. */
import yargs from 'yargs';
import { toValidatorConfig, type ValidatorConfig } from '../../validator/config.js';
import { validatorCli } from '../../validator/config-options.js';

export async function parseValidatorArgs(
  args: string[],
  env: Record<string, string> = {},
): Promise<ValidatorConfig> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const argv = await validatorCli(yargs(args))
      .strict()
      .exitProcess(false)
      .fail((msg, err) => {
        throw err ?? new Error(msg);
      })
      .parseAsync();
    return toValidatorConfig(argv as Record<string, unknown>);
  } finally {
    for (const key of Object.keys(env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
