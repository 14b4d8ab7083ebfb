/**
 * The validator's side of the miner wire protocol (shared/protocol), one connection per miner: the
 * socket, handshake and request matching are ./socket.ts; here, the requests: payloads decoded strictly
 * and handed back with their exact signed bytes (`payload`: whoever re-checks needs those, not a
 * re-encoding) and the miner's signed evidence. Every failure is a `MinerClientError`.
 *
 * Bundle requests (`bundleManifest`, `bundleChunk`) use their own table (one on the wire at a time),
 * so a download never holds a classify slot.
 */
import {
  BUNDLE_CHUNK_MAX,
  decodeBundleChunkPayload,
  decodeBundleManifestPayload,
  decodeClassifyPayload,
  decodeInfoPayload,
} from '../../shared/protocol/index.js';
import type { Sr25519Signer } from '../../shared/wallet/index.js';
import { classifyRequestProblem } from './requests.js';
import { MinerSocket, ownCopy } from './socket.js';
import type {
  BundleChunkResult,
  BundleManifestResult,
  ClassifyResult,
  MinerConnectionOptions,
  MinerEndpoint,
  MinerInfo,
} from './types.js';

const BUNDLE_PATH = /^[A-Za-z0-9._-]{1,256}$/;

export class MinerConnection extends MinerSocket {
  /**
   * Connects, checks the challenge names `endpoint.hotkey`, signs `auth` with `key`, and waits for the
   * miner to admit us. Rejects with `MinerClientError` (UNREACHABLE, HANDSHAKE, REFUSED, MALFORMED…).
   */
  static open(
    endpoint: MinerEndpoint,
    key: Sr25519Signer,
    options: MinerConnectionOptions = {},
  ): Promise<MinerConnection> {
    return MinerSocket.connect(endpoint, key, options, (...args) => new MinerConnection(...args));
  }

  /** A fresh, signed `info` answer. */
  async info(options: { timeoutMs?: number } = {}): Promise<MinerInfo> {
    const answer = await this.request({ type: 'info' }, options.timeoutMs);
    return {
      ...this.decode(answer.frame, () => decodeInfoPayload(answer.frame.payload, this.limits)),
      payload: ownCopy(answer.frame.payload),
      evidence: answer.evidence,
    };
  }

  /**
   * Classifies `texts`. A request the wire does not allow (not 1..maxBatch strings, a text over
   * `maxTextChars` UTF-16 units, a frame over `maxFrameBytes`) is refused here, before anything is sent,
   * with failure `INVALID_REQUEST`. The answer must hold one probability vector per text over the labels
   * the miner declared at `open`.
   */
  async classify(texts: string[], options: { timeoutMs?: number } = {}): Promise<ClassifyResult> {
    const problem = classifyRequestProblem(texts, this.limits);
    if (problem) throw this.error('INVALID_REQUEST', `request refused before sending: ${problem}`);
    const answer = await this.request({ type: 'classify', texts }, options.timeoutMs);
    const payload = this.decode(answer.frame, () =>
      decodeClassifyPayload(
        answer.frame.payload,
        { items: texts.length, labels: this.labelCount },
        this.limits,
      ),
    );
    return {
      probabilities: payload.probabilities,
      inferenceMs: payload.inferenceMs,
      latencyMs: answer.latencyMs,
      payload: ownCopy(answer.frame.payload),
      evidence: answer.evidence,
      requestId: answer.frame.id,
    };
  }

  /** The canonical manifest of the miner's bundle and the digest it claims (checked by the caller). */
  async bundleManifest(options: { timeoutMs?: number } = {}): Promise<BundleManifestResult> {
    const answer = await this.request({ type: 'bundle_manifest' }, options.timeoutMs, 'bundle');
    const payload = ownCopy(answer.frame.payload);
    const decoded = this.decode(answer.frame, () => decodeBundleManifestPayload(payload, this.limits));
    return { digest: decoded.digest, manifest: decoded.manifest, payload, evidence: answer.evidence };
  }

  /**
   * `length` (1..BUNDLE_CHUNK_MAX) bytes of bundle file `path` from `offset`; the answer may be shorter
   * only at the end of the file (the caller knows the size), never longer, and must name the same path
   * and offset (else MALFORMED). Bad arguments fail with INVALID_REQUEST before anything is sent.
   */
  async bundleChunk(
    path: string,
    offset: number,
    length: number,
    options: { timeoutMs?: number } = {},
  ): Promise<BundleChunkResult> {
    if (!BUNDLE_PATH.test(path) || path === '.' || path === '..') {
      throw this.error(
        'INVALID_REQUEST',
        `request refused before sending: bad bundle path ${path.slice(0, 64)}`,
      );
    }
    if (
      !Number.isSafeInteger(offset) ||
      offset < 0 ||
      !Number.isInteger(length) ||
      length < 1 ||
      length > BUNDLE_CHUNK_MAX
    ) {
      throw this.error(
        'INVALID_REQUEST',
        `request refused before sending: offset ${offset}, length ${length}`,
      );
    }
    const body = { type: 'bundle_chunk' as const, path, offset, length };
    const answer = await this.request(body, options.timeoutMs, 'bundle');
    // One copy; `data` is a view into it.
    const payload = ownCopy(answer.frame.payload);
    const decoded = this.decode(answer.frame, () =>
      decodeBundleChunkPayload(payload, { path, offset, length }, this.limits),
    );
    return { path, offset, data: decoded.data, latencyMs: answer.latencyMs, evidence: answer.evidence };
  }
}
