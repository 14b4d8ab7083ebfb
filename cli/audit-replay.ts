/**
 * `expertnet audit replay --validator HOTKEY --netuid N --from EPOCH --to EPOCH --source URL|DIR
 * [--subtensor.*] [--json]`: re-derives a validator's weights from its published audit trail and the
 * chain, one verdict per epoch (validator/accountability/replay.ts): MATCH, MISMATCH (first difference),
 * PARTIAL (why) or UNAUDITABLE (why).
 *
 * Exit codes: 0 every epoch MATCH; 1 any other verdict; 2 bad usage or no chain.
 */
import { stderr, stdout } from 'node:process';
import type { Argv, CommandModule } from 'yargs';
import { PolkadotChainClient, resolveEndpoint } from '../shared/chain/index.js';
import { subtensorOptions } from '../shared/cli-options.js';
import { errorMessage } from '../shared/errors.js';
import { toPublicKey } from '../shared/wallet/index.js';
import { connectionReplayChain } from '../validator/accountability/replay-chain.js';
import { replayRange } from '../validator/accountability/replay-source.js';
import type { EpochVerdict, ReplayChain } from '../validator/accountability/replay-types.js';

export const EXIT_ALL_MATCH = 0;
export const EXIT_NOT_ALL_MATCH = 1;
export const EXIT_USAGE = 2;

interface ReplayArgs {
  validator: string;
  netuid: number;
  from: number;
  to: number;
  source: string;
  json: boolean;
  timeout: number;
  subtensor?: { network?: string; chain_endpoint?: string; chainEndpoint?: string };
}

export interface ReplayCommandOptions {
  write?: (text: string) => void;
}

/** The JSON report (`--json`): the range, the verdict per epoch, and whether everything matched. */
export interface ReplayReport {
  validator: string;
  netuid: number;
  from: number;
  to: number;
  source: string;
  endpoint: string;
  match: boolean;
  epochs: EpochVerdict[];
}

function isSs58(text: string): boolean {
  try {
    toPublicKey(text);
    return true;
  } catch {
    return false;
  }
}

function usageFailure(message: string): never {
  stderr.write(`error: ${message}\n`);
  process.exit(EXIT_USAGE);
}

export function createReplayCommand(options: ReplayCommandOptions = {}): CommandModule<unknown, ReplayArgs> {
  const write = options.write ?? ((text: string) => stdout.write(text));
  return {
    command: 'replay',
    describe:
      "Re-derive a validator's weights from its audit trail and the chain (exit 0 = every epoch MATCH)",
    builder: (y) =>
      subtensorOptions(
        y
          .option('validator', {
            type: 'string',
            demandOption: true,
            describe: "The validator's hotkey (SS58)",
          })
          .option('netuid', { type: 'number', demandOption: true, describe: 'Subnet' })
          .option('from', { type: 'number', demandOption: true, describe: 'First epoch' })
          .option('to', { type: 'number', demandOption: true, describe: 'Last epoch (inclusive)' })
          .option('source', {
            type: 'string',
            demandOption: true,
            describe:
              "Where the audit is: the validator gateway's URL or a directory of <netuid>-<epoch>.jsonl[.gz]",
          })
          .option('json', { type: 'boolean', default: false, describe: 'Print the verdicts as JSON' })
          .option('timeout', {
            type: 'number',
            default: 30,
            describe: 'Seconds for connecting and each read',
          }),
      )
        .check((a) => {
          const int = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
          if (!int(a.netuid) || (a.netuid as number) > 0xffff) throw new Error('--netuid must be a u16');
          if (!int(a.from) || !int(a.to)) throw new Error('--from and --to must be epochs (integers ≥ 0)');
          if ((a.to as number) < (a.from as number)) throw new Error('--to must be ≥ --from');
          if ((a.to as number) - (a.from as number) > 10_000)
            throw new Error('at most 10,000 epochs at a time');
          if (!isSs58(String(a.validator))) throw new Error('--validator must be an SS58 hotkey');
          return true;
        })
        .fail((message, err) => usageFailure(message || errorMessage(err))) as unknown as Argv<ReplayArgs>,
    handler: async (args) => {
      process.exitCode = await runReplay(args, write);
    },
  };
}

async function runReplay(args: ReplayArgs, write: (text: string) => void): Promise<number> {
  let endpoint: string;
  try {
    endpoint = resolveEndpoint({
      network: args.subtensor?.network,
      chainEndpoint: args.subtensor?.chain_endpoint ?? args.subtensor?.chainEndpoint,
    });
  } catch (err) {
    stderr.write(`error: ${errorMessage(err)}\n`);
    return EXIT_USAGE;
  }
  const timeoutMs = Math.max(1, args.timeout) * 1000;
  const client = new PolkadotChainClient({
    endpoint,
    connectTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
  });
  try {
    await client.connect();
  } catch (err) {
    stderr.write(`error: cannot connect to ${endpoint}: ${errorMessage(err)}\n`);
    await client.close().catch(() => undefined);
    return EXIT_USAGE;
  }
  try {
    const chain: ReplayChain = connectionReplayChain(client.connection, {
      netuid: args.netuid,
      hotkey: args.validator,
    });
    const epochs = await replayRange({
      netuid: args.netuid,
      hotkey: args.validator,
      from: args.from,
      to: args.to,
      source: args.source,
      chain,
      timeoutMs,
      onEpoch: args.json ? undefined : (v) => write(`${verdictLine(v)}\n`),
    });
    const match = epochs.every((e) => e.verdict === 'MATCH');
    if (args.json) {
      const report: ReplayReport = {
        validator: args.validator,
        netuid: args.netuid,
        from: args.from,
        to: args.to,
        source: args.source,
        endpoint,
        match,
        epochs,
      };
      write(`${JSON.stringify(report)}\n`);
    } else {
      const counts = new Map<string, number>();
      for (const e of epochs) counts.set(e.verdict, (counts.get(e.verdict) ?? 0) + 1);
      write(`${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}\n`);
    }
    return match ? EXIT_ALL_MATCH : EXIT_NOT_ALL_MATCH;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** `epoch 12  MATCH  (40 rounds, …)` */
export function verdictLine(v: EpochVerdict): string {
  return `epoch ${v.epoch}  ${v.verdict}  (${v.reason})`;
}

export const replayCommand = createReplayCommand();
