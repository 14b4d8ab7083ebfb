import type { TaskDefinition } from './definition.js';
import { applyNoise } from './noise.js';
import type { Rng } from './rng.js';
import { TemplateRenderer } from './template.js';

const DEFAULT_DISTRACTOR_WEIGHTS = [3, 4, 3, 2] as const;

/** Capitalises and closes a rendered sentence; collapses doubled spaces left by empty alternatives. */
export function finishSentence(raw: string): string {
  let s = raw
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .trim();
  if (!s) return s;
  // Templates may hold several sentences that start with a slot ("... . {workup}."): capitalise each.
  s = (s[0]!.toUpperCase() + s.slice(1)).replace(
    /(?<!\b(?:Inc|Corp|Co|Ltd|H|Dr|St|vs|approx))([.!?] )([a-z])/g,
    (_m, stop: string, c: string) => stop + c.toUpperCase(),
  );
  if (!/[.!?:"')]$/.test(s)) s += '.';
  return s;
}

/** One item's text for `label`: decisive sentence(s), distractors in random places, then surface noise. */
export function composeText(def: TaskDefinition, label: string, rng: Rng): string {
  const renderer = new TemplateRenderer(rng, def.slots);
  const say = (template: string): string => finishSentence(renderer.render(template));

  const core = [say(rng.pick(def.decisive[label]!))];
  const support = def.support?.[label];
  if (support && support.length > 0 && rng.chance(0.35)) core.push(say(rng.pick(support)));

  const otherLabels = def.spec.labels.filter((l) => l !== label && (def.mentions?.[l]?.length ?? 0) > 0);
  const distractorCount = rng.weightedIndex(def.distractorWeights ?? DEFAULT_DISTRACTOR_WEIGHTS);
  const distractors: string[] = [];
  const used = new Set<string>();
  // Mentions mostly come from one decoy label, so its vocabulary piles up the way a cross-referenced
  // clause or a history line does in real text: a keyword count points at the decoy, a reader does not.
  const decoy = otherLabels.length > 0 ? rng.pick(otherLabels) : undefined;
  for (let i = 0; i < distractorCount; i++) {
    const useMention = decoy !== undefined && rng.chance(def.mentionRate ?? 0.4);
    const pool = useMention
      ? def.mentions![rng.chance(0.75) ? decoy : rng.pick(otherLabels)]!
      : def.boilerplate;
    const template = rng.pick(pool);
    if (used.has(template)) continue; // the same sentence twice reads as a copy-paste slip
    used.add(template);
    distractors.push(say(template));
  }

  // Distractors go before, between or after the core sentences; the core keeps its own order.
  const sentences = core.slice();
  for (const d of distractors) sentences.splice(rng.int(0, sentences.length), 0, d);
  if (def.openers && def.openers.length > 0 && rng.chance(def.openerRate ?? 0.3)) {
    sentences.unshift(say(rng.pick(def.openers)));
  }
  return applyNoise(sentences.join(' '), rng);
}
