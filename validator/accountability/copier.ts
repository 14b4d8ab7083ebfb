/**
 * A weight copier, on purpose (devnet `--copiers`, tests): the hidden `--dev.copy_weights_from HOTKEY`
 * makes the validator offer its weight setter the other validator's last weights on chain instead of its
 * own. It still runs its rounds and writes its audit trail, so `expertnet audit replay` shows what a
 * copier looks like: weights on chain that no audited round implies (MISMATCH).
 */
import { actions, type ChainClient, PolkadotChainClient } from '../../shared/chain/index.js';
import { errorMessage } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { U16Weights } from '../weights.js';

export interface WeightCopierOptions {
  chain: ChainClient;
  netuid: number;
  /** Whose weights to copy (SS58). */
  from: string;
  target: { offer(weights: U16Weights): void };
  log: Logger;
}

/** The `{ offer }` the round loop calls: drops our vector, offers `from`'s latest row instead. */
export function weightCopier(options: WeightCopierOptions): { offer(weights: U16Weights): void } {
  const { chain, netuid, from, target, log } = options;
  let inFlight = false;
  return {
    offer() {
      if (inFlight) return;
      inFlight = true;
      void copyOnce()
        .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'could not read the weights to copy'))
        .finally(() => {
          inFlight = false;
        });
    },
  };

  async function copyOnce(): Promise<void> {
    if (!(chain instanceof PolkadotChainClient)) return; // a test double has no storage to copy from
    const block = await chain.bestBlockNumber();
    const facts = await actions.getValidatorAt(chain.connection, { netuid, hotkey: from, block });
    if (facts.weights.uids.length === 0) return;
    log.debug({ from, uids: facts.weights.uids.length }, 'offering copied weights');
    target.offer({ uids: facts.weights.uids, weights: facts.weights.weights });
  }
}
