/** Messages between the miner's main thread and its inference worker. */
import type { BackendInfo } from './backend.js';

export interface WorkerInit {
  /** URL (file://) of a module exporting `loadBackend`. */
  backendModule: string;
  modelDir: string;
  device: 'cpu' | 'cuda';
  maxBatch: number;
  warmupRuns: number;
}

export type WorkerRequest = { type: 'classify'; id: number; texts: string[] } | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; info: BackendInfo }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; probs: Float32Array; ms: number }
  | { type: 'error'; id: number; message: string };
