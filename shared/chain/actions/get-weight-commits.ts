import type { ChainConnection } from '../connection.js';
import type { WeightCommitInfo } from '../types.js';
import { checkNetuid, num, unwrapOption } from './decode.js';
import { queryPallet } from './pallet.js';

export interface GetWeightCommitsParameters {
  netuid: number;
  /** SS58 hotkey. */
  hotkey: string;
}

/**
 * Pending (unrevealed) weight commits of a hotkey, oldest first (`WeightCommits[netuid, hotkey]`).
 * Includes expired ones the chain has not dropped yet (it prunes on the hotkey's next commit or reveal).
 * @example const pending = await getWeightCommits(connection, { netuid: 1, hotkey });
 */
export async function getWeightCommits(
  connection: ChainConnection,
  { netuid, hotkey }: GetWeightCommitsParameters,
): Promise<WeightCommitInfo[]> {
  checkNetuid(netuid);
  return connection.request('weightCommits', async (api) => {
    const stored = await queryPallet(api.query, 'subtensorModule').weightCommits(netuid, hotkey);
    // (hash, commit_block, first_reveal_block, last_reveal_block), oldest first (a VecDeque).
    return (unwrapOption(stored) ?? []).map(([hash, commitBlock, firstRevealBlock, lastRevealBlock]) => ({
      hash: hash.toU8a(true),
      commitBlock: num(commitBlock),
      firstRevealBlock: num(firstRevealBlock),
      lastRevealBlock: num(lastRevealBlock),
    }));
  });
}
