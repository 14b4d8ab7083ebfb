/**
 * The Drand pallet in the runtime: the dev beacon's pulses (what the block author applies) are stored
 * every period of chain time and verify against BeaconConfig; forged, early, stale or badly signed
 * unsigned `write_pulse` transactions are refused by pool validation and by block building and never
 * stored; quicknet's own published pulse verifies under the default config; old pulses are pruned.
 */
import { Keyring } from '@polkadot/keyring';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { devBeacon } from '../../../chain/node/beacon.js';
import { encodeUnsigned } from '../../../chain/runtime/extrinsic.js';
import { createRuntime, type ExpertnetRuntime } from '../../../chain/runtime/index.js';
import type { BlockContext, Hex, OffchainEnv } from '../../../chain/runtime/interface.js';
import {
  BeaconConfig,
  checkPulse,
  checkPulses,
  LastStoredRound,
  lastStoredRound,
  MAX_KEPT_PULSES,
  OldestStoredRound,
  Pulses,
  PulsesPayload,
  type PulseValue,
  pulseSignature,
} from '../../../chain/runtime/pallets/drand.js';
import { MAX_PULSES_PER_BLOCK } from '../../../chain/runtime/pallets/drand-offchain.js';
import { mapState, Overlay } from '../../../chain/runtime/storage.js';
import { randomnessOf, roundAt, signRound, verifyBeaconSignature } from '../../../shared/timelock/index.js';

const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x11 : i));
const OTHER = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x22 : 255 - i));
const PERIOD = 3;
const BLOCK_MS = 12_000;

let runtime: ExpertnetRuntime;
beforeAll(async () => {
  await cryptoWaitReady();
  runtime = await createRuntime({ blockTimeMs: BLOCK_MS });
});

/** A chain applying blocks to a map, the block author's offchain step included when `env` is given. */
function chain(genesisTime: number, opts: { beacon?: boolean } = {}) {
  const beacon = devBeacon(SECRET, PERIOD, genesisTime);
  const state = new Map(
    runtime.genesisStorage({
      dev: true,
      blockTimeMs: BLOCK_MS,
      ...(opts.beacon === false ? {} : { beacon: beacon.genesis }),
    }),
  );
  const view = mapState(state);
  let best = 0;
  const hashes = [blake2AsU8a('genesis', 256)];
  const c = {
    beacon,
    view,
    state,
    context(timestampMs: number): BlockContext {
      return { number: best + 1, parentHash: must(hashes[best], 'parent hash'), timestampMs };
    },
    produce(timestampMs: number, xts: Uint8Array[] = [], env: OffchainEnv | null = beacon.env) {
      const ctx = c.context(timestampMs);
      const builder = runtime.newBlock(view, ctx);
      builder.applyInherents();
      const pulses =
        env === null ? [] : must(runtime.offchainTransactions, 'offchainTransactions')(view, ctx, env);
      const results = [...pulses, ...xts].map((xt) => builder.applyExtrinsic(xt));
      for (const [k, v] of builder.finalize().changes) {
        if (v === null) state.delete(k);
        else state.set(k, v);
      }
      best = ctx.number;
      hashes[best] = blake2AsU8a(new Uint8Array([...ctx.parentHash, best]), 256);
      return { pulses: pulses.length, results };
    },
    validate(xt: Uint8Array, timestampMs?: number) {
      return runtime.validateTransaction(view, xt, c.context(timestampMs ?? 0));
    },
  };
  return c;
}

const keyring = () => new Keyring({ type: 'sr25519' });

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** An unsigned `write_pulse` as anyone could submit it: payload signed by `//Mallory` unless told otherwise. */
function writePulse(
  blockNumber: number,
  pulses: PulseValue[],
  opts: { sign?: 'none' | 'wrong-key' } = {},
): Uint8Array {
  const mallory = keyring().addFromUri('//Mallory');
  const eve = keyring().addFromUri('//Eve');
  const payload = { block_number: blockNumber, pulses, public: { tag: 'Sr25519', value: mallory.publicKey } };
  const signer = opts.sign === 'wrong-key' ? eve : mallory;
  const signature =
    opts.sign === 'none'
      ? undefined
      : { tag: 'Sr25519', value: signer.sign(PulsesPayload.codec.enc(payload)) };
  const call = { tag: 'Drand', value: { tag: 'write_pulse', value: { pulses_payload: payload, signature } } };
  return encodeUnsigned(runtime.encodeCall(call));
}

const pulseOf = (secret: Uint8Array, round: bigint): PulseValue => {
  const signature = signRound(secret, round);
  return { round, randomness: randomnessOf(signature), signature };
};

const reason = (v: ReturnType<ExpertnetRuntime['validateTransaction']>) =>
  v.ok ? 'ok' : 'invalid' in v ? v.invalid : v.unknown;

