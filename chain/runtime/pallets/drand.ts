/**
 * pallet_drand (index 26, as subtensor): drand beacon pulses on chain. `write_pulse` is an unsigned
 * transaction (subtensor's offchain worker sends one per pulse; on the dev chain the block author does,
 * with the node's dev beacon: `drand-offchain.ts`). Every pulse is checked against `BeaconConfig`'s BLS
 * public key before it is stored, and only the latest `MAX_KEPT_PULSES` rounds are kept.
 *
 * The pool check (`validateUnsigned`) is subtensor's `ValidateUnsigned` (payload signed by an sr25519
 * key, one pulse per transaction, a round after `LastStoredRound`) plus two checks subtensor leaves to
 * dispatch or to drand: the pulse must verify (BLS) and its round must be due by the chain's time. So a
 * forged or early pulse never enters the pool or a block, and the pool cannot be filled with pulses.
 */
import { u8aConcat, u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto/blake2/asU8a';
import * as $ from 'scale-ts';
import {
  randomnessOf,
  roundAt,
  roundTime,
  verifyBeaconSignature,
  verifyBeaconSignatures,
} from '../../../shared/timelock/index.js';
import { dbWeight } from '../config.js';
import { verifySignature } from '../extrinsic.js';
import type { StateView } from '../interface.js';
import {
  ensureNone,
  ensureRoot,
  moduleError,
  type PalletDef,
  palletEvent,
  type UnsignedValidity,
} from '../pallet.js';
import { MultiSignature } from '../scale/substrate.js';
import { type EnumValue, option, u64, vec } from '../scale/ty.js';
import type { Overlay } from '../storage.js';
import {
  BeaconConfig,
  BeaconConfigurationPayload,
  type BeaconConfigValue,
  DRAND,
  DRAND_INDEX,
  drandStorage,
  LastStoredRound,
  NextUnsignedAt,
  OldestStoredRound,
  Pulses,
  PulsesPayload,
  type PulseValue,
} from './drand-types.js';
import { Now } from './timestamp.js';

export * from './drand-types.js';

/** Pulses kept (subtensor: one week of quicknet rounds); older ones are pruned, `MAX_REMOVED_PULSES` per write. */
export const MAX_KEPT_PULSES = 216_000n;
export const MAX_REMOVED_PULSES = 100n;
/** `UnsignedPriority` (subtensor's runtime: 0x100000). */
export const UNSIGNED_PRIORITY = 1n << 20n;
const U64_MAX = (1n << 64n) - 1n;

/** The pulse of `round` stored on chain (its BLS signature, G1 48 bytes), for timelock decryption. */
export function pulseSignature(state: StateView, round: bigint): Uint8Array | undefined {
  return Pulses.tryGet(state, round)?.signature;
}

/** The latest round stored (0 before the first pulse). */
export function lastStoredRound(state: StateView): bigint {
  return LastStoredRound.get(state);
}

/** The beacon the chain follows (quicknet's unless genesis or `set_beacon_config` set another). */
export function beaconConfig(state: StateView): BeaconConfigValue {
  return BeaconConfig.get(state);
}

/** The latest round due at the chain's time `nowMs` under `config` (0 before its genesis). */
export function dueRound(config: BeaconConfigValue, nowMs: bigint | number): bigint {
  return roundAt(
    { genesisTime: config.genesis_time, period: config.period },
    Math.floor(Number(nowMs) / 1000),
  );
}

/**
 * Verification results by (public key, round, signature, randomness): the pool, the block's own check
 * and dispatch see the same pulse, and a BLS pairing check costs tens of milliseconds in JavaScript.
 */
const verified = new Map<string, PulseCheck>();
const VERIFIED_CACHE = 4096;
type PulseCheck = 'valid' | 'invalid' | 'malformed';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function cacheKey(config: BeaconConfigValue, pulse: PulseValue): string {
  return `${hex(config.public_key)}:${pulse.round}:${hex(pulse.signature)}:${hex(pulse.randomness)}`;
}

function remember(key: string, result: PulseCheck): PulseCheck {
  if (verified.size >= VERIFIED_CACHE) {
    const oldest = verified.keys().next();
    if (!oldest.done) verified.delete(oldest.value);
  }
  verified.set(key, result);
  return result;
}

/**
 * Checks a pulse against `config`: the BLS signature of its round under the public key, and randomness =
 * sha256(signature) as drand publishes. `malformed` when the key or signature has the wrong length
 * (subtensor fails to decode them: `PulseVerificationError`).
 */
export function checkPulse(config: BeaconConfigValue, pulse: PulseValue): PulseCheck {
  if (config.public_key.length !== 96 || pulse.signature.length !== 48) return 'malformed';
  const key = cacheKey(config, pulse);
  const hit = verified.get(key);
  if (hit !== undefined) return hit;
  const ok =
    u8aEq(pulse.randomness, randomnessOf(pulse.signature)) &&
    verifyBeaconSignature(config.public_key, pulse.round, pulse.signature);
  return remember(key, ok ? 'valid' : 'invalid');
}

/**
 * `checkPulse` of each pulse, the ones not yet known verified as one batch (`verifyBeaconSignatures`: one
 * multi-pairing instead of one pairing check each). Only a batch that verifies marks its pulses valid;
 * otherwise each is checked alone, so the results are exactly `checkPulse`'s. A block's pulses (one
 * `write_pulse` each) are checked here first, and their per-transaction checks then hit the cache.
 */
export function checkPulses(config: BeaconConfigValue, pulses: readonly PulseValue[]): PulseCheck[] {
  const pending = pulses.filter(
    (p) =>
      config.public_key.length === 96 &&
      p.signature.length === 48 &&
      !verified.has(cacheKey(config, p)) &&
      u8aEq(p.randomness, randomnessOf(p.signature)),
  );
  if (pending.length > 1 && verifyBeaconSignatures(config.public_key, pending))
    for (const p of pending) remember(cacheKey(config, p), 'valid');
  return pulses.map((p) => checkPulse(config, p));
}

export interface WritePulseArgs {
  pulses_payload: { block_number: number; pulses: PulseValue[]; public: EnumValue };
  signature: EnumValue | undefined;
}

const bad = (
  invalid: Extract<UnsignedValidity, { ok: false }>['invalid'],
  message: string,
): UnsignedValidity => ({ ok: false, invalid, message: `Drand.write_pulse: ${message}` });

/** The payload's sr25519 signature by the key it names (subtensor's `SignedPayload::verify`). */
function payloadSigned(a: WritePulseArgs): boolean {
  const sig = a.signature;
  const pub = a.pulses_payload.public;
  if (sig === undefined || sig.tag !== 'Sr25519' || pub.tag !== 'Sr25519') return false;
  return verifySignature(sig, PulsesPayload.codec.enc(a.pulses_payload), pub.value as Uint8Array);
}

/** `("DrandOffchainWorker", blake2_256(("drand", round)))` encoded, subtensor's `provides` tag. */
function providesTag(round: bigint): Uint8Array {
  const inner = blake2AsU8a(u8aConcat(new TextEncoder().encode('drand'), $.u64.enc(round)), 256);
  return u8aConcat($.str.enc('DrandOffchainWorker'), inner);
}

/** Pool and block check of an unsigned `write_pulse` (see the module comment). */
export function validateWritePulse(
  state: StateView,
  blockNumber: number,
  a: WritePulseArgs,
): UnsignedValidity {
  if (a.signature === undefined) return bad('BadSigner', 'the payload signature is missing');
  if (!payloadSigned(a)) return bad('BadProof', 'the payload is not signed by its sr25519 key');
  if (blockNumber < a.pulses_payload.block_number)
    return bad('Future', `payload for block ${a.pulses_payload.block_number}, chain at ${blockNumber}`);
  const [pulse, second] = a.pulses_payload.pulses;
  if (pulse === undefined || second !== undefined)
    return bad('Call', 'an unsigned write_pulse carries exactly one pulse');
  if (NextUnsignedAt.get(state) > blockNumber) return bad('Stale', 'unsigned pulses paused this block');
  const last = LastStoredRound.get(state);
  if (pulse.round <= last) return bad('Stale', `round ${pulse.round} is not after the last stored ${last}`);
  const config = BeaconConfig.get(state);
  if (pulse.round > dueRound(config, Now.get(state))) {
    const at = roundTime({ genesisTime: config.genesis_time, period: config.period }, pulse.round);
    return bad('Future', `round ${pulse.round} is not due before unix time ${at}`);
  }
  const check = checkPulse(config, pulse);
  if (check !== 'valid')
    return bad(
      'BadProof',
      `round ${pulse.round} does not verify against BeaconConfig's public key (${check})`,
    );
  const priority = UNSIGNED_PRIORITY + (U64_MAX - pulse.round);
  return {
    ok: true,
    priority: priority > U64_MAX ? U64_MAX : priority,
    provides: [providesTag(pulse.round)],
    longevity: 3n,
    propagate: false,
  };
}

/** Drops the oldest pulses beyond `MAX_KEPT_PULSES`, at most `MAX_REMOVED_PULSES` at a time (subtensor's). */
function pruneOldPulses(s: Overlay, last: bigint): void {
  let oldest = OldestStoredRound.get(s);
  if (oldest === 0n) return;
  let removed = 0n;
  while (last - oldest + 1n > MAX_KEPT_PULSES && removed < MAX_REMOVED_PULSES) {
    Pulses.remove(s, oldest);
    oldest++;
    removed++;
  }
  OldestStoredRound.put(s, oldest);
}

export const drandPallet: PalletDef = {
  name: DRAND,
  index: DRAND_INDEX,
  crate: 'pallet_drand',
  docs: [' Drand beacon pulses: verifiable randomness and the keys that open timelocked commits.'],
  calls: {
    write_pulse: {
      index: 0,
      args: {
        pulses_payload: { ty: PulsesPayload, typeName: 'PulsesPayload<T::Public, BlockNumberFor<T>>' },
        signature: { ty: option(MultiSignature), typeName: 'Option<T::Signature>' },
      },
      docs: ['Verify and write a pulse from the beacon into the runtime'],
      weight: () => 4_294_000_000n + dbWeight(3, 4),
      validateUnsigned: (ctx, a: WritePulseArgs) => validateWritePulse(ctx.state, ctx.blockNumber, a),
      dispatch: (ctx, origin, a: WritePulseArgs) => {
        ensureNone(origin);
        const s = ctx.state;
        const config = BeaconConfig.get(s);
        let last = LastStoredRound.get(s);
        const firstStorage = last === 0n && OldestStoredRound.get(s) === 0n;
        let firstNew: bigint | undefined;
        const rounds: bigint[] = [];
        const pulses = a.pulses_payload.pulses;
        const checks = checkPulses(config, pulses);
        for (const [i, pulse] of pulses.entries()) {
          const check = checks[i] ?? checkPulse(config, pulse);
          if (check === 'malformed') throw moduleError(drandPallet, 'PulseVerificationError');
          // As subtensor: a pulse that does not verify is skipped, never stored.
          if (check === 'invalid') continue;
          if (pulse.round <= last) throw moduleError(drandPallet, 'InvalidRoundNumber');
          Pulses.put(s, pulse, pulse.round);
          last = pulse.round;
          rounds.push(pulse.round);
          if (firstStorage && firstNew === undefined) firstNew = pulse.round;
        }
        LastStoredRound.put(s, last);
        if (firstNew !== undefined) OldestStoredRound.put(s, firstNew);
        pruneOldPulses(s, last);
        NextUnsignedAt.put(s, ctx.blockNumber);
        if (rounds.length > 0) ctx.deposit(palletEvent(drandPallet, 'NewPulse', { rounds }));
        return undefined;
      },
    },
    set_beacon_config: {
      index: 1,
      args: {
        config_payload: {
          ty: BeaconConfigurationPayload,
          typeName: 'BeaconConfigurationPayload<T::Public, BlockNumberFor<T>>',
        },
        signature: { ty: option(MultiSignature), typeName: 'Option<T::Signature>' },
      },
      docs: [
        'allows the root user to set the beacon configuration',
        'generally this would be called from an offchain worker context.',
        'there is no verification of configurations, so be careful with this.',
        '',
        '* `origin`: the root user',
        '* `config`: the beacon configuration',
      ],
      weight: () => 8_766_000n + dbWeight(0, 2),
      // Root only. subtensor also admits it unsigned into the pool, where it can only fail; here it is
      // refused there (no `validateUnsigned`).
      dispatch: (ctx, origin, a: { config_payload: { config: BeaconConfigValue } }) => {
        ensureRoot(origin);
        BeaconConfig.put(ctx.state, a.config_payload.config);
        NextUnsignedAt.put(ctx.state, ctx.blockNumber + 1);
        ctx.deposit(palletEvent(drandPallet, 'BeaconConfigChanged'));
        return undefined;
      },
    },
    set_oldest_stored_round: {
      index: 2,
      args: { oldest_round: { ty: u64, typeName: 'u64' } },
      docs: ['allows the root user to set the oldest stored round'],
      weight: () => 5_370_000n + dbWeight(0, 1),
      dispatch: (ctx, origin, a: { oldest_round: bigint }) => {
        ensureRoot(origin);
        OldestStoredRound.put(ctx.state, a.oldest_round);
        ctx.deposit(palletEvent(drandPallet, 'SetOldestStoredRound', a.oldest_round));
        return undefined;
      },
    },
  },
  events: {
    BeaconConfigChanged: { index: 0, docs: ['Beacon Configuration has changed.'] },
    NewPulse: {
      index: 1,
      fields: { rounds: { ty: vec(u64), typeName: 'Vec<RoundNumber>' } },
      docs: ['Successfully set a new pulse(s).'],
    },
    SetOldestStoredRound: {
      index: 2,
      fields: { ty: u64, typeName: 'u64' },
      docs: ['Oldest Stored Round has been set.'],
    },
  },
  errors: {
    NoneValue: { index: 0, docs: ['The value retrieved was `None` as no value was previously set.'] },
    StorageOverflow: {
      index: 1,
      docs: ['There was an attempt to increment the value in storage over `u32::MAX`.'],
    },
    DrandConnectionFailure: { index: 2, docs: ['failed to connect to the'] },
    UnverifiedPulse: { index: 3, docs: ['the pulse is invalid'] },
    InvalidRoundNumber: { index: 4, docs: ['the round number did not increment'] },
    PulseVerificationError: { index: 5, docs: ['the pulse could not be verified'] },
  },
  storage: drandStorage,
  constants: {
    UnsignedPriority: {
      ty: u64,
      value: UNSIGNED_PRIORITY,
      docs: [
        ' A configuration for base priority of unsigned transactions.',
        '',
        ' This is exposed so that it can be tuned for particular runtime, when',
        ' multiple pallets send unsigned transactions.',
      ],
    },
    HttpFetchTimeout: {
      ty: u64,
      value: 1000n,
      docs: [
        ' The maximum number of milliseconds we are willing to wait for the HTTP request to',
        ' complete.',
      ],
    },
  },
  genesis: (state, config) => {
    if (config.beacon !== undefined) BeaconConfig.put(state, devBeaconConfig(config.beacon));
  },
};

/** `BeaconConfig` of the dev beacon: quicknet's scheme, its own key, period and genesis time. */
export function devBeaconConfig(b: { publicKey: Uint8Array; period: number; genesisTime: number }) {
  const id = blake2AsU8a(u8aConcat(b.publicKey, $.u32.enc(b.period), $.u32.enc(b.genesisTime)), 256);
  const enc = new TextEncoder();
  return {
    public_key: b.publicKey,
    period: b.period,
    genesis_time: b.genesisTime,
    hash: id,
    group_hash: blake2AsU8a(b.publicKey, 256),
    scheme_id: enc.encode('bls-unchained-g1-rfc9380'),
    metadata: { beacon_id: enc.encode('expertnet-dev') },
  } satisfies BeaconConfigValue;
}
