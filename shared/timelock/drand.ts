/**
 * Drand beacon parameters and its round clock.
 *
 * Quicknet is the drand network subtensor's pallet-drand follows and the Bittensor SDK encrypts to. Its
 * constants are those in subtensor's pallets/drand/src/tests.rs (`DRAND_INFO_RESPONSE`, the network's
 * `/info` answer) and bittensor-drand's src/drand.rs (`PUBLIC_KEY`, `GENESIS_TIME`, `DRAND_PERIOD`,
 * `QUICKNET_CHAIN_HASH`); drand publishes them at `/52db9ba7…e971/info`.
 */
import { TimelockError } from './errors.js';

export interface DrandChainInfo {
  /** Group public key on G2, 96 bytes compressed (zcash / arkworks encoding). */
  publicKey: Uint8Array;
  /** Unix seconds of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
  /** Hex, without 0x. */
  chainHash: string;
  schemeId: string;
}

function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

export const QUICKNET: DrandChainInfo = Object.freeze({
  publicKey: hex(
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  ),
  genesisTime: 1692803367,
  period: 3,
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  schemeId: 'bls-unchained-g1-rfc9380',
});

type Clock = Pick<DrandChainInfo, 'genesisTime' | 'period'>;

function finite(name: string, v: number): void {
  if (!Number.isFinite(v))
    throw new TimelockError({ code: 'BAD_INPUT', field: name, value: String(v) }, `${name} must be finite`);
}

/**
 * The latest round whose time has come at `unixSeconds` (drand's `CurrentRound`): round 1 at genesis,
 * round n at genesis + (n-1)·period; 0 before genesis.
 */
export function roundAt(info: Clock, unixSeconds: number): bigint {
  finite('unixSeconds', unixSeconds);
  if (unixSeconds < info.genesisTime) return 0n;
  return BigInt(Math.floor((unixSeconds - info.genesisTime) / info.period)) + 1n;
}

/** Unix seconds at which `round` is due (drand's `TimeOfRound`); genesis for round 0. */
export function roundTime(info: Clock, round: bigint): number {
  if (round <= 0n) return info.genesisTime;
  return info.genesisTime + Number(round - 1n) * info.period;
}

/** Blocks the SDK adds past the reveal epoch's first block so the pulse is on chain by then. */
export const SECURITY_BLOCK_OFFSET = 3;

export interface RevealRoundArgs {
  /** Block at which the commit is made. */
  currentBlock: number;
  netuid: number;
  tempo: number;
  /** The subnet's `RevealPeriodEpochs`. */
  revealPeriodEpochs: number;
  /** Seconds per block (12 on finney). */
  blockTimeSeconds: number;
  /** Wall clock at the commit, unix seconds (fractions allowed). */
  nowSeconds: number;
  /** The beacon's clock; quicknet's when omitted. */
  info?: Clock;
}

/**
 * The drand round a commit made at `currentBlock` is encrypted to, by the Bittensor SDK's rule
 * (bittensor-drand `generate_commit`): aim for the pulse to be ingested at block
 * `firstBlockOfEpoch(epoch(currentBlock) + revealPeriodEpochs) + 3`, convert the wall-clock time of that
 * block to a round, rounding down (floor((t - genesis) / period), one less than `roundAt(t)`, so the
 * pulse is never one the chain cannot have yet), and never below 1.
 */
export function revealRoundFor(args: RevealRoundArgs): bigint {
  const info = args.info ?? QUICKNET;
  for (const [name, v] of [
    ['currentBlock', args.currentBlock],
    ['netuid', args.netuid],
    ['tempo', args.tempo],
    ['revealPeriodEpochs', args.revealPeriodEpochs],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new TimelockError({ code: 'BAD_INPUT', field: name, value: String(v) }, `${name} must be a u64`);
    }
  }
  finite('blockTimeSeconds', args.blockTimeSeconds);
  finite('nowSeconds', args.nowSeconds);
  const tempoPlusOne = args.tempo + 1;
  const netuidPlusOne = args.netuid + 1;
  const currentEpoch = Math.floor((args.currentBlock + netuidPlusOne) / tempoPlusOne);
  const revealEpoch = currentEpoch + args.revealPeriodEpochs;
  const firstRevealBlock = Math.max(0, revealEpoch * tempoPlusOne - netuidPlusOne);
  const targetIngestBlock = firstRevealBlock + SECURITY_BLOCK_OFFSET;
  const blocksUntilIngest = Math.max(0, targetIngestBlock - args.currentBlock);
  const targetSecs = args.nowSeconds + blocksUntilIngest * args.blockTimeSeconds;
  const round = Math.floor((targetSecs - info.genesisTime) / info.period);
  return round < 1 ? 1n : BigInt(round);
}
