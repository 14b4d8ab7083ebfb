/**
 * Inference worker thread: loads the backend module, warms the model up, then runs one batch per
 * message. Results travel back as one flat Float32Array (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendModule, InferenceBackend, LoadBackendOptions } from './backend.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './messages.js';

const port = parentPort!;
const init = workerData as WorkerInit;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function runBatch(backend: InferenceBackend, texts: string[]): Promise<Float32Array> {
  const labels = backend.info.labels.length;
  if (backend.classifyFlat) {
    const flat = await backend.classifyFlat(texts);
    if (flat.length !== texts.length * labels) {
      throw new Error(`backend returned ${flat.length} values for ${texts.length} texts × ${labels} labels`);
    }
    return flat;
  }
  const vectors = await backend.classify(texts);
  if (vectors.length !== texts.length) {
    throw new Error(`backend returned ${vectors.length} vectors for ${texts.length} texts`);
  }
  const flat = new Float32Array(texts.length * labels);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]!;
    if (v.length !== labels) throw new Error(`backend returned a vector of ${v.length} for ${labels} labels`);
    flat.set(v, i * labels);
  }
  return flat;
}

async function main(): Promise<void> {
  let backend: InferenceBackend;
  try {
    const mod = (await import(init.backendModule)) as BackendModule;
    const options: LoadBackendOptions = {
      modelDir: init.modelDir,
      device: init.device,
      maxBatch: init.maxBatch,
    };
    backend = await mod.loadBackend(options);
    // Warm-up: first runs allocate arenas and pick kernels; do it before taking traffic.
    const sample = Array.from({ length: init.maxBatch }, (_, i) => `warm-up text number ${i} for the model`);
    for (let i = 0; i < init.warmupRuns; i++) await runBatch(backend, sample);
  } catch (err) {
    port.postMessage({ type: 'fatal', message: errorText(err) } satisfies WorkerReply);
    return;
  }
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'close') {
      Promise.resolve(backend.close?.())
        .catch(() => undefined)
        .finally(() => port.close());
      return;
    }
    const started = performance.now();
    runBatch(backend, msg.texts).then(
      (probs) => {
        const reply: WorkerReply = { type: 'result', id: msg.id, probs, ms: performance.now() - started };
        port.postMessage(reply, [probs.buffer as ArrayBuffer]);
      },
      (err: unknown) =>
        port.postMessage({ type: 'error', id: msg.id, message: errorText(err) } satisfies WorkerReply),
    );
  });
  port.postMessage({ type: 'ready', info: backend.info } satisfies WorkerReply);
}

await main();
