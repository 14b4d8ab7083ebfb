import type { TaskDefinition } from '../definition.js';
import { financeEvent, financeSentiment } from './finance/index.js';
import { legalClause } from './legal/index.js';
import { medicalSpecialty } from './medical/index.js';

/** Every task definition, in listing order (a domain's first task is its default). */
export const TASK_DEFINITIONS: readonly TaskDefinition[] = [
  legalClause,
  medicalSpecialty,
  financeSentiment,
  financeEvent,
];
