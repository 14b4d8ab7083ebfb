import { readFile } from 'node:fs/promises';
import { DatasetError } from './errors.js';
import { getTask } from './registry.js';
import type { LabelledItem, TaskSpec } from './types.js';

/** Longest accepted item text (characters); longer texts are almost surely a formatting mistake. */
export const MAX_ITEM_TEXT_CHARS = 8192;

export interface JsonlOptions {
  /** Overrides `MAX_ITEM_TEXT_CHARS`. */
  maxTextChars?: number;
  /** Name shown in errors (a path); defaults to `<input>`. */
  source?: string;
}

/** A task given as a spec or by `{ domain, task }`. */
export type TaskRef = TaskSpec | { domain: string; task?: string };

function resolveTask(task: TaskRef): TaskSpec {
  return 'labels' in task ? task : getTask(task.domain, task.task);
}

function fail(error: DatasetError): never {
  throw error;
}

function parseLine(
  raw: string,
  line: number,
  source: string,
  spec: TaskSpec,
  maxChars: number,
): LabelledItem {
  const where = `${source}:${line}`;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    fail(new DatasetError({ code: 'BAD_JSON', source, line }, `${where}: not valid JSON`, { cause }));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(
      new DatasetError(
        { code: 'NOT_AN_OBJECT', source, line },
        `${where}: expected an object {"text","label"}`,
      ),
    );
  }
  const record = value as Record<string, unknown>;
  for (const field of ['text', 'label']) {
    if (!(field in record)) {
      fail(
        new DatasetError(
          { code: 'MISSING_FIELD', source, line, field },
          `${where}: missing field "${field}"`,
        ),
      );
    }
  }
  for (const field of Object.keys(record)) {
    if (field !== 'text' && field !== 'label') {
      fail(
        new DatasetError(
          { code: 'EXTRA_FIELD', source, line, field },
          `${where}: unexpected field "${field}"`,
          {
            metaMessages: ['each line must hold exactly {"text": string, "label": string}'],
          },
        ),
      );
    }
  }
  const { text, label } = record;
  if (typeof text !== 'string') {
    fail(new DatasetError({ code: 'TEXT_NOT_STRING', source, line }, `${where}: "text" must be a string`));
  }
  if (text.trim() === '')
    fail(new DatasetError({ code: 'EMPTY_TEXT', source, line }, `${where}: "text" is empty`));
  if (text.length > maxChars) {
    fail(
      new DatasetError(
        { code: 'TEXT_TOO_LONG', source, line, length: text.length, max: maxChars },
        `${where}: "text" has ${text.length} characters, more than the limit of ${maxChars}`,
      ),
    );
  }
  if (typeof label !== 'string' || !spec.labels.includes(label)) {
    const shown = typeof label === 'string' ? label : JSON.stringify(label);
    fail(
      new DatasetError(
        { code: 'UNKNOWN_LABEL', source, line, label: shown, valid: [...spec.labels] },
        `${where}: unknown label ${JSON.stringify(shown)} for ${spec.domain}/${spec.task}`,
        { metaMessages: [`valid labels: ${spec.labels.join(', ')}`] },
      ),
    );
  }
  return { text, label };
}

/**
 * Parses JSONL text (one `{"text","label"}` object per line) for a task. Blank lines are skipped; the first
 * bad line throws a `DatasetError` naming its 1-based line number and the problem. An input with no items
 * is an error too (a validator scoring on nothing would pay at random).
 */
export function parseJsonlItems(content: string, task: TaskRef, options: JsonlOptions = {}): LabelledItem[] {
  const spec = resolveTask(task);
  const source = options.source ?? '<input>';
  const maxChars = options.maxTextChars ?? MAX_ITEM_TEXT_CHARS;
  const items: LabelledItem[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    items.push(parseLine(raw, i + 1, source, spec, maxChars));
  }
  if (items.length === 0) fail(new DatasetError({ code: 'NO_ITEMS', source }, `${source}: no items`));
  return items;
}

/** Reads and validates a validator's private JSONL data set; see `parseJsonlItems`. */
export async function loadJsonlItems(
  path: string,
  task: TaskRef,
  options: JsonlOptions = {},
): Promise<LabelledItem[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DatasetError({ code: 'FILE_UNREADABLE', path }, `cannot read ${path}`, { cause });
  }
  return parseJsonlItems(content, task, { source: path, ...options });
}
