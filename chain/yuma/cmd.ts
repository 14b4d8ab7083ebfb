/**
 * `expertnet yuma simulate FILE [--json]`: replays a Yuma scenario (../shared/yuma/SCENARIO.md) through
 * the chain's own epoch code and prints every epoch's results.
 */
import { stderr, stdout } from 'node:process';
import type { Argv, CommandModule } from 'yargs';
import { ExpertnetError } from '../../shared/errors.js';
import { type EpochReport, loadScenario, type SimulationReport, simulate } from './scenario.js';

interface SimulateArgs {
  file: string;
  json: boolean;
}

function epochLines(epoch: EpochReport, index: number): string[] {
  const lines = [`epoch ${index} at block ${epoch.block}`];
  lines.push('  uid  incentive  dividends  consensus  vtrust  permit  active  emission_rao');
  for (let i = 0; i < epoch.incentive.length; i++) {
    lines.push(
      `  ${String(i).padStart(3)}  ${String(epoch.incentive[i]).padStart(9)}  ${String(epoch.dividends[i]).padStart(9)}` +
        `  ${String(epoch.consensus[i]).padStart(9)}  ${String(epoch.validatorTrust[i]).padStart(6)}` +
        `  ${(epoch.validatorPermit[i] ? 'yes' : 'no').padStart(6)}  ${(epoch.active[i] ? 'yes' : 'no').padStart(6)}` +
        `  ${epoch.emission[i]!.padStart(12)}`,
    );
  }
  return lines;
}

/** Human-readable form of a simulation: one table per epoch (u16 proportions as stored). */
export function formatReport(report: SimulationReport): string {
  if (report.epochs.length === 0) return 'no epoch steps in the scenario\n';
  return `${report.epochs.flatMap((e, i) => [...epochLines(e, i), '']).join('\n')}`;
}

const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate <file>',
  describe: 'Run a Yuma scenario file through the epoch and print each epoch (u16 proportions, rao)',
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'Scenario JSON (SCENARIO.md format)',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print {"epochs": [...]} JSON as SCENARIO.md specifies',
      }) as unknown as Argv<SimulateArgs>,
  handler: async (args) => {
    try {
      const report = simulate(await loadScenario(args.file));
      stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    } catch (err) {
      if (!(err instanceof ExpertnetError)) throw err;
      stderr.write(`error: ${err.shortMessage}\n${err.metaMessages.map((m) => `  ${m}\n`).join('')}`);
      process.exitCode = 1;
    }
  },
};

export const yumaCommand: CommandModule<object, object> = {
  command: 'yuma <command>',
  describe: 'Yuma Consensus tools: simulate a scenario through the epoch',
  builder: (y) =>
    y.command(simulateCommand as unknown as CommandModule<object, SimulateArgs>).demandCommand(1),
  handler: () => {},
};
