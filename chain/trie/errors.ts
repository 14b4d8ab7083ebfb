import { ExpertnetError } from '../../shared/errors.js';

/** Failure codes of the trie module, each with the context a caller needs to act on it. */
export type TrieErrorType =
  /** A key or value is not bytes (or a 0x-hex string), or a key is too long to encode. */
  | { code: 'INVALID_INPUT'; reason: string }
  /** An encoded node (from a proof or storage) does not follow sp-trie's node codec. */
  | { code: 'INVALID_NODE'; reason: string; offset?: number }
  /** A proof lacks a node or hashed value needed to answer for a key. */
  | { code: 'INCOMPLETE_PROOF'; key: string; missing: string }
  /** A state root that is not 32 bytes. */
  | { code: 'INVALID_ROOT'; length: number };

export class TrieError extends ExpertnetError<TrieErrorType> {}
