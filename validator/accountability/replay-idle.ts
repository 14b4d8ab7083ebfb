/**
 * An epoch without an audit file: the validator ran no round in it (a short tempo, a restart, a stop).
 * That is accountable only if it did nothing the audit should explain: the chain's row at the epoch's end
 * was not set during the epoch (MATCH: nothing to explain), or was set to a vector the previous epoch's
 * replayed rounds offered (MATCH: a late set or a reveal). Anything else, or no previous epoch to go by,
 * is UNAUDITABLE with the reason the file was missing.
 */
import { errorMessage } from '../../shared/errors.js';
import { firstBlockOfEpoch, lastBlockOfEpoch } from '../../shared/subtensor/epoch.js';
import { type ReplayEndState, unauditable } from './replay.js';
import { canonical, offerKey } from './replay-checks.js';
import { type EpochVerdict, emptyStats, type ReplayChain } from './replay-types.js';

export async function replayIdleEpoch(params: {
  netuid: number;
  epoch: number;
  chain: ReplayChain;
  previous: ReplayEndState | undefined;
  /** Why there is no file (the verdict's reason when it cannot be explained). */
  missing: string;
}): Promise<{ verdict: EpochVerdict; end: ReplayEndState | undefined }> {
  const { netuid, epoch, previous, missing } = params;
  if (!previous || previous.epoch !== epoch - 1)
    return { verdict: unauditable(epoch, missing), end: undefined };
  let facts: Awaited<ReturnType<ReplayChain['at']>>;
  try {
    facts = await params.chain.at(lastBlockOfEpoch(netuid, previous.tempo, epoch));
  } catch (err) {
    return {
      verdict: unauditable(epoch, `${missing}; cannot read the chain: ${errorMessage(err)}`),
      end: undefined,
    };
  }
  const row = canonical(facts.weights);
  const setInEpoch =
    facts.lastUpdate >= firstBlockOfEpoch(netuid, previous.tempo, epoch) && row.uids.length > 0;
  if (setInEpoch && !previous.recent.has(offerKey(row))) {
    return {
      verdict: unauditable(
        epoch,
        `${missing}, and the weights on chain were set in it (block ${facts.lastUpdate}) to a vector no replayed round offered`,
      ),
      end: undefined,
    };
  }
  const stats = { ...emptyStats(), chainWeights: setInEpoch ? 1 : 0 };
  const reason = setInEpoch
    ? `no rounds; the weights set at block ${facts.lastUpdate} are epoch ${epoch - 1}'s offer`
    : 'no rounds and no weights set';
  // Nothing changed: the next epoch continues from the same averages and may still carry the same offers.
  const end: ReplayEndState = {
    ...previous,
    epoch,
    offers: new Set(previous.offers),
    prior: previous.offers,
  };
  return { verdict: { epoch, verdict: 'MATCH', reason, stats }, end };
}
