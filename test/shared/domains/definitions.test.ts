import { describe, expect, it } from 'vitest';
import { TASK_DEFINITIONS } from '../../../shared/domains/tasks/index.js';
import { templateSlots } from '../../../shared/domains/template.js';

/** Static checks over every task definition, so a typo in a template fails here, not in a validator. */
describe.each(TASK_DEFINITIONS.map((d) => [`${d.spec.domain}/${d.spec.task}`, d] as const))(
  '%s definition',
  (_id, def) => {
    const allTemplates = [
      ...Object.values(def.decisive).flat(),
      ...Object.values(def.support ?? {}).flat(),
      ...Object.values(def.mentions ?? {}).flat(),
      ...def.boilerplate,
      ...(def.openers ?? []),
      ...Object.values(def.slots).flatMap((v) => (typeof v === 'function' ? [] : v)),
    ];

    it('has at least five decisive templates for every label and none for unknown labels', () => {
      expect(Object.keys(def.decisive).sort()).toEqual([...def.spec.labels].sort());
      for (const label of def.spec.labels) expect(def.decisive[label]!.length).toBeGreaterThanOrEqual(5);
    });

    it('keys support and mentions by real labels only', () => {
      for (const key of [...Object.keys(def.support ?? {}), ...Object.keys(def.mentions ?? {})]) {
        expect(def.spec.labels).toContain(key);
      }
    });

    it('parses every template and names only defined slots', () => {
      for (const template of allTemplates) {
        for (const slot of templateSlots(template))
          expect(Object.keys(def.slots), `${slot} in ${template}`).toContain(slot);
      }
    });
  },
);
