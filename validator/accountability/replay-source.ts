/**
 * Where replay reads a validator's audit from (a directory of `<netuid>-<epoch>.jsonl[.gz]` files, e.g.
 * the validator's `<stateDir>/audit/epochs`, or its gateway's `GET /v1/audit/epochs/:n`), and the
 * loop over a range of epochs: each epoch's verdict, the previous epoch's end state carried into the
 * next for continuity. Nothing here throws for a missing or bad file: it becomes the epoch's verdict.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../shared/errors.js';
import { AuditFormatError, readAuditEpochBytes } from './audit-reader.js';
import type { AuditEpoch } from './audit-types.js';
import { type ReplayEndState, replayEpoch, unauditable } from './replay.js';
import { replayIdleEpoch } from './replay-idle.js';
import type { EpochVerdict, ReplayChain } from './replay-types.js';

export type AuditLoad = { audit: AuditEpoch } | { missing: string } | { unreadable: string };

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** Reads one epoch's audit from `source` (directory or gateway base URL). */
export async function loadEpochAudit(
  source: string,
  netuid: number,
  epoch: number,
  options: { timeoutMs?: number } = {},
): Promise<AuditLoad> {
  let bytes: Uint8Array;
  let name: string;
  if (isUrl(source)) {
    const base = source.replace(/\/+$/, '').replace(/\/v1\/audit\/epochs$/, '');
    name = `${base}/v1/audit/epochs/${epoch}`;
    try {
      // fetch undoes a gzip Content-Encoding itself; a gzip body without it is unpacked by the reader.
      const response = await fetch(name, {
        headers: { 'accept-encoding': 'gzip' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      if (response.status === 404) return { missing: `no audit published for epoch ${epoch} (${name}: 404)` };
      if (!response.ok) return { missing: `${name}: HTTP ${response.status}` };
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      return { missing: `cannot fetch ${name}: ${errorMessage(err)}` };
    }
  } else {
    const found = await findFile(source, netuid, epoch);
    if (!found) return { missing: `no audit file for netuid ${netuid} epoch ${epoch} in ${source}` };
    name = found;
    try {
      bytes = new Uint8Array(await readFile(found));
    } catch (err) {
      return { missing: `cannot read ${found}: ${errorMessage(err)}` };
    }
  }
  try {
    return { audit: readAuditEpochBytes(bytes, name) };
  } catch (err) {
    if (err instanceof AuditFormatError) return { unreadable: `${err.code}: ${err.shortMessage}` };
    return { unreadable: `${name}: ${errorMessage(err)}` };
  }
}

async function findFile(dir: string, netuid: number, epoch: number): Promise<string | undefined> {
  for (const sub of ['', join('audit', 'epochs'), 'epochs']) {
    for (const ext of ['.jsonl.gz', '.jsonl']) {
      const path = join(dir, sub, `${netuid}-${epoch}${ext}`);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) return path;
    }
  }
  return undefined;
}

export interface ReplayRangeParameters {
  netuid: number;
  hotkey: string;
  from: number;
  to: number;
  source: string;
  chain: ReplayChain;
  timeoutMs?: number;
  /** Called after each epoch (progress). */
  onEpoch?: (verdict: EpochVerdict) => void;
}

/** One verdict per epoch from `from` to `to` (inclusive), in order. */
export async function replayRange(params: ReplayRangeParameters): Promise<EpochVerdict[]> {
  const verdicts: EpochVerdict[] = [];
  let previous = await context(params);
  for (let epoch = params.from; epoch <= params.to; epoch++) {
    const load = await loadEpochAudit(params.source, params.netuid, epoch, { timeoutMs: params.timeoutMs });
    let verdict: EpochVerdict;
    if ('audit' in load) {
      const result = await replayEpoch({
        netuid: params.netuid,
        hotkey: params.hotkey,
        epoch,
        audit: load.audit,
        chain: params.chain,
        previous,
      });
      verdict = result.verdict;
      previous = result.end;
    } else if ('missing' in load) {
      // No rounds in the epoch: fine when the chain shows nothing the audit should have explained.
      const result = await replayIdleEpoch({ ...params, epoch, previous, missing: load.missing });
      verdict = result.verdict;
      previous = result.end;
    } else {
      verdict = unauditable(epoch, `unreadable audit: ${load.unreadable}`);
      previous = undefined;
    }
    verdicts.push(verdict);
    params.onEpoch?.(verdict);
  }
  return verdicts;
}

/** Epochs replayed silently before `from` (carried vectors, commit-reveal, continuity). */
const CONTEXT_EPOCHS = 3;

/**
 * The epochs just before `from`, replayed silently where their audits are: the end state lets the first
 * epoch check continuity and recognise weights carried over from before it.
 */
async function context(params: ReplayRangeParameters): Promise<ReplayEndState | undefined> {
  let previous: ReplayEndState | undefined;
  for (let epoch = Math.max(0, params.from - CONTEXT_EPOCHS); epoch < params.from; epoch++) {
    const load = await loadEpochAudit(params.source, params.netuid, epoch, { timeoutMs: params.timeoutMs });
    if ('audit' in load) {
      previous = (await replayEpoch({ ...params, epoch, audit: load.audit, previous })).end;
    } else if ('missing' in load) {
      previous = (await replayIdleEpoch({ ...params, epoch, previous, missing: load.missing })).end;
    } else previous = undefined;
  }
  return previous;
}

/** A `ReplayChain` that reads each block once. */
export function cachedChain(read: (block: number) => ReturnType<ReplayChain['at']>): ReplayChain {
  const cache = new Map<number, ReturnType<ReplayChain['at']>>();
  return {
    at(block) {
      let hit = cache.get(block);
      if (!hit) {
        hit = read(block);
        cache.set(block, hit);
        hit.catch(() => cache.delete(block));
      }
      return hit;
    },
  };
}
