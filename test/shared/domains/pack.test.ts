/** Private challenge packs: a good pack generates items of the right labels; each kind of bad pack is refused. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChallengePackError,
  type ChallengePackFile,
  DIFFICULTIES,
  getTask,
  getTaskDefinition,
  iterateDefinitionItems,
  loadChallengePack,
  MIN_DECISIVE_TEMPLATES,
  parseChallengePack,
} from '../../../shared/domains/index.js';

const EXAMPLE = new URL('../../../examples/challenge-packs/legal-clause.example.json', import.meta.url)
  .pathname;
const LABELS = getTask('finance', 'sentiment').labels;

/** A finance/sentiment pack whose decisive sentences carry a per-label marker word (`zq<label>`). */
function goodPack(): ChallengePackFile {
  return {
    format: 'expertnet-challenge-pack',
    version: 1,
    domain: 'finance',
    task: 'sentiment',
    slots: { desk: ['the [Oslo|Lima] desk', 'our {city} office'] },
    decisive: Object.fromEntries(
      LABELS.map((label) => [
        label,
        [
          `{company} told {desk} zq${label} news [today|this week].`,
          `Per {desk}, {co} reported zq${label} figures.`,
          `zq${label}: {firm} at {price} a share.`,
        ],
      ]),
    ),
    boilerplate: ['The note was filed by {desk}.', 'Figures are unaudited.'],
    mentions: { positive: ['An older zqmention memo from {desk} is attached.'] },
    decoys: { negative: ['Nobody at {desk} expects a zqdecoy outcome.'] },
    openers: ['Desk memo:'],
  };
}

function parse(pack: unknown, source = 'pack.json'): ReturnType<typeof parseChallengePack> {
  return parseChallengePack(JSON.stringify(pack), source);
}

