/**
 * What the miner needs from a model: its identity (published on chain and in `info`) and a batched
 * classifier. Backends run inside the inference worker thread (they may block it); the worker imports
 * a *backend module* by URL, so tests and other model kinds plug in without touching the miner.
 */
export interface BackendInfo {
  domain: string;
  task: string;
  /** Label ids, in the order of every probability vector. */
  labels: string[];
  /** sha256 of the served ONNX file, lowercase hex. */
  sha256: string;
}

export interface InferenceBackend {
  readonly info: BackendInfo;
  /** One probability vector per text, in order, each `labels.length` long. */
  classify(texts: string[]): Promise<Float32Array[]>;
  /** Optional fast path: the same probabilities as one flat [texts × labels] array. */
  classifyFlat?(texts: string[]): Promise<Float32Array>;
  close?(): Promise<void>;
}

export interface LoadBackendOptions {
  modelDir: string;
  device: 'cpu' | 'cuda';
  /** Largest batch the miner will send (lets a backend pre-size buffers). */
  maxBatch: number;
}

/** The shape of a backend module: `export async function loadBackend(options)`. */
export interface BackendModule {
  loadBackend(options: LoadBackendOptions): Promise<InferenceBackend>;
}
