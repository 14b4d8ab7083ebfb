#!/usr/bin/env node
/**
 * The compat check against subtensor: every item of this runtime's metadata (pallets, calls, events,
 * errors, storage, constants, runtime API methods, signed extensions, V16 associated types) must be
 * identical to finney's (real mainnet metadata, spec 424). devnet.scale (spec 381) is checked too, for the
 * items where it agrees with finney; the items it lacks or where it differs from finney are listed as
 * skipped (finney wins), never dropped silently.
 *
 *   node --import tsx scripts/subtensor-parity.ts              # V15 and V16, prints every mismatch
 *   node --import tsx scripts/subtensor-parity.ts --verbose    # also the skipped devnet items
 *
 * Exit 1 on any mismatch. test/chain/runtime/subtensor-parity.test.ts runs the same report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime } from '../chain/runtime/index.js';
import { SUBTENSOR_CONSTANT_DEV_VALUES } from '../chain/runtime/pallets/subtensor/constants.js';
import { compareMetadata, countByKind, formatProblems, type ItemResult } from './metadata-compare.js';

/**
 * Values (constants, storage defaults) this dev chain sets apart from finney on purpose, and why. An entry
 * whose value no longer differs is reported as stale, so the list stays exact.
 */
export const DEV_CHAIN_VALUES: Record<string, string> = {
  'constant System.Version': 'our own spec/impl name and version and API list',
  'constant System.BlockWeights':
    'a 2 s ref-time block (finney: 4 s) with subtensor base weights: the dev chain seals faster',
  'storage SubtensorModule.Tempo':
    'default tempo 10 (subtensor fast-runtime) so a dev subnet runs an epoch every 11 blocks; finney 360',
  'storage SubtensorModule.NetworkRateLimit':
    'no rate limit between subnet registrations on a dev chain; finney 7200 blocks',
  ...Object.fromEntries(
    Object.entries(SUBTENSOR_CONSTANT_DEV_VALUES).map(([name, why]) => [
      `constant SubtensorModule.${name}`,
      why,
    ]),
  ),
};

export interface ValueDifference {
  item: string;
  ours: string;
  theirs: string;
  reason: string | undefined;
}

export interface FinneyReport {
  /** Items compared, by kind (every item of ours; none is skipped). */
  counts: Record<string, number>;
  total: number;
  /** One line per item that differs (name, index, hashers, types) or that finney lacks. */
  problems: string[];
  values: ValueDifference[];
  /** `DEV_CHAIN_VALUES` entries that no longer differ. */
  stale: string[];
}

export interface DevnetReport {
  compared: number;
  /** Items devnet.scale lacks (added after spec 381) or where it differs from finney, with why. */
  skipped: string[];
  /** Items where devnet agrees with finney but not with us (already finney problems). */
  problems: string[];
}

const key = (i: ItemResult) => `${i.kind} ${i.name}`;

/** Checks our metadata (`RuntimeMetadataPrefixed`, V14-V16) against finney's. */
export function finneyReport(ours: Uint8Array, finney: Uint8Array): FinneyReport {
  const { items } = compareMetadata(ours, finney);
  const values = items
    .filter((i) => i.valueDiffers !== undefined)
    .map((i) => ({
      item: key(i),
      ours: i.valueDiffers?.ours ?? '',
      theirs: i.valueDiffers?.theirs ?? '',
      reason: DEV_CHAIN_VALUES[key(i)],
    }));
  const differing = new Set(values.map((v) => v.item));
  const seen = new Set(items.map(key));
  return {
    counts: countByKind(items),
    total: items.length,
    problems: formatProblems(items),
    values,
    stale: Object.keys(DEV_CHAIN_VALUES).filter((k) => seen.has(k) && !differing.has(k)),
  };
}

/** Checks our metadata against devnet.scale where devnet agrees with finney. */
export function devnetReport(ours: Uint8Array, finney: Uint8Array, devnet: Uint8Array): DevnetReport {
  const byFinney = new Map(compareMetadata(ours, finney).items.map((i) => [key(i), i]));
  const report: DevnetReport = { compared: 0, skipped: [], problems: [] };
  for (const d of compareMetadata(ours, devnet).items) {
    const f = byFinney.get(key(d));
    const finneyClean = f !== undefined && !f.missing && f.problems.length === 0;
    if (!d.missing && d.problems.length === 0) report.compared++;
    else if (d.missing) report.skipped.push(`${key(d)}: not in devnet.scale (spec 381)`);
    else if (finneyClean)
      report.skipped.push(`${key(d)}: devnet differs from finney (${d.problems.join('; ')})`);
    else report.problems.push(`${key(d)}: ${d.problems.join('; ')}`);
  }
  return report;
}

export const REFERENCE_FILES = {
  finney: 'reference/subtensor/finney-424.scale',
  devnet: 'reference/subtensor/devnet.scale',
} as const;

async function main(): Promise<void> {
  const shared = process.env.EXPERTNET_SHARED_DIR ?? resolve(import.meta.dirname, '../../shared');
  const finneyPath = join(shared, REFERENCE_FILES.finney);
  const devnetPath = join(shared, REFERENCE_FILES.devnet);
  if (!existsSync(finneyPath)) {
    console.error(`${finneyPath} not found (../shared beside the checkout, or EXPERTNET_SHARED_DIR)`);
    process.exit(2);
  }
  const finney = readFileSync(finneyPath);
  const runtime = await createRuntime({ blockTimeMs: 12_000 });
  let failed = false;
  for (const version of [15, 16]) {
    const r = finneyReport(runtime.metadata(version), finney);
    const counts = Object.entries(r.counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    console.log(
      `V${version} vs finney-424: ${r.total} items compared (${counts}), ${r.problems.length} differ`,
    );
    for (const p of r.problems) console.log(`  DIFFERS ${p}`);
    for (const v of r.values) {
      const tag = v.reason === undefined ? 'UNEXPLAINED VALUE' : 'value';
      console.log(
        `  ${tag} ${v.item}: ours ${v.ours} / finney ${v.theirs}${v.reason ? ` (${v.reason})` : ''}`,
      );
    }
    for (const s of r.stale) console.log(`  STALE dev-chain value entry (no longer differs): ${s}`);
    failed ||= r.problems.length > 0 || r.stale.length > 0 || r.values.some((v) => v.reason === undefined);
  }
  if (existsSync(devnetPath)) {
    const d = devnetReport(runtime.metadata(16), finney, readFileSync(devnetPath));
    console.log(
      `V16 vs devnet.scale (spec 381): ${d.compared} identical, ${d.skipped.length} skipped, ${d.problems.length} differ`,
    );
    for (const p of d.problems) console.log(`  DIFFERS ${p}`);
    if (process.argv.includes('--verbose')) for (const s of d.skipped) console.log(`  skipped ${s}`);
    failed ||= d.problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
