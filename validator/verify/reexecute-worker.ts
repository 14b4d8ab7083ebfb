/**
 * Re-execution worker thread: loads bundle directories as `DomainModel`s (CPU, one ORT thread, kept in a
 * small LRU so a miner's next spot check does not reload) and runs one batch per message. Results go
 * back as one flat Float32Array (transferred), with the time the load and the run took here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainModel } from '../../shared/models/index.js';
import type { ReexecWorkerInit, ReexecWorkerReply, ReexecWorkerRequest } from './reexecute-messages.js';

const init = workerData as ReexecWorkerInit;
const loaded = new Map<string, DomainModel>();

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function modelFor(dir: string): Promise<DomainModel> {
  const cached = loaded.get(dir);
  if (cached) {
    // Re-insert: Map order is the LRU order.
    loaded.delete(dir);
    loaded.set(dir, cached);
    return cached;
  }
  // One intra-op thread: the cost stays on one core, which is what the CPU budget paces.
  const model = await DomainModel.load(dir, { device: 'cpu', threads: 1, maxBatch: init.maxBatch });
  loaded.set(dir, model);
  while (loaded.size > init.maxLoadedModels) {
    const [oldest, evicted] = loaded.entries().next().value as [string, DomainModel];
    loaded.delete(oldest);
    await evicted.close();
  }
  return model;
}

async function run(dir: string, texts: string[]): Promise<{ probs: Float32Array; classes: number }> {
  const model = await modelFor(dir);
  const { probs, classes } = await model.predictFlat(texts);
  return { probs, classes };
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('reexecute-worker must run in a worker thread');
  port.on('message', (msg: ReexecWorkerRequest) => {
    if (msg.type === 'close') {
      Promise.all([...loaded.values()].map((m) => m.close()))
        .catch(() => undefined)
        .finally(() => port.close());
      return;
    }
    const started = performance.now();
    run(msg.dir, msg.texts).then(
      ({ probs, classes }) => {
        const reply: ReexecWorkerReply = {
          type: 'result',
          id: msg.id,
          probs,
          classes,
          ms: performance.now() - started,
        };
        port.postMessage(reply, [probs.buffer as ArrayBuffer]);
      },
      (err: unknown) =>
        port.postMessage({
          type: 'error',
          id: msg.id,
          message: errorText(err),
          ms: performance.now() - started,
        } satisfies ReexecWorkerReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies ReexecWorkerReply);
}

main();
