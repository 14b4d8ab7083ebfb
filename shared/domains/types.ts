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

export interface GenerateParameters {
  domain: DomainName;
  /** Defaults to the domain's first task. */
  task?: string;
  /** Same seed → same items; different seed → different items. */
  seed: number | string;
  n: number;
}
