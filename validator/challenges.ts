/**
 * Private challenges: what a validator sends a miner each round. Items come from the domain generators
 * (shared/domains) at a seed only this validator can compute, mixed with items from its own `--dataset.*`
 * files when it has them, in an order fixed by the same seed (so a round can be rebuilt for an audit).
 *
 * Seeds come in two steps so that an epoch can be audited without giving away the validator's secret:
 * the 32-byte secret kept in the validator's state keys one **epoch seed** per (netuid, epoch)
 * (`epochSeed`), committed on chain before the epoch's first round and revealed after it
 * (validator/accountability); each miner's challenge seed in a round is a keyed blake2b of the epoch
 * seed, the round's index within the epoch and the miner's uid (`roundSeed`). It is 53 bits (a safe
 * integer), not 32: generated texts are a function of the seed, so a miner that could search the seed
 * space from the texts it receives would learn the true labels; 2^32 seeds are searchable in hours,
 * 2^53 are not.
 *
 * Generated items mix difficulties (`--challenges.difficulty`, default `DEFAULT_DIFFICULTY_MIX`): the
 * count of each follows the mix, which item gets which is drawn from the same seed. They come from the
 * task's built-in templates, or from the validator's private challenge pack for the task
 * (`--challenges.pack`, shared/domains/pack.ts) when it has one.
 */
import { randomBytes } from 'node:crypto';
import { blake2AsU8a } from '@polkadot/util-crypto';
import {
  ChallengePackError,
  DIFFICULTIES,
  type Difficulty,
  getTaskDefinition,
  iterateDefinitionItems,
  type LabelledItem,
  loadChallengePack,
  loadJsonlItems,
  MAX_GENERATE_ITEMS,
  type TaskDefinition,
} from '../shared/domains/index.js';
import { Rng } from '../shared/domains/rng.js';
import { DEFAULT_LIMITS } from '../shared/protocol/index.js';
import {
  checkDifficultyMix,
  DEFAULT_DIFFICULTY_MIX,
  type DifficultyMix,
  difficultyPlan,
} from './difficulty-mix.js';
import { ValidatorError } from './errors.js';

export {
  DEFAULT_DIFFICULTY_MIX,
  DEFAULT_DIFFICULTY_MIX_TEXT,
  type DifficultyMix,
  difficultyPlan,
  parseDifficultyMix,
} from './difficulty-mix.js';

export type ChallengeSource = 'generated' | 'dataset';

export interface Challenge {
  texts: string[];
  /** True label ids, one per text. */
  labels: string[];
  /** 'dataset' when any item came from the validator's data set, else 'generated'. */
  source: ChallengeSource;
  /** Where each item came from (same order as `texts`). */
  sources: ChallengeSource[];
  /** Each item's difficulty (same order as `texts`); null for a data set item. */
  difficulties: (Difficulty | null)[];
  /** Whose templates the generated items come from: the task's built-in ones or a private pack. */
  templates: 'builtin' | 'pack';
  /** For each data set item, in order of appearance: its index in the `dataset` given. */
  datasetIndices: number[];
}

export interface BuildChallengeParameters {
  domain: string;
  /** Defaults to the domain's first task. */
  task?: string;
  seed: number;
  /** Items in the challenge. */
  size: number;
  /** The validator's labelled items for this task. */
  dataset?: readonly LabelledItem[];
  /** Share of `size` drawn from `dataset` (as far as it has usable items). Default 0.5 with a data set. */
  datasetShare?: number;
  /** Difficulties of the generated items. Default `DEFAULT_DIFFICULTY_MIX`. */
  difficultyMix?: DifficultyMix;
  /** A private pack's definition for this task (`ChallengePack.definition`): replaces the built-in one. */
  definition?: TaskDefinition;
}

export const ROUND_SECRET_BYTES = 32;
export const EPOCH_SEED_BYTES = 32;
const EPOCH_CONTEXT = new TextEncoder().encode('expertnet/epoch-seed/v1');
const SEED_CONTEXT = new TextEncoder().encode('expertnet/round-seed/v2');
/** Layout of `buildChallenge` (what replay must match to regenerate a challenge). */
export const CHALLENGE_VERSION = 1;

/** A fresh round secret (keep it in the validator state; whoever knows it can predict challenges). */
export function newRoundSecret(): Uint8Array {
  return new Uint8Array(randomBytes(ROUND_SECRET_BYTES));
}

