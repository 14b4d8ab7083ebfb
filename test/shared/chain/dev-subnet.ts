/**
 * A subnet on a fresh in-process dev chain, driven through `PolkadotChainClient` exactly as a client of
 * a real node would: Alice's coldkey creates it (her hotkey is uid 0), sudo tunes it, Bob (a staked
 * validator, uid 1) and Charlie (a miner, uid 2) register. Shared by the chain-client and CLI tests.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { PolkadotChainClient, type TxResult } from '../../../shared/chain/index.js';
import { silentLogger } from '../../../shared/logger.js';
import { registerSubnet } from '../../../testkit/subnet.js';

export const TAO = 1_000_000_000n;

export interface DevSubnet {
  node: NodeHandle;
  client: PolkadotChainClient;
  netuid: number;
  keys: Record<'alice' | 'aliceHot' | 'bob' | 'bobHot' | 'charlie' | 'charlieHot', KeyringPair>;
  /** `sudo(adminUtils.<call>(netuid, ...args))`, signed by Alice (the dev chain's sudo key). */
  sudo(call: string, ...args: unknown[]): Promise<TxResult>;
  close(): Promise<void>;
}

export async function startDevSubnet(): Promise<DevSubnet> {
  await cryptoWaitReady();
  const node = await startNode({
    instantSeal: true,
    rpcPort: 0,
    prometheusPort: null,
    logger: silentLogger(),
  });
  const client = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
  const close = async () => {
    await client.close();
    await node.close();
  };
  try {
    await client.connect();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const keys = {
      alice: keyring.addFromUri('//Alice'),
      aliceHot: keyring.addFromUri('//Alice//hot'),
      bob: keyring.addFromUri('//Bob'),
      bobHot: keyring.addFromUri('//Bob//hot'),
      charlie: keyring.addFromUri('//Charlie'),
      charlieHot: keyring.addFromUri('//Charlie//hot'),
    };
    const tx = client.api.tx;
    const netuid = await registerSubnet(client, keys.aliceHot.address, keys.alice);
    const sudo = (call: string, ...args: unknown[]) => {
      const build = tx.adminUtils[call];
      if (!build) throw new Error(`the chain has no AdminUtils.${call}`);
      return client.submit('Sudo.sudo', tx.sudo.sudo(build(netuid, ...args)), keys.alice);
    };
    for (const hot of [keys.bobHot, keys.charlieHot]) {
      // Hotkeys sign set_weights / set_commitment; a little TAO keeps them independent of fee rules.
      await client.submit(
        'Balances.transfer_keep_alive',
        tx.balances.transferKeepAlive(hot.address, TAO),
        keys.alice,
      );
    }
    await client.burnedRegister(keys.bob, netuid, keys.bobHot.address);
    await client.burnedRegister(keys.charlie, netuid, keys.charlieHot.address);
    await client.submit(
      'SubtensorModule.add_stake',
      tx.subtensorModule.addStake(keys.bobHot.address, netuid, 100n * TAO),
      keys.bob,
    );
    return { node, client, netuid, keys, sudo, close };
  } catch (err) {
    await close();
    throw err;
  }
}
