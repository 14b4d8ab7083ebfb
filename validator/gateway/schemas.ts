/**
 * JSON schemas of the request bodies (ajv): unknown fields are refused and every failure becomes a
 * `GatewayError` naming the field, e.g. `texts[2] must NOT have more than 4096 characters`.
 */
import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { GatewayError } from './errors.js';
import type { ClassifyRequest } from './types.js';

/** Request limits; the text limits match the miner protocol's (`DEFAULT_LIMITS`). */
export const REQUEST_LIMITS = Object.freeze({
  maxTexts: 64,
  maxTextChars: 4096,
  maxRedundancy: 5,
  maxNameChars: 64,
});

const name = { type: 'string', minLength: 1, maxLength: REQUEST_LIMITS.maxNameChars } as const;
const hex = (bytes: number) => ({ type: 'string', pattern: `^(0x)?[0-9a-fA-F]{${bytes * 2}}$` }) as const;

const classifyProperties = {
  domain: name,
  task: { ...name, nullable: true },
  texts: {
    type: 'array',
    minItems: 1,
    maxItems: REQUEST_LIMITS.maxTexts,
    items: { type: 'string', minLength: 1, maxLength: REQUEST_LIMITS.maxTextChars },
  },
  redundancy: { type: 'integer', minimum: 1, maximum: REQUEST_LIMITS.maxRedundancy, nullable: true },
} as const;

const classifySchema: JSONSchemaType<ClassifyRequest> = {
  type: 'object',
  additionalProperties: false,
  required: ['domain', 'texts'],
  properties: classifyProperties,
};

/** A classify request over the WebSocket API: the HTTP body plus an id echoed in the answer. */
export interface SocketClassifyRequest extends ClassifyRequest {
  type: 'classify';
  id?: string | number;
}

const socketClassifySchema: JSONSchemaType<SocketClassifyRequest> = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'domain', 'texts'],
  properties: {
    ...classifyProperties,
    type: { type: 'string', const: 'classify' },
    // biome-ignore lint/suspicious/noExplicitAny: ajv's typing of a string|number union needs a cast.
    id: { type: ['string', 'number'], maxLength: 128, nullable: true } as any,
  },
};

/** What /v1/verify checks: a provenance record as the classify answer gave it (extra fields optional). */
export interface VerifyRequest {
  hotkey: string;
  requestHash: string;
  responseHash: string;
  signature: string;
  uid?: number;
  modelSha256?: string;
  label?: string;
  probabilities?: number[];
  batchSize?: number;
  latencyMs?: number;
  inferenceMs?: number;
}

const verifySchema: JSONSchemaType<VerifyRequest> = {
  type: 'object',
  additionalProperties: false,
  required: ['hotkey', 'requestHash', 'responseHash', 'signature'],
  properties: {
    hotkey: { type: 'string', minLength: 1, maxLength: 64 },
    requestHash: hex(32),
    responseHash: hex(32),
    signature: hex(64),
    uid: { type: 'integer', minimum: 0, maximum: 65535, nullable: true },
    modelSha256: { ...hex(32), nullable: true },
    label: { type: 'string', maxLength: 256, nullable: true },
    probabilities: { type: 'array', maxItems: 256, items: { type: 'number' }, nullable: true },
    batchSize: { type: 'integer', minimum: 1, maximum: 1024, nullable: true },
    latencyMs: { type: 'number', minimum: 0, nullable: true },
    inferenceMs: { type: 'number', minimum: 0, nullable: true },
  },
};

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
const validators = {
  classify: ajv.compile(classifySchema),
  socketClassify: ajv.compile(socketClassifySchema),
  verify: ajv.compile(verifySchema),
};

/** `/texts/2` → `texts[2]`. */
function fieldName(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? '' : '.'}${part}`))
    .join('');
}

function describe(error: ErrorObject): { field?: string; message: string } {
  const at = fieldName(error.instancePath);
  const inside = at ? ` in ${at}` : '';
  if (error.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty);
    return { field: at ? `${at}.${extra}` : extra, message: `unknown field "${extra}"${inside}` };
  }
  if (error.keyword === 'required') {
    const missing = String(error.params.missingProperty);
    return { field: at ? `${at}.${missing}` : missing, message: `missing field "${missing}"${inside}` };
  }
  if (error.keyword === 'maxLength' && typeof error.params.limit === 'number') {
    return { field: at, message: `${at} is longer than ${error.params.limit} characters` };
  }
  if (error.keyword === 'pattern') return { field: at, message: `${at} is not the expected hex string` };
  return { field: at || undefined, message: `${at || 'body'} ${error.message ?? 'is invalid'}` };
}

function check<T>(validate: ValidateFunction<T>, value: unknown): T {
  if (validate(value)) return value;
  const first = validate.errors?.[0];
  const { field, message } = first ? describe(first) : { field: undefined, message: 'body is invalid' };
  throw new GatewayError({ code: 'BAD_REQUEST', field }, message);
}

export const parseClassifyRequest = (value: unknown): ClassifyRequest => check(validators.classify, value);
export const parseSocketClassifyRequest = (value: unknown): SocketClassifyRequest =>
  check(validators.socketClassify, value);
export const parseVerifyRequest = (value: unknown): VerifyRequest => check(validators.verify, value);