/**
 * The epoch seed: blake2b-256 keyed with the validator's `secret` over
 * "expertnet/epoch-seed/v1" ‖ netuid (u16 LE) ‖ epoch (u64 LE). Revealing it reveals that epoch's
 * challenges and nothing about the secret or other epochs.
 */
export function epochSeed(secret: Uint8Array, netuid: number, epoch: number): Uint8Array {
  checkKey(secret, 'secret');
  if (!Number.isInteger(netuid) || netuid < 0 || netuid > 0xffff) {
    throw invalid('netuid', `must be a u16, got ${String(netuid)}`);
  }
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw invalid('epoch', `must be a non-negative integer, got ${String(epoch)}`);
  }
  const message = new Uint8Array(EPOCH_CONTEXT.length + 10);
  message.set(EPOCH_CONTEXT, 0);
  const view = new DataView(message.buffer);
  view.setUint16(EPOCH_CONTEXT.length, netuid, true);
  view.setBigUint64(EPOCH_CONTEXT.length + 2, BigInt(epoch), true);
  return blake2AsU8a(message, 256, secret);
}

/**
 * The private seed of one miner's challenge in one round: blake2b-256 keyed with the epoch seed over
 * "expertnet/round-seed/v2" ‖ roundIndex (u32 LE, 0, 1, 2… within the epoch) ‖ uid (u32 LE), first 53
 * bits (32 low bits of the first LE word + 21 low bits of the second). Same inputs → same seed.
 */
export function roundSeed(seed: Uint8Array, roundIndex: number, uid: number): number {
  checkKey(seed, 'epoch seed');
  if (!Number.isInteger(roundIndex) || roundIndex < 0 || roundIndex > 0xffff_ffff) {
    throw invalid('round', `must be a u32, got ${String(roundIndex)}`);
  }
  if (!Number.isInteger(uid) || uid < 0 || uid > 0xffff_ffff) {
    throw invalid('uid', `must be a u32, got ${String(uid)}`);
  }
  const message = new Uint8Array(SEED_CONTEXT.length + 8);
  message.set(SEED_CONTEXT, 0);
  const view = new DataView(message.buffer);
  view.setUint32(SEED_CONTEXT.length, roundIndex, true);
  view.setUint32(SEED_CONTEXT.length + 4, uid, true);
  const digest = blake2AsU8a(message, 256, seed);
  const d = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  // 32 low bits + 21 high bits = 53 bits, a safe integer.
  return d.getUint32(0, true) + (d.getUint32(4, true) & 0x1f_ffff) * 0x1_0000_0000;
}

function checkKey(key: Uint8Array, name: string): void {
  if (!(key instanceof Uint8Array) || key.length < 16 || key.length > 64) {
    throw new ValidatorError(
      { code: 'INVALID_SECRET', reason: `the ${name} must be 16..64 bytes` },
      `${name} must be 16..64 bytes`,
    );
  }
}

/**
 * The challenge for one miner: `size` items, `round(size × datasetShare)` of them drawn without
 * replacement from `dataset` (items whose label is not the task's or whose text is over the protocol's
 * `maxTextChars` are skipped), the rest generated at `seed` from `definition` (default: the task's
 * built-in templates) in the difficulties of `difficultyMix`, all shuffled by `seed`. Deterministic.
 */
