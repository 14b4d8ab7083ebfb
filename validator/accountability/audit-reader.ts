/**
 * Reads an audit trail v2 epoch file (`.jsonl` or `.jsonl.gz`, from disk, a buffer or an HTTP body)
 * into typed records. Every record is checked field by field; anything else is an `AuditFormatError`
 * naming the line: `TRUNCATED` (cut gzip stream, unterminated last line), `MALFORMED` (not JSON, not
 * gzip), `UNSUPPORTED_VERSION` (`v` other than 2), `BAD_RECORD` (a field missing or of the wrong
 * type), `BAD_ORDER` (no `epoch_start` first, records of another epoch, anything after `epoch_end`).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ExpertnetError } from '../../shared/errors.js';
import {
  AUDIT_VERSION,
  type AuditEpoch,
  type AuditRecordV2,
  type EpochEndRecord,
  type EpochStartRecord,
  type RoundRecord,
  type WeightsRecord,
} from './audit-types.js';

export type AuditFormatErrorType =
  | { code: 'TRUNCATED'; source: string; line?: number; reason: string }
  | { code: 'MALFORMED'; source: string; line?: number; reason: string }
  | { code: 'UNSUPPORTED_VERSION'; source: string; line: number; version: unknown }
  | { code: 'BAD_RECORD'; source: string; line: number; field: string; reason: string }
  | { code: 'BAD_ORDER'; source: string; line: number; reason: string }
  | { code: 'EMPTY'; source: string };

/** An audit file that cannot be read as the v2 format. */
export class AuditFormatError extends ExpertnetError<AuditFormatErrorType> {}

