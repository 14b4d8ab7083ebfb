import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { devnetCommand, toDevnetConfig } from '../../devnet/cli.js';
import { DevnetError } from '../../devnet/errors.js';

async function parse(args: string[]): Promise<Record<string, unknown>> {
  let argv: Record<string, unknown> = {};
  await yargs(['devnet', ...args])
    .command({
      ...devnetCommand,
      handler: (a) => {
        argv = a;
      },
    })
    .strict()
    .fail((message, err) => {
      throw err ?? new Error(message);
    })
    .parseAsync();
  return argv;
}

describe('expertnet devnet options', () => {
  it('defaults to the issue: 2 validators, 3 domains × 3 tiers, chain on 9944, gateway on', async () => {
    const config = toDevnetConfig(await parse([]));
    expect(config).toMatchObject({
      validators: 2,
      minersPerTier: 1,
      domains: ['legal', 'medical', 'finance'],
      tiers: ['weak', 'medium', 'strong'],
      chainPort: 9944,
      basePort: 0,
      commitReveal: 'timelock',
      dir: '.devnet',
      modelsDir: 'models',
    });
    expect(config.gatewayPort).toBeGreaterThan(0);
    expect(config.epochs).toBeUndefined();
    expect(config.walletPath).toBeUndefined();
  });

  it('reads dotted and dashed flags', async () => {
    const config = toDevnetConfig(
      await parse([
        '--chain.port=0',
        '--gateway.port=0',
        '--wallet.path=/tmp/w',
        '--models.dir=/tmp/m',
        '--block-time=250',
        '--tempo=4',
        '--epochs=3',
        '--tiers=weak,strong',
        '--commit-reveal',
      ]),
    );
    expect(config).toMatchObject({
      chainPort: 0,
      gatewayPort: 0,
      walletPath: '/tmp/w',
      modelsDir: '/tmp/m',
      blockTimeMs: 250,
      tempo: 4,
      epochs: 3,
      tiers: ['weak', 'strong'],
      // The old boolean flag: hash commit-reveal.
      commitReveal: 'hash',
    });
  });

  it('takes --commit-reveal off|hash|timelock and refuses anything else', async () => {
    for (const mode of ['off', 'hash', 'timelock'])
      expect(toDevnetConfig(await parse(['--commit-reveal', mode])).commitReveal).toBe(mode);
    expect(toDevnetConfig(await parse(['--no-commit-reveal'])).commitReveal).toBe('off');
  });

  it('refuses out-of-range values with the option named', async () => {
    for (const [args, option] of [
      [['--tempo=1'], 'tempo'],
      [['--block-time=10'], 'block-time'],
      [['--chain.port=70000'], 'chain.port'],
      [['--epochs=0'], 'epochs'],
      [['--validators=0'], 'validators'],
      [['--domains=legal,space'], 'domains'],
      [['--commit-reveal=drand'], 'commit-reveal'],
    ] as const) {
      const argv = await parse([...args]);
      const error = (() => {
        try {
          return toDevnetConfig(argv);
        } catch (err) {
          return err;
        }
      })();
      expect(error, args.join(' ')).toBeInstanceOf(DevnetError);
      expect((error as DevnetError).type).toMatchObject({ code: 'BAD_CONFIG', option });
    }
  });

  it('refuses unknown flags', async () => {
    await expect(parse(['--tempoo=3'])).rejects.toThrow(/Unknown argument/);
  });
});
