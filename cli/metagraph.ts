/**
 * `expertnet metagraph --netuid N [--json]`: the subnet table from any chain (the dev chain, a local
 * subtensor, test or finney), read through `ChainClient`: one metagraph (runtime API or storage), the
 * hyperparameters and every commitment in one query each.
 */
import { stdout } from 'node:process';
import Table from 'cli-table3';
import type { Argv, CommandModule } from 'yargs';
import {
  blocksUntilNextEpoch,
  type ChainClient,
  ChainClientError,
  decodeModelCommitment,
  epochIndex,
  PolkadotChainClient,
  resolveEndpoint,
  type SubnetHyperparams,
} from '../shared/chain/index.js';
import { reportCliError } from '../shared/cli-errors.js';
import { subtensorOptions } from '../shared/cli-options.js';
import { type MetagraphPool, poolLine, readMetagraphPool, taoValue } from './metagraph-alpha.js';

const RAO_PER_TAO = 1_000_000_000n;

export interface MetagraphNeuronRow {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Alpha staked on the hotkey on this subnet, rao (TotalHotkeyAlpha). */
  stake: bigint;
  /** The same stake in alpha (rao), named for what it is. */
  stakeAlpha: bigint;
  /** Its TAO value at the pool price (rao). */
  stakeTao: bigint;
  validatorPermit: boolean;
  active: boolean;
  incentive: number;
  dividends: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  /** Alpha (rao) emitted at the last epoch. */
  emission: bigint;
  /** The same, named for what it is. */
  emissionAlpha: bigint;
  /** Its TAO value at the pool price (rao). */
  emissionTao: bigint;
  axon: { ip: string; port: number; protocol: number; version: number } | undefined;
  /** The miner's Expertnet model commitment, when it published one. */
  commitment: { domain: string; task: string; labels: string[] | undefined; modelSha256: string } | undefined;
  lastUpdate: number;
}

export interface MetagraphReport {
  endpoint: string;
  netuid: number;
  block: number;
  source: 'runtime-api' | 'storage';
  hyperparams: SubnetHyperparams;
  epoch: number;
  /** The next block (after `block`) in which the subnet's epoch runs; null/undefined with tempo 0. */
  nextEpochBlock: number | undefined;
  /** Dynamic TAO: alpha price, pool reserves, emission per block and per epoch; null when not read. */
  pool: MetagraphPool | undefined;
  neurons: MetagraphNeuronRow[];
}

/** Reads everything the table shows; `SUBNET_NOT_FOUND` when the subnet does not exist. */
export async function readMetagraphReport(chain: ChainClient, netuid: number): Promise<MetagraphReport> {
  const hyperparams = await chain.hyperparams(netuid);
  const { tempo } = hyperparams;
  const [metagraph, commitments, pool] = await Promise.all([
    chain.metagraph(netuid),
    chain.commitments(netuid),
    readMetagraphPool(chain, netuid, tempo),
  ]);
  return {
    endpoint: chain.endpoint,
    netuid,
    block: metagraph.block,
    source: metagraph.source ?? 'storage',
    hyperparams,
    epoch: epochIndex(netuid, tempo, metagraph.block),
    nextEpochBlock:
      tempo === 0
        ? undefined
        : metagraph.block + 1 + blocksUntilNextEpoch(netuid, tempo, metagraph.block + 1),
    pool,
    neurons: metagraph.uids.map((uid, i) => {
      const hotkey = metagraph.hotkeys[i]!;
      const axon = metagraph.axons[i];
      const fields = commitments.get(hotkey);
      const model = fields ? decodeModelCommitment(fields) : undefined;
      const stake = metagraph.stake[i] ?? 0n;
      const emission = metagraph.emission[i] ?? 0n;
      return {
        uid,
        hotkey,
        coldkey: metagraph.coldkeys[i]!,
        stake,
        stakeAlpha: stake,
        stakeTao: taoValue(stake, pool),
        validatorPermit: metagraph.validatorPermit[i]!,
        active: metagraph.active[i]!,
        incentive: metagraph.incentive[i]!,
        dividends: metagraph.dividends[i]!,
        consensus: metagraph.consensus[i]!,
        trust: metagraph.trust[i]!,
        validatorTrust: metagraph.validatorTrust[i]!,
        emission,
        emissionAlpha: emission,
        emissionTao: taoValue(emission, pool),
        axon: axon && { ip: axon.ip, port: axon.port, protocol: axon.protocol, version: axon.version },
        commitment: model && {
          domain: model.domain,
          task: model.task,
          labels: model.labels,
          modelSha256: model.modelSha256,
        },
        lastUpdate: metagraph.lastUpdate[i]!,
      };
    }),
  };
}

/** JSON text for scripts: bigints (rao) as decimal strings, absent values as null. */
export function metagraphJson(report: MetagraphReport): string {
  return JSON.stringify(
    report,
    (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (value === undefined) return null;
      return value;
    },
    2,
  );
}

