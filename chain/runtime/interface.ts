/**
 * The seam between the dev chain's *runtime* (state transition: metadata, pallets, extrinsic checks,
 * dispatch, runtime APIs; `chain/runtime/`) and its *node* (RPC, transaction pool, block production,
 * database, trie, metrics; `chain/node/`). It mirrors Substrate's client/runtime split: the node never
 * decodes a call or a storage value, the runtime never touches the network or the database.
 *
 * Storage keys are `0x`-prefixed lowercase hex strings (cheap Map keys, as on the wire); values are bytes.
 */

export type Hex = `0x${string}`;

/** Read access to the state of one block (best, or a historical one). */
export interface StateView {
  get(key: Hex): Uint8Array | undefined;
  /**
   * Keys with `prefix`, in ascending byte order, strictly after `startKey` when given, at most `limit`.
   * Used by pallets that iterate maps and by `state_getKeysPaged`.
   */
  keys(prefix: Hex, startKey?: Hex, limit?: number): Hex[];
}

/** Storage writes of a block: `null` deletes the key. */
export type StateChanges = Map<Hex, Uint8Array | null>;

export interface RuntimeVersion {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  /** [blake2_64(api name) as hex, api version] */
  apis: Array<[Hex, number]>;
  transactionVersion: number;
  stateVersion: number;
}

export interface ChainProperties {
  ss58Format: number;
  tokenDecimals: number;
  tokenSymbol: string;
}

/** Where a block sits: what the runtime needs to initialise (or virtually initialise) block `number`. */
export interface BlockContext {
  /** Number of the block being built (or validated against: best + 1). */
  number: number;
  /** Hash of its parent (the best block). */
  parentHash: Uint8Array;
  /** Timestamp inherent value in ms (block production only). */
  timestampMs?: number;
}

/** Substrate's `InvalidTransaction` / `UnknownTransaction` reasons. */
export type InvalidReason =
  | 'Call'
  | 'Payment'
  | 'Future'
  | 'Stale'
  | 'BadProof'
  | 'AncientBirthBlock'
  | 'ExhaustsResources'
  | 'BadMandatory'
  | 'MandatoryValidation'
  | 'BadSigner'
  | { custom: number };
export type UnknownReason = 'CannotLookup' | 'NoUnsignedValidator' | { custom: number };

export type TransactionValidity =
  | {
      ok: true;
      priority: bigint;
      /** Tags this transaction needs before it can be included (e.g. the previous nonce). */
      requires: Hex[];
      /** Tags it provides (e.g. its own sender+nonce). */
      provides: Hex[];
      /** Blocks it stays valid for. */
      longevity: bigint;
      propagate: boolean;
      /** blake2_256 of the transaction bytes. */
      hash: Hex;
      /** Signer, for logs and metrics (ss58 or hex). */
      sender?: string;
    }
  | { ok: false; invalid: InvalidReason; message: string }
  | { ok: false; unknown: UnknownReason; message: string };

/**
 * A transaction's signature check, handed out so it can run off the node's main thread: verify
 * `signature` over `message` with `signer` under `scheme`. `key` is opaque (it names the check in the
 * runtime's bounded verified cache).
 */
export interface SignatureCheck {
  readonly key: string;
  readonly scheme: 'sr25519' | 'ed25519';
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly signer: Uint8Array;
}

/** Outcome of putting one extrinsic into a block being built. */
export type ApplyResult =
  | { included: true; success: boolean }
  /** Not included: the block builder drops it (invalid now) or keeps it for a later block (exhausts resources). */
  | { included: false; validity: Extract<TransactionValidity, { ok: false }> };

/** Incremental block construction (Substrate's BlockBuilder API). */
export interface BlockBuilder {
  /** Applies the inherents (Timestamp.set) and returns their encoded extrinsics, in order. */
  applyInherents(): Uint8Array[];
  applyExtrinsic(xt: Uint8Array): ApplyResult;
  /** Ends the block: returns all included extrinsics (inherents first) and the block's storage changes. */
  finalize(): { extrinsics: Uint8Array[]; changes: StateChanges };
}

/** Fee information for `payment_queryInfo` (values as the JSON-RPC returns them). */
export interface DispatchInfoJson {
  weight: { refTime: bigint; proofSize: bigint };
  class: 'Normal' | 'Operational' | 'Mandatory';
  partialFee: bigint;
}

