/**
 * Storage items and calls looked up by name, for items a runtime may lack (or that the augment types do
 * not describe yet): `undefined` instead of a throw, so a caller can tell "the chain has no X" apart.
 */
import type { ApiPromise } from '@polkadot/api';
import type { QueryableStorageEntry, SubmittableExtrinsicFunction } from '@polkadot/api/types';

/** `query[pallet][item]` (of the api or of `api.at(hash)`), undefined when the runtime has none. */
export function storageItem(
  query: ApiPromise['query'],
  pallet: string,
  item: string,
): QueryableStorageEntry<'promise'> | undefined {
  return query[pallet]?.[item];
}

/** `api.tx[pallet][call]`, undefined when the runtime has none. */
export function callOf(
  api: ApiPromise,
  pallet: string,
  call: string,
): SubmittableExtrinsicFunction<'promise'> | undefined {
  return api.tx[pallet]?.[call];
}
