/**
 * Private challenge packs: a validator's own templates for a task, in a JSON file, so it can generate
 * items no miner has seen (the built-in templates are public, so a miner can train on them at will).
 *
 * A pack is checked in full when it is loaded: JSON syntax, the shape (no unknown field), the task, every
 * label of the task and only those, at least `MIN_DECISIVE_TEMPLATES` decisive templates per label, every
 * template parses, every slot it names resolves (the task's built-in slots or the pack's own), no slot
 * refers to itself, and a sample of items renders within `maxTextChars`. The first fault throws a
 * `ChallengePackError` naming the file and, where there is one, the JSON path.
 */
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import type { TaskDefinition } from './definition.js';
import { ChallengePackError, type ChallengePackErrorType, DomainError } from './errors.js';
import { iterateDefinitionItems } from './generate.js';
import { getTaskDefinition } from './registry.js';
import { type SlotTable, templateSlots } from './template.js';
import { DIFFICULTIES, type DomainName, type TaskSpec } from './types.js';

export const CHALLENGE_PACK_FORMAT = 'expertnet-challenge-pack';
export const CHALLENGE_PACK_VERSION = 1;
/** Fewer decisive templates per label would make a pack's items repeat within a few rounds. */
export const MIN_DECISIVE_TEMPLATES = 3;

/**
 * `replace` (default): items use the pack's sentences only, so none of them comes from the public
 * templates. `extend`: the pack's sentences join the built-in lists (each drawn as often as a built-in one).
 * Slots: the pack's phrase lists are added to the task's built-in slots in both modes; a pack slot with a
 * built-in name shadows it.
 */
export type ChallengePackMode = 'replace' | 'extend';

type LabelLists = Record<string, string[]>;

/** The JSON file, as checked by the schema. */
export interface ChallengePackFile {
  format: typeof CHALLENGE_PACK_FORMAT;
  version: typeof CHALLENGE_PACK_VERSION;
  domain: string;
  task: string;
  mode?: ChallengePackMode;
  /** Free text for the pack's author; not used. */
  description?: string;
  slots?: Record<string, string[]>;
  decisive: LabelLists;
  support?: LabelLists;
  boilerplate?: string[];
  mentions?: LabelLists;
  decoys?: LabelLists;
  openers?: string[];
}

export interface ChallengePack {
  /** The file it came from (or the name given to `parseChallengePack`). */
  source: string;
  domain: DomainName;
  task: string;
  mode: ChallengePackMode;
  /** What items are drawn from, with `iterateDefinitionItems`; `spec` is the built-in task's. */
  definition: TaskDefinition;
}

export interface ChallengePackOptions {
  /** Longest text a sample item may have (a validator passes the wire's `maxTextChars`). Default 8,192. */
  maxTextChars?: number;
}

const SLOT_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';
const template = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const templates = { type: 'array', items: template, minItems: 1 } as const;
const labelLists = { type: 'object', additionalProperties: templates } as const;

const schema = {
  type: 'object',
  properties: {
    format: { const: CHALLENGE_PACK_FORMAT },
    version: { const: CHALLENGE_PACK_VERSION },
    domain: { type: 'string' },
    task: { type: 'string' },
    mode: { enum: ['replace', 'extend'] },
    description: { type: 'string' },
    slots: { type: 'object', propertyNames: { pattern: SLOT_NAME }, additionalProperties: templates },
    decisive: labelLists,
    support: labelLists,
    boilerplate: templates,
    mentions: labelLists,
    decoys: labelLists,
    openers: templates,
  },
  required: ['format', 'version', 'domain', 'task', 'decisive'],
  additionalProperties: false,
} as const;

const validateShape = new Ajv({ allErrors: false }).compile<ChallengePackFile>(schema);

function fail(type: ChallengePackErrorType, reason: string, hint?: string): ChallengePackError {
  return new ChallengePackError(type, `${type.source}: ${reason}`, hint ? { metaMessages: [hint] } : {});
}

