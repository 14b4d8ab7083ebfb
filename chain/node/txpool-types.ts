/** What the transaction pool holds and reports (shared by the pool, its ready iterator and the RPC). */
import type { Hex } from '../runtime/interface.js';

/** Watch statuses, as `author_extrinsicUpdate` sends them. */
export type TxStatus =
  | 'future'
  | 'ready'
  | { inBlock: Hex }
  | { finalized: Hex }
  | { usurped: Hex }
  | 'dropped'
  | 'invalid';

export interface PoolTransaction {
  readonly hash: Hex;
  readonly bytes: Uint8Array;
  readonly insertion: number;
  priority: bigint;
  requires: Hex[];
  provides: Hex[];
  /** Last block number at which the transaction may still be included. */
  validUntil: number;
  /** Signer for logs and metrics; read lazily from the validity (ss58 encoding costs ~50 µs). */
  readonly sender?: string;
  ready: boolean;
}

export interface QueueLimit {
  count: number;
  bytes: number;
}
