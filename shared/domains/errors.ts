import { ExpertnetError } from '../errors.js';

export type DomainErrorType =
  | { code: 'UNKNOWN_DOMAIN'; domain: string; valid: string[] }
  | { code: 'UNKNOWN_TASK'; domain: string; task: string; valid: string[] }
  | { code: 'INVALID_PARAMETER'; parameter: string; reason: string }
  | { code: 'BAD_TEMPLATE'; template: string; reason: string };

/** Unknown domain/task, bad generation parameters, or a broken task definition. */
export class DomainError extends ExpertnetError<DomainErrorType> {}

export type DatasetErrorType =
  | { code: 'FILE_UNREADABLE'; path: string }
  | { code: 'NO_ITEMS'; source: string }
  | { code: 'BAD_JSON'; source: string; line: number }
  | { code: 'NOT_AN_OBJECT'; source: string; line: number }
  | { code: 'MISSING_FIELD'; source: string; line: number; field: string }
  | { code: 'EXTRA_FIELD'; source: string; line: number; field: string }
  | { code: 'TEXT_NOT_STRING'; source: string; line: number }
  | { code: 'EMPTY_TEXT'; source: string; line: number }
  | { code: 'TEXT_TOO_LONG'; source: string; line: number; length: number; max: number }
  | { code: 'UNKNOWN_LABEL'; source: string; line: number; label: string; valid: string[] };

/** A validator's private JSONL data set failed validation; `line` is 1-based. */
export class DatasetError extends ExpertnetError<DatasetErrorType> {}

export type ChallengePackErrorType =
  | { code: 'FILE_UNREADABLE'; source: string }
  | { code: 'BAD_JSON'; source: string; reason: string }
  | { code: 'BAD_SHAPE'; source: string; path: string; reason: string }
  | { code: 'UNKNOWN_FIELD'; source: string; path: string; field: string }
  | { code: 'UNKNOWN_TASK'; source: string; domain: string; task: string }
  | { code: 'UNKNOWN_LABEL'; source: string; path: string; label: string; valid: string[] }
  | { code: 'MISSING_LABEL'; source: string; label: string }
  | { code: 'TOO_FEW_TEMPLATES'; source: string; label: string; count: number; min: number }
  | { code: 'BAD_TEMPLATE'; source: string; path: string; template: string; reason: string }
  | { code: 'UNKNOWN_SLOT'; source: string; path: string; slot: string }
  | { code: 'SLOT_CYCLE'; source: string; slots: string[] }
  | { code: 'TEXT_TOO_LONG'; source: string; length: number; max: number }
  | { code: 'DUPLICATE_TASK'; source: string; domain: string; task: string; other: string };

/** A validator's private challenge pack (`shared/domains/pack.ts`) failed validation; `source` is the file. */
export class ChallengePackError extends ExpertnetError<ChallengePackErrorType> {}