function shapeError(source: string): ChallengePackError {
  const first = validateShape.errors?.[0];
  const path = first?.instancePath || '/';
  if (first?.keyword === 'additionalProperties') {
    const field = String(first.params.additionalProperty);
    return fail(
      { code: 'UNKNOWN_FIELD', source, path, field },
      `unknown field '${field}' at ${path}`,
      `fields: ${Object.keys(schema.properties).join(', ')}`,
    );
  }
  let reason = first?.message ?? 'is not a challenge pack';
  if (first?.keyword === 'const') reason = `must be ${JSON.stringify(first.params.allowedValue)}`;
  if (first?.keyword === 'propertyNames') reason = `slot names must match ${SLOT_NAME}`;
  return fail({ code: 'BAD_SHAPE', source, path, reason }, `${path} ${reason}`);
}

/** Checks a pack's text; `source` names it in errors. Throws `ChallengePackError` at the first fault. */
export function parseChallengePack(
  text: string,
  source: string,
  options: ChallengePackOptions = {},
): ChallengePack {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw fail({ code: 'BAD_JSON', source, reason }, `not valid JSON: ${reason}`);
  }
  if (!validateShape(json)) throw shapeError(source);
  const file = json;

  let builtin: TaskDefinition;
  try {
    builtin = getTaskDefinition(file.domain, file.task);
  } catch (err) {
    const hint = err instanceof DomainError ? err.metaMessages.join('; ') : undefined;
    throw fail(
      { code: 'UNKNOWN_TASK', source, domain: file.domain, task: file.task },
      `unknown task ${file.domain}/${file.task}`,
      hint,
    );
  }
  const spec = builtin.spec;
  const mode = file.mode ?? 'replace';
  checkLabels(file, spec, source);
  if (mode === 'replace' && (file.boilerplate?.length ?? 0) === 0) {
    throw fail(
      { code: 'BAD_SHAPE', source, path: '/boilerplate', reason: 'is required in replace mode' },
      '/boilerplate is required in replace mode (neutral sentences for distractors)',
    );
  }

  const slots: SlotTable = { ...builtin.slots, ...file.slots };
  checkTemplates(file, slots, source);
  checkSlotCycles(slots, source);

  const definition = mode === 'replace' ? replaced(builtin, file, slots) : extended(builtin, file, slots);
  checkRendering(definition, source, options.maxTextChars ?? 8192);
  return { source, domain: spec.domain, task: spec.task, mode, definition };
}

/** Reads and checks a pack file (see `parseChallengePack`). */
export async function loadChallengePack(
  path: string,
  options: ChallengePackOptions = {},
): Promise<ChallengePack> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw fail({ code: 'FILE_UNREADABLE', source: path }, `cannot read the challenge pack: ${reason}`);
  }
  return parseChallengePack(text, path, options);
}

/** Decisive templates for every label, and per-label lists only under the task's labels. */
function checkLabels(file: ChallengePackFile, spec: TaskSpec, source: string): void {
  const valid = [...spec.labels];
  for (const field of ['decisive', 'support', 'mentions', 'decoys'] as const) {
    for (const label of Object.keys(file[field] ?? {})) {
      if (!valid.includes(label)) {
        const path = `/${field}/${label}`;
        throw fail(
          { code: 'UNKNOWN_LABEL', source, path, label, valid },
          `${path}: '${label}' is not a label of ${spec.domain}/${spec.task}`,
          `labels: ${valid.join(', ')}`,
        );
      }
    }
  }
  for (const label of valid) {
    const count = file.decisive[label]?.length ?? 0;
    if (count === 0) {
      throw fail(
        { code: 'MISSING_LABEL', source, label },
        `/decisive has no templates for label '${label}' (every label of ${spec.domain}/${spec.task} needs them)`,
      );
    }
    if (count < MIN_DECISIVE_TEMPLATES) {
      throw fail(
        { code: 'TOO_FEW_TEMPLATES', source, label, count, min: MIN_DECISIVE_TEMPLATES },
        `/decisive/${label} has ${count} template(s), at least ${MIN_DECISIVE_TEMPLATES} are needed`,
      );
    }
  }
}

