/**
 * Typed errors of the dev chain node. Pool errors carry what the JSON-RPC layer needs to answer with
 * Substrate's author error codes (1010, 1011, 1013, 1014, 1016, ...); see `rpc/errors.ts`.
 */
import { ExpertnetError } from '../../shared/errors.js';
import type { Hex, InvalidReason, UnknownReason } from '../runtime/interface.js';

export type TxPoolErrorType =
  | { code: 'INVALID_TRANSACTION'; reason: InvalidReason }
  | { code: 'UNKNOWN_TRANSACTION'; reason: UnknownReason }
  | { code: 'ALREADY_IMPORTED'; hash: Hex }
  | { code: 'TOO_LOW_PRIORITY'; old: bigint; new: bigint }
  | { code: 'IMMEDIATELY_DROPPED' }
  | { code: 'NO_TAGS_PROVIDED' }
  /** The runtime failed to validate the transaction (e.g. undecodable bytes). */
  | { code: 'VERIFICATION_FAILED'; detail: string };

export class TxPoolError extends ExpertnetError<TxPoolErrorType> {}

export type ChainErrorType =
  | { code: 'UNKNOWN_BLOCK'; block: string }
  | { code: 'CORRUPT_DATABASE'; detail: string }
  | { code: 'RUNTIME_CALL_FAILED'; method: string; detail: string }
  | { code: 'BLOCK_PRODUCTION_FAILED'; number: number; detail: string };

export class ChainError extends ExpertnetError<ChainErrorType> {}

export type NodeErrorType =
  | { code: 'INVALID_OPTION'; option: string; value: unknown }
  | { code: 'LISTEN_FAILED'; host: string; port: number; detail: string }
  | { code: 'SIGNATURE_WORKER_FAILED'; reason: string };

export class NodeError extends ExpertnetError<NodeErrorType> {}
