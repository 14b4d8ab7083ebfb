import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { DEFAULT_STALE_AFTER_BLOCKS } from '../../shared/chain/index.js';
import {
  camelCase,
  pickDotted,
  pickDottedString,
  subtensorOptions,
  subtensorStaleBlocksOption,
  unknownDottedOption,
  walletOptions,
} from '../../shared/cli-options.js';

describe('walletOptions / subtensorOptions', () => {
  it('parse the dotted flags in strict mode, with the given defaults', async () => {
    const y = subtensorOptions(walletOptions(yargs([]), { name: 'cold', hotkey: 'hot' })).strict();
    const argv = (await y.parseAsync([
      '--wallet.path',
      '/w',
      '--subtensor.chain_endpoint',
      'ws://x:1',
    ])) as Record<string, unknown>;
    expect(pickDotted(argv, 'wallet.name')).toBe('cold');
    expect(pickDotted(argv, 'wallet.hotkey')).toBe('hot');
    expect(pickDotted(argv, 'wallet.path')).toBe('/w');
    expect(pickDotted(argv, 'subtensor.network')).toBe('local');
    expect(pickDotted(argv, 'subtensor.chain_endpoint')).toBe('ws://x:1');
  });

  it('--subtensor.stale_blocks defaults to the chain client default and reads a number', async () => {
    const y = () => subtensorStaleBlocksOption(subtensorOptions(yargs([]))).strict();
    const defaults = (await y().parseAsync([])) as Record<string, unknown>;
    expect(pickDotted(defaults, 'subtensor.stale_blocks')).toBe(DEFAULT_STALE_AFTER_BLOCKS);
    const given = (await y().parseAsync(['--subtensor.stale_blocks', '4'])) as Record<string, unknown>;
    expect(pickDotted(given, 'subtensor.stale_blocks')).toBe(4);
  });

  it('leave wallet name and hotkey unset without defaults (resolved from env at run time)', async () => {
    const argv = (await walletOptions(yargs([])).strict().parseAsync([])) as Record<string, unknown>;
    expect(pickDotted(argv, 'wallet.name')).toBeUndefined();
    expect(pickDotted(argv, 'wallet.hotkey')).toBeUndefined();
  });
});

describe('pickDotted', () => {
  it('reads flat, nested snake_case and nested camelCase (env) forms', () => {
    expect(pickDotted({ 'a.b_c': 1 }, 'a.b_c')).toBe(1);
    expect(pickDotted({ a: { b_c: 2 } }, 'a.b_c')).toBe(2);
    expect(pickDotted({ a: { bC: 3 } }, 'a.b_c')).toBe(3);
    expect(pickDotted({ a: 'x' }, 'a.b')).toBeUndefined();
  });
});

describe('unknownDottedOption', () => {
  it('names the first option under a group that is not declared', () => {
    const dotted = ['rate_limit.per_second', 'axon.port'];
    const groups = ['rate_limit', 'axon'];
    expect(
      unknownDottedOption({ axon: { port: 1 }, rateLimit: { perSecond: 2 } }, dotted, groups),
    ).toBeUndefined();
    expect(unknownDottedOption({ axon: { port: 1, prot: 2 } }, dotted, groups)).toBe('axon.prot');
    expect(unknownDottedOption({ rateLimit: { perMinute: 2 } }, dotted, groups)).toBe('rate_limit.perMinute');
  });

  it('camelCase follows yargs env naming', () => {
    expect(camelCase('chain_endpoint')).toBe('chainEndpoint');
    expect(camelCase('port')).toBe('port');
  });
});

describe('pickDottedString', () => {
  it('reads a dotted value as text and treats an empty one as not given', () => {
    expect(pickDottedString({ axon: { external_ip: '1.2.3.4' } }, 'axon.external_ip')).toBe('1.2.3.4');
    expect(pickDottedString({ axon: { external_ip: '' } }, 'axon.external_ip')).toBeUndefined();
    expect(pickDottedString({ axon: { port: 8091 } }, 'axon.port')).toBe('8091');
    expect(pickDottedString({}, 'axon.external_ip')).toBeUndefined();
  });
});
