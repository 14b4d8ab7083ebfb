/**
 * JSON-RPC errors as Substrate (jsonrpsee + sc-rpc-api) sends them: the standard -326xx codes, jsonrpsee's
 * server limits (-32006..-32008), and the author/chain/state families (1000s, 3000s, 4000s).
 */
import { ExpertnetError } from '../../../shared/errors.js';
import type { InvalidReason } from '../../runtime/interface.js';
import { TxPoolError } from '../errors.js';

export type RpcErrorType = { code: 'RPC_ERROR'; rpcCode: number; data?: unknown };

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

export class RpcError extends ExpertnetError<RpcErrorType> {
  constructor(rpcCode: number, message: string, data?: unknown, cause?: unknown) {
    super({ code: 'RPC_ERROR', rpcCode, ...(data === undefined ? {} : { data }) }, message, { cause });
  }

  get rpcCode(): number {
    return this.type.rpcCode;
  }

  toWire(): RpcErrorObject {
    const out: RpcErrorObject = { code: this.type.rpcCode, message: this.shortMessage };
    if (this.type.data !== undefined) out.data = this.type.data;
    return out;
  }
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** jsonrpsee server limits. */
export const TOO_MANY_SUBSCRIPTIONS = -32006;
export const OVERSIZED_REQUEST = -32007;
export const OVERSIZED_RESPONSE = -32008;

/** sc-rpc-api error families. */
export const AUTHOR_BAD_FORMAT = 1001;
export const AUTHOR_VERIFICATION_ERROR = 1002;
export const AUTHOR_INVALID_TX = 1010;
export const AUTHOR_UNKNOWN_VALIDITY = 1011;
export const AUTHOR_ALREADY_IMPORTED = 1013;
export const AUTHOR_TOO_LOW_PRIORITY = 1014;
export const AUTHOR_IMMEDIATELY_DROPPED = 1016;
export const AUTHOR_NO_TAGS = 1019;
/** sc-rpc-api's `OTHER_ERR` (e.g. `Error::Client`: the bytes are not even an opaque extrinsic). */
export const AUTHOR_OTHER = 1040;
export const STATE_INVALID_COUNT = 4002;
export const STATE_CLIENT_ERROR = 4003;

export const parseError = () => new RpcError(PARSE_ERROR, 'Parse error');
export const invalidRequest = () => new RpcError(INVALID_REQUEST, 'Invalid request');
export const methodNotFound = () => new RpcError(METHOD_NOT_FOUND, 'Method not found');
export const invalidParams = (detail: string) => new RpcError(INVALID_PARAMS, 'Invalid params', detail);
export const internalError = () => new RpcError(INTERNAL_ERROR, 'Internal error');

/** `sp_runtime::transaction_validity::InvalidTransaction` messages (`Into<&'static str>`). */
const INVALID_MESSAGES: Record<Exclude<InvalidReason, { custom: number }>, string> = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
};

/** Maps a pool error to the author error Substrate returns for it. */
export function poolErrorToRpc(err: TxPoolError): RpcError {
  const t = err.type;
  switch (t.code) {
    case 'INVALID_TRANSACTION':
      return new RpcError(
        AUTHOR_INVALID_TX,
        'Invalid Transaction',
        typeof t.reason === 'object' ? `Custom error: ${t.reason.custom}` : INVALID_MESSAGES[t.reason],
        err,
      );
    case 'UNKNOWN_TRANSACTION':
      return new RpcError(
        AUTHOR_UNKNOWN_VALIDITY,
        'Unknown Transaction Validity',
        typeof t.reason === 'object' ? `Custom(${t.reason.custom})` : t.reason,
        err,
      );
    case 'ALREADY_IMPORTED':
      return new RpcError(AUTHOR_ALREADY_IMPORTED, 'Transaction Already Imported', t.hash, err);
    case 'TOO_LOW_PRIORITY':
      return new RpcError(
        AUTHOR_TOO_LOW_PRIORITY,
        `Priority is too low: (${t.old} vs ${t.new})`,
        'The transaction has too low priority to replace another transaction already in the pool.',
        err,
      );
    case 'IMMEDIATELY_DROPPED':
      return new RpcError(
        AUTHOR_IMMEDIATELY_DROPPED,
        'Immediately Dropped',
        "The transaction couldn't enter the pool because of the limit",
        err,
      );
    case 'NO_TAGS_PROVIDED':
      return new RpcError(
        AUTHOR_NO_TAGS,
        'No tags provided',
        "Transaction does not provide any tags, so the pool can't identify it",
        err,
      );
    case 'VERIFICATION_FAILED': {
      // sc-rpc-api: `Error::Verification` of the pool's `RuntimeApi` error; the runtime panicked.
      const runtimeError = `Execution failed: Runtime panicked: ${t.detail}`;
      return new RpcError(
        AUTHOR_VERIFICATION_ERROR,
        `Verification Error: Runtime error: ${runtimeError}`,
        `RuntimeApi(${JSON.stringify(runtimeError)})`,
        err,
      );
    }
  }
}

/** Any thrown value as a wire error; unexpected ones become -32603 (the caller logs them). */
export function toRpcError(err: unknown): { error: RpcError; unexpected: boolean } {
  if (err instanceof RpcError) return { error: err, unexpected: false };
  if (err instanceof TxPoolError) return { error: poolErrorToRpc(err), unexpected: false };
  return { error: internalError(), unexpected: true };
}
