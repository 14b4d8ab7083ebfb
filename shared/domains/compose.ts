import type { TaskDefinition } from './definition.js';
import { applyNoise } from './noise.js';
import type { Rng } from './rng.js';
import { TemplateRenderer } from './template.js';
import type { Difficulty } from './types.js';

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

/** How a difficulty shapes an item; `standard` takes the task's own settings (what validators always sent). */
interface DifficultyProfile {
  /** Weights for 0, 1, 2, … distractors; undefined → the task's (or the default) weights. */
  distractorWeights?: readonly number[];
  /** Share of distractors that are mentions/decoys rather than boilerplate; undefined → the task's. */
  mentionRate?: number;
  /** Number of decoy labels whose vocabulary piles up. */
  decoyLabels: number;
  /** Share of decoy-label distractors taken from `decoys` (negated / hedged near-misses) when defined. */
  nearMissRate: number;
  supportRate: number;
  /** undefined → the task's opener rate. */
  openerRate?: number;
  /** Keep the decisive sentence away from the first and last place (when there is room). */
  buryDecisive: boolean;
  noise: boolean;
}

const PROFILES: Readonly<Record<Difficulty, DifficultyProfile>> = {
  easy: {
    distractorWeights: [1],
    mentionRate: 0,
    decoyLabels: 0,
    nearMissRate: 0,
    supportRate: 0.35,
    openerRate: 0,
    buryDecisive: false,
    noise: false,
  },
  standard: { decoyLabels: 1, nearMissRate: 0, supportRate: 0.35, buryDecisive: false, noise: true },
  hard: {
    distractorWeights: [0, 0, 0, 3, 4, 3, 2],
    mentionRate: 0.75,
    decoyLabels: 2,
    nearMissRate: 0.6,
    supportRate: 0.6,
    openerRate: 0.6,
    buryDecisive: true,
    noise: true,
  },
};

/** One item's text for `label`: decisive sentence(s), distractors in random places, then surface noise. */
export function composeText(
  def: TaskDefinition,
  label: string,
  rng: Rng,
  difficulty: Difficulty = 'standard',
): string {
  const profile = PROFILES[difficulty];
  const renderer = new TemplateRenderer(rng, def.slots);
  const say = (template: string): string => finishSentence(renderer.render(template));

  const core = [say(rng.pick(def.decisive[label]!))];
  const support = def.support?.[label];
  if (support && support.length > 0 && rng.chance(profile.supportRate)) core.push(say(rng.pick(support)));

  const otherLabels = def.spec.labels.filter((l) => l !== label && (def.mentions?.[l]?.length ?? 0) > 0);
  const weights = profile.distractorWeights ?? def.distractorWeights ?? DEFAULT_DISTRACTOR_WEIGHTS;
  const distractorCount = rng.weightedIndex(weights);
  const mentionRate = profile.mentionRate ?? def.mentionRate ?? 0.4;
  const distractors: string[] = [];
  const used = new Set<string>();
  // Mentions mostly come from one (hard: two) decoy labels, so their vocabulary piles up the way a
  // cross-referenced clause or a history line does in real text: a keyword count points at a decoy,
  // a reader does not.
  const decoys = rng.shuffle(otherLabels).slice(0, profile.decoyLabels);
  for (let i = 0; i < distractorCount; i++) {
    const useMention = decoys.length > 0 && rng.chance(mentionRate);
    let pool: readonly string[] = def.boilerplate;
    if (useMention) {
      const from = rng.chance(0.75) ? rng.pick(decoys) : rng.pick(otherLabels);
      const nearMisses = def.decoys?.[from];
      pool =
        nearMisses && nearMisses.length > 0 && rng.chance(profile.nearMissRate)
          ? nearMisses
          : def.mentions![from]!;
    }
    const template = rng.pick(pool);
    if (used.has(template)) continue; // the same sentence twice reads as a copy-paste slip
    used.add(template);
    distractors.push(say(template));
  }

  // Distractors go before, between or after the core sentences; the core keeps its own order.
  const sentences = core.slice();
  for (const d of distractors) sentences.splice(rng.int(0, sentences.length), 0, d);
  if (profile.buryDecisive && sentences.length >= 3) {
    // One decisive sentence among related context: move the core block off the document's edges.
    const rest = sentences.filter((s) => !core.includes(s));
    const at = rng.int(1, Math.max(1, rest.length - 1));
    sentences.splice(0, sentences.length, ...rest.slice(0, at), ...core, ...rest.slice(at));
  }
  if (def.openers && def.openers.length > 0 && rng.chance(profile.openerRate ?? def.openerRate ?? 0.3)) {
    sentences.unshift(say(rng.pick(def.openers)));
  }
  const text = sentences.join(' ');
  return profile.noise ? applyNoise(text, rng) : text;
}
