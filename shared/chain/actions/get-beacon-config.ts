import type { Codec } from '@polkadot/types/types';
import { hexToU8a, isHex, u8aToHex, u8aToString } from '@polkadot/util';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { BeaconConfig } from '../types.js';
import { big } from './decode.js';
import { storageItem } from './untyped.js';

function badResponse(what: string): ChainClientError {
  return new ChainClientError({ code: 'BAD_RESPONSE', what }, `unexpected Drand.BeaconConfig: ${what}`);
}

/** A `Bytes` field of the decoded config (JSON: 0x-hex). */
function bytesField(json: Record<string, unknown>, ...names: string[]): Uint8Array {
  for (const name of names) {
    const value = json[name];
    if (typeof value === 'string' && isHex(value)) return hexToU8a(value);
  }
  throw badResponse(`no ${names[0]} bytes`);
}

function numberField(json: Record<string, unknown>, name: string): number {
  const value = json[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw badResponse(`bad ${name}`);
  return value;
}

/** Decodes `PalletDrandBeaconConfiguration` through its JSON form (the augment types may not name it). */
export function decodeBeaconConfig(codec: Codec, lastStoredRound: bigint): BeaconConfig {
  const json = codec.toJSON();
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw badResponse('not a struct');
  const fields: Record<string, unknown> = json;
  const publicKey = bytesField(fields, 'publicKey');
  if (publicKey.length !== 96) throw badResponse(`public key of ${publicKey.length} bytes, not 96`);
  const period = numberField(fields, 'period');
  if (period === 0) throw badResponse('period 0');
  return {
    publicKey,
    period,
    genesisTime: numberField(fields, 'genesisTime'),
    // polkadot-js renames the field `hash` (it would shadow Codec.hash).
    chainHash: u8aToHex(bytesField(fields, 'hash_', 'hash')),
    schemeId: u8aToString(bytesField(fields, 'schemeId')),
    lastStoredRound,
  };
}

/**
 * `Drand.BeaconConfig` (public key, period, genesis time, chain hash, scheme) and `Drand.LastStoredRound`,
 * read at the best block. `UNSUPPORTED` on a chain without the Drand pallet.
 * @example const { publicKey, genesisTime, period } = await getBeaconConfig(connection);
 */
export function getBeaconConfig(connection: ChainConnection): Promise<BeaconConfig> {
  return connection.request('beaconConfig', async (api) => {
    const at = await api.at(await api.rpc.chain.getBlockHash());
    const config = storageItem(at.query, 'drand', 'beaconConfig');
    const last = storageItem(at.query, 'drand', 'lastStoredRound');
    if (!config || !last) {
      throw new ChainClientError({ code: 'UNSUPPORTED', feature: 'drand' }, 'the chain has no Drand pallet');
    }
    const [codec, round] = await Promise.all([config(), last()]);
    return decodeBeaconConfig(codec, big(round));
  });
}
