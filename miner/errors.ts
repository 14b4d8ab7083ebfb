import { ExpertnetError } from '../shared/errors.js';

export type MinerErrorType =
  /** The inference queue is full; the request was not queued. */
  | { code: 'OVERLOADED'; queued: number; limit: number; retryAfterMs: number }
  /** The inference worker could not load the model or start. */
  | { code: 'WORKER_START_FAILED'; modelDir: string; reason: string }
  /** The inference worker failed a batch or exited while it was running. */
  | { code: 'INFERENCE_FAILED'; reason: string }
  /** A batch ran past the inference deadline; the worker was replaced. */
  | { code: 'INFERENCE_TIMEOUT'; timeoutMs: number }
  /** A queued request was dropped before inference: its connection closed or it waited too long. */
  | { code: 'DROPPED'; reason: 'disconnected' | 'expired'; waitedMs: number }
  /** The backend returned vectors of the wrong shape. */
  | { code: 'BAD_BACKEND_OUTPUT'; expected: number; actual: number }
  /** The miner is stopping and takes no new work. */
  | { code: 'SHUTTING_DOWN' }
  /** The hotkey is not registered and registration was not asked for or not possible. */
  | { code: 'NOT_REGISTERED'; netuid: number; hotkey: string; reason: string }
  /** Bad command-line or config-file value. */
  | { code: 'BAD_CONFIG'; option: string; reason: string };

export class MinerError extends ExpertnetError<MinerErrorType> {}
