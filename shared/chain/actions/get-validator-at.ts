import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { CommitmentRecord, ValidatorAtBlock } from '../types.js';
import { checkNetuid, decodeCommitmentFields, num, unwrapOption } from './decode.js';
import { queryPallet } from './pallet.js';

export type { ValidatorAtBlock } from '../types.js';

export interface GetValidatorAtParameters {
  netuid: number;
  /** SS58 hotkey. */
  hotkey: string;
  /** Block number whose state is read (the node must still hold it: archive or within its pruning). */
  block: number;
}

/**
 * A hotkey's uid, weights row, last update and commitment, all read at one block (`state_*At` by the
 * block's hash). `BAD_INPUT` (field `block`) when the chain has no block of that number.
 * @example const facts = await getValidatorAt(connection, { netuid: 1, hotkey, block: 120 });
 */
export function getValidatorAt(
  connection: ChainConnection,
  { netuid, hotkey, block }: GetValidatorAtParameters,
): Promise<ValidatorAtBlock> {
  checkNetuid(netuid);
  if (!Number.isSafeInteger(block) || block < 0) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'block', value: String(block) },
      `block must be an integer ≥ 0, got ${String(block)}`,
    );
  }
  return connection.request('validatorAt', async (api) => {
    const hash = await api.rpc.chain.getBlockHash(block);
    if (hash.isEmpty || /^0x0+$/.test(hash.toHex())) {
      throw new ChainClientError(
        { code: 'BAD_INPUT', field: 'block', value: String(block) },
        `the chain has no block ${block} (not produced yet, or not kept)`,
      );
    }
    const at = await api.at(hash);
    const st = queryPallet(at.query, 'subtensorModule');
    const registration = unwrapOption(
      await queryPallet(at.query, 'commitments').commitmentOf(netuid, hotkey),
    );
    const commitment = registration
      ? { block: num(registration.block), fields: decodeCommitmentFields(registration) }
      : undefined;
    const uidOpt = await st.uids(netuid, hotkey);
    const base = { block, blockHash: hash.toHex(), commitment };
    if (uidOpt.isNone) return { ...base, uid: undefined, weights: { uids: [], weights: [] }, lastUpdate: 0 };
    const uid = uidOpt.unwrap().toNumber();
    const [row, lastUpdate] = await Promise.all([st.weights(netuid, uid), st.lastUpdate(netuid)]);
    const pairs = row.map(([u, w]) => [num(u), num(w)] as const).sort((a, b) => a[0] - b[0]);
    return {
      ...base,
      uid,
      weights: { uids: pairs.map((p) => p[0]), weights: pairs.map((p) => p[1]) },
      lastUpdate: num(lastUpdate[uid]),
    };
  });
}
