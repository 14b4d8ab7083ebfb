/**
 * The verifier put together for the validator daemon: the bundle cache (`<state>/bundles`) and downloads
 * over the pooled miner connections, the re-execution worker with its CPU share, spot-check sampling and
 * tolerances, and signed evidence written to `<state>/evidence` — with the verification metrics.
 */
import { basename, join } from 'node:path';
import type { Logger } from '../../shared/logger.js';
import { encodeFrame } from '../../shared/protocol/index.js';
import type { Sr25519Keypair } from '../../shared/wallet/index.js';
import type { VerifyConfig } from '../config.js';
import type { MinerEntry } from '../metagraph.js';
import type { ValidatorMetrics } from '../metrics.js';
import type { MinerConnections } from '../miners/index.js';
import { BundleCache } from './bundle-cache.js';
import { downloadBundle } from './download.js';
import { createEvidence } from './evidence.js';
import { EvidenceStore } from './evidence-store.js';
import { Reexecutor } from './reexecute.js';
import { pickSpotChecks } from './spot-check.js';
import { compareOutputs, toleranceFor } from './tolerance.js';
import { type AnsweredChallenge, type VerifiableMiner, Verifier } from './verifier.js';

export interface Verification {
  verifier: Verifier;
  evidence: EvidenceStore;
  cache: BundleCache;
  /** Stops downloads and checks in flight, then the re-execution worker. */
  close(): Promise<void>;
}

export interface VerificationParams {
  config: VerifyConfig;
  stateDir: string;
  netuid: number;
  hotkey: Sr25519Keypair;
  secret: Uint8Array;
  connections: MinerConnections;
  /** The metagraph's miner by uid (downloads need its endpoint). */
  minerOf: (uid: number) => MinerEntry | undefined;
  metrics: ValidatorMetrics;
  log: Logger;
}

/** The classify request frame exactly as the connection sent it (`{type, texts, id}`, in that order). */
export function classifyRequestBytes(answer: AnsweredChallenge): Uint8Array | undefined {
  if (answer.request) return answer.request;
  if (answer.requestId === undefined) return undefined;
  return encodeFrame({ type: 'classify', texts: [...answer.texts], id: answer.requestId });
}

export function startVerification(params: VerificationParams): Verification {
  const { config, metrics, log } = params;
  const cache = new BundleCache({ dir: join(params.stateDir, 'bundles'), budgetBytes: config.cacheBytes });
  const evidence = new EvidenceStore(params.stateDir);
  // Enough sessions kept loaded that a few dozen miners' bundles do not reload on every check (a load
  // costs far more than the one or two items re-run).
  const reexecutor = new Reexecutor({ cpuShare: config.cpuShare, maxLoadedModels: 16 });
  const verifier = new Verifier(config, {
    secret: params.secret,
    cachedBundle: (digest) => {
      const dir = cache.path(digest);
      if (dir !== undefined) cache.touch(digest);
      return dir;
    },
    download: async (miner: VerifiableMiner, digest, signal) => {
      const entry = params.minerOf(miner.uid);
      if (!entry || entry.hotkey !== miner.hotkey) {
        return { ok: false, reason: 'MODEL_UNAVAILABLE', detail: 'the miner left the metagraph' };
      }
      const connection = await params.connections.get(entry);
      return downloadBundle(connection, digest, cache, {
        maxBytes: config.maxBundleBytes,
        deadlineMs: config.downloadTimeoutMs,
        signal,
      });
    },
    reexecute: async (dir, texts) => {
      // Not evicted while it runs (a cached bundle's directory is named by its digest).
      const unpin = cache.pin(basename(dir));
      try {
        return await reexecutor.run(dir, texts);
      } finally {
        unpin();
      }
    },
    pickSpotChecks,
    toleranceFor,
    compareOutputs,
    recordEvidence: async (report) => {
      const request = classifyRequestBytes(report.answer);
      if (!request) throw new Error('the classify request bytes were not kept');
      const record = createEvidence({
        signer: params.hotkey,
        netuid: params.netuid,
        block: report.block,
        miner: report.miner,
        info: report.answer.info,
        classify: { request, payload: report.answer.payload, evidence: report.answer.evidence },
        items: report.items,
        recomputed: report.recomputed,
        tolerance: report.tolerance,
      });
      return evidence.add(record);
    },
    log: log.child({ component: 'verify' }),
    onSpotCheck: (result, items) => metrics.spotChecks.inc({ result }, items),
    onDownload: (result, bytes) => {
      metrics.bundleDownloads.inc({ result });
      if (bytes > 0) metrics.bundleBytes.inc(bytes);
    },
    onCpu: (ms) => metrics.verificationCpu.inc(ms / 1000),
    onEvidence: () => metrics.fraudEvidence.inc(),
  });
  return {
    verifier,
    evidence,
    cache,
    async close() {
      verifier.close();
      await reexecutor.close();
    },
  };
}
