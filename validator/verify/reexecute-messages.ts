/** Messages between the validator's main thread and its re-execution worker. */

export interface ReexecWorkerInit {
  /** Largest batch one run may have (the caller splits bigger ones). */
  maxBatch: number;
  /** Bundles kept loaded at once (least recently used closed first). */
  maxLoadedModels: number;
}

export type ReexecWorkerRequest =
  | { type: 'run'; id: number; dir: string; texts: string[] }
  | { type: 'close' };

export type ReexecWorkerReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; probs: Float32Array; classes: number; ms: number }
  | { type: 'error'; id: number; message: string; ms: number };
