import type { Rng } from './rng.js';

/**
 * Surface noise as found in real pasted text: lower-cased notes, missing final full stops, and typos.
 * Levels are drawn per item so some items are clean and a few are messy.
 */
const TYPO_RATE_BY_LEVEL = [0, 0.02, 0.05] as const;
const LEVEL_WEIGHTS = [50, 35, 15] as const;

function typo(word: string, rng: Rng): string {
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 2)) {
    case 0: // swap two neighbours
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1: // drop one letter
      return word.slice(0, i) + word.slice(i + 1);
    default: // double one letter
      return word.slice(0, i) + word[i] + word.slice(i);
  }
}

export function applyNoise(text: string, rng: Rng): string {
  const typoRate = TYPO_RATE_BY_LEVEL[rng.weightedIndex(LEVEL_WEIGHTS)]!;
  let out = text;
  if (typoRate > 0) {
    out = out.replace(/[A-Za-z]{5,}/g, (word) => (rng.chance(typoRate) ? typo(word, rng) : word));
  }
  if (rng.chance(0.1)) out = out.toLowerCase();
  if (rng.chance(0.12)) out = out.replace(/\.$/, '');
  if (rng.chance(0.05)) out = out.replace(/, /g, ' ');
  return out;
}
