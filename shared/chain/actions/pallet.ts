/**
 * Typed access to a pallet's storage or calls that still fails cleanly (`UNSUPPORTED`) on a chain
 * whose runtime lacks them: the augment types describe the dev chain, a real node may differ.
 */
import type { ApiPromise } from '@polkadot/api';
import { ChainClientError } from '../errors.js';

type Queries = ApiPromise['query'];
type Txs = ApiPromise['tx'];

/** `query[name]` (of the api or of `api.at(hash)`), or `UNSUPPORTED`. */
export function queryPallet<K extends keyof Queries & string>(query: Queries, name: K): Queries[K] {
  const section: Queries[K] | undefined = query[name];
  if (section === undefined) {
    throw new ChainClientError({ code: 'UNSUPPORTED', feature: name }, `the chain has no ${name} pallet`);
  }
  return section;
}

/** `api.tx[pallet][call]`, or `UNSUPPORTED`. */
export function txCall<P extends keyof Txs & string, C extends keyof Txs[P] & string>(
  api: ApiPromise,
  pallet: P,
  call: C,
): Txs[P][C] {
  const section: Txs[P] | undefined = api.tx[pallet];
  const fn: Txs[P][C] | undefined = section?.[call];
  if (fn === undefined) {
    throw new ChainClientError(
      { code: 'UNSUPPORTED', feature: `${pallet}.${call}` },
      `the chain has no ${pallet}.${call} call`,
    );
  }
  return fn;
}
