import { ExpertnetError } from '../../shared/errors.js';

export type YumaErrorType =
  /** An epoch input whose per-uid arrays disagree in length or hold impossible values. */
  | { code: 'BAD_EPOCH_INPUT'; field: string; reason: string }
  /** A scenario file that cannot be read or parsed as JSON. */
  | { code: 'SCENARIO_UNREADABLE'; path: string }
  /** A scenario whose content breaks the format of SCENARIO.md; `field` is a JSON path. */
  | { code: 'BAD_SCENARIO'; path: string; field: string; reason: string };

export class YumaError extends ExpertnetError<YumaErrorType> {}
