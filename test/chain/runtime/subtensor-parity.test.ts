/**
 * The compat check (scripts/subtensor-parity.ts): every pallet, call, event, error, storage item,
 * constant, runtime API method, signed extension and V16 associated type of this runtime must be
 * identical to finney's (real mainnet metadata, spec 424): names, indices, hashers, types. It iterates our
 * metadata, so items other code adds are covered without listing them here. devnet.scale (spec 381) is
 * checked where it agrees with finney; what it skips is listed.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type ExpertnetRuntime } from '../../../chain/runtime/index.js';
import { SUBTENSOR_CONSTANTS } from '../../../chain/runtime/pallets/subtensor/constants.js';
import { compareMetadata } from '../../../scripts/metadata-compare.js';
import {
  DEV_CHAIN_VALUES,
  devnetReport,
  finneyReport,
  REFERENCE_FILES,
} from '../../../scripts/subtensor-parity.js';
import { haveReference, referencePath } from '../../helpers/reference.js';

const FINNEY = referencePath(REFERENCE_FILES.finney);
const DEVNET = referencePath(REFERENCE_FILES.devnet);
const present =
  haveReference(FINNEY, 'subtensor parity (finney)') && haveReference(DEVNET, 'subtensor parity (devnet)');

let runtime: ExpertnetRuntime;
let finney: Uint8Array;

beforeAll(async () => {
  runtime = await createRuntime({ blockTimeMs: 12_000 });
  if (present) finney = readFileSync(FINNEY);
});

describe.skipIf(!present)('subtensor parity with finney-424', () => {
  it.each([15, 16])('every item of our V%i metadata is identical to finney (nothing skipped)', (version) => {
    const r = finneyReport(runtime.metadata(version), finney);
    console.log(`V${version} vs finney-424: ${r.total} items compared ${JSON.stringify(r.counts)}`);
    expect(r.problems).toEqual([]);
    // Every item was found in finney and compared: the counts add up to all of ours.
    expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(r.total);
    // Floors that catch an iteration that silently compares nothing (the runtime only grows).
    expect(r.counts.pallet).toBeGreaterThanOrEqual(11);
    expect(r.counts.call).toBeGreaterThanOrEqual(81);
    expect(r.counts.event).toBeGreaterThanOrEqual(82);
    expect(r.counts.error).toBeGreaterThanOrEqual(205);
    expect(r.counts.storage).toBeGreaterThanOrEqual(138);
    expect(r.counts.constant).toBeGreaterThanOrEqual(54);
    expect(r.counts.api).toBeGreaterThanOrEqual(22);
    expect(r.counts.extension).toBeGreaterThanOrEqual(9);
    if (version === 16) expect(r.counts['associated type']).toBeGreaterThanOrEqual(14);
  });

  it('differs in values only where the dev chain says why', () => {
    const r = finneyReport(runtime.metadata(16), finney);
    const unexplained = r.values.filter((v) => v.reason === undefined).map((v) => v.item);
    expect(unexplained).toEqual([]);
    expect(r.stale).toEqual([]);
    expect(r.values.map((v) => v.item).sort()).toEqual(Object.keys(DEV_CHAIN_VALUES).sort());
  });

  it('has the SubtensorModule constants a client of finney reads, with finney values but the documented ones', () => {
    const { items } = compareMetadata(runtime.metadata(16), finney);
    const constants = items.filter((i) => i.kind === 'constant' && i.name.startsWith('SubtensorModule.'));
    expect(constants.map((c) => c.name.slice('SubtensorModule.'.length)).sort()).toEqual(
      Object.keys(SUBTENSOR_CONSTANTS).sort(),
    );
    const differing = constants.filter((c) => c.valueDiffers !== undefined).map((c) => c.name);
    expect(differing.sort()).toEqual([
      'SubtensorModule.InitialNetworkRateLimit',
      'SubtensorModule.InitialTempo',
    ]);
  });

  it('the check fails on a real difference (a runtime with a changed event index)', () => {
    // Decode finney against itself: identical; then against devnet: event indices moved since spec 381.
    const self = finneyReport(finney, finney);
    expect(self.problems).toEqual([]);
    const shifted = finneyReport(readFileSync(DEVNET), finney);
    expect(shifted.problems).toContainEqual(
      expect.stringMatching(/^event SubtensorModule\.RegistrationAllowed: index: ours 48 \/ theirs 50/),
    );
  });
});

describe.skipIf(!present)('subtensor parity with devnet.scale (spec 381)', () => {
  it('is identical where devnet agrees with finney, and lists what it skips', () => {
    const d = devnetReport(runtime.metadata(16), finney, readFileSync(DEVNET));
    console.log(
      `V16 vs devnet.scale: ${d.compared} identical, ${d.skipped.length} skipped:\n  ${d.skipped.join('\n  ')}`,
    );
    expect(d.problems).toEqual([]);
    expect(d.compared).toBeGreaterThanOrEqual(470);
    // Skipped items are only those devnet lacks or where it differs from finney.
    for (const s of d.skipped) expect(s).toMatch(/not in devnet\.scale|devnet differs from finney/);
  });
});
