/**
 * JSON schemas of the request bodies (ajv): unknown fields are refused and every failure becomes a
 * `GatewayError` naming the field, e.g. `texts[2] is longer than 4096 UTF-16 units`. The HTTP routes
 * use them through fastify (`validatorCompiler`), the WebSocket API through `parseSocketClassifyRequest`.
 *
 * String lengths count UTF-16 code units (JavaScript's `.length`), the unit the miner protocol's limits
 * use: ajv would count code points by default, letting a text of 4,096 emoji (8,192 units) through to
 * a miner client that must refuse it.
 */
import { Ajv, type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { GatewayError } from './errors.js';
import type { ClassifyRequest, SignedInfo } from './types.js';

/** Request limits; the text limits match the miner protocol's (`DEFAULT_LIMITS`), in UTF-16 units. */
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

/** What /v1/verify checks: a provenance record as the classify answer gave it. */
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
  /** Position of this text in the signed batch. */
  index?: number;
  /** The classify payload bytes the miner signed (every text's vector and inferenceMs), hex. */
  response?: string;
  info?: SignedInfo;
}

/** Largest signed payloads a record may carry (a 128-text batch over 256 labels is ~165 KB). */
const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_INFO_BYTES = 64 * 1024;
const hexBytes = (maxBytes: number) =>
  ({ type: 'string', maxLength: 2 + 2 * maxBytes, pattern: '^(0x)?([0-9a-fA-F]{2})*$' }) as const;

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
    index: { type: 'integer', minimum: 0, maximum: 1023, nullable: true },
    response: { ...hexBytes(MAX_RESPONSE_BYTES), nullable: true },
    info: {
      type: 'object',
      nullable: true,
      additionalProperties: false,
      required: ['payload', 'requestHash', 'responseHash', 'signature'],
      properties: {
        payload: hexBytes(MAX_INFO_BYTES),
        requestHash: hex(32),
        responseHash: hex(32),
        signature: hex(64),
      },
    },
  },
};

// `unicode: false`: maxLength counts UTF-16 units (see the header). Deprecated in ajv 8 but supported;
// the alternative, a custom keyword, would hide the limit from anyone reading the schema.
const ajv = new Ajv({
  allErrors: false,
  strict: true,
  allowUnionTypes: true,
  unicode: false,
  // ajv warns once that `unicode` is deprecated: that is the point here; anything else goes to stderr.
  logger: {
    log: console.log,
    warn: (...args: unknown[]) => {
      if (!String(args[0]).includes('option unicode')) console.warn(...args);
    },
    error: console.error,
  },
});
const validators = {
  classify: ajv.compile(classifySchema),
  socketClassify: ajv.compile(socketClassifySchema),
  verify: ajv.compile(verifySchema),
};

/** The request body schemas, for the routes' `schema.body` (compiled by `compileBodyValidator`). */
export const BODY_SCHEMAS = { classify: classifySchema, verify: verifySchema } as const;

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
    return { field: at, message: `${at} is longer than ${error.params.limit} UTF-16 units` };
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

/**
 * fastify's `validatorCompiler`: the routes' body schemas through this module's ajv (UTF-16 lengths,
 * unknown fields refused, no coercion). fastify stamps its own fields on the error it is given, so the
 * `GatewayError` travels as the `cause` of a plain one (http-errors.ts answers with the cause).
 */
export function compileBodyValidator(
  schema: object,
): (value: unknown) => { value: unknown } | { error: Error } {
  const validate =
    schema === classifySchema
      ? validators.classify
      : schema === verifySchema
        ? validators.verify
        : ajv.compile(schema);
  return (value) => {
    try {
      return { value: check(validate, value) };
    } catch (err) {
      return { error: new Error((err as Error).message, { cause: err }) };
    }
  };
}

export const parseClassifyRequest = (value: unknown): ClassifyRequest => check(validators.classify, value);
export const parseSocketClassifyRequest = (value: unknown): SocketClassifyRequest =>
  check(validators.socketClassify, value);
export const parseVerifyRequest = (value: unknown): VerifyRequest => check(validators.verify, value);
