import { ExpertnetError } from '../errors.js';
import type { CustomTransactionErrorName } from '../subtensor/transaction-errors.js';

/**
 * Failures talking to the chain. `DISPATCH_FAILED` carries the decoded module error (pallet + name,
 * e.g. `SubtensorModule.HotKeyAlreadyRegisteredInSubNet`) so callers can branch on it.
 */
export type ChainClientErrorType =
  | { code: 'BAD_ENDPOINT'; endpoint: string }
  | { code: 'CONNECT_FAILED'; endpoint: string }
  | { code: 'NOT_CONNECTED'; endpoint: string }
  /** A read (`method`: the client method or action) got no answer within the request timeout. */
  | { code: 'REQUEST_TIMEOUT'; endpoint: string; method: string; timeoutMs: number }
  | { code: 'UNSUPPORTED'; feature: string }
  /** Refused before inclusion (pool validation); `customError` names subtensor's custom code when there is one. */
  | { code: 'TX_REJECTED'; call: string; reason: string; customError?: CustomTransactionErrorName }
  | { code: 'TX_DROPPED'; call: string; status: string }
  | { code: 'TX_TIMEOUT'; call: string; timeoutMs: number }
  | {
      code: 'DISPATCH_FAILED';
      call: string;
      pallet: string;
      error: string;
      docs: string;
      blockHash?: string;
    }
  | { code: 'BAD_INPUT'; field: string; value: string }
  | { code: 'SUBNET_NOT_FOUND'; netuid: number }
  /** The chain answered with something this client cannot read (e.g. an unexpected runtime API shape). */
  | { code: 'BAD_RESPONSE'; what: string };

export class ChainClientError extends ExpertnetError<ChainClientErrorType> {
  /** True when the chain refused the call with this module error (`pallet.error`). */
  isModuleError(pallet: string, error: string): boolean {
    return this.type.code === 'DISPATCH_FAILED' && this.type.pallet === pallet && this.type.error === error;
  }

  /** True when the pool refused the call with subtensor's custom transaction error `name`. */
  isCustomRejection(name: CustomTransactionErrorName): boolean {
    return this.type.code === 'TX_REJECTED' && this.type.customError === name;
  }
}

/**
 * A short, stable name for a chain failure, for logs and the `chain_errors_total{error}` metric: the
 * module error (`SettingWeightsTooFast`), subtensor's custom pool rejection (`RateLimitExceeded`), or the
 * client's code (`NOT_CONNECTED`, `TX_TIMEOUT`, ...).
 */
export function chainErrorName(err: unknown): string {
  if (err instanceof ChainClientError) {
    const type = err.type;
    if (type.code === 'DISPATCH_FAILED') return type.error;
    if (type.code === 'TX_REJECTED') return type.customError ?? 'TX_REJECTED';
    return type.code;
  }
  if (err instanceof ExpertnetError) return err.code;
  return 'UNKNOWN';
}
