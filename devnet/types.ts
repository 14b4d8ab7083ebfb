/** The devnet's configuration, hooks, handle and summary types (see devnet.ts). */
import type { DomainName } from '../shared/domains/index.js';
import type { TierName } from '../shared/models/tiers.js';
import type { ValidatorReplay } from './replay.js';
import type { DevnetSnapshot } from './snapshot.js';
import type { SupervisedProcess } from './supervisor.js';

/**
 * How the subnet's weights go on chain: `off` (set_weights), `hash` (commit, then reveal the next epoch),
 * `timelock` (commits encrypted to a drand round, applied by the chain: the default, as on mainnet).
 */
export type CommitRevealMode = 'off' | 'hash' | 'timelock';
export const COMMIT_REVEAL_MODES: readonly CommitRevealMode[] = ['off', 'hash', 'timelock'];

/** A config's `commitReveal` as a mode (`true`/`false`: the boolean of devnets before timelock, hash/off). */
export function commitRevealMode(value: CommitRevealMode | boolean): CommitRevealMode {
  if (value === true) return 'hash';
  if (value === false) return 'off';
  return value;
}

export interface DevnetConfig {
  validators: number;
  minersPerTier: number;
  domains?: DomainName[];
  /** `domain/task` ids; default every task of the chosen domains. */
  tasks?: string[];
  tiers?: TierName[];
  /** Extra cheating miners (issue 14: validators must catch them); default 0. */
  cheaters?: number;
  /** Extra validators that copy validator-1's weights (issue 15: replay must catch them); default 0. */
  copiers?: number;
  tempo: number;
  blockTimeMs: number;
  /** First port for miners, validators and the chain's metrics; 0 = free ports. */
  basePort: number;
  /** Chain RPC port; 0 = a free port. */
  chainPort: number;
  /** Gateway on the first validator; 0 = none. */
  gatewayPort: number;
  /** `--commit-reveal`; a boolean means `hash` (true) or `off` (false). */
  commitReveal: CommitRevealMode | boolean;
  validatorStakeTao: number;
  /** Devnet folder: `logs/`, `run/` (chain data and validator state, removed at stop), wallets by default. */
  dir: string;
  walletPath?: string;
  modelsDir: string;
  /** Run this many epochs after weights first land, then stop. Undefined: run until stopped. */
  epochs?: number;
  /** Give up (in `epochs` mode) when weights have not landed after this long. */
  weightsTimeoutMs: number;
  startTimeoutMs: number;
}

export interface DevnetTimings {
  modelsMs: number;
  chainReadyMs: number;
  subnetReadyMs: number;
  minersReadyMs: number;
  validatorsReadyMs: number;
  firstWeightsMs?: number;
  totalMs?: number;
}

export interface DevnetSummary extends DevnetSnapshot {
  blockTimeMs: number;
  /** Commit-reveal on (hash or timelock). */
  commitReveal: boolean;
  /** Which way weights went on chain: the validators ran with the matching `--weights.mode`. */
  commitRevealMode: CommitRevealMode;
  endpoint: string;
  gatewayUrl: string | null;
  firstWeightsBlock: number | null;
  timings: DevnetTimings;
  logs: string;
  /** `--epochs` runs: each validator's `audit replay` verdict over the epochs with weights (issue 15). */
  replay?: ValidatorReplay[];
}

export interface DevnetHooks {
  /** Aborting during start-up stops what was started and rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Start-up progress lines. */
  status?: (line: string) => void;
  /** Every refresh of the table (each epoch and every few blocks). */
  snapshot?: (snapshot: DevnetSnapshot, notes: string[]) => void;
}

export interface DevnetHandle {
  /** Resolves with the final summary in `epochs` mode, or when stopped. */
  readonly finished: Promise<DevnetSummary>;
  readonly endpoint: string;
  /** Every child by name (`chain`, `validator-1`, `miner-…`): pid, running, log file. */
  readonly processes: ReadonlyMap<string, SupervisedProcess>;
  stop(reason?: string): Promise<void>;
}
