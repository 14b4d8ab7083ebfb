/**
 * What the validator keeps in `<state.dir>/state.json` between runs: the round secret, the round count
 * and the moving averages. (Weight commits and their salts have their own store, `weight-store.ts`.)
 * Files written before that store existed also hold the weight setter's snapshot (`weightSetter`); it
 * is checked like the rest and handed over once, so a malformed one makes the whole file corrupt (set
 * aside, fresh start) rather than a crash at start-up.
 */
import { ValidatorError } from './errors.js';
import { MovingAverageScores } from './scoring.js';
import { parseWeightSetterSnapshot, type WeightSetterSnapshot } from './weight-store.js';

export interface ValidatorState {
  /** Hex of the 32-byte secret the per-round challenge seeds derive from. */
  secret: string;
  round: number;
  scores: ReturnType<MovingAverageScores['toJSON']>;
}

/** A loaded state file: the state, plus the weight setter's snapshot when an older validator wrote it. */
export interface LoadedValidatorState extends ValidatorState {
  legacyWeightSetter?: WeightSetterSnapshot;
}

function badState(reason: string): ValidatorError {
  return new ValidatorError({ code: 'BAD_STATE', reason }, `bad validator state: ${reason}`);
}

/** The `parse` of the state file: `BAD_STATE` (or the scores' / snapshot's own error) naming the fault. */
export function parseValidatorState(json: unknown): LoadedValidatorState {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw badState('not an object');
  const secret = 'secret' in json ? json.secret : undefined;
  const round = 'round' in json ? json.round : undefined;
  const legacy = 'weightSetter' in json ? json.weightSetter : undefined;
  if (typeof secret !== 'string' || !/^[0-9a-f]{64}$/.test(secret)) {
    throw badState('secret must be 64 hex characters');
  }
  if (typeof round !== 'number' || !Number.isSafeInteger(round) || round < 0) {
    throw badState('round must be an integer ≥ 0');
  }
  const scores = MovingAverageScores.fromJSON('scores' in json ? json.scores : undefined).toJSON();
  return {
    secret,
    round,
    scores,
    ...(legacy !== undefined && legacy !== null && { legacyWeightSetter: parseWeightSetterSnapshot(legacy) }),
  };
}
