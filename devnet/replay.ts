/**
 * Issue 15's demonstration in the devnet: at the end of an `--epochs` run, `expertnet audit replay` of
 * every validator over the epochs with weights, from its audit trail on disk (`run/<name>/audit/epochs`).
 * Honest validators replay `MATCH`; a `--copiers` validator (`--dev.copy_weights_from`) `MISMATCH`.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChainConnection } from '../shared/chain/connection.js';
import { actions } from '../shared/chain/index.js';
import { errorMessage } from '../shared/errors.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';
import { cachedChain, replayRange } from '../validator/accountability/replay-source.js';
import type { Verdict } from '../validator/accountability/replay-types.js';
import type { NeuronPlan } from './roster.js';

export interface ValidatorReplay {
  name: string;
  hotkey: string;
  /** The validator it copies (`--copiers`), null for an honest one. */
  copies: string | null;
  from: number;
  to: number;
  /** MATCH when every epoch is; else the first other verdict. */
  verdict: Verdict;
  epochs: { epoch: number; verdict: Verdict; reason: string }[];
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

/** Replays every validator over epochs `from..to` (closed epochs, at least one). Never throws. */
export async function replayValidators(params: {
  connection: ChainConnection;
  netuid: number;
  validators: readonly NeuronPlan[];
  runDir: string;
  from: number;
  to: number;
}): Promise<ValidatorReplay[]> {
  const { connection, netuid, from } = params;
  const to = Math.max(from, params.to);
  const out: ValidatorReplay[] = [];
  for (const v of params.validators) {
    // A validator closes an epoch at its first round of the next one: give it a few blocks.
    await closed(join(params.runDir, v.name, 'audit', 'epochs', `${netuid}-${to}.jsonl.gz`));
    const hotkey = Sr25519Keypair.fromUri(v.hotkeyUri).address;
    let epochs: ValidatorReplay['epochs'];
    try {
      const verdicts = await replayRange({
        netuid,
        hotkey,
        from,
        to,
        source: join(params.runDir, v.name, 'audit', 'epochs'),
        chain: cachedChain((block) => actions.getValidatorAt(connection, { netuid, hotkey, block })),
      });
      epochs = verdicts.map((e) => ({ epoch: e.epoch, verdict: e.verdict, reason: e.reason }));
    } catch (err) {
      epochs = [{ epoch: from, verdict: 'UNAUDITABLE', reason: `replay failed: ${errorMessage(err)}` }];
    }
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
