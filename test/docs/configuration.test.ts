/**
 * docs/configuration.md is the CLIs' own help, rendered by scripts/config-reference.ts: it must be what
 * the script renders from the current option definitions, and it must cover every CLI and subcommand.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_PATH, renderConfigReference } from '../../scripts/config-reference.js';

let rendered: string;
let commandNames: string[];

beforeAll(async () => {
  // Rendered before anything else loads the CLI modules: some compute defaults from the home directory
  // when they load, and the renderer loads them with a neutral one.
  rendered = await renderConfigReference();
  const { commands } = await import('../../cli/commands.js');
  commandNames = commands.map((c) => String(c.command).split(' ')[0]!);
}, 60_000);

describe('configuration reference', () => {
  it('docs/configuration.md is up to date (regenerate: node --import tsx scripts/config-reference.ts)', () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(rendered);
  });

  it('has a section with options for every daemon and every expertnet subcommand', () => {
    const titles = [...rendered.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
    for (const bin of ['expertnet-chain', 'expertnet-miner', 'expertnet-validator', 'expertnet'])
      expect(titles, bin).toContain(bin);
    expect(commandNames.length).toBeGreaterThan(3);
    for (const name of commandNames) expect(titles, name).toContain(`expertnet ${name}`);
    // Each section is a real help page: the daemons' own flags are in it.
    const section = (title: string) => rendered.split(`## ${title}\n`)[1]!.split('\n## ')[0]!;
    expect(section('expertnet-chain')).toContain('--prometheus-port');
    expect(section('expertnet-miner')).toContain('--axon.port');
    expect(section('expertnet-validator')).toContain('--neuron.sample_size');
    expect(section('expertnet wallet create')).toContain('--wallet.name');
  });

  it('documents defaults independent of the environment it is rendered in', () => {
    expect(rendered).not.toContain(process.cwd());
    if (process.env.HOME) expect(rendered).not.toContain(`${process.env.HOME}/`);
  });
});
