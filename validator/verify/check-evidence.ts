/**
 * Proving an evidence record offline: the record checks (form, id, signatures, consistency), the bundle
 * directory has the record's digest and labels, and a fresh re-run of the checked texts on it differs
 * from the miner's signed values by more than the tolerance (the larger of the record's and
 * `toleranceFor(executionProvider)`). All three hold = fraud proven.
 */
import { errorMessage } from '../../shared/errors.js';
import { readBundle } from '../../shared/models/bundle.js';
import { type EvidenceProblem, evidenceContents, type FraudEvidence, parseEvidence } from './evidence.js';
import type { Reexecutor } from './reexecute.js';
import { compareOutputs, toleranceFor } from './tolerance.js';

export interface EvidenceCheck {
  /** Signatures check, the bundle is the committed one, and the re-run reproduces the mismatch. */
  proven: boolean;
  problems: EvidenceProblem[];
  record?: FraudEvidence;
  /** The fresh re-run, when one was made. */
  rerun?: {
    /** max |miner − fresh re-run| over the checked items. */
    maxAbsDiff: number;
    tolerance: number;
    /** First checked item (index into `record.items`) over the tolerance. */
    item?: number;
    /** max |validator's recorded recomputation − fresh re-run|: ~0 when both ran the same bundle. */
    recomputationDiff: number;
    cpuMs: number;
  };
}

export interface CheckEvidenceOptions {
  /** A model directory holding the record's bundle; without it nothing can be proven. */
  bundleDir?: string;
  reexecutor: Reexecutor;
}

export async function checkEvidence(
  bytes: Uint8Array,
  options: CheckEvidenceOptions,
): Promise<EvidenceCheck> {
  const { record, problems } = parseEvidence(bytes);
  if (!record) return { proven: false, problems };
  const contents = evidenceContents(record);
  if (!contents) return { proven: false, problems, record };
  if (options.bundleDir === undefined) {
    const message = 'no bundle given: the record checks, but the mismatch needs a re-run (--bundle DIR)';
    return { proven: false, problems: [{ code: 'NO_BUNDLE', message }], record };
  }
  try {
    const bundle = await readBundle(options.bundleDir);
    if (bundle.digest !== record.bundleDigest) {
      const message = `${options.bundleDir} has bundle digest ${bundle.digest}, the record names ${record.bundleDigest}`;
      return { proven: false, problems: [{ code: 'BUNDLE_DIGEST', message }], record };
    }
    const labels = contents.info.labels;
    if (bundle.model.labels.join('\n') !== labels.join('\n')) {
      const message = `the bundle's labels (${bundle.model.labels.join(', ')}) are not the info's (${labels.join(', ')})`;
      return { proven: false, problems: [{ code: 'BUNDLE_LABELS', message }], record };
    }
  } catch (err) {
    const message = `cannot read the bundle in ${options.bundleDir}: ${errorMessage(err)}`;
    return { proven: false, problems: [{ code: 'BUNDLE_DIGEST', message }], record };
  }
  let fresh: { probabilities: number[][]; cpuMs: number };
  try {
    fresh = await options.reexecutor.run(options.bundleDir, contents.texts);
  } catch (err) {
    return {
      proven: false,
      problems: [{ code: 'REEXECUTION_FAILED', message: `re-run failed: ${errorMessage(err)}` }],
      record,
    };
  }
  const tolerance = Math.max(record.tolerance, toleranceFor(record.executionProvider));
  const against = compareOutputs(contents.claimed, fresh.probabilities, tolerance);
  const rerun = {
    maxAbsDiff: against.maxAbsDiff,
    tolerance,
    ...(against.item === undefined ? {} : { item: against.item }),
    recomputationDiff: compareOutputs(record.recomputed, fresh.probabilities, 1).maxAbsDiff,
    cpuMs: fresh.cpuMs,
  };
  if (against.ok) {
    const message = `the re-run is within ${tolerance} of the miner's answer (max |Δp| ${against.maxAbsDiff})`;
    return { proven: false, problems: [{ code: 'NOT_REPRODUCED', message }], record, rerun };
  }
  return { proven: true, problems: [], record, rerun };
}