/** Every template and every pack phrase parses and names only known slots. */
function checkTemplates(file: ChallengePackFile, slots: SlotTable, source: string): void {
  const lists: [string, readonly string[]][] = [];
  for (const field of ['decisive', 'support', 'mentions', 'decoys', 'slots'] as const) {
    for (const [key, list] of Object.entries(file[field] ?? {})) lists.push([`/${field}/${key}`, list]);
  }
  if (file.boilerplate) lists.push(['/boilerplate', file.boilerplate]);
  if (file.openers) lists.push(['/openers', file.openers]);
  for (const [at, list] of lists) {
    list.forEach((text, i) => {
      const path = `${at}/${i}`;
      let names: string[];
      try {
        names = templateSlots(text);
      } catch (err) {
        const reason =
          err instanceof DomainError && err.type.code === 'BAD_TEMPLATE' ? err.type.reason : 'bad';
        throw fail(
          { code: 'BAD_TEMPLATE', source, path, template: text, reason },
          `${path}: bad template: ${reason}`,
          `template: ${text}`,
        );
      }
      for (const slot of names) {
        if (!(slot in slots)) {
          throw fail(
            { code: 'UNKNOWN_SLOT', source, path, slot },
            `${path}: unknown slot {${slot}}`,
            `slots: ${Object.keys(slots).sort().join(', ')}`,
          );
        }
      }
    });
  }
}

/** A slot whose phrases lead back to itself would recurse until the renderer gives up. */
function checkSlotCycles(slots: SlotTable, source: string): void {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      throw fail(
        { code: 'SLOT_CYCLE', source, slots: cycle },
        `slots refer to themselves: ${cycle.map((s) => `{${s}}`).join(' → ')}`,
      );
    }
    const value = slots[name];
    state.set(name, 'open');
    if (Array.isArray(value)) {
      for (const phrase of value as readonly string[]) {
        for (const next of templateSlots(phrase)) if (next in slots) visit(next, [...trail, name]);
      }
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(slots)) visit(name, []);
}

function replaced(builtin: TaskDefinition, file: ChallengePackFile, slots: SlotTable): TaskDefinition {
  return {
    ...builtin,
    slots,
    decisive: file.decisive,
    support: file.support,
    boilerplate: file.boilerplate ?? [],
    mentions: file.mentions,
    decoys: file.decoys,
    openers: file.openers,
  };
}

function extended(builtin: TaskDefinition, file: ChallengePackFile, slots: SlotTable): TaskDefinition {
  const merge = (
    a: Readonly<Record<string, readonly string[]>> | undefined,
    b: LabelLists | undefined,
  ): Record<string, readonly string[]> => {
    const out: Record<string, readonly string[]> = { ...a };
    for (const [label, list] of Object.entries(b ?? {})) out[label] = [...(out[label] ?? []), ...list];
    return out;
  };
  return {
    ...builtin,
    slots,
    decisive: merge(builtin.decisive, file.decisive),
    support: merge(builtin.support, file.support),
    boilerplate: [...builtin.boilerplate, ...(file.boilerplate ?? [])],
    mentions: merge(builtin.mentions, file.mentions),
    decoys: merge(builtin.decoys, file.decoys),
    openers: [...(builtin.openers ?? []), ...(file.openers ?? [])],
  };
}

/** Renders a sample at every difficulty: catches what static checks cannot (e.g. an overlong phrase). */
function checkRendering(def: TaskDefinition, source: string, max: number): void {
  const n = def.spec.labels.length * 4;
  for (const difficulty of DIFFICULTIES) {
    for (const item of iterateDefinitionItems(def, { seed: 'pack-check', n, difficulty })) {
      if (item.text.length > max) {
        throw fail(
          { code: 'TEXT_TOO_LONG', source, length: item.text.length, max },
          `a ${difficulty} item is ${item.text.length} characters long, over the limit of ${max}`,
          `text: ${item.text.slice(0, 200)}…`,
        );
      }
    }
  }
}
