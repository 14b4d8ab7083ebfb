/**
 * Thin helpers over `onnx-proto` (the ONNX protobuf schema, IR version 8) for building small inference
 * graphs: typed initializers, nodes, graph inputs/outputs and the encoded ModelProto.
 */
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

/** IR version 8 is what onnx-proto 8 (ONNX 1.10) describes; ORT 1.30 reads it. */
export const ONNX_IR_VERSION = 8;
/** Opset 13: ReduceSum/Unsqueeze take axes as inputs; Softmax is over one axis. */
export const ONNX_OPSET = 13;

export type ElemType = 'float' | 'int32' | 'int64';
/** A dimension: a fixed size or a symbolic name (batch, sequence length). */
export type Dim = number | string;

const ELEM: Record<ElemType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

function rawBytes(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  // ONNX raw_data is little-endian, like typed arrays on every platform Node supports.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function tensor(
  name: string,
  dims: readonly number[],
  data: Float32Array | Int32Array | BigInt64Array,
): OnnxTypes.ITensorProto {
  const dataType =
    data instanceof Float32Array ? ELEM.float : data instanceof Int32Array ? ELEM.int32 : ELEM.int64;
  return onnx.TensorProto.create({ name, dims: [...dims], dataType, rawData: rawBytes(data) });
}

/** An int64 vector constant (axes, shapes). */
export function int64s(name: string, values: readonly number[]): OnnxTypes.ITensorProto {
  return tensor(
    name,
    [values.length],
    BigInt64Array.from(values, (v) => BigInt(v)),
  );
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: OnnxTypes.IAttributeProto[] = [],
): OnnxTypes.INodeProto {
  return onnx.NodeProto.create({
    opType,
    input: [...inputs],
    output: [...outputs],
    name: `${opType}_${outputs[0]}`,
    attribute: attributes,
  });
}

export function intAttribute(name: string, value: number): OnnxTypes.IAttributeProto {
  return onnx.AttributeProto.create({ name, i: value, type: onnx.AttributeProto.AttributeType.INT });
}

export function valueInfo(name: string, elem: ElemType, dims: readonly Dim[]): OnnxTypes.IValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: ELEM[elem],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

export interface BuildModelParameters {
  graphName: string;
  nodes: OnnxTypes.INodeProto[];
  initializers: OnnxTypes.ITensorProto[];
  inputs: OnnxTypes.IValueInfoProto[];
  outputs: OnnxTypes.IValueInfoProto[];
  /** Free-form key/value pairs stored in the model (labels, versions). */
  metadata?: Record<string, string>;
  docString?: string;
}

/** Encodes a complete ModelProto (IR 8, default-domain opset 13). */
export function encodeModel(p: BuildModelParameters): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'expertnet',
    producerVersion: '1',
    docString: p.docString ?? '',
    metadataProps: Object.entries(p.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: onnx.GraphProto.create({
      name: p.graphName,
      node: p.nodes,
      initializer: p.initializers,
      input: p.inputs,
      output: p.outputs,
    }),
  });
  return onnx.ModelProto.encode(model).finish();
}
