/**
 * ONNX export of an `expertnet-bag` model.
 *
 * Graph (opset 13):
 *   ids     int32 [batch, len]  bucket ids (padding: any valid id, e.g. 0, with weight 0)
 *   weights float [batch, len]  feature weights (sum to 1 per row; 0 on padding)
 *   rows   = Gather(embedding [buckets, dim], ids)            [batch, len, dim]
 *   hidden = ReduceSum(rows * Unsqueeze(weights, 2), axis 1)  [batch, dim]
 *   logits = MatMul(hidden, weight [dim, classes]) + bias     [batch, classes]
 *   probs  = Softmax(logits, axis -1)                         [batch, classes]
 * Ids are int32 (Gather accepts int32 indices) so the hot path fills an Int32Array instead of BigInts.
 */
import type { BagParameters } from './bag.js';
import { encodeModel, int64s, intAttribute, node, tensor, valueInfo } from './onnx-builder.js';

export const BAG_INPUT_IDS = 'ids';
export const BAG_INPUT_WEIGHTS = 'weights';
export const BAG_OUTPUT_PROBS = 'probs';
export const BAG_OUTPUT_LOGITS = 'logits';

export interface ExportBagParameters {
  parameters: BagParameters;
  labels: readonly string[];
  /** Stored as model metadata for people who open the file in Netron and the like. */
  description?: string;
}

export function exportBagOnnx({ parameters: p, labels, description }: ExportBagParameters): Uint8Array {
  return encodeModel({
    graphName: 'expertnet_bag',
    docString: description,
    metadata: { 'expertnet.kind': 'expertnet-bag', 'expertnet.labels': JSON.stringify(labels) },
    initializers: [
      tensor('embedding', [p.buckets, p.dim], p.embedding),
      tensor('weight', [p.dim, p.classes], p.weight),
      tensor('bias', [p.classes], p.bias),
      int64s('axis_2', [2]),
      int64s('axis_1', [1]),
    ],
    nodes: [
      node('Gather', ['embedding', BAG_INPUT_IDS], ['rows'], [intAttribute('axis', 0)]),
      node('Unsqueeze', [BAG_INPUT_WEIGHTS, 'axis_2'], ['weights_3d']),
      node('Mul', ['rows', 'weights_3d'], ['weighted_rows']),
      node('ReduceSum', ['weighted_rows', 'axis_1'], ['hidden'], [intAttribute('keepdims', 0)]),
      node('MatMul', ['hidden', 'weight'], ['projected']),
      node('Add', ['projected', 'bias'], [BAG_OUTPUT_LOGITS]),
      node('Softmax', [BAG_OUTPUT_LOGITS], [BAG_OUTPUT_PROBS], [intAttribute('axis', -1)]),
    ],
    inputs: [
      valueInfo(BAG_INPUT_IDS, 'int32', ['batch', 'length']),
      valueInfo(BAG_INPUT_WEIGHTS, 'float', ['batch', 'length']),
    ],
    outputs: [
      valueInfo(BAG_OUTPUT_PROBS, 'float', ['batch', p.classes]),
      valueInfo(BAG_OUTPUT_LOGITS, 'float', ['batch', p.classes]),
    ],
  });
}
