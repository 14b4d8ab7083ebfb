/** Runs inside a worker thread (see worker.test.ts): loads a model and answers one batch. */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainModel } from '../../../shared/models/domain-model.js';

const { dir, texts } = workerData as { dir: string; texts: string[] };
const model = await DomainModel.load(dir);
try {
  const probs = await model.predict(texts);
  parentPort!.postMessage(probs.map((p) => Array.from(p)));
} finally {
  await model.close();
}
