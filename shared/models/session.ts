/** ONNX Runtime session set-up for a model directory: CPU or CUDA provider, and the graph checks against the manifest. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Backend } from './backends.js';
import { ModelError } from './errors.js';
import type { ModelManifest } from './manifest.js';

export type Device = 'cpu' | 'cuda';
export const DEVICES: readonly Device[] = ['cpu', 'cuda'];

const CUDA_HINT =
  'install the CUDA build of onnxruntime-node: ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci (needs CUDA 12 and cuDNN 9)';

/** Directory of onnxruntime-node's native binding, where the CUDA provider library must sit. */
function ortBinaryDir(): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

export async function openSession(
  path: string,
  bytes: Uint8Array,
  device: Device,
  threads: number | undefined,
): Promise<ort.InferenceSession> {
  if (device === 'cuda') {
    const lib =
      process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    if (!existsSync(join(ortBinaryDir(), lib))) {
      throw new ModelError(
        { code: 'CUDA_UNAVAILABLE', reason: `${lib} not found next to onnxruntime-node's binding` },
        'CUDA requested but onnxruntime-node was installed without CUDA support',
        { metaMessages: [CUDA_HINT] },
      );
    }
  }
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
  };
  try {
    return await ort.InferenceSession.create(bytes, options);
  } catch (err) {
    const message = (err as Error).message;
    if (device === 'cuda' && /cuda|provider|shared library/i.test(message)) {
      throw new ModelError(
        { code: 'CUDA_UNAVAILABLE', reason: message },
        'the CUDA execution provider failed to load',
        {
          cause: err,
          metaMessages: [message, CUDA_HINT],
        },
      );
    }
    throw new ModelError({ code: 'SESSION_FAILED', path }, `ONNX Runtime cannot load ${path}`, {
      cause: err,
      metaMessages: [message],
    });
  }
}

export function checkGraph(
  session: ort.InferenceSession,
  backend: Backend,
  manifest: ModelManifest,
  path: string,
): void {
  const mismatch = (reason: string) =>
    new ModelError({ code: 'MODEL_SHAPE_MISMATCH', path, reason }, `${path}: ${reason}`, {
      metaMessages: [
        `inputs: ${session.inputNames.join(', ')}`,
        `outputs: ${session.outputNames.join(', ')}`,
      ],
    });
  const required = manifest.kind === 'hf' ? ['input_ids', 'attention_mask'] : backend.inputNames;
  for (const name of required) {
    if (!session.inputNames.includes(name)) throw mismatch(`graph has no input "${name}"`);
  }
  for (const name of session.inputNames) {
    if (!backend.inputNames.includes(name))
      throw mismatch(`graph input "${name}" is not one this kind feeds`);
  }
  for (const meta of session.inputMetadata) {
    if (meta.isTensor && meta.shape.length !== 2) {
      throw mismatch(`input "${meta.name}" has rank ${meta.shape.length}, expected [batch, length]`);
    }
  }
  if (!session.outputNames.includes(backend.outputName))
    throw mismatch(`graph has no output "${backend.outputName}"`);
  const out = session.outputMetadata.find((m) => m.name === backend.outputName);
  if (out?.isTensor) {
    const last = out.shape[out.shape.length - 1];
    if (out.shape.length !== 2 || (typeof last === 'number' && last !== manifest.labels.length)) {
      throw mismatch(
        `output "${backend.outputName}" has shape [${out.shape.join(', ')}], expected [batch, ${manifest.labels.length}]`,
      );
    }
  }
}
