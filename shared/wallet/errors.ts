import { ExpertnetError } from '../errors.js';

/** Keyfile encodings we recognise; only `nacl` and `plain` can be read. */
export type KeyfileFormat = 'nacl' | 'ansible-vault' | 'fernet' | 'plain';

export type WalletErrorType =
  | { code: 'WALLET_NOT_FOUND'; path: string }
  | { code: 'KEYFILE_NOT_FOUND'; path: string }
  | { code: 'KEYFILE_EXISTS'; path: string }
  | { code: 'WRONG_PASSWORD'; path?: string }
  | { code: 'PASSWORD_REQUIRED'; path?: string; envVar?: string }
  | { code: 'CORRUPT_KEYFILE'; path?: string; reason: string }
  | { code: 'UNSUPPORTED_FORMAT'; path?: string; format: KeyfileFormat }
  | { code: 'NOT_READABLE'; path: string }
  | { code: 'PUBLIC_ONLY'; address: string }
  | { code: 'INVALID_MNEMONIC' }
  | { code: 'INVALID_KEY'; reason: string }
  | { code: 'INVALID_NAME'; name: string };

/** Every wallet/keyfile failure; `code` says which, the rest is context for logs and CLIs. */
export class WalletError extends ExpertnetError<WalletErrorType> {}
