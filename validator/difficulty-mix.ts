/**
 * The difficulty mix of a validator's challenges (`--challenges.difficulty`). Light imports only: the
 * validator's config parses the flag before the chain stack is loaded.
 */
import type { Rng } from '../shared/domains/rng.js';
import { DIFFICULTIES, type Difficulty } from '../shared/domains/types.js';
import { ValidatorError } from './errors.js';

/** Share of generated items per difficulty; any non-negative numbers, normalised to sum 1. */
export type DifficultyMix = Readonly<Record<Difficulty, number>>;

/**
 * Half hard: hard items are where the top tiers differ (on standard items the strong and medium models
 * both score near 1). A fifth easy: an honest weak model still scores above zero, and a broken miner
 * (wrong label order, a model of another task) is caught on items any working model gets right. The
 * rest standard: the items validators always sent, so scores stay comparable with earlier rounds.
 */
export const DEFAULT_DIFFICULTY_MIX: DifficultyMix = { easy: 0.2, standard: 0.3, hard: 0.5 };
export const DEFAULT_DIFFICULTY_MIX_TEXT = 'easy=0.2,standard=0.3,hard=0.5';

/**
 * The difficulty of each of `n` generated items: each difficulty gets ⌊n × share⌋ items and the few left
 * over go by systematic sampling on the fractions (one draw), so a difficulty gets its extra item with
 * probability equal to its fraction and every share is met exactly on average; then the order is shuffled.
 */
export function difficultyPlan(n: number, mix: DifficultyMix, rng: Rng): Difficulty[] {
  const total = DIFFICULTIES.reduce((sum, d) => sum + mix[d], 0);
  const exact = DIFFICULTIES.map((d) => (n * mix[d]) / total);
  const counts = exact.map(Math.floor);
  const left = n - counts.reduce((a, b) => a + b, 0);
  let given = 0;
  let mark = rng.next();
  let edge = 0;
  exact.forEach((x, i) => {
    edge += x - Math.floor(x);
    if (mark < edge && given < left) {
      counts[i] = Math.floor(x) + 1;
      given++;
      mark += 1;
    }
  });
  // Rounding in the fractions' sum can leave one item over: it goes to the largest share.
  for (; given < left; given++) {
    const largest = exact.indexOf(Math.max(...exact));
    counts[largest] = (counts[largest] ?? 0) + 1;
  }
  return rng.shuffle(DIFFICULTIES.flatMap((d, i) => Array.from({ length: counts[i] ?? 0 }, () => d)));
}

export function checkDifficultyMix(mix: DifficultyMix): DifficultyMix {
  const values = DIFFICULTIES.map((d) => mix[d]);
  if (values.some((v) => !(Number.isFinite(v) && v >= 0)) || !values.some((v) => v > 0)) {
    throw invalid('needs non-negative shares, at least one above 0');
  }
  return mix;
}

/**
 * `easy=0.2,standard=0.3,hard=0.5` → a mix; a difficulty left out gets 0, shares need not sum to 1
 * (they are normalised). Throws `ValidatorError` `INVALID_CHALLENGE` naming the fault.
 */
export function parseDifficultyMix(text: string): DifficultyMix {
  const mix: Record<Difficulty, number> = { easy: 0, standard: 0, hard: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const [name = '', value = '', ...extra] = part.split('=').map((p) => p.trim());
    if (!DIFFICULTIES.some((d) => d === name) || seen.has(name) || extra.length > 0) {
      const reason = seen.has(name)
        ? `names '${name}' twice`
        : `has '${part}': expected DIFFICULTY=SHARE with DIFFICULTY one of ${DIFFICULTIES.join(', ')}`;
      throw invalid(reason);
    }
    const share = Number(value);
    if (value === '' || !Number.isFinite(share) || share < 0) {
      throw invalid(`has '${part}': the share must be a number ≥ 0`);
    }
    seen.add(name);
    mix[name as Difficulty] = share;
  }
  return checkDifficultyMix(mix);
}

function invalid(reason: string): ValidatorError {
  return new ValidatorError(
    { code: 'INVALID_CHALLENGE', parameter: 'difficultyMix', reason },
    `challenge difficulty mix ${reason}`,
  );
}
