import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { CommitRevealSettings } from '../types.js';
import { checkNetuid, num } from './decode.js';
import { queryPallet } from './pallet.js';
import { callOf, storageItem } from './untyped.js';

export interface GetCommitRevealSettingsParameters {
  netuid: number;
}

/**
 * `CommitRevealWeightsEnabled`, `RevealPeriodEpochs`, `CommitRevealWeightsVersion` and `Tempo` of the
 * subnet, the block and its `Timestamp.Now`, all at the best block, and whether the chain has timelocked
 * commits (`Drand.BeaconConfig` and `commit_timelocked_weights`). `SUBNET_NOT_FOUND` when the subnet
 * does not exist.
 * @example const { enabled, timelock, revealPeriodEpochs } = await getCommitRevealSettings(connection, { netuid: 1 });
 */
export function getCommitRevealSettings(
  connection: ChainConnection,
  { netuid }: GetCommitRevealSettingsParameters,
): Promise<CommitRevealSettings> {
  checkNetuid(netuid);
  return connection.request('commitRevealSettings', async (api) => {
    const hash = await api.rpc.chain.getBlockHash();
    const at = await api.at(hash);
    const st = queryPallet(at.query, 'subtensorModule');
    const version = storageItem(at.query, 'subtensorModule', 'commitRevealWeightsVersion');
    const now = storageItem(at.query, 'timestamp', 'now');
    const [header, added, enabled, revealPeriod, tempo, versionCodec, nowCodec] = await Promise.all([
      api.rpc.chain.getHeader(hash),
      st.networksAdded(netuid),
      st.commitRevealWeightsEnabled(netuid),
      st.revealPeriodEpochs(netuid),
      st.tempo(netuid),
      version?.(),
      now?.(),
    ]);
    if (!added.isTrue) {
      throw new ChainClientError({ code: 'SUBNET_NOT_FOUND', netuid }, `subnet ${netuid} does not exist`);
    }
    const timelock =
      storageItem(at.query, 'drand', 'beaconConfig') !== undefined &&
      callOf(api, 'subtensorModule', 'commitTimelockedWeights') !== undefined;
    return {
      netuid,
      block: header.number.toNumber(),
      timestampMs: num(nowCodec),
      enabled: enabled.isTrue,
      revealPeriodEpochs: revealPeriod.toNumber(),
      version: versionCodec === undefined ? undefined : num(versionCodec),
      tempo: tempo.toNumber(),
      blockTimeMs: connection.blockTimeMs,
      timelock,
    };
  });
}
