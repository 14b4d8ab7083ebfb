/**
 * Reading chain values into plain TypeScript: numbers from codecs, `Option` or bare values (storage
 * entries and older runtimes differ), axons and commitment fields. Shared by the read actions.
 */
import { Option } from '@polkadot/types';
import type { PalletCommitmentsRegistration, PalletSubtensorAxonInfo } from '@polkadot/types/lookup';
import type { Codec } from '@polkadot/types/types';
import { intToIp } from '../axon.js';
import { ChainClientError } from '../errors.js';
import type { AxonInfo, CommitmentField } from '../types.js';

/** A numeric codec (u16 … u128, Compact) as a bigint; 0 when absent. */
export function big(codec: Codec | undefined): bigint {
  return codec === undefined ? 0n : BigInt(codec.toString());
}

/** A numeric codec as a number; 0 when absent. */
export function num(codec: Codec | undefined): number {
  return codec === undefined ? 0 : Number(codec.toString());
}

/** A u16 proportion (65535 = 1) as a float in [0, 1]. */
export function fraction(codec: Codec | undefined): number {
  return num(codec) / 0xffff;
}

/** A `bool` codec (true only when present and true). */
export function flag(codec: { isTrue: boolean } | undefined): boolean {
  return codec?.isTrue === true;
}

/** The value of an `Option` (undefined for None), or a bare value as it is. */
export function unwrapOption<T extends Codec>(value: Option<T> | T): T | undefined {
  if (value instanceof Option) return value.isSome ? value.unwrap() : undefined;
  return value;
}

export function checkNetuid(netuid: number): void {
  if (!Number.isInteger(netuid) || netuid < 0 || netuid > 0xffff) {
    throw new ChainClientError(
      { code: 'BAD_INPUT', field: 'netuid', value: String(netuid) },
      'netuid must be an integer in [0, 65535]',
    );
  }
}

/** Decodes an `Option<AxonInfo>` (or a bare AxonInfo); undefined when absent or never served (ip 0). */
export function decodeAxon(codec: Codec): AxonInfo | undefined {
  const info = unwrapOption(codec as Option<PalletSubtensorAxonInfo> | PalletSubtensorAxonInfo);
  if (!info) return undefined;
  const ip = big(info.ip);
  if (ip === 0n) return undefined;
  const ipType = num(info.ipType) === 6 ? 6 : 4;
  return {
    block: num(info.block),
    version: num(info.version),
    ip: intToIp(ip, ipType),
    port: num(info.port),
    ipType,
    protocol: num(info.protocol),
    placeholder1: num(info.placeholder1),
    placeholder2: num(info.placeholder2),
  };
}

const HASHED_KINDS: readonly string[] = ['None', 'BlakeTwo256', 'Sha256', 'Keccak256', 'ShaThree256'];

/** A `CommitmentOf` registration's `info.fields` as `CommitmentField`s (`Raw` for any `RawN`). */
export function decodeCommitmentFields(registration: PalletCommitmentsRegistration): CommitmentField[] {
  return registration.info.fields.map((field) => {
    const variant: string = field.type;
    const kind: CommitmentField['kind'] = variant.startsWith('Raw')
      ? 'Raw'
      : HASHED_KINDS.includes(variant)
        ? (variant as CommitmentField['kind'])
        : 'Other';
    return { kind, bytes: variant === 'None' ? new Uint8Array() : field.value.toU8a(true) };
  });
}
