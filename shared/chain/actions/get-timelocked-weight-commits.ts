import type { Codec } from '@polkadot/types/types';
import { hexToU8a, isHex } from '@polkadot/util';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { TimelockedCommitInfo } from '../types.js';
import { checkNetuid } from './decode.js';
import { storageItem } from './untyped.js';

export interface GetTimelockedWeightCommitsParameters {
  /** The subnet (mechanism 0: its storage index is the netuid). */
  netuid: number;
  /** The epoch the commits were made in (`(block + netuid + 1) / (tempo + 1)`). */
  epoch: number;
}

function badResponse(what: string): ChainClientError {
  return new ChainClientError(
    { code: 'BAD_RESPONSE', what },
    `unexpected SubtensorModule.TimelockedWeightCommits: ${what}`,
  );
}

/** `Vec<(AccountId32, u64, Bytes, u64)>` through its JSON form (the augment types may not name it). */
export function decodeTimelockedCommits(codec: Codec): TimelockedCommitInfo[] {
  const json = codec.toJSON();
  if (!Array.isArray(json)) throw badResponse('not a list');
  return json.map((entry) => {
    if (!Array.isArray(entry) || entry.length !== 4) throw badResponse('entry is not a 4-tuple');
    const [who, commitBlock, commit, round] = entry;
    if (typeof who !== 'string' || typeof commit !== 'string' || !isHex(commit)) {
      throw badResponse('bad account or commit bytes');
    }
    if (typeof commitBlock !== 'number' || (typeof round !== 'number' && typeof round !== 'string')) {
      throw badResponse('bad block or round');
    }
    return { hotkey: who, commitBlock, commit: hexToU8a(commit), revealRound: BigInt(round) };
  });
}

/**
 * `SubtensorModule.TimelockedWeightCommits[netuid, epoch]`: the timelocked commits of that epoch not
 * applied yet, oldest first. `UNSUPPORTED` on a chain without timelocked commits.
 * @example const pending = await getTimelockedWeightCommits(connection, { netuid: 1, epoch: 42 });
 */
export function getTimelockedWeightCommits(
  connection: ChainConnection,
  { netuid, epoch }: GetTimelockedWeightCommitsParameters,
): Promise<TimelockedCommitInfo[]> {
  checkNetuid(netuid);
  if (!Number.isSafeInteger(epoch) || epoch < 0) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'epoch', value: String(epoch) },
      'epoch must be an integer ≥ 0',
    );
  }
  return connection.request('timelockedWeightCommits', async (api) => {
    const item = storageItem(api.query, 'subtensorModule', 'timelockedWeightCommits');
    if (!item) {
      throw new ChainClientError(
        { code: 'UNSUPPORTED', feature: 'subtensorModule.timelockedWeightCommits' },
        'the chain has no SubtensorModule.TimelockedWeightCommits',
      );
    }
    return decodeTimelockedCommits(await item(netuid, epoch));
  });
}
