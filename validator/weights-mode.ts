/**
 * Which way the validator's weights go on chain (`--weights.mode`), and the timelock path's inputs:
 *
 * - `auto` (default): what today's subtensor clients do. Commit-reveal off → `set_weights`; on, and the
 *   chain has timelocked commits (the Drand pallet and `commit_timelocked_weights`) → a timelocked
 *   commit the chain decrypts itself; on without them → hash commit-reveal (commit, then reveal).
 * - `set`, `commit-reveal`, `timelock`: that path whatever the chain says (its refusal is reported).
 *
 * The reveal round is the Bittensor SDK's (`revealRoundFor`, bittensor-drand `generate_commit`), and the
 * beacon is the chain's own (`Drand.BeaconConfig`) except on a public network, where it is drand
 * quicknet's published key (`QUICKNET`): a node cannot make us encrypt to a key it chose.
 */
import { NETWORK_ENDPOINTS } from '../shared/chain/endpoints.js';
import type { BeaconConfig, ChainClient, CommitRevealSettings } from '../shared/chain/types.js';
import type { Logger } from '../shared/logger.js';
import { type DrandChainInfo, QUICKNET, revealRoundFor } from '../shared/timelock/index.js';
import type { WeightsMode } from './config-options.js';

export { WEIGHTS_MODES, type WeightsMode } from './config-options.js';

/** The path one submission takes (what metrics and logs name). */
export type WeightsPath = 'set' | 'commit-reveal' | 'timelock';

export interface WeightsPathDecision {
  path: WeightsPath;
  /** Set when a forced mode goes against the chain: the chain error the submission will meet. */
  conflict?: 'CommitRevealEnabled' | 'CommitRevealDisabled' | 'UNSUPPORTED';
}

/** The path for `mode` on a subnet with commit-reveal `enabled`, on a chain with (`timelock`) or without timelocked commits. */
export function decideWeightsPath(
  mode: WeightsMode,
  chain: { enabled: boolean; timelock: boolean },
): WeightsPathDecision {
  switch (mode) {
    case 'auto':
      return { path: chain.enabled ? (chain.timelock ? 'timelock' : 'commit-reveal') : 'set' };
    case 'set':
      return chain.enabled ? { path: 'set', conflict: 'CommitRevealEnabled' } : { path: 'set' };
    case 'commit-reveal':
      return chain.enabled
        ? { path: 'commit-reveal' }
        : { path: 'commit-reveal', conflict: 'CommitRevealDisabled' };
    case 'timelock':
      if (!chain.timelock) return { path: 'timelock', conflict: 'UNSUPPORTED' };
      return chain.enabled ? { path: 'timelock' } : { path: 'timelock', conflict: 'CommitRevealDisabled' };
  }
}

/** A submission's path; a timelocked one carries the settings read for it (its round is computed from them). */
export type PathChoice =
  | { path: 'timelock'; settings: CommitRevealSettings }
  | { path: 'set' | 'commit-reveal'; settings?: undefined };

export interface WeightsPathChooserOptions {
  chain: Pick<ChainClient, 'commitRevealSettings'>;
  netuid: number;
  mode: WeightsMode;
  log: Logger;
}

/** Decides each submission's path, reading the chain's settings when the mode needs them; logs changes. */
export class WeightsPathChooser {
  readonly #opt: WeightsPathChooserOptions;
  #last: WeightsPathDecision | undefined;

  constructor(options: WeightsPathChooserOptions) {
    this.#opt = options;
  }

  get path(): WeightsPath | undefined {
    return this.#last?.path;
  }

