/**
 * A subnet on the in-memory test chain with a dev drand beacon: the chain's `Drand.BeaconConfig` names a
 * test BLS key, and every block the test builds carries the beacon's due pulses as the node's block author
 * would (the runtime's `offchainTransactions`, unsigned `write_pulse`s through the pool checks), unless
 * the test holds them back.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { OffchainEnv } from '../../../../chain/runtime/interface.js';
import { BeaconConfig, LastStoredRound, QUICKNET_CONFIG } from '../../../../chain/runtime/pallets/drand.js';
import { ValidatorPermit } from '../../../../chain/runtime/pallets/subtensor/storage.js';
import { Overlay } from '../../../../chain/runtime/storage.js';
import {
  beaconPublicKey,
  encodeWeightsPayload,
  signRound,
  timelockEncrypt,
} from '../../../../shared/timelock/index.js';
import { type SubnetChain, subnetChain, TAO } from './helpers.js';

export const NETUID = 1;
// A scalar below the group order r (the top byte keeps it well under).
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x1f : (i * 37 + 11) & 0xff));
export const BEACON_PUBLIC_KEY = beaconPublicKey(SECRET);

export interface BeaconChain extends SubnetChain {
  /** While false, blocks carry no pulses (the beacon is "late"). */
  pulses: boolean;
  /** Writes a storage value directly (for items without a setter call). */
  poke(write: (o: Overlay) => void): void;
  /** The latest round on chain. */
  lastRound(): bigint;
  /** A timelocked weights payload for `hotkey`, encrypted to `round` under the test beacon. */
  encrypt(
    hotkey: KeyringPair,
    uids: number[],
    values: number[],
    round: bigint,
    versionKey?: bigint,
  ): Uint8Array;
}

/**
 * Subnet 1 owned by Alice, Bob/Charlie/Dave registered (uids 1..3), Bob staked with a validator
 * permit, rate limit 0, one weight suffices, tempo 4; the test beacon from the start of chain time.
 */
export async function beaconChain(): Promise<BeaconChain> {
  const c = (await subnetChain()) as BeaconChain;
  const offchain: KeyringPair = c.keyring.addFromUri('//BeaconAuthor');
  const env: OffchainEnv = {
    beaconPublicKey: BEACON_PUBLIC_KEY,
    beaconSignature: (round) => signRound(SECRET, round),
    offchainPublicKey: offchain.publicKey,
    offchainSign: (message) => offchain.sign(message),
  };
  c.pulses = true;
  // As testChain's produce, plus the beacon's pulses after the test's extrinsics (so the helpers'
  // extrinsic indices stay right; the reveal runs in the next block's on_initialize either way).
  c.produce = (xts) => {
    const ctx = c.next();
    const builder = c.runtime.newBlock(c.view, ctx);
    builder.applyInherents();
    const results = xts.map((xt) => builder.applyExtrinsic(xt));
    if (c.pulses) {
      for (const xt of c.runtime.offchainTransactions?.(c.view, ctx, env) ?? []) {
        const r = builder.applyExtrinsic(xt);
        if (!r.included) throw new Error(`pulse refused: ${JSON.stringify(r.validity)}`);
      }
    }
    for (const [k, v] of builder.finalize().changes) {
      if (v === null) c.state.delete(k);
      else c.state.set(k, v);
    }
    c.best = ctx.number;
    c.hashes[ctx.number] = blake2AsU8a(new Uint8Array([...ctx.parentHash, ctx.number]), 256);
    return results;
  };
  c.poke = (write) => {
    const o = new Overlay(c.view);
    write(o);
    for (const [k, v] of o.changes()) {
      if (v === null) c.state.delete(k);
      else c.state.set(k, v);
    }
  };
  c.lastRound = () => LastStoredRound.get(c.view);
  c.encrypt = (hotkey, uids, values, round, versionKey = 0n) =>
    timelockEncrypt(
      encodeWeightsPayload({ hotkey: hotkey.publicKey, uids, values, versionKey }),
      round,
      BEACON_PUBLIC_KEY,
    );

  const { alice, bob, charlie, dave } = c.keys;
  c.poke((o) =>
    BeaconConfig.put(o, {
      ...QUICKNET_CONFIG,
      public_key: BEACON_PUBLIC_KEY,
      period: 12, // one round per test block (12 s): each pulse costs a BLS verification
      genesis_time: 1_700_000_000, // testChain's clock starts here
    }),
  );
  const must = (err: string | undefined) => {
    if (err !== undefined) throw new Error(err);
  };
  must(c.run(alice.cold, 'SubtensorModule', 'register_network', { hotkey: alice.hot.address }));
  const errs = c.runMany(
    [bob, charlie, dave].map((k) => [
      k.cold,
      'SubtensorModule',
      'burned_register',
      { netuid: NETUID, hotkey: k.hot.address },
    ]),
  );
  errs.forEach(must);
  must(
    c.run(bob.cold, 'SubtensorModule', 'add_stake', {
      hotkey: bob.hot.address,
      netuid: NETUID,
      amount_staked: 1000n * TAO,
    }),
  );
  must(
    c.sudo('AdminUtils', 'sudo_set_weights_set_rate_limit', { netuid: NETUID, weights_set_rate_limit: 0 }),
  );
  must(c.sudo('AdminUtils', 'sudo_set_min_allowed_weights', { netuid: NETUID, min_allowed_weights: 1 }));
  must(c.sudo('AdminUtils', 'sudo_set_tempo', { netuid: NETUID, tempo: 4 })); // short epochs: fewer blocks to wait
  c.poke((o) => ValidatorPermit.put(o, [true, true, false, false], NETUID));
  return c;
}
