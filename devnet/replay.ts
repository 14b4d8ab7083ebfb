/**
 * Issue 15's demonstration in the devnet: at the end of an `--epochs` run, `expertnet audit replay` of
 * every validator over the epochs with weights, from its audit trail on disk (`run/<name>/audit/epochs`),
 * run as a child process like every other role (the devnet imports none of them). Honest validators
 * replay `MATCH`; a `--copiers` validator (`--dev.copy_weights_from`) does not.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { entryCommand } from './launch.js';
import type { NeuronPlan } from './roster.js';

/** `expertnet audit replay`'s verdicts (validator/accountability/replay-types.ts). */
export type ReplayVerdict = 'MATCH' | 'MISMATCH' | 'PARTIAL' | 'UNAUDITABLE';

export interface ValidatorReplay {
  name: string;
  hotkey: string;
  /** The validator it copies (`--copiers`), null for an honest one. */
  copies: string | null;
  from: number;
  to: number;
  /** MATCH when every epoch is; else the first other verdict. */
  verdict: ReplayVerdict;
  epochs: { epoch: number; verdict: ReplayVerdict; reason: string }[];
}

/** The `--dev.copy_weights_from` argument of a copier (the hotkey of the validator it copies). */
export function copierArgs(n: NeuronPlan, roster: readonly NeuronPlan[]): string[] {
  const target = n.copies === undefined ? undefined : roster.find((r) => r.name === n.copies);
  return target ? ['--dev.copy_weights_from', Sr25519Keypair.fromUri(target.hotkeyUri).address] : [];
}

async function closed(path: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await stat(path).catch(() => undefined)) return;
    await delay(500);
  }
}

/** Runs the CLI; its JSON report, or an UNAUDITABLE line saying why there is none. */
async function runReplay(args: string[]): Promise<ValidatorReplay['epochs']> {
  const { command, args: argv } = entryCommand('cli/expertnet', ['audit', 'replay', ...args, '--json']);
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.once('error', (e) => resolve({ code: null, stdout: out, stderr: `${err}${e.message}` }));
      child.once('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    },
  );
  try {
    const report = JSON.parse(stdout) as { epochs: ValidatorReplay['epochs'] };
    return report.epochs.map(({ epoch, verdict, reason }) => ({ epoch, verdict, reason }));
  } catch {
    const why = stderr.trim().split('\n').at(-1) ?? '';
    return [{ epoch: -1, verdict: 'UNAUDITABLE', reason: `audit replay exited ${code}: ${why}` }];
  }
}

/** Replays every validator over epochs `from..to` (closed epochs, at least one). Never throws. */
export async function replayValidators(params: {
  endpoint: string;
  netuid: number;
  validators: readonly NeuronPlan[];
  runDir: string;
  from: number;
  to: number;
}): Promise<ValidatorReplay[]> {
  const { netuid, from } = params;
  const to = Math.max(from, params.to);
  const out: ValidatorReplay[] = [];
  for (const v of params.validators) {
    const source = join(params.runDir, v.name, 'audit', 'epochs');
    // A validator closes an epoch at its first round of the next one: give it a few blocks.
    await closed(join(source, `${netuid}-${to}.jsonl.gz`));
    const hotkey = Sr25519Keypair.fromUri(v.hotkeyUri).address;
    const epochs = await runReplay([
      '--validator',
      hotkey,
      '--netuid',
      String(netuid),
      '--from',
      String(from),
      '--to',
      String(to),
      '--source',
      source,
      '--subtensor.chain_endpoint',
      params.endpoint,
    ]);
    const worst = epochs.find((e) => e.verdict !== 'MATCH');
    out.push({
      name: v.name,
      hotkey,
      copies: v.copies ?? null,
      from,
      to,
      verdict: worst?.verdict ?? 'MATCH',
      epochs,
    });
  }
  return out;
}
