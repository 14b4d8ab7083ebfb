/**
 * How far a miner's probabilities may be from the validator's re-execution of the committed bundle, by
 * the execution provider the miner declares in `info`, and the comparison itself.
 *
 * Measured (bench/reexecution.ts, `npm run bench reexecution`; figures in docs/validator.md
 * "Verification"): on CPU, the miner's path (ORT default threads, the whole request in one batch,
 * float32 on the wire) and the validator's (one thread, only the checked items in their own batch)
 * differ by at most 3.6e-7 over the nine default models (a few float32 ulps: batch padding and reduction
 * order); two re-executions of one batch agree exactly. The CPU tolerance is 1e-4: ~300× that, room for
 * other CPUs' SIMD paths and ORT versions, while a substituted tier of the same task differs by more on
 * 254–256 of 256 items (median 0.14–0.77). CUDA was not measured here (no GPU build of
 * onnxruntime-node on the test machine): its tolerances are wide on purpose (TF32 matmuls, fp16
 * accumulation) and should be re-measured on a GPU.
 */

/** max |Δp| allowed per execution provider (keys are the `executionProvider` strings of `info`). */
export const TOLERANCES: Readonly<Record<string, number>> = Object.freeze({
  cpu: 1e-4,
  cuda: 5e-3,
  'cuda-fp16': 2e-2,
});

/** For a provider not in `TOLERANCES`: the widest, so no honest miner is failed for an unusual runtime. */
export const UNKNOWN_PROVIDER_TOLERANCE = 2e-2;

/** Largest |Δp| allowed for a miner declaring `executionProvider`. */
export function toleranceFor(executionProvider: string): number {
  return Object.hasOwn(TOLERANCES, executionProvider)
    ? (TOLERANCES[executionProvider] ?? UNKNOWN_PROVIDER_TOLERANCE)
    : UNKNOWN_PROVIDER_TOLERANCE;
}

export interface Comparison {
  /** Every value within `tolerance` (and the shapes agree). */
  ok: boolean;
  /** Largest |claimed − recomputed| over all values; 1 (the largest a probability gap can be) for a
   * value that is missing or not a finite number. */
  maxAbsDiff: number;
  /** Index (into the arrays compared) of the first item over the tolerance; absent when `ok`. */
  item?: number;
}

/** Compares two lists of probability vectors value by value. */
export function compareOutputs(
  claimed: readonly (readonly number[])[],
  recomputed: readonly (readonly number[])[],
  tolerance: number,
): Comparison {
  let maxAbsDiff = 0;
  let item: number | undefined;
  const items = Math.max(claimed.length, recomputed.length);
  for (let i = 0; i < items; i++) {
    const a = claimed[i];
    const b = recomputed[i];
    let worst = 0;
    if (!a || !b || a.length !== b.length) worst = 1;
    else {
      for (let c = 0; c < a.length; c++) {
        const d = Math.abs((a[c] ?? Number.NaN) - (b[c] ?? Number.NaN));
        worst = Number.isFinite(d) ? Math.max(worst, d) : 1;
      }
    }
    if (worst > maxAbsDiff) maxAbsDiff = worst;
    if (item === undefined && worst > tolerance) item = i;
  }
  return item === undefined ? { ok: true, maxAbsDiff } : { ok: false, maxAbsDiff, item };
}
