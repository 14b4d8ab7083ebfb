/**
 * Default model tiers shipped for every task. They differ in capacity (dim, features) and in training
 * (data, epochs) so that miners running them earn visibly different scores, on generated items and on
 * realistic text. Measured figures (`npm run bench:models`) are in docs/models.md.
 */
import type { BagTrainingSettings, DifficultyMix } from './train-model.js';

export const TIER_NAMES = ['weak', 'medium', 'strong'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/**
 * What every tier trains on: one easy item (the decisive sentence alone) for three standard ones, no hard
 * ones. Why (measured, docs/models.md): easy items teach the decisive vocabulary without distractors,
 * which transfers best to the realistic held-out sets; hard items in training lifted the strong tier to
 * ≥ 0.98 on fresh hard items (the hard ladder stops ranking anyone) while not helping on realistic text.
 */
export const TRAINING_MIX: DifficultyMix = { easy: 1, standard: 3 };

export const TIERS: Readonly<Record<TierName, BagTrainingSettings>> = {
  /** Word unigrams, tiny embedding, 120 items seen 15 times: knows only the commonest keywords. */
  weak: {
    dim: 8,
    buckets: 1 << 14,
    wordNgrams: 1,
    charNgrams: null,
    epochs: 15,
    lr: 1,
    seed: 1,
    trainSize: 120,
    mix: TRAINING_MIX,
  },
  /** Word unigrams, dim 16, 600 items: the frequent phrasing of every label, little of the long tail. */
  medium: {
    dim: 16,
    buckets: 1 << 16,
    wordNgrams: 1,
    charNgrams: null,
    epochs: 5,
    lr: 1,
    seed: 1,
    trainSize: 600,
    mix: TRAINING_MIX,
  },
  /**
   * Word uni+bigrams (bigrams see "no chest pain", "not terminate"), dim 32, 15,000 items. No character
   * n-grams: they cost 10× the features and lost 0.05–0.3 accuracy on the realistic sets.
   */
  strong: {
    dim: 32,
    buckets: 1 << 17,
    wordNgrams: 2,
    charNgrams: null,
    epochs: 5,
    lr: 1,
    seed: 1,
    trainSize: 15_000,
    mix: TRAINING_MIX,
  },
};

export function isTierName(value: string): value is TierName {
  return (TIER_NAMES as readonly string[]).includes(value);
}

/** Directory name of a default model: `<domain>-<task>-<tier>`. */
export function tierDirName(domain: string, task: string, tier: string): string {
  return `${domain}-${task}-${tier}`;
}
