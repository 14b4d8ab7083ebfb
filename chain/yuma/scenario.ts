/**
 * Scenario replay for `expertnet yuma simulate` (format: ../shared/yuma/SCENARIO.md): a subnet's state
 * between epochs (stakes, registrations, weights, bonds, permits) driven by steps, each epoch computed by
 * the same `runEpoch` the chain uses.
 *
 * The scenario is checked by hand rather than with a schema library: the shape is small, stakes are
 * decimal strings that must become BigInt, and every error has to name the file and the JSON path.
 */
import { readFile } from 'node:fs/promises';
import { runEpoch } from './epoch.js';
import { YumaError } from './errors.js';
import { vecU16MaxUpscaleToU16 } from './math.js';
import type { EpochHyperparams, EpochOutput } from './types.js';

export interface ScenarioStep {
  block: number;
  register?: { uid: number; stake: bigint };
  setStake?: { uid: number; stake: bigint };
  /** Validator uid → `[dest, u16 value]` pairs as passed to `set_weights`. */
  setWeights?: Map<number, Array<[number, number]>>;
  epoch: boolean;
  emission: bigint;
}

export interface Scenario {
  n: number;
  hyperparams: EpochHyperparams;
  stakes: bigint[];
  registeredAt: number[];
  steps: ScenarioStep[];
}

/** One epoch's results in SCENARIO.md's output format. */
export interface EpochReport {
  block: number;
  incentive: number[];
  dividends: number[];
  consensus: number[];
  validatorTrust: number[];
  /** rao, decimal strings (u64 exceeds JSON's safe integers). */
  emission: string[];
  /** Dense n × n stored bonds, row = validator. */
  bonds: number[][];
  validatorPermit: boolean[];
  active: boolean[];
}

export interface SimulationReport {
  epochs: EpochReport[];
}

const HYPERPARAM_DEFAULTS: EpochHyperparams = {
  kappa: 32767,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65535,
  maxAllowedValidators: 64,
  activityCutoff: 5000,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
};

/** Validating reader over the parsed JSON; every failure names the file and the JSON path. */
class Reader {
  constructor(readonly path: string) {}

  fail(field: string, reason: string): never {
    throw new YumaError(
      { code: 'BAD_SCENARIO', path: this.path, field, reason },
      `${this.path}: ${field}: ${reason}`,
    );
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(field, 'expected an object');
    return v as Record<string, unknown>;
  }

  array(v: unknown, field: string): unknown[] {
    if (!Array.isArray(v)) this.fail(field, 'expected an array');
    return v;
  }

  int(v: unknown, field: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v))
      this.fail(field, `expected an integer, got ${JSON.stringify(v)}`);
    if (v < min || v > max) this.fail(field, `${v} is outside ${min}..${max}`);
    return v;
  }

  bool(v: unknown, field: string): boolean {
    if (typeof v !== 'boolean') this.fail(field, `expected true or false, got ${JSON.stringify(v)}`);
    return v;
  }

  /** u64 from a decimal string or a safe integer. */
  u64(v: unknown, field: string): bigint {
    let out: bigint | undefined;
    if (typeof v === 'string' && /^[0-9]+$/.test(v)) out = BigInt(v);
    else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) out = BigInt(v);
    if (out === undefined || out > 0xffff_ffff_ffff_ffffn) {
      this.fail(field, `expected a u64 (decimal string or integer), got ${JSON.stringify(v)}`);
    }
    return out;
  }
}

const U16 = 65535;
const BLOCK_MAX = Number.MAX_SAFE_INTEGER;

