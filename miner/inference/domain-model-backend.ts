/**
 * The default backend: a `shared/models` domain model directory (`model.json` + ONNX), run with
 * onnxruntime-node inside the inference worker. Flat output avoids one copy per item.
 */
import { DomainModel } from '../../shared/models/index.js';
import type { InferenceBackend, LoadBackendOptions } from './backend.js';

export async function loadBackend(options: LoadBackendOptions): Promise<InferenceBackend> {
  const model = await DomainModel.load(options.modelDir, {
    device: options.device,
    maxBatch: options.maxBatch,
  });
  const { manifest } = model;
  return {
    info: {
      domain: manifest.domain,
      task: manifest.task,
      labels: [...manifest.labels],
      sha256: manifest.onnx.sha256,
    },
    classify: (texts) => model.predict(texts),
    classifyFlat: async (texts) => (await model.predictFlat(texts)).probs,
    close: () => model.close(),
  };
}