function refusal(pack: unknown): ChallengePackError {
  try {
    parse(pack, 'bad-pack.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ChallengePackError);
    const error = err as ChallengePackError;
    // Every refusal names the file first.
    expect(error.shortMessage.startsWith('bad-pack.json: ')).toBe(true);
    return error;
  }
  throw new Error('the pack was accepted');
}

describe('a good pack', () => {
  it('generates items of the task labels from its own templates only (replace mode), at every difficulty', () => {
    const pack = parse(goodPack());
    expect(pack).toMatchObject({ domain: 'finance', task: 'sentiment', mode: 'replace' });
    expect(pack.definition.spec).toBe(getTask('finance', 'sentiment'));
    for (const difficulty of DIFFICULTIES) {
      const items = [...iterateDefinitionItems(pack.definition, { seed: 9, n: 60, difficulty })];
      for (const item of items) {
        expect(LABELS).toContain(item.label);
        // The decisive sentence is the pack's, for the item's own label (easy items carry no typo noise).
        if (difficulty === 'easy') expect(item.text.toLowerCase()).toContain(`zq${item.label}`);
        for (const other of LABELS.filter((l) => l !== item.label))
          expect(item.text.toLowerCase()).not.toContain(`zq${other}`);
      }
      expect(new Set(items.map((i) => i.label))).toEqual(new Set(LABELS));
    }
    const again = [
      ...iterateDefinitionItems(parse(goodPack()).definition, { seed: 9, n: 60, difficulty: 'hard' }),
    ];
    expect(again).toEqual([
      ...iterateDefinitionItems(pack.definition, { seed: 9, n: 60, difficulty: 'hard' }),
    ]);
  });

  it('extend mode mixes its templates with the built-in ones', () => {
    const pack = parse({ ...goodPack(), mode: 'extend', boilerplate: undefined });
    const builtin = getTaskDefinition('finance', 'sentiment');
    for (const label of LABELS) {
      expect(pack.definition.decisive[label]).toHaveLength((builtin.decisive[label]?.length ?? 0) + 3);
    }
    const items = [...iterateDefinitionItems(pack.definition, { seed: 1, n: 300, difficulty: 'easy' })];
    const fromPack = items.filter((i) => i.text.toLowerCase().includes(`zq${i.label}`)).length;
    expect(fromPack).toBeGreaterThan(0);
    expect(fromPack).toBeLessThan(items.length);
  });

  it('the example pack in examples/challenge-packs loads and generates every legal/clause label', async () => {
    const pack = await loadChallengePack(EXAMPLE);
    expect(pack).toMatchObject({ domain: 'legal', task: 'clause', mode: 'replace', source: EXAMPLE });
    const labels = getTask('legal', 'clause').labels;
    const items = [...iterateDefinitionItems(pack.definition, { seed: 2, n: labels.length * 3 })];
    expect(new Set(items.map((i) => i.label))).toEqual(new Set(labels));
  });
});

describe('bad packs are refused with the file and the reason', () => {
  const withDecisive = (decisive: Record<string, string[]>) => ({ ...goodPack(), decisive });

  it('bad JSON', () => {
    expect(() => parseChallengePack('{"format": ', 'x.json')).toThrow(/^x\.json: not valid JSON/);
    expect(() => parseChallengePack('{"format": ', 'x.json')).toThrow(
      expect.objectContaining({ code: 'BAD_JSON', type: expect.objectContaining({ source: 'x.json' }) }),
    );
  });

  it('an unknown field, at the top or in a slot name', () => {
    const error = refusal({ ...goodPack(), templates: [] });
    expect(error.type).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'templates', path: '/' });
    expect(error.message).toMatch(/unknown field 'templates'/);
    expect(refusal({ ...goodPack(), slots: { 'bad name': ['x'] } }).type).toMatchObject({
      code: 'BAD_SHAPE',
      path: '/slots',
    });
  });

  it('the wrong format, version, a non-string template, an empty list', () => {
    expect(refusal({ ...goodPack(), format: 'something-else' }).type).toMatchObject({
      code: 'BAD_SHAPE',
      path: '/format',
    });
    expect(refusal({ ...goodPack(), version: 2 }).message).toMatch(/\/version must be 1/);
    expect(refusal({ ...goodPack(), boilerplate: [3] }).type).toMatchObject({ path: '/boilerplate/0' });
    expect(refusal({ ...goodPack(), openers: [] }).type).toMatchObject({
      code: 'BAD_SHAPE',
      path: '/openers',
    });
    expect(refusal([]).type.code).toBe('BAD_SHAPE');
  });

  it('an unknown task', () => {
    const error = refusal({ ...goodPack(), task: 'weather' });
    expect(error.type).toMatchObject({ code: 'UNKNOWN_TASK', domain: 'finance', task: 'weather' });
    expect(error.metaMessages.join()).toMatch(/sentiment/);
  });

  it('an unknown label, in decisive or in another per-label list', () => {
    const decisive = goodPack().decisive;
    const error = refusal(withDecisive({ ...decisive, bullish: ['a', 'b', 'c'] }));
    expect(error.type).toMatchObject({ code: 'UNKNOWN_LABEL', label: 'bullish', path: '/decisive/bullish' });
    expect(error.metaMessages.join()).toMatch(/positive/);
    expect(refusal({ ...goodPack(), mentions: { bullish: ['x'] } }).type).toMatchObject({
      code: 'UNKNOWN_LABEL',
      path: '/mentions/bullish',
    });
  });

  it('a missing label', () => {
    const { negative: _, ...rest } = goodPack().decisive;
    const error = refusal(withDecisive(rest));
    expect(error.type).toMatchObject({ code: 'MISSING_LABEL', label: 'negative' });
    expect(error.message).toMatch(/'negative'/);
  });

  it('too few decisive templates', () => {
    const decisive = { ...goodPack().decisive, neutral: ['one {firm}.', 'two {firm}.'] };
    const error = refusal(withDecisive(decisive));
    expect(error.type).toMatchObject({
      code: 'TOO_FEW_TEMPLATES',
      label: 'neutral',
      count: 2,
      min: MIN_DECISIVE_TEMPLATES,
    });
  });

  it('a template syntax error, in a template or in a pack phrase', () => {
    const decisive = goodPack().decisive;
    const broken = { ...decisive, positive: ['fine.', 'also fine.', 'unclosed [a|b here.'] };
    const error = refusal(withDecisive(broken));
    expect(error.type).toMatchObject({ code: 'BAD_TEMPLATE', path: '/decisive/positive/2' });
    expect(error.message).toMatch(/unclosed '\['/);
    expect(refusal({ ...goodPack(), slots: { desk: ['a} stray'] } }).type).toMatchObject({
      code: 'BAD_TEMPLATE',
      path: '/slots/desk/0',
    });
  });

  it('an unresolved slot (neither built-in nor the pack’s)', () => {
    const error = refusal({ ...goodPack(), boilerplate: ['Filed by {analyst}.', 'Ask {trader}.'] });
    expect(error.type).toMatchObject({ code: 'UNKNOWN_SLOT', slot: 'trader', path: '/boilerplate/1' });
    expect(error.metaMessages.join()).toMatch(/desk/);
  });

  it('slots that refer to themselves', () => {
    const error = refusal({ ...goodPack(), slots: { desk: ['the {room}'], room: ['a {desk} corner'] } });
    expect(error.type.code).toBe('SLOT_CYCLE');
    expect(error.message).toMatch(/\{desk\} → \{room\} → \{desk\}/);
  });

  it('no boilerplate in replace mode', () => {
    expect(refusal({ ...goodPack(), boilerplate: undefined }).type).toMatchObject({
      code: 'BAD_SHAPE',
      path: '/boilerplate',
    });
  });

  it('items over the text limit', () => {
    const long = 'x'.repeat(1500);
    const decisive = Object.fromEntries(LABELS.map((l) => [l, [`${long} a.`, `${long} b.`, `${long} c.`]]));
    expect(() =>
      parseChallengePack(JSON.stringify(withDecisive(decisive)), 'long.json', { maxTextChars: 1000 }),
    ).toThrow(expect.objectContaining({ code: 'TEXT_TOO_LONG' }));
  });

  describe('files', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'expertnet-pack-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('an unreadable file, and a bad file named by its path', async () => {
      const missing = join(dir, 'missing.json');
      await expect(loadChallengePack(missing)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ ...goodPack(), task: 'weather' }));
      await expect(loadChallengePack(bad)).rejects.toThrow(`${bad}: unknown task finance/weather`);
    });
  });
});
