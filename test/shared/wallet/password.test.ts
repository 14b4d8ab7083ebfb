import { describe, expect, it } from 'vitest';
import {
  decodeEnvPassword,
  encodeEnvPassword,
  passwordEnvVarName,
  passwordEnvVarNames,
  passwordFromEnv,
} from '../../../shared/wallet/password.js';

describe('BT_PW_ environment passwords', () => {
  it('names the variable after the keyfile path it is given', () => {
    expect(passwordEnvVarName('~/.bittensor/wallets/default/coldkey')).toBe(
      'BT_PW_~__BITTENSOR_WALLETS_DEFAULT_COLDKEY',
    );
    expect(passwordEnvVarName('/tmp/w/my.wallet/coldkey')).toBe('BT_PW__TMP_W_MY_WALLET_COLDKEY');
  });

  it('XORs with the name and base64-encodes', () => {
    // 'a' (0x61) XOR 'B' (0x42) = 0x23 → base64 "Iw=="
    expect(encodeEnvPassword('a', 'BT_PW_X')).toBe('Iw==');
    const name = 'BT_PW__TMP_W_COLDKEY';
    const value = encodeEnvPassword('correct horse battery staple', name);
    expect(value).not.toContain('horse');
    expect(decodeEnvPassword(value, name)).toBe('correct horse battery staple');
  });

  it('looks a keyfile up under each name in order, the first set winning', () => {
    const home = '/home/ada/.bittensor/wallets/default/coldkey';
    const tilde = '~/.bittensor/wallets/default/coldkey';
    const expanded = 'BT_PW__HOME_ADA__BITTENSOR_WALLETS_DEFAULT_COLDKEY';
    const legacy = 'BT_PW_~__BITTENSOR_WALLETS_DEFAULT_COLDKEY';
    expect(passwordEnvVarNames([home, tilde])).toEqual([expanded, legacy]);
    expect(passwordEnvVarNames(['/w/coldkey', '/w/coldkey'])).toEqual(['BT_PW__W_COLDKEY']);
    const env: NodeJS.ProcessEnv = { [legacy]: encodeEnvPassword('old-one', legacy) };
    expect(passwordFromEnv([home, tilde], env)).toBe('old-one');
    env[expanded] = encodeEnvPassword('new-one', expanded);
    expect(passwordFromEnv([home, tilde], env)).toBe('new-one');
  });

  it('reads the password from an environment', () => {
    const path = '/tmp/w/coldkey';
    const name = passwordEnvVarName(path);
    expect(passwordFromEnv(path, {})).toBeUndefined();
    expect(passwordFromEnv(path, { [name]: encodeEnvPassword('pw123456', name) })).toBe('pw123456');
  });
});
