/**
 * The gateway's narrow view of the validator: the miners it may route to (with the validator's
 * moving-average scores) and the chain figures the web page shows. The validator loop implements
 * `GatewayView`; the gateway never talks to the chain itself.
 */
import type { AuditStore, EpochListing } from '../accountability/audit-store.js';
import type { MinerEndpoint } from '../miners/index.js';

export interface GatewayMiner {
  uid: number;
  hotkey: string;
  /** From the miner's on-chain commitment. */
  domain: string;
  task: string;
  /** Label ids in the order of the miner's probability vectors. */
  labels: string[];
  modelSha256: string;
  /** The validator's exponential moving average score (0..1). */
  score: number;
  /** Expected calibration error of the miner's recent answers (0 = calibrated); null before any. */
  ece: number | null;
  /** This validator's verification of the miner (issue 14); absent when it does not verify. */
  verification?: MinerVerificationView | undefined;
  /** Incentive of the last epoch (0..1). */
  incentive: number;
  /** Emission of the last epoch, rao. */
  emission: bigint;
  endpoint: MinerEndpoint;
}

/** A miner's verification status this epoch (validator/verify/verifier.ts). */
export interface MinerVerificationView {
  /** VERIFIED, PENDING, UNVERIFIABLE, MODEL_UNAVAILABLE, MODEL_MISMATCH, REEXECUTION_MISMATCH, DUPLICATE_MODEL. */
  status: string;
  /** Why, for a failing status. */
  detail: string | null;
  /** Fraud evidence ids against this miner (`GET /v1/evidence/:id`). */
  evidenceIds: string[];
}

export interface EmissionEpoch {
  block: number;
  /** Emission per uid in rao, as decimal strings (u64 does not fit a JSON number). */
  byUid: Record<number, string>;
}

export interface GatewayView {
  miners(): GatewayMiner[];
  block(): number;
  /** Recent epochs, oldest first. */
  emissionHistory(): EmissionEpoch[];
}

/**
 * Who produced an answer, with the miner's signature over the request/response hashes and the signed
 * payloads themselves, so that `/v1/verify` (verify.ts) can check every answer field offline.
 */
export interface Provenance {
  uid: number;
  hotkey: string;
  modelSha256: string;
  /** blake2-256 of the request frame as sent, hex. */
  requestHash: string;
  /** blake2-256 of the signed response payload, hex. */
  responseHash: string;
  /** sr25519 signature of the miner hotkey over context ‖ requestHash ‖ responseHash, hex. */
  signature: string;
  /** This miner's answer for the text (its own label and vector). */
  label: string;
  probabilities: number[];
  /** Texts in the signed request. */
  batchSize: number;
  /** Round trip seen by the gateway (not signed), and the miner's own inference time for the batch. */
  latencyMs: number;
  inferenceMs: number;
  /** Position of this text in the signed batch. */
  index: number;
  /** The classify payload the miner signed (every text's vector and inferenceMs), MessagePack hex. */
  response?: string;
  /** The miner's signed `info` answer: its labels (in vector order) and model hash. */
  info?: SignedInfo;
}

export interface ClassifyItem {
  label: string;
  /** Over the response `labels`; with redundancy, the mean of the answers. */
  probabilities: number[];
  /** Share of answering miners whose label is `label` (1 without redundancy). */
  agreement: number;
  provenance: Provenance[];
}

export interface ClassifyResponse {
  domain: string;
  task: string;
  labels: string[];
  /** Miners asked per text and how many answered. */
  redundancy: { requested: number; answered: number };
  results: ClassifyItem[];
  latencyMs: number;
}

export interface ClassifyRequest {
  domain: string;
  task?: string;
  texts: string[];
  redundancy?: number;
}

/** The miner's signed `info` answer, as a provenance record carries it (labels and model hash). */
export interface SignedInfo {
  /** The info payload bytes the miner signed (MessagePack), hex. */
  payload: string;
  requestHash: string;
  responseHash: string;
  signature: string;
}

/** Where the audit routes read the trail from: the validator's `AuditTrail`. */
export interface AuditSource {
  list(): Promise<EpochListing[]>;
  locate(epoch: number): ReturnType<AuditStore['locate']>;
}
