/** Domain challenge suites: what validators send and models are trained on. */

export const DOMAIN_NAMES = ['legal', 'medical', 'finance'] as const;
export type DomainName = (typeof DOMAIN_NAMES)[number];

/** One labelled classification task of a domain (a domain may have several, e.g. finance). */
export interface TaskSpec {
  domain: DomainName;
  /** Task id, unique within the domain, e.g. `clause`, `specialty`, `sentiment`, `event`. */
  task: string;
  description: string;
  /** Label ids in canonical order: models output probabilities in this order. */
  labels: readonly string[];
  /** One line per label saying what it means. */
  labelDocs: Readonly<Record<string, string>>;
}

export interface LabelledItem {
  text: string;
  label: string;
}

/**
 * How hard generated items are. `easy`: the decisive sentence (and sometimes a support sentence), no
 * distractors, little noise. `standard`: decisive + 0–3 distractors, as validators have always sent.
 * `hard`: a multi-sentence document: several distractors from two decoy labels, negated / hedged
 * near-misses of the decoys' vocabulary, related context, one decisive sentence somewhere in the middle.
 */
export const DIFFICULTIES = ['easy', 'standard', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export function isDifficulty(value: unknown): value is Difficulty {
  return typeof value === 'string' && (DIFFICULTIES as readonly string[]).includes(value);
}

export interface GenerateParameters {
  domain: DomainName;
  /** Defaults to the domain's first task. */
  task?: string;
  /** Same seed → same items; different seed → different items. */
  seed: number | string;
  n: number;
  /** Default `standard`. */
  difficulty?: Difficulty;
}
