#!/usr/bin/env node
/**
 * Renders docs/configuration.md: every option of every CLI (expertnet-chain, expertnet-miner,
 * expertnet-validator and each `expertnet` subcommand), as yargs prints it from the CLIs' own option
 * definitions, so the reference cannot drift from the code (test/docs/configuration.test.ts compares).
 *
 *   node --import tsx scripts/config-reference.ts           # rewrite docs/configuration.md
 *   node --import tsx scripts/config-reference.ts --check   # exit 1 when it is out of date
 *
 * The miner, validator and `expertnet` builders are imported and asked for their help in-process. The
 * chain CLI builds its options inline with its start-up, so it is asked in a child process (`--help`).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import yargs, { type Argv } from 'yargs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REFERENCE_PATH = join(ROOT, 'docs', 'configuration.md');
/** yargs' own width when stdout is not a terminal (what the chain's child process prints at). */
const WIDTH = 80;

/**
 * Some defaults come from the environment (BT_WALLET_*, EXPERTNET_*, the home directory): the reference
 * shows them as they are without those variables and with the home directory as `~`, so they are set
 * that way while the builders' modules load and run (so render before anything else imports them).
 */
function withoutEnvironment<T>(fn: () => Promise<T>): Promise<T> {
  const saved = Object.entries(process.env).filter(([k]) => /^(BT_|EXPERTNET_|HOME$)/.test(k));
  for (const [k] of saved) delete process.env[k];
  process.env.HOME = '~';
  return fn().finally(() => {
    delete process.env.HOME;
    for (const [k, v] of saved) process.env[k] = v;
  });
}

/** The help text yargs prints for `args --help`, without printing or exiting. */
async function helpOf(build: () => Argv, args: readonly string[] = []): Promise<string> {
  let text = '';
  await build()
    .wrap(WIDTH)
    .exitProcess(false)
    .parseAsync([...args, '--help'], {}, (_err, _argv, output) => {
      text = output;
    });
  return text.trimEnd();
}

async function chainHelp(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'chain', 'cli.ts'), '--help'],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: '~' }, timeout: 60_000 },
  );
  return stdout.trimEnd();
}

/** `expertnet a b` entries listed under "Commands:" of a help text, as argument paths. */
function subcommands(help: string, prefix: readonly string[]): string[][] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S.*:$/m)[0] ?? '';
  const paths: string[][] = [];
  for (const line of section.split('\n')) {
    const usage = /^ {2}(\S.*?)(?: {2,}|$)/.exec(line)?.[1];
    if (usage === undefined) continue;
    const words = usage.split(/\s+/).slice(1);
    const path = words.slice(0, words.findIndex((w) => /^[<[-]/.test(w)) >>> 0);
    if (path.length > prefix.length && prefix.every((w, i) => path[i] === w)) paths.push(path);
  }
  return paths;
}

interface Section {
  title: string;
  intro?: string;
  help: string;
}

async function sections(): Promise<Section[]> {
  const { minerCli } = await import('../miner/config.js');
  const { validatorCli } = await import('../validator/config-options.js');
  const { commands } = await import('../cli/commands.js');
  const out: Section[] = [
    {
      title: 'expertnet-chain',
      intro: 'The dev chain node (Substrate-style flags).',
      help: await chainHelp(),
    },
    {
      title: 'expertnet-miner',
      intro:
        'Every option also comes from `EXPERTNET_MINER_<GROUP>__<NAME>` (e.g. `EXPERTNET_MINER_AXON__PORT=8091`) ' +
        'or a JSON `--config` file nested by the dots; flags win over the environment, the environment over the file.',
      help: await helpOf(() => minerCli(yargs()).scriptName('expertnet-miner').strict()),
    },
    {
      title: 'expertnet-validator',
      intro:
        'Every option also comes from `EXPERTNET_VALIDATOR_<GROUP>__<NAME>` (e.g. ' +
        '`EXPERTNET_VALIDATOR_NEURON__SAMPLE_SIZE=64`) or a JSON `--config` file, with the same precedence as the miner.',
      help: await helpOf(() => validatorCli(yargs()).scriptName('expertnet-validator').strict()),
    },
  ];
  const toolbox = () =>
    yargs()
      .scriptName('expertnet')
      .command(commands)
      .demandCommand(1, 'Name a command (see --help).')
      .strict();
  const root = await helpOf(toolbox);
  out.push({ title: 'expertnet', intro: 'The toolbox CLI; its subcommands follow.', help: root });
  const queue = subcommands(root, []);
  while (queue.length > 0) {
    const path = queue.shift()!;
    const help = await helpOf(toolbox, path);
    out.push({ title: `expertnet ${path.join(' ')}`, help });
    queue.unshift(...subcommands(help, path));
  }
  return out;
}

/** The whole of docs/configuration.md. */
export async function renderConfigReference(): Promise<string> {
  const all = await withoutEnvironment(sections);
  const lines = [
    '# Configuration reference',
    '',
    "<!-- Generated by `node --import tsx scripts/config-reference.ts` from the CLIs' yargs definitions;",
    '     do not edit by hand. test/docs/configuration.test.ts fails when it is out of date. -->',
    '',
    'Every command line option of the Expertnet programs, as each prints it with `--help`. Defaults are',
    'shown as they are with no `BT_*` / `EXPERTNET_*` environment variables set.',
    '',
    '`--subtensor.network` names (miner, validator, `expertnet metagraph`): `local` = `ws://127.0.0.1:9944`',
    '(the dev chain or `expertnet devnet`), `test` = `wss://test.finney.opentensor.ai:443`, `finney` =',
    '`wss://entrypoint-finney.opentensor.ai:443`; `--subtensor.chain_endpoint` wins over the name.',
    '',
    '## Contents',
    '',
    ...all.map((s) => `- [\`${s.title}\`](#${s.title.replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')})`),
  ];
  for (const s of all) {
    lines.push('', `## ${s.title}`, '');
    if (s.intro !== undefined) lines.push(s.intro, '');
    lines.push('```text', s.help, '```');
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const text = await renderConfigReference();
  if (process.argv.includes('--check')) {
    const current = await readFile(REFERENCE_PATH, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(
        `${REFERENCE_PATH} is out of date: run node --import tsx scripts/config-reference.ts\n`,
      );
      process.exit(1);
    }
  } else {
    await writeFile(REFERENCE_PATH, text);
    process.stdout.write(`wrote ${REFERENCE_PATH}\n`);
  }
}
