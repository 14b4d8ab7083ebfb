/** The twelve specialties of medical/specialty, in label order. */
export const SPECIALTIES = [
  'cardiology',
  'pulmonology',
  'gastroenterology',
  'neurology',
  'dermatology',
  'endocrinology',
  'nephrology',
  'orthopedics',
  'psychiatry',
  'ophthalmology',
  'urology',
  'obstetrics',
] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/**
 * One condition: its complaints, findings, investigations, diagnosis wording and plans agree with each
 * other, and every phrase alone points at the condition's specialty (the layouts combine two to four of
 * them). Phrases are noun phrases except `workup`, which is a clause ("CT [shows|showed] ...").
 * Write them the way clinicians do: abbreviations, values with units, drug names with doses.
 */
export interface Condition {
  cc: string[];
  exam: string[];
  workup: string[];
  dx: string[];
  plan: string[];
  /** Patient sex when the condition needs one (male reproductive organs, PCOS); obstetrics is always female. */
  sex?: 'male' | 'female';
}

export type ConditionTable = Readonly<Partial<Record<Specialty, Condition[]>>>;