function parseHyperparams(r: Reader, raw: unknown): EpochHyperparams {
  const h = r.object(raw ?? {}, 'hyperparams');
  const d = HYPERPARAM_DEFAULTS;
  const u16 = (key: keyof EpochHyperparams, def: number) =>
    h[key] === undefined ? def : r.int(h[key], `hyperparams.${key}`, 0, U16);
  return {
    kappa: u16('kappa', d.kappa),
    bondsPenalty: u16('bondsPenalty', d.bondsPenalty),
    maxAllowedValidators: u16('maxAllowedValidators', d.maxAllowedValidators),
    alphaLow: u16('alphaLow', d.alphaLow),
    alphaHigh: u16('alphaHigh', d.alphaHigh),
    bondsMovingAverage:
      h.bondsMovingAverage === undefined
        ? d.bondsMovingAverage
        : r.u64(h.bondsMovingAverage, 'hyperparams.bondsMovingAverage'),
    activityCutoff:
      h.activityCutoff === undefined
        ? d.activityCutoff
        : r.int(h.activityCutoff, 'hyperparams.activityCutoff', 0, BLOCK_MAX),
    yuma3: h.yuma3 === undefined ? d.yuma3 : r.bool(h.yuma3, 'hyperparams.yuma3'),
    liquidAlpha:
      h.liquidAlpha === undefined ? d.liquidAlpha : r.bool(h.liquidAlpha, 'hyperparams.liquidAlpha'),
    alphaSigmoidSteepness:
      h.alphaSigmoidSteepness === undefined
        ? d.alphaSigmoidSteepness
        : r.int(h.alphaSigmoidSteepness, 'hyperparams.alphaSigmoidSteepness', -32768, 32767),
  };
}

function parseStep(r: Reader, raw: unknown, at: string, n: number): ScenarioStep {
  const s = r.object(raw, at);
  const uid = (v: unknown, field: string) => r.int(v, field, 0, n - 1);
  const step: ScenarioStep = {
    block: r.int(s.block, `${at}.block`, 0, BLOCK_MAX),
    epoch: s.epoch === undefined ? false : r.bool(s.epoch, `${at}.epoch`),
    emission: 0n,
  };
  if (step.epoch) {
    if (s.emission === undefined) r.fail(`${at}.emission`, 'an epoch step needs an emission (rao)');
    step.emission = r.u64(s.emission, `${at}.emission`);
  }
  for (const key of ['register', 'setStake'] as const) {
    if (s[key] === undefined) continue;
    const o = r.object(s[key], `${at}.${key}`);
    step[key] = { uid: uid(o.uid, `${at}.${key}.uid`), stake: r.u64(o.stake, `${at}.${key}.stake`) };
  }
  if (s.setWeights !== undefined) {
    const sw = r.object(s.setWeights, `${at}.setWeights`);
    step.setWeights = new Map();
    for (const [key, pairsRaw] of Object.entries(sw)) {
      const field = `${at}.setWeights.${key}`;
      if (!/^[0-9]+$/.test(key)) r.fail(field, 'keys must be validator uids');
      const validator = uid(Number(key), field);
      const pairs = r.array(pairsRaw, field).map((p, k): [number, number] => {
        const pair = r.array(p, `${field}[${k}]`);
        if (pair.length !== 2) r.fail(`${field}[${k}]`, 'expected [dest, value]');
        return [uid(pair[0], `${field}[${k}][0]`), r.int(pair[1], `${field}[${k}][1]`, 0, U16)];
      });
      const dests = new Set(pairs.map((p) => p[0]));
      if (dests.size !== pairs.length) r.fail(field, 'duplicate destination uids (set_weights rejects them)');
      step.setWeights.set(validator, pairs);
    }
  }
  return step;
}

