/**
 * Pool-level checks for SubtensorModule's fee-free calls, as subtensor's `SubtensorTransactionExtension`
 * (`pallets/subtensor/src/extensions/`): the weights calls (plain, per mechanism and timelocked),
 * `serve_axon` and `serve_prometheus` are `Pays::No`, so a call that would fail must be refused before it enters a
 * block, or anyone could fill blocks for free. A refused call is `InvalidTransaction::Custom(code)` with
 * subtensor's codes (`common/src/transaction_error.rs`); the node reports it as RPC error 1010.
 */
import {
  CUSTOM_TRANSACTION_ERRORS,
  type CustomTransactionErrorName,
} from '../../../../shared/subtensor/transaction-errors.js';
import { type CallRejection, DispatchFailure, type Origin, type ValidateContext } from '../../pallet.js';
import { SUBTENSOR_ERRORS, type SubtensorErrorName } from './errors.js';
import { precheckServe, type ServeArgs } from './serving.js';
import { checkTimelockedCommit, type TimelockedCommitArgs } from './timelock-commits.js';
import { precheckWeights } from './weights.js';

/** Pallet error → custom transaction error, as subtensor's `From<Error<T>> for CustomTransactionError`. */
const FROM_PALLET_ERROR: Partial<Record<SubtensorErrorName, CustomTransactionErrorName>> = {
  NotEnoughStakeToSetWeights: 'StakeAmountTooLow',
  SubnetNotExists: 'SubnetNotExists',
  SettingWeightsTooFast: 'RateLimitExceeded',
  HotKeyNotRegisteredInNetwork: 'HotKeyNotRegisteredInNetwork',
  InvalidIpAddress: 'InvalidIpAddress',
  ServingRateLimitExceeded: 'ServingRateLimitExceeded',
  InvalidPort: 'InvalidPort',
  NoWeightsCommitFound: 'CommitNotFound',
  RevealTooEarly: 'CommitBlockNotInRevealRange',
  HotKeyNotRegisteredInSubNet: 'UidNotFound',
  CommitRevealEnabled: 'CommitRevealEnabled',
  CommitRevealDisabled: 'CommitRevealDisabled',
  InvalidIpType: 'InvalidIpType',
  CommittingWeightsTooFast: 'CommittingWeightsTooFast',
  TooManyUnrevealedCommits: 'TooManyUnrevealedCommits',
  InvalidRevealRound: 'InvalidRevealRound',
};

const ERROR_NAMES = new Map<number, SubtensorErrorName>(
  Object.entries(SUBTENSOR_ERRORS).map(([name, index]) => [index, name as SubtensorErrorName]),
);

/** The pallet error a precheck threw, by name (undefined for anything else). */
function palletErrorName(err: unknown): SubtensorErrorName | undefined {
  if (!(err instanceof DispatchFailure) || err.error.tag !== 'Module') return undefined;
  const { error } = err.error.value as { index: number; error: Uint8Array };
  return ERROR_NAMES.get(error[0]!);
}

/**
 * Runs `check` and turns a pallet error into the call's rejection; anything unexpected propagates (the
 * executive refuses it as BadRequest). Unsigned origins pass: the executive never validates them here.
 */
function refuseOnError(callName: string, origin: Origin, check: (hotkey: Uint8Array) => void) {
  if (origin.kind !== 'signed') return undefined;
  try {
    check(origin.who);
    return undefined;
  } catch (err) {
    const name = palletErrorName(err);
    if (name === undefined) throw err;
    const custom = FROM_PALLET_ERROR[name] ?? 'BadRequest';
    const rejection: CallRejection = {
      custom: CUSTOM_TRANSACTION_ERRORS[custom],
      message: `SubtensorModule.${callName} refused by the pool: ${name} (${custom})`,
    };
    return rejection;
  }
}

type WeightsArgs = { netuid: number; mecid?: number };
type RevealArgs = WeightsArgs & { uids: number[]; values: number[]; salt: number[]; version_key: bigint };

const set = (name: string) => (view: ValidateContext, origin: Origin, a: WeightsArgs) =>
  refuseOnError(name, origin, (hotkey) =>
    precheckWeights(view, hotkey, { kind: 'set', netuid: a.netuid, mecid: a.mecid ?? 0 }),
  );
const commit = (name: string) => (view: ValidateContext, origin: Origin, a: WeightsArgs) =>
  refuseOnError(name, origin, (hotkey) =>
    precheckWeights(view, hotkey, { kind: 'commit', netuid: a.netuid, mecid: a.mecid ?? 0 }),
  );
const reveal = (name: string) => (view: ValidateContext, origin: Origin, a: RevealArgs) =>
  refuseOnError(name, origin, (hotkey) =>
    precheckWeights(view, hotkey, {
      kind: 'reveal',
      netuid: a.netuid,
      mecid: a.mecid ?? 0,
      uids: a.uids,
      values: a.values,
      salt: a.salt,
      versionKey: a.version_key,
    }),
  );

/** The `validate` hooks, by call name, for `subtensorPallet.calls`. */
export const subtensorCallValidators = {
  set_weights: set('set_weights'),
  commit_weights: commit('commit_weights'),
  reveal_weights: reveal('reveal_weights'),
  set_mechanism_weights: set('set_mechanism_weights'),
  commit_mechanism_weights: commit('commit_mechanism_weights'),
  reveal_mechanism_weights: reveal('reveal_mechanism_weights'),
  /** The three timelocked commit calls (their arguments normalised by timelock-calls.ts). */
  commit_timelocked: (view: ValidateContext, origin: Origin, a: TimelockedCommitArgs) =>
    refuseOnError('commit_timelocked_weights', origin, (hotkey) =>
      checkTimelockedCommit(view.state, view.blockNumber, hotkey, a),
    ),
  serve_axon: (view: ValidateContext, origin: Origin, a: ServeArgs) =>
    refuseOnError('serve_axon', origin, (hotkey) => precheckServe(view, hotkey, 'axon', a)),
  serve_prometheus: (view: ValidateContext, origin: Origin, a: ServeArgs) =>
    refuseOnError('serve_prometheus', origin, (hotkey) => precheckServe(view, hotkey, 'prometheus', a)),
};