describe('Drand pallet with the dev beacon', () => {
  it('stores the pulses due every period of chain time, each verifying against BeaconConfig', () => {
    const t0 = 1_800_000_000;
    const c = chain(t0);
    const config = BeaconConfig.get(c.view);
    expect(config.public_key).toEqual(c.beacon.genesis.publicKey);
    expect([config.period, config.genesis_time]).toEqual([PERIOD, t0]);
    let ts = t0 * 1000 + 500;
    for (let block = 1; block <= 3; block++, ts += BLOCK_MS) {
      const { results } = c.produce(ts);
      expect(results.every((r) => r.included && r.success)).toBe(true);
      expect(lastStoredRound(c.view)).toBe(roundAt({ genesisTime: t0, period: PERIOD }, ts / 1000));
    }
    // 12 s blocks, 3 s rounds: round 1 in block 1, then four a block.
    expect(lastStoredRound(c.view)).toBe(9n);
    expect(OldestStoredRound.get(c.view)).toBe(1n);
    for (let round = 1n; round <= 9n; round++) {
      const pulse = must(Pulses.tryGet(c.view, round), `pulse ${round}`);
      expect(pulse.round).toBe(round);
      expect(pulse.randomness).toEqual(randomnessOf(pulse.signature));
      expect(pulseSignature(c.view, round)).toEqual(pulse.signature);
    }
    // (The runtime verified each; a BLS check costs tens of ms, so the test re-checks two.)
    for (const round of [1n, 9n])
      expect(
        verifyBeaconSignature(config.public_key, round, must(pulseSignature(c.view, round), 'signature')),
      ).toBe(true);
    expect(pulseSignature(c.view, 10n)).toBeUndefined();
  });

  it(`catches up at most ${MAX_PULSES_PER_BLOCK} pulses a block after a gap`, () => {
    const t0 = 1_800_000_000;
    const c = chain(t0);
    c.produce(t0 * 1000);
    // Two minutes without blocks: 40 rounds due.
    const ts = t0 * 1000 + 120_000;
    expect(c.produce(ts).pulses).toBe(MAX_PULSES_PER_BLOCK);
    expect(lastStoredRound(c.view)).toBe(1n + BigInt(MAX_PULSES_PER_BLOCK));
  });

  it('refuses forged, tampered, early, stale and badly signed pulses; none is stored', () => {
    const t0 = 1_800_000_000;
    const c = chain(t0);
    c.produce(t0 * 1000 + 500); // round 1
    c.produce(t0 * 1000 + 12_500, [], null); // no pulses: rounds 2..5 due, not stored
    const n = 3;
    const forged = writePulse(n, [pulseOf(OTHER, 2n)]);
    const tampered = writePulse(n, [{ ...pulseOf(SECRET, 2n), randomness: new Uint8Array(32) }]);
    const early = writePulse(n, [pulseOf(SECRET, 9n)]);
    const stale = writePulse(n, [pulseOf(SECRET, 1n)]);
    const unsigned = writePulse(n, [pulseOf(SECRET, 2n)], { sign: 'none' });
    const wrongKey = writePulse(n, [pulseOf(SECRET, 2n)], { sign: 'wrong-key' });
    const two = writePulse(n, [pulseOf(SECRET, 2n), pulseOf(SECRET, 3n)]);
    const futureBlock = writePulse(n + 5, [pulseOf(SECRET, 2n)]);
    expect(reason(c.validate(forged))).toBe('BadProof');
    expect(reason(c.validate(tampered))).toBe('BadProof');
    expect(reason(c.validate(early))).toBe('Future');
    expect(reason(c.validate(stale))).toBe('Stale');
    expect(reason(c.validate(unsigned))).toBe('BadSigner');
    expect(reason(c.validate(wrongKey))).toBe('BadProof');
    expect(reason(c.validate(two))).toBe('Call');
    expect(reason(c.validate(futureBlock))).toBe('Future');
    const forgedValidity = c.validate(forged);
    expect(!forgedValidity.ok && forgedValidity.message).toMatch(/does not verify against BeaconConfig/);

    // A genuine pulse anyone relays is valid (subtensor's tags: one per round, not propagated).
    const genuine = c.validate(writePulse(n, [pulseOf(SECRET, 2n)]));
    expect(genuine.ok && [genuine.longevity, genuine.propagate, genuine.provides.length]).toEqual([
      3n,
      false,
      1,
    ]);

    // Block building refuses the same transactions: nothing of them is stored.
    // (At 18.5 s, rounds up to 7 are due.)
    const { results } = c.produce(t0 * 1000 + 18_500, [forged, tampered, early, unsigned, two], null);
    expect(results.map((r) => r.included)).toEqual([false, false, false, false, false]);
    expect(lastStoredRound(c.view)).toBe(1n);
    expect(Pulses.tryGet(c.view, 2n)).toBeUndefined();
  });

  it('refuses unsigned calls that have no unsigned validator (set_beacon_config)', () => {
    const c = chain(1_800_000_000);
    const payload = {
      block_number: 1,
      config: BeaconConfig.get(c.view),
      public: { tag: 'Sr25519', value: new Uint8Array(32) },
    };
    const call = {
      tag: 'Drand',
      value: { tag: 'set_beacon_config', value: { config_payload: payload, signature: undefined } },
    };
    expect(reason(c.validate(encodeUnsigned(runtime.encodeCall(call))))).toBe('NoUnsignedValidator');
  });

  it('prunes pulses older than MAX_KEPT_PULSES, at most 100 per write (as subtensor)', () => {
    const last = MAX_KEPT_PULSES + 150n;
    const t0 = 1_800_000_000;
    const c = chain(t0);
    // Pretend a long history: rounds 1..last stored (only a few written), chain time past round last+8.
    const overlay = new Overlay(c.view);
    LastStoredRound.put(overlay, last);
    OldestStoredRound.put(overlay, 1n);
    for (const r of [1n, 100n, 158n, 159n]) Pulses.put(overlay, pulseOf(SECRET, r), r);
    for (const [k, v] of overlay.changes()) if (v !== null) c.state.set(k as Hex, v);
    const ts = (t0 + Number(last + 8n) * PERIOD) * 1000;
    expect(c.produce(ts).pulses).toBe(MAX_PULSES_PER_BLOCK);
    const newLast = last + BigInt(MAX_PULSES_PER_BLOCK);
    expect(lastStoredRound(c.view)).toBe(newLast);
    expect(OldestStoredRound.get(c.view)).toBe(newLast - MAX_KEPT_PULSES + 1n);
    expect([1n, 100n, 158n].map((r) => Pulses.contains(c.view, r))).toEqual([false, false, false]);
    expect(Pulses.contains(c.view, 159n)).toBe(true);
  });
});

