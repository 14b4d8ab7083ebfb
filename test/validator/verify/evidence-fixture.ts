/**
 * Evidence test set-up: two real bag models (seeds 1 and 2 = two different models), and a miner's
 * signed answers built exactly as a miner builds them (info and classify payloads, the request frames
 * as a validator sends them, sr25519 signatures over request ‖ payload hashes), with its outputs from
 * the model it actually serves.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { generateItems } from '../../../shared/domains/index.js';
import { readBundle } from '../../../shared/models/bundle.js';
import { DomainModel } from '../../../shared/models/index.js';
import {
  encodeClassifyPayload,
  encodeFrame,
  encodeInfoPayload,
  hashBytes,
  PROTOCOL_VERSION,
  signResponse,
} from '../../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import { writeRandomBagModel } from '../../../testkit/bag-model.js';
import { createEvidence, type FraudEvidence } from '../../../validator/verify/evidence.js';

export const minerKey = Sr25519Keypair.fromUri('//EvidenceMiner');
export const validatorKey = Sr25519Keypair.fromUri('//EvidenceValidator');
export const TEXTS = generateItems({ domain: 'finance', task: 'sentiment', seed: 'evidence-test', n: 8 }).map(
  (i) => i.text,
);

export interface Bundles {
  /** What the miner committed (seed 1). */
  committed: string;
  /** Another model of the same task (seed 2). */
  substitute: string;
  digest: string;
  labels: string[];
}

export async function writeBundles(root: string): Promise<Bundles> {
  const committed = join(root, 'committed');
  const substitute = join(root, 'substitute');
  await mkdir(committed, { recursive: true });
  await mkdir(substitute, { recursive: true });
  await writeRandomBagModel(committed, 1);
  await writeRandomBagModel(substitute, 2);
  const bundle = await readBundle(committed);
  return { committed, substitute, digest: bundle.digest, labels: [...bundle.model.labels] };
}

export interface SignedInfo {
  payload: Uint8Array;
  evidence: { requestHash: string; responseHash: string; signature: string };
}

/** The miner's signed answer to `info`, declaring `digest` and `executionProvider`. */
export function signedInfo(digest: string, labels: string[], executionProvider = 'cpu'): SignedInfo {
  const request = encodeFrame({ type: 'info', id: 1 });
  const payload = encodeInfoPayload({
    kind: 'info',
    protocolVersion: PROTOCOL_VERSION,
    domain: 'finance',
    task: 'sentiment',
    labels,
    modelSha256: 'ab'.repeat(32),
    softwareVersion: '0.1.0-test',
    bundleDigest: digest,
    executionProvider,
  });
  return {
    payload,
    evidence: {
      requestHash: u8aToHex(hashBytes(request)),
      responseHash: u8aToHex(hashBytes(payload)),
      signature: u8aToHex(signResponse(minerKey, request, payload)),
    },
  };
}

export interface SignedClassify {
  request: Uint8Array;
  payload: Uint8Array;
  probabilities: number[][];
  evidence: { requestHash: string; responseHash: string; signature: string };
}

/** The miner's signed answer to a classify request, computed by the model in `servedDir`. */
export async function signedClassify(servedDir: string, texts: string[] = TEXTS): Promise<SignedClassify> {
  const request = encodeFrame({ type: 'classify', id: 7, texts });
  const probabilities = (await predict(servedDir, texts)).map((row) => [...row]);
  const payload = encodeClassifyPayload({ kind: 'classify', probabilities, inferenceMs: 1.5 });
  return {
    request,
    payload,
    probabilities,
    evidence: {
      requestHash: u8aToHex(hashBytes(request)),
      responseHash: u8aToHex(hashBytes(payload)),
      signature: u8aToHex(signResponse(minerKey, request, payload)),
    },
  };
}

/** Probabilities of `texts` on the model in `dir` (in this thread). */
export async function predict(dir: string, texts: string[]): Promise<number[][]> {
  const model = await DomainModel.load(dir);
  try {
    return (await model.predict(texts)).map((row) => Array.from(row));
  } finally {
    await model.close();
  }
}

/**
 * Evidence against a miner that committed `bundles.committed` and served `bundles.substitute`: items
 * 1 and 4 re-executed on the committed bundle.
 */
export async function substitutionEvidence(
  bundles: Bundles,
  options: { uid?: number; time?: Date } = {},
): Promise<FraudEvidence> {
  const items = [1, 4];
  const classify = await signedClassify(bundles.substitute);
  const recomputed = await predict(
    bundles.committed,
    items.map((i) => TEXTS[i] ?? ''),
  );
  return createEvidence({
    signer: validatorKey,
    netuid: 3,
    block: 120,
    ...(options.time ? { time: options.time } : {}),
    miner: { uid: options.uid ?? 5, hotkey: minerKey.address },
    info: signedInfo(bundles.digest, bundles.labels),
    classify,
    items,
    recomputed,
  });
}