type Obj = Record<string, unknown>;
type Check = (value: unknown) => string | undefined;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const int: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'an integer ≥ 0');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'a finite number');
const str: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'a boolean');
const hex = (bytes: number): Check => {
  const re = new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`);
  return (v) => (typeof v === 'string' && re.test(v) ? undefined : `0x + ${bytes * 2} lowercase hex digits`);
};
const base64: Check = (v) =>
  typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0 ? undefined : 'base64';
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? undefined : check(v);
const arrayOf =
  (check: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'an array';
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i]);
      if (problem) return `[${i}] must be ${problem}`;
    }
    return undefined;
  };
const record =
  (check: Check): Check =>
  (v) => {
    if (!isObj(v)) return 'an object';
    for (const [k, x] of Object.entries(v)) {
      const problem = check(x);
      if (problem) return `.${k} must be ${problem}`;
    }
    return undefined;
  };

/** Required (no `?`) or optional (`?` suffix) fields and their checks. */
type Shape = Record<string, Check>;
const shape =
  (fields: Shape): Check =>
  (v) => {
    if (!isObj(v)) return 'an object';
    for (const [name, check] of Object.entries(fields)) {
      const optional = name.endsWith('?');
      const key = optional ? name.slice(0, -1) : name;
      if (!(key in v) || v[key] === undefined) {
        if (optional) continue;
        return `.${key}: missing`;
      }
      const problem = check(v[key]);
      if (problem)
        return `.${key} must be ${problem.startsWith('.') || problem.startsWith('[') ? `valid (${problem})` : problem}`;
    }
    return undefined;
  };

const SCORE = shape({ uid: int, hotkey: str, score: num, rounds: int, lastRound: int });
const CONFIG = shape({
  scoringRule: str,
  alpha: num,
  batchSize: int,
  sampleSize: int,
  timeoutMs: num,
  latencyTargetMs: num,
  difficultyMix: shape({ easy: num, standard: num, hard: num }),
  datasetShare: num,
  packs: record(hex(32)),
  generatorVersion: int,
  challengeVersion: int,
  scorePower: num,
  excludeQuantile: num,
  domainShares: record(num),
  revealDataset: bool,
});
const MINER = shape({
  uid: int,
  hotkey: str,
  domain: str,
  task: str,
  'items?': (v) => (typeof v === 'string' && /^[eshd]*$/.test(v) ? undefined : 'a string of e/s/h/d'),
  'dataset?': arrayOf(int),
  'requestId?': int,
  'requestHash?': hex(32),
  'payload?': base64,
  'signature?': hex(64),
  'latencyMs?': num,
  quality: num,
  latencyFactor: num,
  score: num,
  average: num,
  'failure?': str,
  'skipped?': str,
  'verification?': str,
});
const U16S = arrayOf((v) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65_535 ? undefined : 'a u16',
);
const base = { v: int, kind: str, epoch: int, block: int };

const SHAPES: Record<AuditRecordV2['kind'], Check> = {
  epoch_start: shape({
    ...base,
    time: str,
    netuid: int,
    validator: str,
    tempo: int,
    commitment: shape({ hash: hex(32), block: nullable(int), 'reason?': str }),
    auditable: bool,
    'reason?': str,
    config: CONFIG,
    scores: arrayOf(SCORE),
  }),
  resume: shape({ ...base, time: str, nextRound: int, config: CONFIG, scores: arrayOf(SCORE) }),
  metagraph: shape({
    ...base,
    n: int,
    minAllowedWeights: int,
    maxWeightsLimit: int,
    miners: arrayOf((v) =>
      Array.isArray(v) && v.length === 4 && !int(v[0]) && v.slice(1).every((x) => typeof x === 'string')
        ? undefined
        : '[uid, hotkey, domain, task]',
    ),
  }),
  round: shape({
    ...base,
    time: str,
    round: int,
    miners: arrayOf(MINER),
    'zeroed?': arrayOf(int),
    uids: U16S,
    weights: U16S,
  }),
  weights: shape({
    ...base,
    time: str,
    method: (v) =>
      v === 'set' || v === 'commit' || v === 'reveal' ? undefined : "'set', 'commit' or 'reveal'",
    uids: U16S,
    weights: U16S,
    'fromRound?': int,
    'fromEpoch?': int,
  }),
  epoch_end: shape({
    ...base,
    time: str,
    rounds: int,
    seed: hex(32),
    datasetHash: hex(32),
    dataset: nullable(arrayOf(shape({ task: str, items: arrayOf(shape({ text: str, label: str })) }))),
  }),
};

/** Checks one parsed JSON line; returns the typed record or throws `AuditFormatError` naming the field. */
export function parseAuditRecord(value: unknown, source = 'record', line = 1): AuditRecordV2 {
  if (!isObj(value)) {
    throw new AuditFormatError(
      { code: 'BAD_RECORD', source, line, field: '$', reason: 'not a JSON object' },
      `${source}:${line}: not a JSON object`,
    );
  }
  if (value.v !== AUDIT_VERSION) {
    throw new AuditFormatError(
      { code: 'UNSUPPORTED_VERSION', source, line, version: value.v },
      `${source}:${line}: audit format version ${JSON.stringify(value.v) ?? 'missing'} (this build reads ${AUDIT_VERSION})`,
    );
  }
  const check = typeof value.kind === 'string' ? SHAPES[value.kind as AuditRecordV2['kind']] : undefined;
  if (!check) {
    throw new AuditFormatError(
      {
        code: 'BAD_RECORD',
        source,
        line,
        field: 'kind',
        reason: `unknown kind ${JSON.stringify(value.kind)}`,
      },
      `${source}:${line}: unknown record kind ${JSON.stringify(value.kind)}`,
    );
  }
  const problem = check(value);
  if (problem) {
    const field = problem.match(/^\.([A-Za-z?]+)/)?.[1] ?? '$';
    throw new AuditFormatError(
      { code: 'BAD_RECORD', source, line, field, reason: problem },
      `${source}:${line}: bad ${String(value.kind)} record: ${problem}`,
    );
  }
  return value as unknown as AuditRecordV2;
}

/** True for gzip bytes (magic 1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The JSONL text of a file's bytes, gunzipped when they are gzip. */
export function auditText(bytes: Uint8Array, source = 'audit'): string {
  if (!isGzip(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const truncated =
      /unexpected end|Z_BUF_ERROR/i.test(reason) || (err as { code?: string }).code === 'Z_BUF_ERROR';
    throw new AuditFormatError(
      { code: truncated ? 'TRUNCATED' : 'MALFORMED', source, reason },
      `${source}: ${truncated ? 'truncated' : 'corrupt'} gzip stream (${reason})`,
    );
  }
}

/** Every record of a file's text, checked, in order. */
export function parseAuditLines(text: string, source = 'audit'): AuditRecordV2[] {
  const lines = text.split('\n');
  const unterminated = lines.at(-1) !== '';
  const out: AuditRecordV2[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      const last = i === lines.length - 1 && unterminated;
      const reason = err instanceof Error ? err.message : String(err);
      throw new AuditFormatError(
        { code: last ? 'TRUNCATED' : 'MALFORMED', source, line: i + 1, reason },
        last
          ? `${source}:${i + 1}: the file ends mid-record (truncated)`
          : `${source}:${i + 1}: not JSON (${reason})`,
      );
    }
    out.push(parseAuditRecord(json, source, i + 1));
  }
  return out;
}

/**
 * One epoch from its records: `epoch_start` first, every record of the same epoch, nothing after
 * `epoch_end`. An epoch without `epoch_end` is open (or its validator stopped mid-epoch).
 */
export function assembleEpoch(records: readonly AuditRecordV2[], source = 'audit'): AuditEpoch {
  const [first] = records;
  if (!first) throw new AuditFormatError({ code: 'EMPTY', source }, `${source}: no audit records`);
  const order = (line: number, reason: string) =>
    new AuditFormatError({ code: 'BAD_ORDER', source, line, reason }, `${source}: record ${line}: ${reason}`);
  if (first.kind !== 'epoch_start') throw order(1, `the first record is ${first.kind}, not epoch_start`);
  const start: EpochStartRecord = first;
  const rounds: RoundRecord[] = [];
  const weights: WeightsRecord[] = [];
  let end: EpochEndRecord | undefined;
  records.forEach((r, i) => {
    if (i === 0) return;
    if (end) throw order(i + 1, `${r.kind} after epoch_end`);
    if (r.epoch !== start.epoch)
      throw order(i + 1, `a ${r.kind} record of epoch ${r.epoch} in epoch ${start.epoch}`);
    if (r.kind === 'epoch_start') throw order(i + 1, 'a second epoch_start');
    if (r.kind === 'round') rounds.push(r);
    else if (r.kind === 'weights') weights.push(r);
    else if (r.kind === 'epoch_end') end = r;
  });
  return { start, records: [...records], rounds, weights, end };
}

/** Reads an epoch from file bytes (plain or gzip). Throws `AuditFormatError`. */
export function readAuditEpochBytes(bytes: Uint8Array, source = 'audit'): AuditEpoch {
  return assembleEpoch(parseAuditLines(auditText(bytes, source), source), source);
}

/** Reads `<netuid>-<epoch>.jsonl[.gz]`. Throws `AuditFormatError` (or the file system's error). */
export async function readAuditEpochFile(path: string): Promise<AuditEpoch> {
  return readAuditEpochBytes(await readFile(path), path);
}
