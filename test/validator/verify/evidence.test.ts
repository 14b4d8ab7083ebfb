/**
 * Fraud evidence with real bag models and real sr25519: a record against a miner that served another
 * model than it committed verifies and is proven by a fresh re-run on the committed bundle; an honest
 * answer is no evidence; a validator's made-up recomputation signs but is not reproduced; any byte
 * changed in a record (request, response, signatures, recomputation, digest, ...) makes it fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import { canonicalJson } from '../../../validator/verify/canonical-json.js';
import { checkEvidence } from '../../../validator/verify/check-evidence.js';
import {
  createEvidence,
  EvidenceError,
  encodeEvidence,
  type FraudEvidence,
  parseEvidence,
  verifyEvidenceRecord,
} from '../../../validator/verify/evidence.js';
import { Reexecutor } from '../../../validator/verify/reexecute.js';
import { compareOutputs, toleranceFor } from '../../../validator/verify/tolerance.js';
import {
  type Bundles,
  minerKey,
  predict,
  signedClassify,
  signedInfo,
  substitutionEvidence,
  TEXTS,
  validatorKey,
  writeBundles,
} from './evidence-fixture.js';

let root: string;
let bundles: Bundles;
let reexecutor: Reexecutor;
let record: FraudEvidence;
let bytes: Uint8Array;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-evidence-'));
  bundles = await writeBundles(root);
  reexecutor = new Reexecutor({ cpuShare: 1 });
  record = await substitutionEvidence(bundles);
  bytes = encodeEvidence(record);
});

afterAll(async () => {
  await reexecutor?.close();
  await rm(root, { recursive: true, force: true });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops no value, writes numbers as JSON.stringify does', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 0.1 }], a: 'x', c: 1e-7 })).toBe(
      '{"a":"x","b":[3,{"a":0.1,"z":1}],"c":1e-7}',
    );
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});

describe('createEvidence', () => {
  it('an honest answer matches the re-execution: no evidence can be made of it', async () => {
    const classify = await signedClassify(bundles.committed);
    const items = [0, 3, 6];
    const { probabilities } = await reexecutor.run(
      bundles.committed,
      items.map((i) => TEXTS[i] ?? ''),
    );
    const claimed = items.map((i) => classify.probabilities[i] ?? []);
    expect(compareOutputs(claimed, probabilities, toleranceFor('cpu')).ok).toBe(true);
    const attempt = () =>
      createEvidence({
        signer: validatorKey,
        netuid: 3,
        block: 1,
        miner: { uid: 5, hotkey: minerKey.address },
        info: signedInfo(bundles.digest, bundles.labels),
        classify,
        items,
        recomputed: probabilities,
      });
    expect(attempt).toThrow(EvidenceError);
    try {
      attempt();
    } catch (err) {
      expect((err as EvidenceError).type.problems.map((p) => p.code)).toEqual(['NO_MISMATCH']);
    }
  });

  it('a substituted model: the record verifies, names the digest and provider, and is self-consistent', () => {
    expect(verifyEvidenceRecord(record)).toEqual([]);
    expect(record.bundleDigest).toBe(bundles.digest);
    expect(record.executionProvider).toBe('cpu');
    expect(record.validator).toBe(validatorKey.address);
    expect(record.id).toMatch(/^[0-9a-f]{32}$/);
    expect(record.maxAbsDiff).toBeGreaterThan(record.tolerance);
    expect(parseEvidence(bytes)).toEqual({ record, problems: [] });
  });

  it('refuses an answer the miner did not sign', async () => {
    const classify = await signedClassify(bundles.substitute);
    const forged = { ...classify, evidence: { ...classify.evidence, signature: `0x${'11'.repeat(64)}` } };
    expect(() =>
      createEvidence({
        signer: validatorKey,
        netuid: 3,
        block: 1,
        miner: { uid: 5, hotkey: minerKey.address },
        info: signedInfo(bundles.digest, bundles.labels),
        classify: forged,
        items: [1],
        recomputed: [[0.2, 0.3, 0.5]],
      }),
    ).toThrow(/not signed by the miner/);
  });
});

describe('checkEvidence (offline)', () => {
  it('proves fraud with the committed bundle: the re-run reproduces the mismatch', async () => {
    const check = await checkEvidence(bytes, { bundleDir: bundles.committed, reexecutor });
    expect(check.problems).toEqual([]);
    expect(check.proven).toBe(true);
    expect(check.rerun?.maxAbsDiff).toBeGreaterThan(toleranceFor('cpu'));
    expect(check.rerun?.recomputationDiff).toBeLessThanOrEqual(toleranceFor('cpu'));
  });

  it('does not prove it with another bundle, or with none', async () => {
    const wrong = await checkEvidence(bytes, { bundleDir: bundles.substitute, reexecutor });
    expect(wrong.proven).toBe(false);
    expect(wrong.problems.map((p) => p.code)).toEqual(['BUNDLE_DIGEST']);
    const none = await checkEvidence(bytes, { reexecutor });
    expect(none.proven).toBe(false);
    expect(none.problems.map((p) => p.code)).toEqual(['NO_BUNDLE']);
  });

  it('a validator cannot frame an honest miner: a made-up recomputation signs, but is not reproduced', async () => {
    const classify = await signedClassify(bundles.committed);
    const items = [2, 5];
    const honest = await predict(
      bundles.committed,
      items.map((i) => TEXTS[i] ?? ''),
    );
    const madeUp = honest.map((row) => row.map((p, c) => (c === 0 ? Math.min(1, p + 0.3) : p)));
    const framed = createEvidence({
      signer: validatorKey,
      netuid: 3,
      block: 1,
      miner: { uid: 5, hotkey: minerKey.address },
      info: signedInfo(bundles.digest, bundles.labels),
      classify,
      items,
      recomputed: madeUp,
    });
    const check = await checkEvidence(encodeEvidence(framed), { bundleDir: bundles.committed, reexecutor });
    expect(check.proven).toBe(false);
    expect(check.problems.map((p) => p.code)).toEqual(['NOT_REPRODUCED']);
  });
});

describe('tampering', () => {
  const text = () => new TextDecoder().decode(bytes);

  /** The record's bytes with the character at `at` replaced by `by`. */
  function replaced(at: number, by: string): Uint8Array {
    const t = text();
    return new TextEncoder().encode(t.slice(0, at) + by + t.slice(at + 1));
  }

  /** Position of a hex digit inside the string value that follows `"key":"` (after `after`). */
  function hexDigitOf(key: string, after = 0, offset = 10): number {
    const start = text().indexOf(`"${key}":"`, after);
    expect(start).toBeGreaterThanOrEqual(0);
    return start + key.length + 4 + offset;
  }

  const flipHex = (c: string) => (c === '0' ? '1' : '0');
  const cases: [string, () => number, string[]][] = [
    [
      'the classify request',
      () => hexDigitOf('request', text().indexOf('"classify"'), 40),
      ['CLASSIFY_SIGNATURE'],
    ],
    [
      'the classify response',
      () => hexDigitOf('payload', text().indexOf('"classify"'), 60),
      ['CLASSIFY_SIGNATURE'],
    ],
    [
      'the miner signature',
      () => hexDigitOf('signature', text().indexOf('"classify"')),
      ['CLASSIFY_SIGNATURE'],
    ],
    ['the info payload', () => hexDigitOf('payload', text().indexOf('"info"'), 30), ['INFO_SIGNATURE']],
    ['the info signature', () => hexDigitOf('signature', text().indexOf('"info"')), ['INFO_SIGNATURE']],
    ['the info request hash', () => hexDigitOf('requestHash'), ['INFO_SIGNATURE']],
    ['the bundle digest', () => hexDigitOf('bundleDigest', 0, 5), ['INFO_PAYLOAD']],
    ['the validator signature', () => hexDigitOf('validatorSignature'), ['VALIDATOR_SIGNATURE']],
    ['the id', () => hexDigitOf('id', 0, 3), ['ID']],
  ];
  it.each(cases)('one hex digit of %s changed: the record fails', (_name, position, codes) => {
    const at = position();
    const tampered = replaced(at, flipHex(text()[at] ?? ''));
    const codesFound = parseEvidence(tampered).problems.map((p) => p.code);
    for (const code of codes) expect(codesFound).toContain(code);
    // Anything in the body also breaks the id and the validator's signature.
    if (codes[0] !== 'ID' && codes[0] !== 'VALIDATOR_SIGNATURE') {
      expect(codesFound).toEqual(expect.arrayContaining(['ID', 'VALIDATOR_SIGNATURE']));
    }
  });

  it('one digit of the recomputation changed: the record fails', () => {
    const start = text().indexOf('"recomputed":[[') + '"recomputed":[['.length;
    const at = start + 2; // the first decimal of "0.xyz…"
    const digit = text()[at] ?? '';
    expect(digit).toMatch(/[0-9]/);
    // The new number is no longer in its shortest form (FORMAT), or is and changes the body.
    const { problems } = parseEvidence(replaced(at, digit === '9' ? '8' : String(Number(digit) + 1)));
    expect(problems.length).toBeGreaterThan(0);
    // The same change made on the parsed record (kept canonical) breaks the id and the signature.
    const changed = structuredClone(record);
    const row = changed.recomputed[0] ?? [];
    row[0] = (row[0] ?? 0) + 0.001;
    expect(verifyEvidenceRecord(changed).map((p) => p.code)).toEqual(
      expect.arrayContaining(['ID', 'VALIDATOR_SIGNATURE']),
    );
  });

  it('any single byte changed anywhere in the file: the record fails', () => {
    // Every byte outside long hex runs; inside them (payloads, signatures) every 7th, to stay fast.
    const t = text();
    const inHexRun = (at: number) => /^[0-9a-f]{24}$/.test(t.slice(Math.max(0, at - 12), at + 12));
    let tried = 0;
    for (let at = 0; at < bytes.length; at++) {
      if (inHexRun(at) && at % 7 !== 0) continue;
      tried++;
      const tampered = Uint8Array.from(bytes);
      tampered[at] = (tampered[at] ?? 0) ^ 0x01;
      const { record: parsed, problems } = parseEvidence(tampered);
      if (parsed || problems.length === 0)
        throw new Error(`byte ${at} changed and the record still verifies`);
    }
    expect(tried).toBeGreaterThan(300);
  });

  it('a record re-signed by another validator under the first one’s name fails', () => {
    const other = Sr25519Keypair.fromUri('//SomeoneElse');
    const forged = createEvidence({
      signer: other,
      netuid: 3,
      block: 120,
      miner: record.miner,
      info: signedInfo(bundles.digest, bundles.labels),
      classify: {
        request: Buffer.from(record.classify.request.slice(2), 'hex'),
        payload: Buffer.from(record.classify.payload.slice(2), 'hex'),
        evidence: { signature: record.classify.signature },
      },
      items: record.items,
      recomputed: record.recomputed,
    });
    const claimed = { ...forged, validator: validatorKey.address };
    expect(verifyEvidenceRecord(claimed).map((p) => p.code)).toEqual(['ID', 'VALIDATOR_SIGNATURE']);
  });
});