/** Validates a parsed scenario object. `path` only labels errors. */
export function parseScenario(raw: unknown, path = '<scenario>'): Scenario {
  const r = new Reader(path);
  const top = r.object(raw, '$');
  const n = r.int(top.n, 'n', 1, 65536);
  const stakes = r.array(top.stakes, 'stakes').map((v, i) => r.u64(v, `stakes[${i}]`));
  if (stakes.length !== n) r.fail('stakes', `has ${stakes.length} entries, expected n = ${n}`);
  const registeredAt =
    top.registeredAt === undefined
      ? new Array<number>(n).fill(0)
      : r.array(top.registeredAt, 'registeredAt').map((v, i) => r.int(v, `registeredAt[${i}]`, 0, BLOCK_MAX));
  if (registeredAt.length !== n)
    r.fail('registeredAt', `has ${registeredAt.length} entries, expected n = ${n}`);
  const steps = r.array(top.steps, 'steps').map((s, k) => parseStep(r, s, `steps[${k}]`, n));
  return { n, hyperparams: parseHyperparams(r, top.hyperparams), stakes, registeredAt, steps };
}

/** Reads and validates a scenario file. */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new YumaError({ code: 'SCENARIO_UNREADABLE', path }, `cannot read scenario ${path}`, {
      cause,
      metaMessages: [(cause as Error).message],
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new YumaError({ code: 'SCENARIO_UNREADABLE', path }, `${path} is not valid JSON`, {
      cause,
      metaMessages: [(cause as Error).message],
    });
  }
  return parseScenario(raw, path);
}

function denseBonds(rows: EpochOutput['bonds'], n: number): number[][] {
  return rows.map((row) => {
    const dense = new Array<number>(n).fill(0);
    for (let k = 0; k < row.uids.length; k++) dense[row.uids[k]!] = row.values[k]!;
    return dense;
  });
}

/** Replays the scenario's steps and returns every epoch's results. */
export function simulate(scenario: Scenario): SimulationReport {
  const { n, hyperparams } = scenario;
  const stakes = scenario.stakes.slice();
  const registeredAt = scenario.registeredAt.slice();
  const lastUpdate = registeredAt.slice();
  let permits = new Array<boolean>(n).fill(false);
  const weights: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  let bonds: EpochOutput['bonds'] = Array.from({ length: n }, () => ({
    uids: new Uint16Array(0),
    values: new Uint16Array(0),
  }));
  let prevEpochBlock: number | undefined;
  const epochs: EpochReport[] = [];

  for (const step of scenario.steps) {
    if (step.register) {
      // replace_neuron: the slot's own rows go, others' weights to it are zeroed (entries kept).
      const { uid, stake } = step.register;
      weights[uid] = [];
      bonds[uid] = { uids: new Uint16Array(0), values: new Uint16Array(0) };
      for (const row of weights) for (const pair of row) if (pair[0] === uid) pair[1] = 0;
      permits[uid] = false;
      registeredAt[uid] = step.block;
      lastUpdate[uid] = step.block;
      stakes[uid] = stake;
    }
    if (step.setStake) stakes[step.setStake.uid] = step.setStake.stake;
    if (step.setWeights) {
      for (const [uid, pairs] of step.setWeights) {
        const sorted = pairs.slice().sort((a, b) => a[0] - b[0]);
        const upscaled = vecU16MaxUpscaleToU16(sorted.map((p) => p[1]));
        weights[uid] = sorted.map((p, k) => [p[0], upscaled[k]!]);
        lastUpdate[uid] = step.block;
      }
    }
    if (step.epoch) {
      const out = runEpoch({
        currentBlock: step.block,
        // First epoch: no stored bonds, so the cutoff does not matter.
        lastTempoBlock: prevEpochBlock === undefined ? 0 : prevEpochBlock + 1,
        stake: stakes,
        lastUpdate,
        blockAtRegistration: registeredAt,
        validatorPermit: permits,
        weights,
        bonds,
        hyperparams,
        raoEmission: step.emission,
      });
      permits = out.validatorPermit;
      bonds = out.bonds;
      prevEpochBlock = step.block;
      epochs.push({
        block: step.block,
        incentive: out.incentive,
        dividends: out.dividends,
        consensus: out.consensus,
        validatorTrust: out.validatorTrust,
        emission: out.emission.map(String),
        bonds: denseBonds(out.bonds, n),
        validatorPermit: out.validatorPermit,
        active: out.active,
      });
    }
  }
  return { epochs };
}
