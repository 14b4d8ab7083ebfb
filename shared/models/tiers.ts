/**
 * Default model tiers shipped for every task. They differ in capacity (dim, features) and in training
 * (data, epochs) so that miners running them earn visibly different scores. Measured accuracies are in
 * docs/models.md.
 */
import type { BagTrainingSettings } from './train-model.js';

export const TIER_NAMES = ['weak', 'medium', 'strong'] as const;
export type TierName = (typeof TIER_NAMES)[number];

export const TIERS: Readonly<Record<TierName, BagTrainingSettings>> = {
  /** Word unigrams, tiny embedding, 180 items: barely past keyword spotting. */
  weak: {
    dim: 8,
    buckets: 1 << 14,
    wordNgrams: 1,
    charNgrams: null,
    epochs: 3,
    lr: 2,
    seed: 1,
    trainSize: 180,
  },
  /** Word unigrams, dim 16, 800 items. */
  medium: {
    dim: 16,
    buckets: 1 << 16,
    wordNgrams: 1,
    charNgrams: null,
    epochs: 5,
    lr: 1,
    seed: 1,
    trainSize: 800,
  },
  /** Word uni+bigrams and char 3–4-grams (robust to typos), dim 32, 4,000 items. */
  strong: {
    dim: 32,
    buckets: 1 << 17,
    wordNgrams: 2,
    charNgrams: [3, 4],
    epochs: 5,
    lr: 1,
    seed: 1,
    trainSize: 4000,
  },
};

export function isTierName(value: string): value is TierName {
  return (TIER_NAMES as readonly string[]).includes(value);
}

/** Directory name of a default model: `<domain>-<task>-<tier>`. */
export function tierDirName(domain: string, task: string, tier: string): string {
  return `${domain}-${task}-${tier}`;
}
