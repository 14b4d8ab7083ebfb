/**
 * The miner stack the benches run in-process: a random `expertnet-bag` model, the ONNX inference worker,
 * its dynamic batcher and `MinerServer`s on 127.0.0.1 with bench settings (free port, private metrics).
 */
import { Registry } from 'prom-client';
import { DynamicBatcher, type DynamicBatcherOptions } from '../miner/batcher.js';
import { InferenceWorker } from '../miner/inference/inference-worker.js';
import { getMetrics } from '../miner/metrics.js';
import { MinerServer, type MinerServerOptions } from '../miner/server.js';
import { writeRandomBagModel } from '../testkit/bag-model.js';
import { scratchBundle } from '../testkit/scratch-bundle.js';

/** A bag model of realistic size (2^18 buckets, dim 64, word bigrams, char 3-5-grams) written to `dir`. */
export function writeBenchModel(dir: string): Promise<void> {
  return writeRandomBagModel(
    dir,
    1,
    { buckets: 1 << 18, wordNgrams: 2, charNgrams: [3, 5], maxTokens: 256, maxWordChars: 32 },
    64,
  );
}

/** The ONNX inference worker thread on `modelDir`, as the miner runs it. */
export function startBenchWorker(modelDir: string, maxBatch = 64): Promise<InferenceWorker> {
  return InferenceWorker.start({
    backendModule: new URL('../miner/inference/domain-model-backend.ts', import.meta.url),
    modelDir,
    maxBatch,
  });
}

/** A batcher feeding `worker`: 2 ms fill delay and a queue long enough that benches never see OVERLOADED. */
export function benchBatcher(
  worker: InferenceWorker,
  options: { maxBatch?: number; onBatch?: DynamicBatcherOptions['onBatch'] } = {},
): DynamicBatcher {
  return new DynamicBatcher({
    maxBatch: options.maxBatch ?? 64,
    maxDelayMs: 2,
    maxQueueItems: 1 << 16,
    labels: worker.info.labels.length,
    run: (texts) => worker.classify(texts),
    onBatch: options.onBatch,
  });
}

/**
 * A `MinerServer` on 127.0.0.1, a free port, with its own metrics registry; it serves `bundle` (default:
 * a small scratch bundle, for benches that do not download it).
 */
export async function listenBenchMiner(
  options: Omit<MinerServerOptions, 'metrics' | 'softwareVersion' | 'host' | 'port' | 'bundle'> &
    Partial<Pick<MinerServerOptions, 'bundle'>>,
): Promise<MinerServer> {
  return MinerServer.listen({
    bundle: options.bundle ?? (await scratchBundle()),
    metrics: getMetrics(new Registry(), { defaultMetrics: false }),
    softwareVersion: 'bench',
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
}
