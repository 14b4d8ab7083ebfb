/** Argument specs several SubtensorModule call groups share. */
import { dbWeight } from '../../config.js';
import { AccountId32 } from '../../scale/substrate.js';
import { type FieldSpec, u8, u16, u32, u128, vec } from '../../scale/ty.js';

export const netuid: FieldSpec = { ty: u16, typeName: 'NetUid' };
export const accountId: FieldSpec = { ty: AccountId32, typeName: 'T::AccountId' };
export const f = (ty: FieldSpec['ty'], typeName: string): FieldSpec => ({ ty, typeName });
export const u16s = f(vec(u16), 'Vec<u16>');
/** The leading arguments of `serve_axon` and `serve_prometheus`, in subtensor's order. */
export const endpointArgs = {
  netuid,
  version: f(u32, 'u32'),
  ip: f(u128, 'u128'),
  port: f(u16, 'u16'),
  ip_type: f(u8, 'u8'),
};
export const serveWeight = () => 20_000_000n + dbWeight(4, 1);