  async choose(commitRevealEnabled: boolean): Promise<PathChoice> {
    const { mode, chain, netuid, log } = this.#opt;
    const needsChain = mode === 'timelock' || (mode === 'auto' && commitRevealEnabled);
    const settings = needsChain ? await chain.commitRevealSettings(netuid) : undefined;
    const state = {
      enabled: settings?.enabled ?? commitRevealEnabled,
      timelock: settings?.timelock ?? false,
    };
    const decision = decideWeightsPath(mode, state);
    if (decision.path !== this.#last?.path || decision.conflict !== this.#last?.conflict) {
      const fields = { mode, path: decision.path, commitReveal: state.enabled, timelock: state.timelock };
      if (decision.conflict) {
        log.warn(
          { ...fields, conflict: decision.conflict },
          `weights: --weights.mode ${mode} goes against the chain (${decision.conflict})`,
        );
      } else log.info(fields, `weights go on chain by ${decision.path}`);
      this.#last = decision;
    }
    if (decision.path !== 'timelock') return { path: decision.path };
    return { path: 'timelock', settings: settings ?? (await chain.commitRevealSettings(netuid)) };
  }
}

/** `(block + netuid + 1) / (tempo + 1)`: subtensor's epoch index of a block (what commits are keyed by). */
export function epochOf(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** First block of epoch `epoch` (inverse of `epochOf`). */
export function firstBlockOfEpoch(epoch: number, netuid: number, tempo: number): number {
  return Math.max(0, epoch * (tempo + 1) - netuid - 1);
}

/** finney and testnet: their pulses are quicknet's, so we encrypt to quicknet's published key. */
export function isPublicNetwork(endpoint: string): boolean {
  return endpoint === NETWORK_ENDPOINTS.finney || endpoint === NETWORK_ENDPOINTS.test;
}

/** The beacon we encrypt to, and whether the chain's own config disagrees with it. */
export interface ChosenBeacon {
  info: Pick<DrandChainInfo, 'publicKey' | 'genesisTime' | 'period'>;
  source: 'chain' | 'quicknet';
  /** On a public network, the chain's `BeaconConfig` differs from quicknet (warn: commits may never open). */
  differs: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Quicknet's published constants on a public network (`publicNetwork`), or when the chain's beacon is
 * quicknet anyway; the chain's `BeaconConfig` otherwise (a dev chain's own beacon). `chain` undefined:
 * the config could not be read (only a public network can go on, with quicknet).
 */
export function chooseBeacon(
  chain: BeaconConfig | undefined,
  publicNetwork: boolean,
): ChosenBeacon | undefined {
  const isQuicknet =
    chain !== undefined &&
    sameBytes(chain.publicKey, QUICKNET.publicKey) &&
    chain.genesisTime === QUICKNET.genesisTime &&
    chain.period === QUICKNET.period;
  if (publicNetwork || isQuicknet) {
    return { info: QUICKNET, source: 'quicknet', differs: chain !== undefined && !isQuicknet };
  }
  if (!chain) return undefined;
  return {
    info: { publicKey: chain.publicKey, genesisTime: chain.genesisTime, period: chain.period },
    source: 'chain',
    differs: false,
  };
}

/**
 * The drand round a commit made now is encrypted to: the SDK's rule from the settings' block, tempo,
 * reveal period and block time. "Now" is the later of the wall clock and the block's timestamp: the
 * same as the SDK's wall clock on a live network, and a dev chain whose sealed blocks run ahead of the
 * wall clock (its beacon follows chain time) still gets a round in its future. Never a round the chain
 * already holds (`lastStoredRound`).
 */
export function timelockRevealRound(
  settings: Pick<
    CommitRevealSettings,
    'netuid' | 'block' | 'timestampMs' | 'tempo' | 'revealPeriodEpochs' | 'blockTimeMs'
  >,
  beacon: Pick<DrandChainInfo, 'genesisTime' | 'period'>,
  options: { nowMs?: number; lastStoredRound?: bigint } = {},
): bigint {
  const nowMs = Math.max(options.nowMs ?? Date.now(), settings.timestampMs);
  const round = revealRoundFor({
    currentBlock: settings.block,
    netuid: settings.netuid,
    tempo: settings.tempo,
    revealPeriodEpochs: settings.revealPeriodEpochs,
    blockTimeSeconds: settings.blockTimeMs / 1000,
    nowSeconds: nowMs / 1000,
    info: beacon,
  });
  const floor = (options.lastStoredRound ?? 0n) + 1n;
  return round < floor ? floor : round;
}
