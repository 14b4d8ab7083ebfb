/**
 * How to start the project's daemons as child processes: the same way this process runs. From the built
 * tree (`dist/devnet/*.js`) the children are `node dist/<bin>/cli.js`; from source under tsx (tests,
 * `node --import tsx cli/expertnet.ts devnet`) they are `node --import tsx <bin>/cli.ts`.
 */
import { fileURLToPath } from 'node:url';
import type { NeuronPlan } from './roster.js';

/** Entry points, relative to the project root, without extension. */
export type EntryName =
  | 'chain/cli'
  | 'miner/cli'
  | 'validator/cli'
  | 'cli/expertnet'
  | 'scripts/build-models';

export interface LaunchCommand {
  command: string;
  args: string[];
}

const fromSource = import.meta.url.endsWith('.ts');

export function entryCommand(name: EntryName, args: readonly string[]): LaunchCommand {
  const entry = fileURLToPath(new URL(`../${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return {
    command: process.execPath,
    args: [...(fromSource ? ['--import', 'tsx'] : []), entry, ...args],
  };
}

/** The arguments every miner and validator of the devnet gets: subnet, chain and wallet. */
export function neuronArgs(n: NeuronPlan, netuid: number, endpoint: string, walletPath: string): string[] {
  return [
    '--netuid',
    String(netuid),
    '--subtensor.chain_endpoint',
    endpoint,
    '--wallet.name',
    n.name,
    '--wallet.hotkey',
    'default',
    '--wallet.path',
    walletPath,
  ];
}
