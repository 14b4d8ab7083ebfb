import { composeText } from './compose.js';
import type { TaskDefinition } from './definition.js';
import { DomainError } from './errors.js';
import { getTaskDefinition } from './registry.js';
import { Rng } from './rng.js';
import {
  DIFFICULTIES,
  type Difficulty,
  type GenerateParameters,
  isDifficulty,
  type LabelledItem,
} from './types.js';

/** Bump when generated text changes, so old and new item streams never share a seed space. */
export const GENERATOR_VERSION = 2;

/** Upper bound for `generateItems` (which builds an array); use `iterateItems` for longer streams. */
export const MAX_GENERATE_ITEMS = 1_000_000;

function validateSeed(seed: unknown): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) {
      throw new DomainError(
        { code: 'INVALID_PARAMETER', parameter: 'seed', reason: 'must be a finite number' },
        'seed must be a finite number or a string',
      );
    }
    return `n:${seed}`;
  }
  if (typeof seed === 'string') return `s:${seed}`;
  throw new DomainError(
    { code: 'INVALID_PARAMETER', parameter: 'seed', reason: `got ${typeof seed}` },
    'seed must be a finite number or a string',
  );
}

function validateCount(n: unknown, max: number): number {
  if (typeof n !== 'number' || !(Number.isInteger(n) || n === Number.POSITIVE_INFINITY) || n < 0 || n > max) {
    const reason = `must be an integer between 0 and ${max}, got ${String(n)}`;
    throw new DomainError({ code: 'INVALID_PARAMETER', parameter: 'n', reason }, `n ${reason}`);
  }
  return n;
}

/**
 * Labelled items as a lazy stream. Labels come in shuffled rounds (every label once per round), so any
 * prefix is balanced to within one item per label while the order stays unpredictable.
 * Deterministic: the same (domain, task, seed) yields the same sequence, and a shorter run is a prefix of a
 * longer one. Number and string seeds are distinct (`1` ≠ `'1'`). `n` defaults to an endless stream.
 */
export function* iterateItems(
  params: Omit<GenerateParameters, 'n'> & { n?: number },
): Generator<LabelledItem> {
  yield* iterateDefinitionItems(getTaskDefinition(params.domain, params.task), params);
}

/**
 * `iterateItems` for any task definition, e.g. a validator's private challenge pack. The seed space
 * includes the difficulty, so the three ladders never share items.
 */
export function* iterateDefinitionItems(
  def: TaskDefinition,
  params: { seed: number | string; n?: number; difficulty?: Difficulty },
): Generator<LabelledItem> {
  const difficulty = params.difficulty ?? 'standard';
  if (!isDifficulty(difficulty)) {
    const reason = `must be one of ${DIFFICULTIES.join(', ')}, got ${String(difficulty)}`;
    throw new DomainError(
      { code: 'INVALID_PARAMETER', parameter: 'difficulty', reason },
      `difficulty ${reason}`,
    );
  }
  const n = validateCount(params.n ?? Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  const seedKey = validateSeed(params.seed);
  const rng = new Rng(
    `expertnet/domains/v${GENERATOR_VERSION}/${def.spec.domain}/${def.spec.task}/${difficulty}/${seedKey}`,
  );
  const labels = def.spec.labels;
  let round: string[] = [];
  for (let i = 0; i < n; i++) {
    if (round.length === 0) round = rng.shuffle(labels);
    const label = round.pop()!;
    yield { text: composeText(def, label, rng, difficulty), label };
  }
}

/** `n` labelled items for a task; see `iterateItems` for the guarantees. */
export function generateItems(params: GenerateParameters): LabelledItem[] {
  validateCount(params.n, MAX_GENERATE_ITEMS);
  return Array.from(iterateItems(params));
}
