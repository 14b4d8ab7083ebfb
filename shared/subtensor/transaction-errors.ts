/**
 * Subtensor's `CustomTransactionError` codes (`common/src/transaction_error.rs`): what its transaction
 * extension returns as `InvalidTransaction::Custom(code)` when a fee-free call (set_weights, serve_axon, ...)
 * would fail. The dev chain's runtime produces the same codes, and clients decode them from pool
 * rejections (RPC error 1010 "Custom error: N"), so one table serves both sides.
 */
export const CUSTOM_TRANSACTION_ERRORS = {
  StakeAmountTooLow: 1,
  SubnetNotExists: 3,
  RateLimitExceeded: 6,
  HotKeyNotRegisteredInNetwork: 10,
  InvalidIpAddress: 11,
  ServingRateLimitExceeded: 12,
  InvalidPort: 13,
  InvalidRevealRound: 15,
  CommitNotFound: 16,
  CommitBlockNotInRevealRange: 17,
  UidNotFound: 19,
  CommitRevealEnabled: 25,
  CommitRevealDisabled: 26,
  InvalidIpType: 28,
  CommittingWeightsTooFast: 30,
  TooManyUnrevealedCommits: 31,
  BadRequest: 255,
} as const;

export type CustomTransactionErrorName = keyof typeof CUSTOM_TRANSACTION_ERRORS;

const NAMES_BY_CODE = new Map<number, CustomTransactionErrorName>(
  Object.entries(CUSTOM_TRANSACTION_ERRORS).map(([name, code]) => [code, name as CustomTransactionErrorName]),
);

/** The custom error named in a pool rejection message (`1010: Invalid Transaction: Custom error: 12`). */
export function customErrorFromMessage(message: string): CustomTransactionErrorName | undefined {
  const match = /Custom error: (\d+)/.exec(message);
  return match ? NAMES_BY_CODE.get(Number(match[1])) : undefined;
}
