/** Small deterministic fixtures for model tests (no domain generator needed, fast to train on). */
import type { FeaturiserSettings } from '../../../shared/models/featuriser.js';

/** finance/sentiment's labels, in canonical order. */
export const SENTIMENT_LABELS = ['positive', 'negative', 'neutral'] as const;

const KEYWORDS: Record<(typeof SENTIMENT_LABELS)[number], string[]> = {
  positive: ['soared', 'beat estimates', 'upgraded', 'record profit'],
  negative: ['plunged', 'missed estimates', 'downgraded', 'heavy losses'],
  neutral: ['scheduled', 'filed its report', 'unchanged', 'will present'],
};
const FILLER = [
  'the company',
  'shares of acme',
  'analysts said',
  'on tuesday',
  'in early trading',
  'this quarter',
  'the firm',
];

/** `n` items whose label is decided by one keyword phrase; filler words carry no signal. */
export function keywordItems(n: number, offset = 0): { text: string; label: string; target: number }[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    const target = i % 3;
    const label = SENTIMENT_LABELS[target]!;
    const words = KEYWORDS[label];
    const text = `${FILLER[i % 7]} ${words[(i >> 2) % words.length]} ${FILLER[(i * 3 + 1) % 7]}`;
    return { text, label, target };
  });
}

export const SMALL_FEATURISER: FeaturiserSettings = {
  buckets: 4096,
  wordNgrams: 2,
  charNgrams: [3, 4],
  maxTokens: 64,
  maxWordChars: 16,
};
