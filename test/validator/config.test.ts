/** expertnet-validator options: issue 6's dotted flags, EXPERTNET_VALIDATOR_* env, --config, validation. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STALE_AFTER_BLOCKS } from '../../shared/chain/index.js';
import { parseValidatorArgs } from './parse-config.js';

const parse = parseValidatorArgs;

describe('validator config', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-validator-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the defaults of issue 6', async () => {
    const config = await parse(['--netuid', '2']);
    expect(config).toMatchObject({
      wallet: { name: 'default', hotkey: 'default' },
      netuid: 2,
      endpoint: 'ws://127.0.0.1:9944',
      staleAfterBlocks: DEFAULT_STALE_AFTER_BLOCKS,
      neuron: {
        // 64 since issue 15: keeps the audit trail of 256 miners under 1 GB/day (docs/audit.md).
        sampleSize: 64,
        movingAverageAlpha: 0.1,
        domainShares: { legal: 1, medical: 1, finance: 1 },
        scorePower: 1,
        excludeQuantile: 0,
        scoringRule: 'brier',
        epochLength: undefined,
      },
      datasets: [],
      metricsPort: 9102,
      gatewayPort: 0,
      logLevel: 'info',
      audit: { retainDays: 30, revealDataset: true },
    });
    expect(config.stateDir).toBe(
      join(homedir(), '.bittensor', 'validators', 'default', 'default', 'netuid2'),
    );
  });

  it('reads every dotted flag of the command line', async () => {
    const data = join(dir, 'legal.jsonl');
    const config = await parse([
      '--netuid=5',
      '--wallet.name=v1',
      '--wallet.hotkey=h1',
      `--wallet.path=${dir}`,
      '--subtensor.chain_endpoint=ws://10.0.0.1:9944',
      '--subtensor.stale_blocks=0',
      '--neuron.sample_size=64',
      '--neuron.timeout_ms=2500',
      '--neuron.batch_size=8',
      '--neuron.moving_average_alpha=0.25',
      '--neuron.domain_shares=legal=2,medical=1,finance=0',
      '--neuron.score_power=2',
      '--neuron.exclude_quantile=0.1',
      '--neuron.concurrency=4',
      '--neuron.scoring_rule=log',
      '--neuron.epoch_length=30',
      `--dataset.legal=${data}`,
      `--dataset.finance=event=${data}`,
      `--state.dir=${dir}/state`,
      '--metrics.port=0',
      '--gateway.port=8080',
      '--logging.debug',
    ]);
    expect(config).toMatchObject({
      wallet: { name: 'v1', hotkey: 'h1', path: dir },
      netuid: 5,
      endpoint: 'ws://10.0.0.1:9944',
      staleAfterBlocks: 0,
      neuron: {
        sampleSize: 64,
        timeoutMs: 2500,
        batchSize: 8,
        movingAverageAlpha: 0.25,
        domainShares: { legal: 2, medical: 1, finance: 0 },
        scorePower: 2,
        excludeQuantile: 0.1,
        concurrency: 4,
        scoringRule: 'log',
        epochLength: 30,
      },
      datasets: [
        { domain: 'legal', task: 'clause', path: data },
        { domain: 'finance', task: 'event', path: data },
      ],
      stateDir: `${dir}/state`,
      metricsPort: 0,
      gatewayPort: 8080,
      logLevel: 'debug',
    });
  });

  it('takes values from EXPERTNET_VALIDATOR_* and a --config file, flags winning', async () => {
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({ neuron: { sample_size: 10, batch_size: 3 }, metrics: { port: 1 } }),
    );
    const config = await parse(['--netuid=1', `--config=${file}`, '--neuron.batch_size=4'], {
      EXPERTNET_VALIDATOR_NEURON__SAMPLE_SIZE: '20',
      EXPERTNET_VALIDATOR_SUBTENSOR__STALE_BLOCKS: '30',
    });
    expect(config.staleAfterBlocks).toBe(30);
    expect(config.neuron.sampleSize).toBe(20);
    expect(config.neuron.batchSize).toBe(4);
    expect(config.metricsPort).toBe(1);
  });

  it('challenges: the default difficulty mix, a given one, repeatable packs from flags, env or --config', async () => {
    const defaults = await parse(['--netuid=1']);
    expect(defaults.challenges).toEqual({
      difficultyMix: { easy: 0.2, standard: 0.3, hard: 0.5 },
      packs: [],
    });
    const flags = await parse([
      '--netuid=1',
      '--challenges.difficulty=hard=3,easy=1',
      '--challenges.pack=a.json',
      '--challenges.pack=~/b.json',
    ]);
    expect(flags.challenges).toEqual({
      difficultyMix: { easy: 1, standard: 0, hard: 3 },
      packs: ['a.json', join(homedir(), 'b.json')],
    });
    const file = join(dir, 'challenges.json');
    await writeFile(file, JSON.stringify({ challenges: { pack: ['c.json'] } }));
    expect((await parse(['--netuid=1', `--config=${file}`])).challenges?.packs).toEqual(['c.json']);
    const env = await parse(['--netuid=1'], { EXPERTNET_VALIDATOR_CHALLENGES__DIFFICULTY: 'standard=1' });
    expect(env.challenges?.difficultyMix).toEqual({ easy: 0, standard: 1, hard: 0 });
  });

  it('takes --audit.retain_days and --audit.reveal_dataset from flags and env', async () => {
    const flags = await parse(['--netuid=1', '--audit.retain_days=7', '--audit.reveal_dataset=false']);
    expect(flags.audit).toEqual({ retainDays: 7, revealDataset: false });
    const env = await parse(['--netuid=1'], { EXPERTNET_VALIDATOR_AUDIT__REVEAL_DATASET: 'false' });
    expect(env.audit?.revealDataset).toBe(false);
  });

  it.each([
    [['--audit.retain_days=0'], 'audit.retain_days'],
    [['--audit.nope=1'], 'audit.nope'],
    [['--challenges.difficulty=easy=1,tricky=1'], 'challenges.difficulty'],
    [['--challenges.difficulty=hard=0'], 'challenges.difficulty'],
    [['--challenges.nope=1'], 'challenges.nope'],
    [['--neuron.sample_size=0'], 'neuron.sample_size'],
    [['--neuron.moving_average_alpha=1.5'], 'neuron.moving_average_alpha'],
    [['--neuron.domain_shares=legal=x'], 'neuron.domain_shares'],
    [['--neuron.domain_shares=sports=1'], 'neuron.domain_shares'],
    [['--neuron.exclude_quantile=1'], 'neuron.exclude_quantile'],
    [['--neuron.timeout_ms=2.5'], 'neuron.timeout_ms'],
    [['--neuron.nope=1'], 'neuron.nope'],
    [['--dataset.legal=nosuchtask=f.jsonl'], 'dataset.legal'],
    [['--gateway.port=70000'], 'gateway.port'],
    [['--subtensor.stale_blocks=-3'], 'subtensor.stale_blocks'],
  ])('refuses %j with a BAD_CONFIG error naming the option', async (args, option) => {
    await expect(parse(['--netuid=1', ...args])).rejects.toMatchObject({
      code: 'BAD_CONFIG',
      type: { option },
    });
  });

  it('refuses an endpoint that is neither a network nor ws(s)://', async () => {
    await expect(parse(['--netuid=1', '--subtensor.chain_endpoint=http://x'])).rejects.toMatchObject({
      code: 'BAD_ENDPOINT',
    });
  });
});
