/**
 * Timelocked weights end to end through the node: its own dev beacon (3 s rounds) puts pulses in the
 * blocks it authors, a hotkey commits with unmodified @polkadot/api, and the chain applies exactly the
 * committed weights once the round is on chain; before that the weights are nowhere in storage.
 */
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../../shared/chain/augment/index.js';
import { type NodeHandle, startNode } from '../../../../chain/node/node.js';
import { silentLogger } from '../../../../shared/logger.js';
import { encodeWeightsPayload, roundAt, timelockEncrypt } from '../../../../shared/timelock/index.js';
import { sendAndDescribe } from '../../../helpers/dev-node.js';

const NETUID = 1;

describe('timelocked weights through the node and its dev beacon', () => {
  let node: NodeHandle | undefined;
  let api: ApiPromise;

  beforeAll(async () => {
    await cryptoWaitReady();
    node = await startNode({
      instantSeal: true,
      rpcPort: 0,
      prometheusPort: null,
      logger: silentLogger(),
    });
    api = await ApiPromise.create({ provider: new WsProvider(node.rpcUrl), noInitWarn: true });
  }, 60_000);
  afterAll(async () => {
    await api?.disconnect();
    await node?.close();
  });

  it('commits, keeps the weights out of storage until the round, then applies them', async () => {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const [alice, aliceHot, bob, bobHot] = ['//Alice', '//Alice//hot', '//Bob', '//Bob//hot'].map((u) =>
      keyring.addFromUri(u),
    ) as [KeyringPair, KeyringPair, KeyringPair, KeyringPair];
    const { tx, query } = api;
    const ok = async (p: Promise<{ error?: string }>) => expect((await p).error).toBeUndefined();
    await ok(sendAndDescribe(api, tx.subtensorModule.registerNetwork(aliceHot.address), alice));
    await ok(sendAndDescribe(api, tx.balances.transferKeepAlive(bobHot.address, 10_000_000_000n), alice));
    await ok(sendAndDescribe(api, tx.subtensorModule.burnedRegister(NETUID, bobHot.address), bob));
    await ok(
      sendAndDescribe(api, tx.subtensorModule.addStake(bobHot.address, NETUID, 100_000_000_000n), bob),
    );
    for (const call of [
      tx.adminUtils.sudoSetTempo(NETUID, 3),
      tx.adminUtils.sudoSetWeightsSetRateLimit(NETUID, 0),
    ]) {
      expect((await sendAndDescribe(api, tx.sudo.sudo(call), alice)).events).toContain('sudo.Sudid');
    }
    const uid = (await query.subtensorModule.uids(NETUID, bobHot.address)).toJSON() as number;
    expect(uid).toBe(1);

    // The beacon the chain follows (the node's dev beacon) and its latest round, read from chain.
    const drand = api.query.drand!;
    const config = (await drand.beaconConfig!()).toJSON() as {
      publicKey: string;
      genesisTime: number;
      period: number;
    };
    expect(BigInt((await drand.lastStoredRound!()).toString())).toBeGreaterThan(0n);
    // Rounds follow the chain's clock (instant seal moves it a block time per block, ahead of the wall
    // clock): two blocks past the round due at the best block.
    const chainNow = Number((await api.query.timestamp.now()).toString()) / 1000;
    const round = roundAt(config, chainNow) + BigInt(Math.ceil(24 / config.period)); // 24 s: two 12 s blocks
    // A self-weight: no validator permit needed.
    const payload = encodeWeightsPayload({
      hotkey: bobHot.publicKey,
      uids: [uid],
      values: [7],
      versionKey: 0n,
    });
    const ciphertext = timelockEncrypt(payload, round, Buffer.from(config.publicKey.slice(2), 'hex'));
    const committed = await sendAndDescribe(
      api,
      tx.subtensorModule.commitTimelockedWeights!(NETUID, u8aToHex(ciphertext), round, 4),
      bobHot,
    );
    expect(committed.error).toBeUndefined();
    expect(committed.events).toContain('subtensorModule.TimelockedWeightsCommitted');
    expect((await query.subtensorModule.weights(NETUID, uid)).toJSON()).toEqual([]);

    // Blocks until the chain reveals (the next epoch, once the round is on chain); until then the
    // weights are nowhere in storage.
    let revealed = false;
    for (let i = 0; i < 60 && !revealed; i++) {
      expect((await query.subtensorModule.weights(NETUID, uid)).toJSON()).toEqual([]);
      await api.rpc.engine.createBlock(true, true);
      const events = await query.system.events();
      revealed = events.some(({ event }) => event.method === 'TimelockedWeightsRevealed');
    }
    expect(revealed).toBe(true);
    expect(BigInt((await drand.lastStoredRound!()).toString())).toBeGreaterThanOrEqual(round);
    expect((await query.subtensorModule.weights(NETUID, uid)).toJSON()).toEqual([[uid, 65535]]);
  }, 90_000);
});
