/** `--verify.*` options: defaults, flags, env, --config, and bad values refused naming the option. */
import { describe, expect, it } from 'vitest';
import { parseValidatorArgs } from '../parse-config.js';

const parse = parseValidatorArgs;

const MIB = 1024 * 1024;

describe('validator --verify.* options', () => {
  it('has the documented defaults', async () => {
    expect((await parse(['--netuid=1'])).verify).toEqual({
      rate: 0.02,
      minPerEpoch: 2,
      cpuShare: 0.25,
      cacheBytes: 1024 * MIB,
      maxBundleBytes: 256 * MIB,
      downloadTimeoutMs: 120_000,
      duplicateModels: 'first',
      unverifiable: 'zero',
    });
  });

  it('reads flags and env', async () => {
    const config = await parse(
      [
        '--netuid=1',
        '--verify.rate=0.5',
        '--verify.min_per_epoch=0',
        '--verify.cpu_share=1',
        '--verify.cache_mb=8',
        '--verify.max_bundle_mb=4',
        '--verify.download_timeout_s=3',
        '--verify.duplicate_models=allow',
      ],
      { EXPERTNET_VALIDATOR_VERIFY__UNVERIFIABLE: 'allow' },
    );
    expect(config.verify).toEqual({
      rate: 0.5,
      minPerEpoch: 0,
      cpuShare: 1,
      cacheBytes: 8 * MIB,
      maxBundleBytes: 4 * MIB,
      downloadTimeoutMs: 3000,
      duplicateModels: 'allow',
      unverifiable: 'allow',
    });
  });

  it.each([
    ['--verify.rate=1.5', 'verify.rate'],
    ['--verify.cpu_share=0', 'verify.cpu_share'],
    ['--verify.min_per_epoch=-1', 'verify.min_per_epoch'],
    ['--verify.cache_mb=0', 'verify.cache_mb'],
    ['--verify.max_bundle_mb=1.5', 'verify.max_bundle_mb'],
    ['--verify.download_timeout_s=0', 'verify.download_timeout_s'],
    ['--verify.duplicate_models=never', 'verify.duplicate_models'],
    ['--verify.unverifiable=maybe', 'verify.unverifiable'],
    ['--verify.nope=1', 'verify.nope'],
  ])('refuses %s', async (flag, option) => {
    await expect(parse(['--netuid=1', flag])).rejects.toThrow(option);
  });
});
