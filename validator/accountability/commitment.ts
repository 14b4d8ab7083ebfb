/**
 * The seed commitment a validator puts on chain (`Commitments.set_commitment` from its hotkey) before
 * an epoch's first round, and the reveal of the previous epoch it carries:
 *
 *   field 0  Raw         "expertnet-audit/1 <epoch>" or "expertnet-audit/1 <epoch> <revealed epoch>"
 *   field 1  BlakeTwo256 blake2_256(epoch seed ‖ dataset hash)              (32 bytes)
 *   field 2  Raw64       revealed epoch's seed ‖ its dataset hash          (only with a revealed epoch)
 *
 * 20 + 32 + 64 ≈ 120 bytes per epoch, far under subtensor's `MaxSpace` per epoch (3100 by default);
 * one commitment per epoch is also within its rate limit.
 */
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { CommitmentField } from '../../shared/chain/index.js';

export const SEED_COMMITMENT_PREFIX = 'expertnet-audit/1';

export interface SeedReveal {
  epoch: number;
  seed: Uint8Array;
  datasetHash: Uint8Array;
}

export interface SeedCommitmentFields {
  epoch: number;
  /** blake2_256(seed ‖ datasetHash) of `epoch`. */
  hash: Uint8Array;
  reveal: SeedReveal | undefined;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What field 1 commits: blake2_256(epoch seed ‖ dataset hash). */
export function seedCommitmentHash(seed: Uint8Array, datasetHash: Uint8Array): Uint8Array {
  const both = new Uint8Array(seed.length + datasetHash.length);
  both.set(seed, 0);
  both.set(datasetHash, seed.length);
  return blake2AsU8a(both, 256);
}

export function encodeSeedCommitment(commitment: SeedCommitmentFields): CommitmentField[] {
  const { epoch, hash, reveal } = commitment;
  const head = reveal
    ? `${SEED_COMMITMENT_PREFIX} ${epoch} ${reveal.epoch}`
    : `${SEED_COMMITMENT_PREFIX} ${epoch}`;
  const fields: CommitmentField[] = [
    { kind: 'Raw', bytes: utf8.encode(head) },
    { kind: 'BlakeTwo256', bytes: hash },
  ];
  if (reveal) {
    const bytes = new Uint8Array(64);
    bytes.set(reveal.seed, 0);
    bytes.set(reveal.datasetHash, 32);
    fields.push({ kind: 'Raw', bytes });
  }
  return fields;
}

/** Undefined when the fields are not a seed commitment (another layout, junk). */
export function decodeSeedCommitment(fields: readonly CommitmentField[]): SeedCommitmentFields | undefined {
  const [head, hash, reveal] = fields;
  if (head?.kind !== 'Raw' || hash?.kind !== 'BlakeTwo256' || hash.bytes.length !== 32) return undefined;
  let text: string;
  try {
    text = fromUtf8.decode(head.bytes);
  } catch {
    return undefined;
  }
  const [prefix, epochText, revealedText, ...rest] = text.split(' ');
  const epoch = parseEpoch(epochText);
  if (prefix !== SEED_COMMITMENT_PREFIX || epoch === undefined || rest.length > 0) return undefined;
  if (revealedText === undefined) {
    return fields.length === 2 ? { epoch, hash: hash.bytes, reveal: undefined } : undefined;
  }
  const revealed = parseEpoch(revealedText);
  if (revealed === undefined || fields.length !== 3 || reveal?.kind !== 'Raw' || reveal.bytes.length !== 64) {
    return undefined;
  }
  return {
    epoch,
    hash: hash.bytes,
    reveal: { epoch: revealed, seed: reveal.bytes.slice(0, 32), datasetHash: reveal.bytes.slice(32) },
  };
}

function parseEpoch(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0|[1-9]\d{0,15})$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