export function buildChallenge(params: BuildChallengeParameters): Challenge {
  const builtin = getTaskDefinition(params.domain, params.task);
  const spec = builtin.spec;
  const definition = params.definition ?? builtin;
  if (definition.spec.domain !== spec.domain || definition.spec.task !== spec.task) {
    throw invalid(
      'definition',
      `is for ${definition.spec.domain}/${definition.spec.task}, not ${spec.domain}/${spec.task}`,
    );
  }
  const { seed, size } = params;
  if (!Number.isFinite(seed)) throw invalid('seed', 'must be a finite number');
  if (!Number.isInteger(size) || size < 1 || size > MAX_GENERATE_ITEMS) {
    throw invalid('size', `must be an integer in 1..${MAX_GENERATE_ITEMS}, got ${String(size)}`);
  }
  const share = params.datasetShare ?? 0.5;
  if (!(share >= 0 && share <= 1)) throw invalid('datasetShare', `must be in [0, 1], got ${String(share)}`);
  const mix = checkDifficultyMix(params.difficultyMix ?? DEFAULT_DIFFICULTY_MIX);

  const labels = new Set(spec.labels);
  // The items this task can use, with their index in `params.dataset`.
  const usable: { item: LabelledItem; index: number }[] = [];
  (params.dataset ?? []).forEach((item, index) => {
    if (labels.has(item.label) && item.text.length > 0 && item.text.length <= DEFAULT_LIMITS.maxTextChars) {
      usable.push({ item, index });
    }
  });
  const fromDataset = Math.min(usable.length, Math.round(size * share));
  const key = `expertnet/challenge/v${CHALLENGE_VERSION}/${spec.domain}/${spec.task}/${seed}`;

  type Entry = { item: LabelledItem; source: ChallengeSource; difficulty: Difficulty | null; index?: number };
  const items: Entry[] = [];
  for (const pick of sampleIndices(usable.length, fromDataset, new Rng(`${key}/dataset`))) {
    const { item, index } = usable[pick]!;
    items.push({ item, source: 'dataset', difficulty: null, index });
  }
  // One item stream per difficulty (each balanced over labels), dealt out in the seed's order.
  const plan = difficultyPlan(size - fromDataset, mix, new Rng(`${key}/difficulty`));
  const streams = new Map(
    DIFFICULTIES.map((difficulty) => {
      const n = plan.filter((d) => d === difficulty).length;
      return [difficulty, iterateDefinitionItems(definition, { seed, n, difficulty })] as const;
    }),
  );
  for (const difficulty of plan) {
    const next = streams.get(difficulty)?.next();
    if (!next || next.done) throw invalid('difficultyMix', 'ran out of generated items'); // unreachable
    items.push({ item: next.value, source: 'generated', difficulty });
  }
  const ordered = fromDataset > 0 ? new Rng(`${key}/order`).shuffle(items) : items;
  return {
    texts: ordered.map((e) => e.item.text),
    labels: ordered.map((e) => e.item.label),
    source: fromDataset > 0 ? 'dataset' : 'generated',
    sources: ordered.map((e) => e.source),
    difficulties: ordered.map((e) => e.difficulty),
    templates: definition === builtin ? 'builtin' : 'pack',
    datasetIndices: ordered.flatMap((e) => (e.index === undefined ? [] : [e.index])),
  };
}

/**
 * Loads and checks `--challenges.pack` files (one per task), texts limited to what the wire carries.
 * Throws `ChallengePackError` naming the file: its first fault, or `DUPLICATE_TASK` for a second pack of
 * a task. Returns the definitions by `domain/task`.
 */
export async function loadChallengePacks(paths: readonly string[]): Promise<Map<string, TaskDefinition>> {
  const out = new Map<string, TaskDefinition>();
  const from = new Map<string, string>();
  for (const path of paths) {
    const pack = await loadChallengePack(path, { maxTextChars: DEFAULT_LIMITS.maxTextChars });
    const key = `${pack.domain}/${pack.task}`;
    const other = from.get(key);
    if (other !== undefined) {
      throw new ChallengePackError(
        { code: 'DUPLICATE_TASK', source: path, domain: pack.domain, task: pack.task, other },
        `${path}: a second challenge pack for ${key} (the first is ${other}); give one pack per task`,
      );
    }
    from.set(key, path);
    out.set(key, pack.definition);
  }
  return out;
}

/** Loads a `--dataset.<domain>` JSONL file for a task, refusing texts longer than the wire allows. */
export function loadChallengeDataset(path: string, domain: string, task?: string): Promise<LabelledItem[]> {
  return loadJsonlItems(
    path,
    { domain, ...(task === undefined ? {} : { task }) },
    {
      maxTextChars: DEFAULT_LIMITS.maxTextChars,
    },
  );
}

/** `k` distinct indices of [0, n) in random order: a partial Fisher–Yates over a sparse map, O(k). */
function sampleIndices(n: number, k: number, rng: Rng): number[] {
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(atJ);
  }
  return out;
}

function invalid(parameter: string, reason: string): ValidatorError {
  return new ValidatorError(
    { code: 'INVALID_CHALLENGE', parameter, reason },
    `challenge ${parameter} ${reason}`,
  );
}