describe('Drand pallet with quicknet (the default BeaconConfig)', () => {
  // drand quicknet's published pulse of round 1000 (api.drand.sh, as in subtensor's pallet tests).
  const QUICKNET_1000 = {
    round: 1000n,
    randomness: Buffer.from('fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd', 'hex'),
    signature: Buffer.from(
      'b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39',
      'hex',
    ),
  };

  it('stores a real quicknet pulse and refuses it with a changed signature', () => {
    const c = chain(0, { beacon: false });
    const now = Date.UTC(2026, 0, 1);
    // The dev beacon is not quicknet: the author adds nothing.
    expect(c.produce(now).pulses).toBe(0);
    const bad = Uint8Array.from(QUICKNET_1000.signature);
    bad[10] = (bad[10] ?? 0) ^ 1;
    expect(reason(c.validate(writePulse(2, [{ ...QUICKNET_1000, signature: bad }])))).toBe('BadProof');
    const { results } = c.produce(now + BLOCK_MS, [writePulse(2, [QUICKNET_1000])]);
    expect(results).toEqual([{ included: true, success: true }]);
    expect(lastStoredRound(c.view)).toBe(1000n);
    expect(pulseSignature(c.view, 1000n)).toEqual(Uint8Array.from(QUICKNET_1000.signature));
  });
});

describe("checkPulses (a block's pulses as one batch)", () => {
  const config = () => BeaconConfig.get(chain(1_700_000_000).view);

  it('gives each pulse the result checking it alone gives, whatever else is in the batch', () => {
    const cfg = config();
    const wrongRandomness = { ...pulseOf(SECRET, 5_003n), randomness: new Uint8Array(32) };
    const short = {
      ...pulseOf(SECRET, 5_004n),
      signature: pulseOf(SECRET, 5_004n).signature.subarray(0, 47),
    };
    const forged = pulseOf(OTHER, 5_002n);
    const batch = [pulseOf(SECRET, 5_001n), forged, wrongRandomness, short, pulseOf(SECRET, 5_005n)];
    expect(checkPulses(cfg, batch)).toEqual(['valid', 'invalid', 'invalid', 'malformed', 'valid']);
    // The forged pulse was not let through with the others: alone it is still invalid.
    expect(checkPulse(cfg, forged)).toBe('invalid');
    const clean = [6_001n, 6_002n, 6_003n, 6_004n].map((r) => pulseOf(SECRET, r));
    expect(checkPulses(cfg, clean)).toEqual(['valid', 'valid', 'valid', 'valid']);
    // A valid signature under another round is invalid, in a batch of valid ones too.
    const moved = { ...pulseOf(SECRET, 7_001n), round: 7_002n };
    expect(checkPulses(cfg, [pulseOf(SECRET, 7_000n), moved, pulseOf(SECRET, 7_003n)])).toEqual([
      'valid',
      'invalid',
      'valid',
    ]);
  });
});
