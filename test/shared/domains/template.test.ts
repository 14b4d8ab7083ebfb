import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domains/errors.js';
import { Rng } from '../../../shared/domains/rng.js';
import { TemplateRenderer, templateSlots } from '../../../shared/domains/template.js';

describe('TemplateRenderer', () => {
  it('expands nested alternatives and recursive slots', () => {
    const seen = new Set<string>();
    const rng = new Rng('t');
    for (let i = 0; i < 200; i++) {
      const r = new TemplateRenderer(rng, { who: ['the [big|small] {thing}'], thing: ['cat', 'dog'] });
      seen.add(r.render('[a|b [c|d]] {who}'));
    }
    expect(seen.size).toBe(12);
    for (const s of seen) expect(s).toMatch(/^(a|b c|b d) the (big|small) (cat|dog)$/);
  });

  it('binds a slot once per item unless marked fresh', () => {
    const r = new TemplateRenderer(new Rng('b'), { n: (rng) => String(rng.int(0, 1_000_000)) });
    const [x, y] = r.render('{n} {n}').split(' ');
    expect(x).toBe(y);
    const fresh = Array.from({ length: 5 }, () => r.render('{n*}'));
    expect(new Set(fresh).size).toBeGreaterThan(1);
  });

  it.each(['[a|b', '{slot', 'a]', 'x}'])('rejects malformed template %s', (template) => {
    expect(() => new TemplateRenderer(new Rng('m'), {}).render(template)).toThrow(DomainError);
  });

  it('rejects unknown slots and self-referencing slots', () => {
    expect(() => new TemplateRenderer(new Rng('u'), {}).render('{missing}')).toThrow(/unknown slot/);
    expect(() => new TemplateRenderer(new Rng('u'), { loop: ['{loop*}'] }).render('{loop}')).toThrow(
      /nest too deeply/,
    );
  });

  it('lists slot names', () => {
    expect(templateSlots('[{a}|b] {c*}')).toEqual(['a', 'c']);
  });
});
