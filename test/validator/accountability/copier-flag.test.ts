/** The hidden `--dev.copy_weights_from` flag (devnet --copiers): parsed, checked, absent by default, not in --help. */
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { validatorCli } from '../../../validator/config-options.js';
import { parseValidatorArgs } from '../parse-config.js';

const HOTKEY = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const parse = (args: string[]) => parseValidatorArgs(['--netuid', '1', ...args]);

describe('--dev.copy_weights_from', () => {
  it('is absent on an honest validator and set when given', async () => {
    expect((await parse([])).dev).toBeUndefined();
    expect((await parse(['--dev.copy_weights_from', HOTKEY])).dev).toEqual({ copyWeightsFrom: HOTKEY });
  });

  it('refuses something that is not an SS58 hotkey, naming the option', async () => {
    await expect(parse(['--dev.copy_weights_from', 'alice'])).rejects.toThrow(/dev\.copy_weights_from/);
  });

  it('is hidden from --help', async () => {
    const help = await validatorCli(yargs([])).getHelp();
    expect(help).not.toMatch(/copy_weights_from/);
  });
});
