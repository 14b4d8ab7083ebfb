/**
 * pallet_drand's types and storage items (index 26, as subtensor): names, hashers, key/value types and
 * defaults as finney (spec 424). The default `BeaconConfig` is drand quicknet's, as subtensor's.
 */
import { hexToU8a, stringToU8a } from '@polkadot/util';
import { QUICKNET } from '../../../shared/timelock/index.js';
import { boundedVec } from '../scale/substrate.js';
import { bool, bytes, enumOf, fixedBytes, newtype, struct, u8, u32, u64, vec } from '../scale/ty.js';
import { StorageMap, StorageValue } from '../storage.js';

export const DRAND = 'Drand';
export const DRAND_INDEX = 26;

/** `BoundedVec<u8, S>` whose value is bytes (the pulse and config fields). */
const boundedBytes = newtype('bounded_collections::bounded_vec::BoundedVec', bytes, 'Vec<T>', {
  params: [{ name: 'T', ty: u8 }, { name: 'S' }],
});

export interface PulseValue {
  round: bigint;
  randomness: Uint8Array;
  signature: Uint8Array;
}

/** A beacon pulse: round, randomness (sha256 of the signature) and the BLS signature (G1, 48 bytes). */
export const Pulse = struct('pallet_drand::types::Pulse', {
  round: { ty: u64, typeName: 'RoundNumber' },
  randomness: { ty: boundedBytes, typeName: 'BoundedVec<u8, ConstU32<32>>' },
  signature: { ty: boundedBytes, typeName: 'BoundedVec<u8, ConstU32<144>>' },
});

export const DrandMetadata = struct('pallet_drand::types::Metadata', {
  beacon_id: { ty: boundedBytes, typeName: 'BoundedHash' },
});

export interface BeaconConfigValue {
  public_key: Uint8Array;
  period: number;
  genesis_time: number;
  hash: Uint8Array;
  group_hash: Uint8Array;
  scheme_id: Uint8Array;
  metadata: { beacon_id: Uint8Array };
}

export const BeaconConfiguration = struct('pallet_drand::types::BeaconConfiguration', {
  public_key: { ty: boundedBytes, typeName: 'OpaquePublicKey' },
  period: { ty: u32, typeName: 'u32' },
  genesis_time: { ty: u32, typeName: 'u32' },
  hash: { ty: boundedBytes, typeName: 'BoundedHash' },
  group_hash: { ty: boundedBytes, typeName: 'BoundedHash' },
  scheme_id: { ty: boundedBytes, typeName: 'BoundedHash' },
  metadata: { ty: DrandMetadata, typeName: 'Metadata' },
});

/** `sp_runtime::MultiSigner`: the offchain key in a payload. */
export const MultiSigner = enumOf('sp_runtime::MultiSigner', {
  Ed25519: { index: 0, fields: { ty: fixedBytes(32), typeName: 'ed25519::Public' } },
  Sr25519: { index: 1, fields: { ty: fixedBytes(32), typeName: 'sr25519::Public' } },
  Ecdsa: { index: 2, fields: { ty: fixedBytes(33), typeName: 'ecdsa::Public' } },
});

const payloadParams = {
  params: [
    { name: 'Public', ty: MultiSigner },
    { name: 'BlockNumber', ty: u32 },
  ],
};

export const PulsesPayload = struct(
  'pallet_drand::types::PulsesPayload',
  {
    block_number: { ty: u32, typeName: 'BlockNumber' },
    pulses: { ty: vec(Pulse), typeName: 'Vec<Pulse>' },
    public: { ty: MultiSigner, typeName: 'Public' },
  },
  payloadParams,
);

export const BeaconConfigurationPayload = struct(
  'pallet_drand::types::BeaconConfigurationPayload',
  {
    block_number: { ty: u32, typeName: 'BlockNumber' },
    config: { ty: BeaconConfiguration, typeName: 'BeaconConfiguration' },
    public: { ty: MultiSigner, typeName: 'Public' },
  },
  payloadParams,
);

/** drand quicknet's group hash and beacon id (its `/info` answer; subtensor's `DefaultBeaconConfig`). */
const QUICKNET_GROUP_HASH = 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e';

/** subtensor's default: drand quicknet. */
export const QUICKNET_CONFIG: BeaconConfigValue = {
  public_key: QUICKNET.publicKey,
  period: QUICKNET.period,
  genesis_time: QUICKNET.genesisTime,
  hash: hexToU8a(QUICKNET.chainHash),
  group_hash: hexToU8a(QUICKNET_GROUP_HASH),
  scheme_id: stringToU8a(QUICKNET.schemeId),
  metadata: { beacon_id: stringToU8a('quicknet') },
};

export const BeaconConfig = new StorageValue<BeaconConfigValue>(DRAND, 'BeaconConfig', BeaconConfiguration, {
  default: QUICKNET_CONFIG,
  docs: [' the drand beacon configuration'],
});
export const HasMigrationRun = new StorageMap<[number[]], boolean>(
  DRAND,
  'HasMigrationRun',
  [{ ty: boundedVec(u8), hasher: 'Identity' }],
  bool,
  { default: false, docs: [' Storage for migration run status'] },
);
export const Pulses = new StorageMap<[bigint], PulseValue>(
  DRAND,
  'Pulses',
  [{ ty: u64, hasher: 'Blake2_128Concat' }],
  Pulse,
  { docs: [' map round number to pulse'] },
);
export const LastStoredRound = new StorageValue<bigint>(DRAND, 'LastStoredRound', u64, { default: 0n });
export const OldestStoredRound = new StorageValue<bigint>(DRAND, 'OldestStoredRound', u64, {
  default: 0n,
  docs: [' oldest stored round'],
});
export const NextUnsignedAt = new StorageValue<number>(DRAND, 'NextUnsignedAt', u32, {
  default: 0,
  docs: [
    ' Defines the block when next unsigned transaction will be accepted.',
    '',
    ' To prevent spam of unsigned (and unpaid!) transactions on the network,',
    ' we only allow one transaction per block.',
    ' This storage entry defines when new transaction is going to be accepted.',
  ],
});

export const drandStorage = [
  BeaconConfig,
  HasMigrationRun,
  Pulses,
  LastStoredRound,
  OldestStoredRound,
  NextUnsignedAt,
];
