/**
 * The chain reads replay makes, over one connection: a hotkey's facts at a block (`getValidatorAt`) and,
 * for timelocked weights, its commit as filed on chain (`TimelockedWeightCommits` at the commit's block)
 * with the drand pulse that opens it (`Drand.Pulses`), so replay can decrypt what was committed.
 */
import { hexToU8a, isHex } from '@polkadot/util';
import { decodeTimelockedCommits } from '../../shared/chain/actions/get-timelocked-weight-commits.js';
import { storageItem } from '../../shared/chain/actions/untyped.js';
import type { ChainConnection } from '../../shared/chain/connection.js';
import { actions } from '../../shared/chain/index.js';
import type { ReplayChain, TimelockedCommitAt } from './replay-types.js';

/** A `ReplayChain` reading `hotkey`'s facts on `netuid` through `connection` (each block read once). */
export function connectionReplayChain(
  connection: ChainConnection,
  { netuid, hotkey }: { netuid: number; hotkey: string },
): ReplayChain {
  const at = cached((block: number) => actions.getValidatorAt(connection, { netuid, hotkey, block }));
  return {
    at,
    timelockedCommit: (block, epoch) => timelockedCommitAt(connection, { netuid, hotkey, block, epoch }),
  };
}

/** Each key's read once (a failed read is tried again next time). */
export function cached<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) {
      hit = read(key);
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };
}

/**
 * `hotkey`'s commit that landed in `block`, from `TimelockedWeightCommits[netuid, epoch]` read at that
 * block (a commit is filed under the epoch of the block that holds it), and the pulse of its round read
 * at the best block. Undefined when the chain has no such commit (or no timelocked commits at all).
 */
export function timelockedCommitAt(
  connection: ChainConnection,
  { netuid, hotkey, block, epoch }: { netuid: number; hotkey: string; block: number; epoch: number },
): Promise<TimelockedCommitAt | undefined> {
  return connection.request('replayTimelockedCommit', async (api) => {
    const hash = await api.rpc.chain.getBlockHash(block);
    const at = await api.at(hash);
    const commits = storageItem(at.query, 'subtensorModule', 'timelockedWeightCommits');
    if (!commits) return undefined;
    const ours = decodeTimelockedCommits(await commits(netuid, epoch)).find(
      (c) => c.hotkey === hotkey && c.commitBlock === block,
    );
    if (!ours) return undefined;
    const pulses = storageItem(api.query, 'drand', 'pulses');
    const json = pulses ? (await pulses(ours.revealRound)).toJSON() : null;
    const signature =
      json !== null && typeof json === 'object' && !Array.isArray(json) ? json.signature : undefined;
    return {
      ciphertext: ours.commit,
      revealRound: ours.revealRound,
      signature: typeof signature === 'string' && isHex(signature) ? hexToU8a(signature) : undefined,
    };
  });
}
