/**
 * Hidden developer flags that make a miner cheat on purpose, so the devnet and the tests can show the
 * validators catching it (issue 14): `--dev.commit_model DIR` commits (and serves for download) another
 * bundle than the one it runs, `--dev.perturb X` adds noise to every probability it returns. Never use
 * them on a real subnet: validators re-execute answers on the committed bundle and zero such a miner.
 */

/** Largest `--dev.perturb`. */
export const MAX_PERTURB = 0.5;
/** Floor of a perturbed probability before renormalising (keeps the vector valid for log scoring). */
const FLOOR = 1e-6;

/**
 * Adds uniform noise in [−amount, amount] to each value of the flat [items × labels] probabilities, clamps
 * at a small floor and renormalises each row to sum 1. In place; returns `probs`.
 */
export function perturbProbabilities(
  probs: Float32Array,
  labels: number,
  amount: number,
  random: () => number = Math.random,
): Float32Array {
  if (amount <= 0 || labels <= 0) return probs;
  for (let row = 0; row + labels <= probs.length; row += labels) {
    let sum = 0;
    for (let j = row; j < row + labels; j++) {
      const noisy = Math.max(FLOOR, (probs[j] ?? 0) + (random() * 2 - 1) * amount);
      probs[j] = noisy;
      sum += noisy;
    }
    for (let j = row; j < row + labels; j++) probs[j] = (probs[j] ?? 0) / sum;
  }
  return probs;
}

/** `run` with `--dev.perturb` applied to its answers (unchanged when `amount` is unset or 0). */
export function perturbing<T extends { probs: Float32Array }>(
  amount: number | undefined,
  labels: number,
  run: (texts: string[]) => Promise<T>,
): (texts: string[]) => Promise<T> {
  if (!amount) return run;
  return async (texts) => {
    const result = await run(texts);
    perturbProbabilities(result.probs, labels, amount);
    return result;
  };
}
