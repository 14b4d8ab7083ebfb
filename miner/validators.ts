/**
 * Who may connect: the miner's view of the subnet's validators. The server asks a `ValidatorDirectory`
 * (injected, so handshake tests need no chain); `MetagraphDirectory` is the chain-backed one, refreshed
 * as new blocks arrive and kept at its last good snapshot while the chain is unreachable.
 */
import type { ChainClient, Metagraph } from '../shared/chain/index.js';
import { errorMessage } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';

export interface ValidatorStanding {
  uid: number;
  validatorPermit: boolean;
  /** Stake in rao. */
  stake: bigint;
}

export interface ValidatorDirectory {
  /** Undefined when the hotkey is not registered on the subnet. */
  lookup(hotkey: string): ValidatorStanding | undefined;
}

/** A fixed table (tests, or operators pinning validators). */
export class StaticDirectory implements ValidatorDirectory {
  readonly #byHotkey: Map<string, ValidatorStanding>;
  constructor(entries: Iterable<[string, ValidatorStanding]>) {
    this.#byHotkey = new Map(entries);
  }
  lookup(hotkey: string): ValidatorStanding | undefined {
    return this.#byHotkey.get(hotkey);
  }
}

export function standingsOf(metagraph: Metagraph): Map<string, ValidatorStanding> {
  const map = new Map<string, ValidatorStanding>();
  for (let i = 0; i < metagraph.n; i++) {
    map.set(metagraph.hotkeys[i]!, {
      uid: metagraph.uids[i]!,
      validatorPermit: metagraph.validatorPermit[i]!,
      stake: metagraph.stake[i]!,
    });
  }
  return map;
}

export interface MetagraphDirectoryOptions {
  chain: ChainClient;
  netuid: number;
  /** Refresh every this many new blocks. Default 5 (one minute at 12 s blocks). */
  refreshEveryBlocks?: number;
  logger?: Logger;
  onRefresh?: (metagraph: Metagraph) => void;
}

export class MetagraphDirectory implements ValidatorDirectory {
  readonly #opts: MetagraphDirectoryOptions;
  readonly #log: Logger;
  #standings = new Map<string, ValidatorStanding>();
  #block = -1;
  #lastRefreshBlock = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: MetagraphDirectoryOptions) {
    this.#opts = options;
    this.#log = options.logger ?? silentLogger();
  }

  /** Block of the snapshot in use (-1 before the first). */
  get block(): number {
    return this.#block;
  }

  lookup(hotkey: string): ValidatorStanding | undefined {
    return this.#standings.get(hotkey);
  }

  /** Reads the metagraph now; throws if the chain cannot be read (first load must succeed). */
  async refresh(): Promise<void> {
    this.#refreshing ??= (async () => {
      try {
        const metagraph = await this.#opts.chain.metagraph(this.#opts.netuid);
        this.#standings = standingsOf(metagraph);
        this.#block = metagraph.block;
        this.#lastRefreshBlock = metagraph.block;
        this.#opts.onRefresh?.(metagraph);
        this.#log.debug(
          {
            block: metagraph.block,
            n: metagraph.n,
            validators: metagraph.validatorPermit.filter(Boolean).length,
          },
          'metagraph refreshed',
        );
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  /** Follows new heads; refresh failures keep the previous snapshot and are retried on a later block. */
  async follow(): Promise<void> {
    const every = this.#opts.refreshEveryBlocks ?? 5;
    this.#unsubscribe = await this.#opts.chain.subscribeNewHeads((head) => {
      if (head.number - this.#lastRefreshBlock < every || this.#refreshing) return;
      this.refresh().catch((err: unknown) =>
        this.#log.warn(
          { err: errorMessage(err), block: head.number },
          'metagraph refresh failed, keeping the last snapshot',
        ),
      );
    });
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
