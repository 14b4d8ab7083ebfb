import type { TaskDefinition } from './definition.js';
import { DomainError } from './errors.js';
import { TASK_DEFINITIONS } from './tasks/index.js';
import { DOMAIN_NAMES, type DomainName, type TaskSpec } from './types.js';

/** All tasks of all domains, in a stable order (a domain's first task is its default). */
export function listTasks(): TaskSpec[] {
  return TASK_DEFINITIONS.map((def) => def.spec);
}

export function isDomainName(value: string): value is DomainName {
  return (DOMAIN_NAMES as readonly string[]).includes(value);
}

/** The full definition behind a task (templates, slots); throws `DomainError` naming the valid choices. */
export function getTaskDefinition(domain: string, task?: string): TaskDefinition {
  if (!isDomainName(domain)) {
    throw new DomainError(
      { code: 'UNKNOWN_DOMAIN', domain, valid: [...DOMAIN_NAMES] },
      `unknown domain '${domain}'`,
      { metaMessages: [`valid domains: ${DOMAIN_NAMES.join(', ')}`] },
    );
  }
  const ofDomain = TASK_DEFINITIONS.filter((def) => def.spec.domain === domain);
  const valid = ofDomain.map((def) => def.spec.task);
  const found = task === undefined ? ofDomain[0] : ofDomain.find((def) => def.spec.task === task);
  if (!found) {
    const shown = task ?? '(default)';
    throw new DomainError(
      { code: 'UNKNOWN_TASK', domain, task: shown, valid },
      `unknown task '${shown}' in domain '${domain}'`,
      {
        metaMessages: [`valid tasks of ${domain}: ${valid.join(', ') || '(none yet)'}`],
      },
    );
  }
  return found;
}

/** A task's spec (labels in model output order, label docs). `task` defaults to the domain's first task. */
export function getTask(domain: string, task?: string): TaskSpec {
  return getTaskDefinition(domain, task).spec;
}
