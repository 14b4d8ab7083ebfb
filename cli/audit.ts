/**
 * `expertnet audit check-evidence FILE [--bundle DIR] [--json]`: re-verifies a validator's fraud evidence
 * record offline — its form, id and signatures (validator's and miner's), that DIR holds the bundle the
 * miner declared, and that a fresh re-run of the checked texts on it still differs from the miner's
 * signed answer by more than the tolerance.
 *
 * Exit codes: 0 fraud proven; 1 not proven (the reasons are printed); 2 bad usage, FILE unreadable or
 * DIR not a directory.
 */
import { readFile, stat } from 'node:fs/promises';
import { stderr, stdout } from 'node:process';
import type { Argv, CommandModule } from 'yargs';
import { errorMessage } from '../shared/errors.js';
import { checkEvidence, type EvidenceCheck } from '../validator/verify/check-evidence.js';
import { Reexecutor } from '../validator/verify/reexecute.js';
import { replayCommand } from './audit-replay.js';

export const EXIT_PROVEN = 0;
export const EXIT_NOT_PROVEN = 1;
export const EXIT_USAGE = 2;

interface CheckEvidenceArgs {
  file: string;
  bundle?: string;
  json: boolean;
}

export interface AuditCommandOptions {
  /** Where the report goes (default stdout). */
  write?: (text: string) => void;
}

function usageFailure(message: string): never {
  stderr.write(`error: ${message}\n`);
  process.exit(EXIT_USAGE);
}

export function createAuditCommand(options: AuditCommandOptions = {}): CommandModule<unknown, unknown> {
  const write = options.write ?? ((text: string) => stdout.write(text));
  const checkCommand: CommandModule<unknown, CheckEvidenceArgs> = {
    command: 'check-evidence <file>',
    describe: 'Re-verify a fraud evidence record offline (exit 0 = fraud proven, 1 = not proven)',
    builder: (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'Evidence record (JSON)' })
        .option('bundle', {
          type: 'string',
          describe: "Model directory holding the miner's committed bundle (needed to prove anything)",
        })
        .option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON' })
        // A usage mistake is exit 2, not yargs' 1 (which means "not proven" here).
        .fail((message, err) =>
          usageFailure(message || errorMessage(err)),
        ) as unknown as Argv<CheckEvidenceArgs>,
    handler: async (args) => {
      process.exitCode = await runCheck(args, write);
    },
  };
  return {
    command: 'audit',
    describe: 'Check what validators publish (fraud evidence)',
    builder: (y) =>
      y.command(checkCommand).command(replayCommand).demandCommand(1, 'Name an audit command (see --help).'),
    handler: () => undefined,
  };
}

async function runCheck(args: CheckEvidenceArgs, write: (text: string) => void): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(args.file));
  } catch (err) {
    stderr.write(`error: cannot read ${args.file}: ${errorMessage(err)}\n`);
    return EXIT_USAGE;
  }
  if (args.bundle !== undefined) {
    const info = await stat(args.bundle).catch(() => undefined);
    if (!info?.isDirectory()) {
      stderr.write(`error: --bundle ${args.bundle} is not a directory\n`);
      return EXIT_USAGE;
    }
  }
  const reexecutor = new Reexecutor({ cpuShare: 1 });
  let check: EvidenceCheck;
  try {
    check = await checkEvidence(bytes, { bundleDir: args.bundle, reexecutor });
  } finally {
    await reexecutor.close();
  }
  write(args.json ? `${JSON.stringify(jsonReport(check))}\n` : textReport(check));
  return check.proven ? EXIT_PROVEN : EXIT_NOT_PROVEN;
}

function jsonReport(check: EvidenceCheck): object {
  const r = check.record;
  return {
    proven: check.proven,
    id: r?.id ?? null,
    miner: r ? { uid: r.miner.uid, hotkey: r.miner.hotkey } : null,
    validator: r?.validator ?? null,
    bundleDigest: r?.bundleDigest ?? null,
    problems: check.problems,
    rerun: check.rerun ?? null,
  };
}

function textReport(check: EvidenceCheck): string {
  const lines: string[] = [];
  const r = check.record;
  if (r) {
    lines.push(
      `evidence ${r.id}: validator ${r.validator}, netuid ${r.netuid}, block ${r.block}, ${r.time}`,
      `miner uid ${r.miner.uid} ${r.miner.hotkey}, bundle ${r.bundleDigest} (${r.executionProvider})`,
      `record: signatures, id and numbers check (${r.items.length} item(s), recorded max |Δp| ${r.maxAbsDiff})`,
    );
  }
  if (check.rerun) {
    const { maxAbsDiff, tolerance, item, recomputationDiff, cpuMs } = check.rerun;
    lines.push(
      `re-run: max |Δp| ${maxAbsDiff} vs tolerance ${tolerance}` +
        (item === undefined ? '' : ` (first over: item ${r?.items[item] ?? item})`) +
        `; validator's recomputation within ${recomputationDiff}; ${cpuMs.toFixed(0)} ms`,
    );
  }
  for (const p of check.problems) lines.push(`${p.code}: ${p.message}`);
  lines.push(check.proven ? 'FRAUD PROVEN' : 'NOT PROVEN');
  return `${lines.join('\n')}\n`;
}

export const auditCommand = createAuditCommand();
