import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_ACCOUNT_NAMES, devAccounts } from '../../../chain/runtime/genesis.js';

describe('genesis dev accounts', () => {
  beforeAll(async () => {
    await cryptoWaitReady();
  });

  it('are the keys the keyring derives from //Name (constants must not drift)', () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const accounts = devAccounts();
    expect(accounts.map((a) => a.name)).toEqual([...DEV_ACCOUNT_NAMES]);
    for (const { name, publicKey } of accounts) {
      expect(publicKey).toEqual(keyring.addFromUri(`//${name}`).publicKey);
    }
  });
});
