/** The chain connection a daemon (miner, validator) opens at start, from its `--subtensor.*` config. */
import type { Logger } from '../logger.js';
import { PolkadotChainClient } from './polkadot-client.js';
import type { ChainClient } from './types.js';

/** What a daemon's config says about its chain link. */
export interface DaemonChainConfig {
  endpoint: string;
  /** The watchdog's `staleAfterBlocks` (0 = none); default DEFAULT_STALE_AFTER_BLOCKS. */
  staleAfterBlocks?: number;
}

/**
 * Connects `injected` when given (tests hand in their own client), else @polkadot/api on `config.endpoint`
 * logging through the daemon's logger; logs the endpoint once connected. The caller closes it.
 */
export async function connectDaemonChain(
  config: DaemonChainConfig,
  log: Logger,
  injected?: ChainClient,
): Promise<ChainClient> {
  const chain =
    injected ??
    new PolkadotChainClient({
      endpoint: config.endpoint,
      staleAfterBlocks: config.staleAfterBlocks,
      logger: log,
    });
  await chain.connect();
  log.info({ endpoint: chain.endpoint }, 'connected to the chain');
  return chain;
}
