import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { SubnetHyperparams } from '../types.js';
import { checkNetuid } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetHyperparamsParameters {
  netuid: number;
}

/**
 * The hyperparameters a validator obeys, read from storage at the best block; `SUBNET_NOT_FOUND` when
 * the subnet does not exist.
 * @example const { tempo, commitRevealEnabled } = await getHyperparams(connection, { netuid: 1 });
 */
export async function getHyperparams(
  connection: ChainConnection,
  { netuid }: GetHyperparamsParameters,
): Promise<SubnetHyperparams> {
  checkNetuid(netuid);
  const values = await connection.request('hyperparams', async (api) => {
    const at = await api.at(await api.rpc.chain.getBlockHash());
    const st = queryPallet(at.query, 'subtensorModule');
    return Promise.all([
      st.networksAdded(netuid),
      st.tempo(netuid),
      st.minAllowedWeights(netuid),
      st.maxWeightsLimit(netuid),
      st.weightsSetRateLimit(netuid),
      st.weightsVersionKey(netuid),
      st.commitRevealWeightsEnabled(netuid),
      st.revealPeriodEpochs(netuid),
      st.immunityPeriod(netuid),
      st.activityCutoff(netuid),
      st.maxAllowedUids(netuid),
    ]);
  });
  const [
    added,
    tempo,
    minAllowedWeights,
    maxWeightsLimit,
    weightsSetRateLimit,
    weightsVersionKey,
    commitReveal,
    revealPeriod,
    immunityPeriod,
    activityCutoff,
    maxAllowedUids,
  ] = values;
  if (!added.isTrue) {
    throw new ChainClientError({ code: 'SUBNET_NOT_FOUND', netuid }, `subnet ${netuid} does not exist`);
  }
  return {
    netuid,
    tempo: tempo.toNumber(),
    minAllowedWeights: minAllowedWeights.toNumber(),
    maxWeightsLimit: maxWeightsLimit.toNumber(),
    weightsSetRateLimit: weightsSetRateLimit.toNumber(),
    weightsVersionKey: weightsVersionKey.toBigInt(),
    commitRevealEnabled: commitReveal.isTrue,
    revealPeriodEpochs: revealPeriod.toNumber(),
    immunityPeriod: immunityPeriod.toNumber(),
    activityCutoff: activityCutoff.toNumber(),
    maxAllowedUids: maxAllowedUids.toNumber(),
  };
}