export interface GenesisConfig {
  /** Dev chain spec: well-known dev accounts funded, Alice sudo. */
  dev: boolean;
  /** Block time in ms (drives Timestamp.MinimumPeriod, which clients read to compute eras). */
  blockTimeMs: number;
  /** The dev randomness beacon written into `Drand.BeaconConfig` (without it: drand quicknet's config). */
  beacon?: BeaconGenesis;
}

/** A drand-style beacon as genesis records it: BLS public key (G2, 96 bytes), period and genesis time (s). */
export interface BeaconGenesis {
  publicKey: Uint8Array;
  period: number;
  genesisTime: number;
}

/**
 * What the node lends the runtime's offchain work (Substrate's offchain worker and keystore): the dev
 * beacon's pulse signatures and the node's sr25519 key for signing unsigned-transaction payloads.
 */
export interface OffchainEnv {
  /** The beacon's BLS public key (G2, 96 bytes), to check it is the one the chain's config names. */
  readonly beaconPublicKey: Uint8Array;
  /** The beacon's signature of `round` (G1, 48 bytes). */
  beaconSignature(round: bigint): Uint8Array;
  /** sr25519 public key of the node's offchain key. */
  readonly offchainPublicKey: Uint8Array;
  /** Signs `message` with the offchain key (sr25519, Substrate's signing context). */
  offchainSign(message: Uint8Array): Uint8Array;
}

export interface Runtime {
  readonly version: RuntimeVersion;
  readonly properties: ChainProperties;
  readonly chainName: string;
  /** Metadata versions served by `Metadata_metadata_versions`. */
  readonly metadataVersions: readonly number[];
  /** `RuntimeMetadataPrefixed` bytes (magic `meta` + version byte + metadata) for version 14 or 15. */
  metadata(version: number): Uint8Array;
  /**
   * Optional: a runtime that defers building its metadata does it here (idempotent). The node calls it once
   * its RPC server is up and awaits it before serving metadata; `metadata()` and `Metadata_*` calls may
   * throw until it resolved.
   */
  prepareMetadata?(): Promise<void>;
  /** Genesis storage (includes `:code`). */
  genesisStorage(config: GenesisConfig): Map<Hex, Uint8Array>;
  /**
   * Pool validation of a transaction against `state` (the best block), as if in block `ctx.number`.
   * Throws `TransactionDecodeError` when `xt` is not an extrinsic of this runtime (Substrate's runtime
   * panics with "Bad input data provided to validate_transaction").
   */
  validateTransaction(state: StateView, xt: Uint8Array, ctx: BlockContext): TransactionValidity;
  /**
   * Optional, for off-thread signature verification: the signature check `validateTransaction` would run
   * for `xt` (same arguments), without running it; undefined when there is none to hand out (unsigned,
   * undecodable, failing an earlier check, a scheme kept in-thread, already verified).
   */
  signatureCheck?(state: StateView, xt: Uint8Array, ctx: BlockContext): SignatureCheck | undefined;
  /**
   * Optional: records that the caller verified `check` (from `signatureCheck`) and it holds, so
   * `validateTransaction` and block building skip that signature. Without this call they verify it.
   * Only ever pass a check whose signature was actually verified.
   */
  markSignatureVerified?(check: SignatureCheck): void;
  newBlock(state: StateView, ctx: BlockContext): BlockBuilder;
  /**
   * Optional, the block author's offchain work (what an offchain worker would submit): unsigned
   * transactions to apply right after the inherents of block `ctx` (built on `state`), e.g. the dev
   * beacon's Drand pulses due by `ctx.timestampMs`. They pass the same validation as any transaction.
   */
  offchainTransactions?(state: StateView, ctx: BlockContext, env: OffchainEnv): Uint8Array[];
  /** Runtime API call by name (`Core_version`, `Metadata_metadata_at_version`, ...): SCALE in, SCALE out. */
  call(state: StateView, method: string, data: Uint8Array, ctx: BlockContext): Uint8Array;
  /** `system_accountNextIndex` (pool-aware nonce is the node's job). */
  accountNonce(state: StateView, address: string): number;
  queryInfo(state: StateView, xt: Uint8Array, ctx: BlockContext): DispatchInfoJson;
}

/** Thrown by `Runtime.call` for unknown methods or undecodable input. */
export class RuntimeCallError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = 'RuntimeCallError';
  }
}

/** `validateTransaction` got bytes that do not decode as this runtime's extrinsic. */
export class TransactionDecodeError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Bad input data provided to validate_transaction: ${reason}`, options);
    this.name = 'TransactionDecodeError';
  }
}
