import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  DomainError,
  getTask,
  loadJsonlItems,
  parseJsonlItems,
} from '../../../shared/domains/index.js';

const sentiment = getTask('finance', 'sentiment');
const good = JSON.stringify({ text: 'Shares rallied after the beat.', label: 'positive' });

function datasetError(content: string, options = {}): DatasetError {
  try {
    parseJsonlItems(content, sentiment, options);
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('parseJsonlItems', () => {
  it('reads items, skipping blank lines, CRLF and a BOM', () => {
    const content = `\uFEFF${good}\r\n\r\n   \n${JSON.stringify({ label: 'neutral', text: 'Results are due May 2.' })}\n`;
    expect(parseJsonlItems(content, { domain: 'finance', task: 'sentiment' })).toEqual([
      { text: 'Shares rallied after the beat.', label: 'positive' },
      { text: 'Results are due May 2.', label: 'neutral' },
    ]);
  });

  it.each([
    ['bad JSON', '{"text": "x", "label": ', 'BAD_JSON', 'not valid JSON'],
    ['an array', '["x", "positive"]', 'NOT_AN_OBJECT', 'expected an object'],
    ['a bare string', '"hello"', 'NOT_AN_OBJECT', 'expected an object'],
    ['a missing label', '{"text": "x"}', 'MISSING_FIELD', 'missing field "label"'],
    ['a missing text', '{"label": "positive"}', 'MISSING_FIELD', 'missing field "text"'],
    ['an extra field', '{"text": "x", "label": "positive", "id": 7}', 'EXTRA_FIELD', 'unexpected field "id"'],
    ['a numeric text', '{"text": 12, "label": "positive"}', 'TEXT_NOT_STRING', '"text" must be a string'],
    ['an empty text', '{"text": "  ", "label": "positive"}', 'EMPTY_TEXT', '"text" is empty'],
    ['an unknown label', '{"text": "x", "label": "bullish"}', 'UNKNOWN_LABEL', 'unknown label "bullish"'],
    ['a non-string label', '{"text": "x", "label": 1}', 'UNKNOWN_LABEL', 'unknown label "1"'],
  ])('names the line of %s', (_case, badLine, code, message) => {
    const err = datasetError(`${good}\n\n${badLine}\n${good}\n`);
    expect(err.type).toMatchObject({ code, line: 3, source: '<input>' });
    expect(err.message).toContain('<input>:3');
    expect(err.message).toContain(message);
  });

  it('lists the valid labels on an unknown label', () => {
    const err = datasetError('{"text": "x", "label": "bullish"}');
    expect(err.type).toMatchObject({ valid: ['positive', 'negative', 'neutral'] });
    expect(err.message).toContain('valid labels: positive, negative, neutral');
  });

  it('rejects a too-long text with its length and the limit', () => {
    const err = datasetError(JSON.stringify({ text: 'a'.repeat(101), label: 'neutral' }), {
      maxTextChars: 100,
    });
    expect(err.type).toEqual({ code: 'TEXT_TOO_LONG', source: '<input>', line: 1, length: 101, max: 100 });
  });

  it('rejects an input without items', () => {
    expect(datasetError('\n  \n').type).toEqual({ code: 'NO_ITEMS', source: '<input>' });
  });

  it('rejects an unknown task before reading lines', () => {
    expect(() => parseJsonlItems(good, { domain: 'finance', task: 'weather' })).toThrow(DomainError);
  });
});

describe('loadJsonlItems', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-jsonl-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file and names it in errors', async () => {
    const ok = join(dir, 'ok.jsonl');
    await writeFile(ok, `${good}\n`);
    expect(await loadJsonlItems(ok, sentiment)).toHaveLength(1);

    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, `${good}\n{oops}\n`);
    await expect(loadJsonlItems(bad, sentiment)).rejects.toMatchObject({
      type: { code: 'BAD_JSON', source: bad, line: 2 },
    });
  });

  it('reports a missing file as FILE_UNREADABLE', async () => {
    const missing = join(dir, 'missing.jsonl');
    await expect(loadJsonlItems(missing, sentiment)).rejects.toMatchObject({
      type: { code: 'FILE_UNREADABLE', path: missing },
    });
  });
});
