/**
 * The checks behind `verifyEvidenceRecord`: the record's form (every field present, nothing extra, each
 * in its exact form) and its contents (the miner's two signatures, the info payload naming the record's
 * digest and provider, the request and payload decoding, items inside the request).
 */
import { u8aToHex } from '@polkadot/util';
import {
  DEFAULT_LIMITS,
  decodeClassifyPayload,
  decodeInfoPayload,
  decodeValidatorFrame,
  hashBytes,
  type InfoPayload,
  verifyResponse,
} from '../../shared/protocol/index.js';
import { toPublicKey } from '../../shared/wallet/index.js';
import { verifyEvidence } from '../miners/evidence.js';
import {
  EVIDENCE_FORMAT,
  EVIDENCE_VERSION,
  type EvidenceProblem,
  type FraudEvidence,
  type FraudEvidenceBody,
} from './evidence-format.js';

/** What a record's bytes say once decoded. */
export interface EvidenceContents {
  info: InfoPayload;
  /** The request's texts at `items`, in order. */
  texts: string[];
  /** The miner's probabilities at `items`, in order (float32 values as decoded). */
  claimed: number[][];
}

const KEYS = [
  'format',
  'version',
  'netuid',
  'block',
  'time',
  'validator',
  'miner',
  'bundleDigest',
  'executionProvider',
  'info',
  'classify',
  'items',
  'recomputed',
  'maxAbsDiff',
  'tolerance',
  'id',
  'validatorSignature',
];
const HEX = /^0x(?:[0-9a-f]{2})+$/;
const HEX32 = /^0x[0-9a-f]{64}$/;
const HEX64 = /^0x[0-9a-f]{128}$/;
const DIGEST = /^[0-9a-f]{64}$/;
const ID = /^[0-9a-f]{32}$/;
const PROVIDER = /^[A-Za-z0-9_.:-]{1,32}$/;
/** Hex characters of the largest frame or payload (two per byte, plus `0x`). */
const MAX_HEX = DEFAULT_LIMITS.maxFrameBytes * 2 + 2;

/** The record's body when every field has its form; otherwise undefined, with FORMAT problems. */
export function readShape(record: unknown, problems: EvidenceProblem[]): FraudEvidenceBody | undefined {
  const before = problems.length;
  const bad = (field: string, reason: string) =>
    problems.push({ code: 'FORMAT', message: `${field} ${reason}` });
  if (!isObject(record)) {
    bad('record', 'must be an object');
    return undefined;
  }
  exactKeys(record, KEYS, 'record', bad);
  const r = record as Record<string, unknown>;
  if (r.format !== EVIDENCE_FORMAT) bad('format', `must be "${EVIDENCE_FORMAT}"`);
  if (r.version !== EVIDENCE_VERSION) bad('version', `must be ${EVIDENCE_VERSION}`);
  if (!isInt(r.netuid, 0xffff)) bad('netuid', 'must be an integer in [0, 65535]');
  if (!isInt(r.block, Number.MAX_SAFE_INTEGER)) bad('block', 'must be a non-negative integer');
  if (typeof r.time !== 'string' || !isIsoTime(r.time))
    bad('time', 'must be an ISO 8601 UTC time (toISOString)');
  if (!isAddress(r.validator)) bad('validator', 'must be an SS58 address');
  if (isObject(r.miner)) {
    exactKeys(r.miner, ['uid', 'hotkey'], 'miner', bad);
    if (!isInt(r.miner.uid, 0xffff)) bad('miner.uid', 'must be an integer in [0, 65535]');
    if (!isAddress(r.miner.hotkey)) bad('miner.hotkey', 'must be an SS58 address');
  } else bad('miner', 'must be an object');
  if (typeof r.bundleDigest !== 'string' || !DIGEST.test(r.bundleDigest))
    bad('bundleDigest', 'must be 64 lowercase hex');
  if (typeof r.executionProvider !== 'string' || !PROVIDER.test(r.executionProvider)) {
    bad('executionProvider', 'must be 1..32 of [A-Za-z0-9_.:-]');
  }
  hexFields(r.info, 'info', { requestHash: HEX32, payload: HEX, signature: HEX64 }, bad);
  hexFields(r.classify, 'classify', { request: HEX, payload: HEX, signature: HEX64 }, bad);
  const items = r.items;
  if (
    !Array.isArray(items) ||
    items.length === 0 ||
    items.length > DEFAULT_LIMITS.maxBatch ||
    !items.every((v, i) => isInt(v, DEFAULT_LIMITS.maxBatch - 1) && (i === 0 || v > (items[i - 1] as number)))
  ) {
    bad('items', `must be 1..${DEFAULT_LIMITS.maxBatch} ascending distinct indices`);
  }
  const rows = r.recomputed;
  if (
    !Array.isArray(rows) ||
    !Array.isArray(items) ||
    rows.length !== items.length ||
    !rows.every(
      (row) =>
        Array.isArray(row) &&
        row.length > 0 &&
        row.length <= DEFAULT_LIMITS.maxLabels &&
        row.every((v) => typeof v === 'number' && Number.isFinite(v)),
    )
  ) {
    bad('recomputed', 'must hold one vector of finite numbers per item');
  }
  if (!isNumber(r.maxAbsDiff) || r.maxAbsDiff < 0) bad('maxAbsDiff', 'must be a number ≥ 0');
  if (!isNumber(r.tolerance) || r.tolerance <= 0 || r.tolerance > 1) bad('tolerance', 'must be in (0, 1]');
  if (typeof r.id !== 'string' || !ID.test(r.id)) bad('id', 'must be 32 lowercase hex');
  if (typeof r.validatorSignature !== 'string' || !HEX64.test(r.validatorSignature)) {
    bad('validatorSignature', 'must be 0x and 128 lowercase hex');
  }
  if (problems.length > before) return undefined;
  const { id: _id, validatorSignature: _sig, ...body } = record as unknown as FraudEvidence;
  return body;
}

