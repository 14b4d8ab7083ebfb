/**
 * The verifier's bookkeeping with its collaborators replaced (downloads, re-execution, evidence): status
 * per miner and epoch, what zeroes a score and for how long, one download at a time. The same flow with
 * real miners, real bundles and the dev chain is in verify-e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../shared/logger.js';
import {
  type DownloadOutcome,
  type MismatchReport,
  type VerifiableMiner,
  Verifier,
  type VerifierDeps,
  type VerifySettings,
} from '../../../validator/verify/verifier.js';

const D1 = '11'.repeat(32);
const D2 = '22'.repeat(32);
const SETTINGS: VerifySettings = {
  rate: 0.1,
  minPerEpoch: 2,
  duplicateModels: 'first',
  unverifiable: 'zero',
  maxBundleBytes: 1 << 20,
  downloadTimeoutMs: 1000,
};

function answer(probabilities: number[][]) {
  const sig = { signature: 'aa', requestHash: 'bb', responseHash: 'cc' };
  return {
    texts: probabilities.map((_, i) => `text ${i}`),
    probabilities,
    payload: new Uint8Array([1]),
    evidence: sig,
    info: { executionProvider: 'cpu', payload: new Uint8Array([2]), evidence: sig },
  };
}

function harness(options: {
  recomputed?: (texts: string[]) => number[][];
  download?: (digest: string) => Promise<DownloadOutcome>;
  settings?: Partial<VerifySettings>;
}) {
  const cache = new Map<string, string>();
  const reports: MismatchReport[] = [];
  const downloads: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const deps: VerifierDeps = {
    secret: new Uint8Array(32),
    cachedBundle: (d) => cache.get(d),
    download: async (_m, digest) => {
      downloads.push(digest);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const outcome = options.download
        ? await options.download(digest)
        : ({ ok: true, dir: `/bundles/${digest}`, bytes: 100 } as const);
      if (outcome.ok) cache.set(digest, outcome.dir);
      return outcome;
    },
    reexecute: async (_dir, texts) => ({
      probabilities: options.recomputed ? options.recomputed(texts) : texts.map(() => [0.5, 0.5]),
      cpuMs: 3,
    }),
    pickSpotChecks: ({ items, needed }) =>
      Array.from({ length: Math.min(items, Math.max(needed, 1)) }, (_, i) => i),
    toleranceFor: () => 1e-4,
    compareOutputs: (claimed, recomputed, tolerance) => {
      let maxAbsDiff = 0;
      let item: number | undefined;
      claimed.forEach((row, i) => {
        row.forEach((p, j) => {
          const d = Math.abs(p - (recomputed[i]?.[j] ?? Number.NaN));
          if (!(d <= maxAbsDiff)) {
            maxAbsDiff = Number.isNaN(d) ? 1 : d;
            item = i;
          }
        });
      });
      return { ok: maxAbsDiff <= tolerance, maxAbsDiff, ...(item === undefined ? {} : { item }) };
    },
    recordEvidence: async (report) => {
      reports.push(report);
      return `ev${reports.length}`;
    },
    log: silentLogger(),
  };
  const verifier = new Verifier({ ...SETTINGS, ...options.settings }, deps);
  return { verifier, reports, downloads, maxInFlight: () => maxInFlight };
}

const honest: VerifiableMiner = { uid: 1, hotkey: 'h1', bundleDigest: D1, commitBlock: 5 };
const fair = [
  [0.5, 0.5],
  [0.5, 0.5],
];

describe('Verifier', () => {
  it('verifies a miner whose answers re-execute the same', async () => {
    const { verifier, reports } = harness({});
    verifier.beginRound([honest], 1);
    expect(verifier.status(1, 'h1')?.status).toBe('PENDING');
    // Scores count while PENDING, but the weight waits for a first passed check.
    expect(verifier.verdict(honest)).toBeUndefined();
    expect(verifier.holdsWeight(honest)).toBe(true);
    expect(verifier.observe(honest, 1, 10, answer(fair))).toEqual([0, 1]);
    await verifier.whenIdle();
    expect(verifier.status(1, 'h1')).toMatchObject({ status: 'VERIFIED', checked: 2, failed: 0 });
    expect(verifier.verdict(honest)).toBeUndefined();
    expect(verifier.holdsWeight(honest)).toBe(false);
    expect(reports).toHaveLength(0);
    // The minimum is reached: the next answers of the epoch are checked at the rate only.
    expect(verifier.observe(honest, 2, 11, answer(fair))).toEqual([0]);
  });

  it('a mismatch is REEXECUTION_MISMATCH with evidence for the rest of the epoch, cleared by a later pass', async () => {
    let cheat = true;
    const { verifier, reports } = harness({
      recomputed: (texts) => texts.map(() => (cheat ? [0.9, 0.1] : [0.5, 0.5])),
    });
    verifier.beginRound([honest], 1);
    verifier.observe(honest, 1, 10, answer(fair));
    await verifier.whenIdle();
    const status = verifier.status(1, 'h1');
    expect(status).toMatchObject({ status: 'REEXECUTION_MISMATCH', evidenceIds: ['ev1'], failed: 2 });
    expect(status?.detail).toContain('evidence ev1');
    expect(verifier.verdict(honest)).toBe('REEXECUTION_MISMATCH');
    expect(reports[0]).toMatchObject({ bundleDigest: D1, items: [0, 1], tolerance: 1e-4 });
    expect(reports[0]?.maxAbsDiff).toBeCloseTo(0.4);

    // Honest answers later in the same epoch do not clear it.
    cheat = false;
    verifier.observe(honest, 2, 11, answer(fair));
    await verifier.whenIdle();
    expect(verifier.verdict(honest)).toBe('REEXECUTION_MISMATCH');
    // Next epoch: still zeroed until a check passes, then verified.
    verifier.beginRound([honest], 2);
    expect(verifier.verdict(honest)).toBe('REEXECUTION_MISMATCH');
    verifier.observe(honest, 3, 22, answer(fair));
    await verifier.whenIdle();
    expect(verifier.status(1, 'h1')?.status).toBe('VERIFIED');
    expect(verifier.verdict(honest)).toBeUndefined();
    // A later epoch starts PENDING, with the weight kept: this bundle was verified before.
    verifier.beginRound([honest], 3);
    expect(verifier.status(1, 'h1')?.status).toBe('PENDING');
    expect(verifier.holdsWeight(honest)).toBe(false);
  });

  it('a pass that runs after the epoch changed still verifies', async () => {
    const { verifier } = harness({});
    verifier.beginRound([honest], 1);
    verifier.observe(honest, 1, 10, answer(fair));
    verifier.beginRound([honest], 2);
    await verifier.whenIdle();
    expect(verifier.status(1, 'h1')?.status).toBe('VERIFIED');
    expect(verifier.holdsWeight(honest)).toBe(false);
  });

  it('a refused or wrong download is its reason, not retried before the next epoch', async () => {
    const { verifier, downloads } = harness({
      download: async () => ({ ok: false, reason: 'MODEL_MISMATCH', detail: 'model.onnx: sha256 differs' }),
    });
    verifier.beginRound([honest], 1);
    verifier.observe(honest, 1, 10, answer(fair));
    await verifier.whenIdle();
    expect(verifier.status(1, 'h1')).toMatchObject({
      status: 'MODEL_MISMATCH',
      detail: 'model.onnx: sha256 differs',
    });
    expect(verifier.observe(honest, 2, 11, answer(fair))).toEqual([]);
    verifier.beginRound([honest], 2);
    expect(verifier.observe(honest, 3, 22, answer(fair))).not.toEqual([]);
    await verifier.whenIdle();
    expect(downloads).toEqual([D1, D1]);
    expect(verifier.verdict(honest)).toBe('MODEL_MISMATCH');
  });

  it('downloads one bundle at a time and each digest once', async () => {
    const { verifier, downloads, maxInFlight } = harness({});
    const miners = [
      honest,
      { uid: 2, hotkey: 'h2', bundleDigest: D2, commitBlock: 6 },
      { uid: 3, hotkey: 'h3', bundleDigest: D2, commitBlock: 7 },
    ];
    verifier.beginRound(miners, 1);
    for (const m of miners) verifier.observe(m, 1, 10, answer(fair));
    await verifier.whenIdle();
    expect(downloads).toEqual([D1, D2]);
    expect(maxInFlight()).toBe(1);
  });

  it('copies after the first commitment are DUPLICATE_MODEL; old commitments UNVERIFIABLE', () => {
    const { verifier } = harness({});
    const copy = { uid: 9, hotkey: 'h9', bundleDigest: D1, commitBlock: 6 };
    const old = { uid: 4, hotkey: 'h4', bundleDigest: undefined, commitBlock: 1 };
    verifier.beginRound([honest, copy, old], 1);
    expect(verifier.verdict(copy)).toBe('DUPLICATE_MODEL');
    expect(verifier.status(9, 'h9')?.detail).toContain('uid 1');
    expect(verifier.observe(copy, 1, 10, answer(fair))).toEqual([]);
    expect(verifier.verdict(honest)).toBeUndefined();
    expect(verifier.verdict(old)).toBe('UNVERIFIABLE');
    // The original leaves: the copy is the first commitment now.
    verifier.beginRound([copy, old], 1);
    expect(verifier.verdict(copy)).toBeUndefined();
    expect(verifier.status(9, 'h9')?.status).toBe('PENDING');
  });

  it('`allow` policies let duplicates and old commitments earn', () => {
    const { verifier } = harness({ settings: { duplicateModels: 'allow', unverifiable: 'allow' } });
    const copy = { uid: 9, hotkey: 'h9', bundleDigest: D1, commitBlock: 6 };
    const old = { uid: 4, hotkey: 'h4', bundleDigest: undefined, commitBlock: 1 };
    verifier.beginRound([honest, copy, old], 1);
    expect(verifier.verdict(copy)).toBeUndefined();
    expect(verifier.verdict(old)).toBeUndefined();
    expect(verifier.holdsWeight(old)).toBe(false);
    expect(verifier.status(4, 'h4')?.status).toBe('UNVERIFIABLE');
  });
});
