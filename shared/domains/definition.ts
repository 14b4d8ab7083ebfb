import type { SlotTable } from './template.js';
import type { TaskSpec } from './types.js';

/**
 * Everything needed to generate one task's items. Templates use the syntax of `template.ts`.
 *
 * Unambiguity rule (keep it when adding text): a label's `decisive` sentence alone settles the label for
 * a careful reader; `support`, `boilerplate` and `mentions` never do. `mentions` name another label's
 * vocabulary in passing (a cross-reference, a history line) so that bag-of-words shortcuts fail while
 * the answer stays clear.
 */
export interface TaskDefinition {
  spec: TaskSpec;
  slots: SlotTable;
  /** Per label: templates, each of which alone settles the label. */
  decisive: Readonly<Record<string, readonly string[]>>;
  /** Per label: optional follow-up sentences of the same label (more detail, not needed to decide). */
  support?: Readonly<Record<string, readonly string[]>>;
  /** Neutral sentences that fit any label. */
  boilerplate: readonly string[];
  /** Per label: sentences that mention this label's vocabulary without being about it; shown in OTHER labels' items. */
  mentions?: Readonly<Record<string, readonly string[]>>;
  /**
   * Per label: near-misses that use this label's vocabulary but negate, hedge, defer or attribute it
   * ("No arbitration clause was agreed", "Rule out MI; troponin pending", "Analysts had feared a
   * guidance cut"), so they do not settle it. Shown in OTHER labels' `hard` items only. Optional: hard
   * items fall back to `mentions`.
   */
  decoys?: Readonly<Record<string, readonly string[]>>;
  /** Optional neutral openers placed first (a section number, a note header). */
  openers?: readonly string[];
  /** Probability of an opener (default 0.3). */
  openerRate?: number;
  /** Weights for 0, 1, 2, 3... distractor sentences (default [3, 4, 3, 2]). */
  distractorWeights?: readonly number[];
  /** Share of distractors drawn from `mentions` rather than `boilerplate` (default 0.4). */
  mentionRate?: number;
}