/** `5Gx7…Kq2p`: enough of an SS58 address to tell neurons apart. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 5)}…${address.slice(-4)}` : address;
}

/** Rao as TAO with `decimals` places (truncated), without floating point. */
export function formatTao(rao: bigint, decimals = 4): string {
  const negative = rao < 0n;
  const abs = negative ? -rao : rao;
  const whole = abs / RAO_PER_TAO;
  const fraction = (abs % RAO_PER_TAO).toString().padStart(9, '0').slice(0, decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** The human table: a summary line, then one row per uid. */
export function metagraphTable(report: MetagraphReport): string {
  const { hyperparams: hp } = report;
  const next =
    report.nextEpochBlock === undefined
      ? 'no epochs (tempo 0)'
      : `next epoch at block ${report.nextEpochBlock}`;
  const summary =
    `subnet ${report.netuid} at block ${report.block} (${report.endpoint}, ${report.source}): ` +
    `${report.neurons.length} neurons, tempo ${hp.tempo}, epoch ${report.epoch}, ${next}, ` +
    `commit-reveal ${hp.commitRevealEnabled ? 'on' : 'off'}`;
  const table = new Table({
    head: [
      'uid',
      'hotkey',
      'coldkey',
      'stake α',
      'stake τ',
      'vp',
      'incentive',
      'dividends',
      'emission α',
      'emission τ',
      'trust',
      'consensus',
      'axon',
      'domain/task',
      'updated',
    ],
    style: { head: [], border: [], compact: true },
  });
  const f = (x: number) => x.toFixed(4);
  for (const n of report.neurons) {
    table.push([
      n.uid,
      shortAddress(n.hotkey),
      shortAddress(n.coldkey),
      formatTao(n.stakeAlpha),
      formatTao(n.stakeTao),
      n.validatorPermit ? '*' : '',
      f(n.incentive),
      f(n.dividends),
      formatTao(n.emissionAlpha),
      formatTao(n.emissionTao),
      f(n.trust),
      f(n.consensus),
      n.axon ? `${n.axon.ip}:${n.axon.port}` : '-',
      n.commitment ? `${n.commitment.domain}/${n.commitment.task}` : '-',
      n.lastUpdate,
    ]);
  }
  return `${summary}\n${poolLine(report.pool, (rao) => formatTao(rao))}\n${table.toString()}`;
}

interface MetagraphArgs {
  netuid: number;
  json: boolean;
  subtensor?: { network?: string; chain_endpoint?: string; chainEndpoint?: string };
  timeout: number;
}

function metagraphOptions<T>(y: Argv<T>) {
  return subtensorOptions(
    y.option('netuid', { type: 'number', demandOption: true, describe: 'Subnet to show' }),
  )
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON (rao amounts as strings)' })
    .option('timeout', {
      type: 'number',
      default: 30,
      describe: 'Seconds to wait for the chain to connect, and for each read',
    });
}

export interface MetagraphCommandOptions {
  /** Where the table or JSON goes (default stdout). */
  write?: (text: string) => void;
}

export function createMetagraphCommand(
  options: MetagraphCommandOptions = {},
): CommandModule<unknown, MetagraphArgs> {
  const write = options.write ?? ((text: string) => stdout.write(text));
  return {
    command: 'metagraph',
    describe:
      'Print a subnet table (alpha price, pool, stake and emission in alpha and TAO, incentive, dividends, axons, commitments)',
    builder: (y) => metagraphOptions(y) as unknown as Argv<MetagraphArgs>,
    handler: async (args) => {
      let chain: PolkadotChainClient | undefined;
      try {
        if (!Number.isInteger(args.netuid) || args.netuid < 0 || args.netuid > 0xffff) {
          throw new ChainClientError(
            { code: 'BAD_INPUT', field: 'netuid', value: String(args.netuid) },
            '--netuid must be an integer in [0, 65535]',
          );
        }
        const endpoint = resolveEndpoint({
          network: args.subtensor?.network,
          chainEndpoint: args.subtensor?.chain_endpoint ?? args.subtensor?.chainEndpoint,
        });
        // --timeout bounds connecting and every read alike.
        const timeoutMs = Math.max(1, args.timeout) * 1000;
        chain = new PolkadotChainClient({
          endpoint,
          connectTimeoutMs: timeoutMs,
          requestTimeoutMs: timeoutMs,
        });
        await chain.connect();
        const report = await readMetagraphReport(chain, args.netuid);
        write(`${args.json ? metagraphJson(report) : metagraphTable(report)}\n`);
      } catch (err) {
        reportCliError(err);
      } finally {
        await chain?.close();
      }
    },
  };
}

export const metagraphCommand = createMetagraphCommand();