/**
 * Decodes the signed parts of a well-formed body and checks them (problems appended). Undefined when
 * something needed to compare the numbers does not decode.
 */
export function readContents(
  body: FraudEvidenceBody,
  problems: EvidenceProblem[],
): EvidenceContents | undefined {
  const hotkey = body.miner.hotkey;
  let info: InfoPayload | undefined;
  const infoPayload = bytesOf(body.info.payload);
  const infoSigned =
    infoPayload !== undefined &&
    verifyEvidence(hotkey, {
      requestHash: body.info.requestHash,
      responseHash: u8aToHex(hashBytes(infoPayload)),
      signature: body.info.signature,
    });
  if (!infoSigned)
    problems.push({ code: 'INFO_SIGNATURE', message: `info is not signed by the miner ${hotkey}` });
  try {
    info = infoPayload && decodeInfoPayload(infoPayload);
  } catch (err) {
    problems.push({ code: 'INFO_PAYLOAD', message: `info payload: ${(err as Error).message}` });
  }
  if (info && info.bundleDigest !== body.bundleDigest) {
    problems.push({
      code: 'INFO_PAYLOAD',
      message: `info names bundle ${info.bundleDigest}, not ${body.bundleDigest}`,
    });
  }
  if (info && info.executionProvider !== body.executionProvider) {
    problems.push({
      code: 'INFO_PAYLOAD',
      message: `info names execution provider ${info.executionProvider}, not ${body.executionProvider}`,
    });
  }
  const request = bytesOf(body.classify.request);
  const payload = bytesOf(body.classify.payload);
  const signature = bytesOf(body.classify.signature);
  if (!request || !payload || !signature || !verifyResponse(hotkey, request, payload, signature)) {
    problems.push({
      code: 'CLASSIFY_SIGNATURE',
      message: `the classify answer is not signed by the miner ${hotkey}`,
    });
  }
  let texts: string[] | undefined;
  try {
    const frame = request && decodeValidatorFrame(request);
    if (frame?.type === 'classify') texts = frame.texts;
    else problems.push({ code: 'CLASSIFY_REQUEST', message: 'the request is not a classify frame' });
  } catch (err) {
    problems.push({ code: 'CLASSIFY_REQUEST', message: `request: ${(err as Error).message}` });
  }
  if (!info || !texts || !payload) return undefined;
  let probabilities: number[][];
  try {
    probabilities = decodeClassifyPayload(payload, {
      items: texts.length,
      labels: info.labels.length,
    }).probabilities;
  } catch (err) {
    problems.push({ code: 'CLASSIFY_PAYLOAD', message: `classify payload: ${(err as Error).message}` });
    return undefined;
  }
  const all = texts;
  if (body.items.some((i) => i >= all.length)) {
    problems.push({ code: 'ITEMS', message: `items reach past the request's ${all.length} texts` });
    return undefined;
  }
  if (body.recomputed.some((row) => row.length !== info.labels.length)) {
    problems.push({ code: 'ITEMS', message: `recomputed vectors must have ${info.labels.length} values` });
  }
  return {
    info,
    texts: body.items.map((i) => all[i] ?? ''),
    claimed: body.items.map((i) => probabilities[i] ?? []),
  };
}

/** The info payload when it decodes (createEvidence fills digest and provider from it). */
export function peekInfo(payload: Uint8Array): InfoPayload | undefined {
  try {
    return decodeInfoPayload(payload);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function exactKeys(
  obj: object,
  keys: readonly string[],
  where: string,
  bad: (f: string, r: string) => void,
): void {
  for (const key of Object.keys(obj))
    if (!keys.includes(key)) bad(`${where}.${key}`, 'is not a field of the format');
  for (const key of keys) if (!Object.hasOwn(obj, key)) bad(`${where}.${key}`, 'is missing');
}

function hexFields(
  value: unknown,
  where: string,
  fields: Record<string, RegExp>,
  bad: (f: string, r: string) => void,
): void {
  if (!isObject(value)) {
    bad(where, 'must be an object');
    return;
  }
  exactKeys(value, Object.keys(fields), where, bad);
  for (const [key, pattern] of Object.entries(fields)) {
    const v = value[key];
    if (typeof v !== 'string' || v.length > MAX_HEX || !pattern.test(v))
      bad(`${where}.${key}`, 'must be 0x and lowercase hex');
  }
}

function isInt(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isIsoTime(v: string): boolean {
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v;
}

function isAddress(v: unknown): v is string {
  // SS58 only (toPublicKey also takes hex keys: one key, one spelling in a signed record).
  if (typeof v !== 'string' || v.length > 64 || v.startsWith('0x')) return false;
  try {
    toPublicKey(v);
    return true;
  } catch {
    return false;
  }
}

function bytesOf(hex: string): Uint8Array | undefined {
  return HEX.test(hex) ? new Uint8Array(Buffer.from(hex.slice(2), 'hex')) : undefined;
}
