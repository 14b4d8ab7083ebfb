/**
 * The verifier's vocabulary (verifier.ts): statuses, settings, what it needs of a miner, an answer and its
 * collaborators (downloads, re-execution, sampling, tolerances, evidence), and what it reports.
 */
import type { Logger } from '../../shared/logger.js';
import type { DuplicatePolicy } from './duplicates.js';

export const VERIFICATION_STATUSES = [
  'VERIFIED',
  'PENDING',
  'UNVERIFIABLE',
  'MODEL_UNAVAILABLE',
  'MODEL_MISMATCH',
  'REEXECUTION_MISMATCH',
  'DUPLICATE_MODEL',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Statuses that zero a miner's round scores (UNVERIFIABLE too under `unverifiable: 'zero'`). */
export type FailingStatus = Exclude<VerificationStatus, 'VERIFIED' | 'PENDING'>;

export type UnverifiablePolicy = 'zero' | 'allow';

export interface VerifySettings {
  /** Share of answered items re-executed (`--verify.rate`). */
  rate: number;
  /** Items checked per miner per epoch at least (`--verify.min_per_epoch`). */
  minPerEpoch: number;
  duplicateModels: DuplicatePolicy;
  unverifiable: UnverifiablePolicy;
  /** Largest bundle downloaded, bytes. */
  maxBundleBytes: number;
  downloadTimeoutMs: number;
  /** Spot checks waiting at most; more are dropped (counted as `dropped`). Default 256. */
  maxQueued?: number;
}

/** What the verifier needs of a metagraph miner (`MinerEntry` has it). */
export interface VerifiableMiner {
  uid: number;
  hotkey: string;
  /** undefined: an old commitment (no bundle digest). */
  bundleDigest?: string | undefined;
  commitBlock?: number;
}

/** The miner's signed `info` as admitted on our connection. */
export interface AdmittedInfo {
  executionProvider?: string;
  payload: Uint8Array;
  evidence: { signature: string; requestHash: string; responseHash: string };
}

/** One answered challenge, as the round got it. */
export interface AnsweredChallenge {
  texts: readonly string[];
  probabilities: readonly (readonly number[])[];
  /** The classify request frame as sent (when the connection keeps it) and the signed payload. */
  request?: Uint8Array | undefined;
  /** The request's id on its connection: with `texts` it rebuilds the request bytes. */
  requestId?: number | undefined;
  payload: Uint8Array;
  evidence: { signature: string; requestHash: string; responseHash: string };
  info: AdmittedInfo;
}

export type DownloadOutcome =
  | { ok: true; dir: string; bytes: number }
  | { ok: false; reason: 'MODEL_UNAVAILABLE' | 'MODEL_MISMATCH'; detail: string };

/** What a detected mismatch hands to the evidence writer (B's `createEvidence` + `EvidenceStore`). */
export interface MismatchReport {
  block: number;
  round: number;
  miner: { uid: number; hotkey: string };
  bundleDigest: string;
  answer: AnsweredChallenge;
  /** Indices into `answer.texts` that were re-executed, and their recomputed vectors, in that order. */
  items: number[];
  recomputed: number[][];
  maxAbsDiff: number;
  tolerance: number;
}

export interface VerifierDeps {
  secret: Uint8Array;
  /** The bundle directory when cached (`BundleCache.path`). */
  cachedBundle(digest: string): string | undefined;
  /** Fetches the bundle from the miner (`downloadBundle` over its pooled connection). */
  download(miner: VerifiableMiner, digest: string, signal: AbortSignal): Promise<DownloadOutcome>;
  reexecute(bundleDir: string, texts: string[]): Promise<{ probabilities: number[][]; cpuMs: number }>;
  pickSpotChecks(params: {
    secret: Uint8Array;
    round: number;
    uid: number;
    items: number;
    rate: number;
    needed: number;
  }): number[];
  toleranceFor(executionProvider: string): number;
  compareOutputs(
    claimed: number[][],
    recomputed: number[][],
    tolerance: number,
  ): { ok: boolean; maxAbsDiff: number; item?: number };
  /** Writes the evidence record; resolves with its id. */
  recordEvidence(report: MismatchReport): Promise<string>;
  log: Logger;
  /** Metric hooks (all optional). */
  onSpotCheck?(result: 'pass' | 'fail' | 'error' | 'dropped', items: number): void;
  onDownload?(result: 'ok' | 'MODEL_UNAVAILABLE' | 'MODEL_MISMATCH' | 'error', bytes: number): void;
  onCpu?(ms: number): void;
  onEvidence?(id: string): void;
}

export interface MinerVerification {
  uid: number;
  hotkey: string;
  status: VerificationStatus;
  /** Why, for a failing status. */
  detail: string | undefined;
  bundleDigest: string | undefined;
  /** Epoch the status was set in. */
  epoch: number;
  /** Items re-executed this epoch, passed and failed. */
  checked: number;
  failed: number;
  /** Evidence records written against this miner (newest last, at most 16 kept here). */
  evidenceIds: string[];
}
