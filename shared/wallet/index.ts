/** Bittensor-compatible wallets: keypairs, keyfiles, the on-disk layout and dev keys. */
export { createDevWallet, type DevWallet, writeDevWallet } from './dev.js';
export { type KeyfileFormat, WalletError, type WalletErrorType } from './errors.js';
export {
  decryptKeyfileData,
  deriveNaclKey,
  detectKeyfileFormat,
  encryptKeyfileData,
  isEncrypted,
  type KeyfileJson,
  NACL_KDF_SENSITIVE,
  type NaclKdfParams,
  parseKeyfile,
  serializeKeypair,
} from './keyfile.js';
export {
  BITTENSOR_SS58_FORMAT,
  Sr25519Keypair,
  type Sr25519Signer,
  toPublicKey,
  toSs58,
  verifySr25519,
} from './keypair.js';
export {
  decodeEnvPassword,
  encodeEnvPassword,
  passwordEnvVarName,
  passwordEnvVarNames,
  passwordFromEnv,
} from './password.js';
export {
  type CreatedKey,
  DEFAULT_HOTKEY_NAME,
  DEFAULT_WALLET_NAME,
  DEFAULT_WALLET_PATH,
  listWallets,
  type PasswordSource,
  Wallet,
  type WalletOptions,
  type WriteKeyOptions,
} from './wallet.js';
