/**
 * The dev chain's runtime: `createRuntime({ blockTimeMs })` assembles the pallets (System 0, Timestamp 2,
 * Balances 5, TransactionPayment 6, Utility 11, Sudo 12, indices as in subtensor), their metadata V14/V15
 * and the runtime APIs behind the `Runtime` seam (`interface.ts`) the node drives.
 *
 * Async because signature checks use `@polkadot/wasm-crypto`, which must be initialised once.
 */
import { isHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto/address/decode';
import { cryptoWaitReady } from '@polkadot/util-crypto/crypto';
import {
  apiId,
  FeeDetails,
  RuntimeDispatchInfo,
  runtimeApis,
  TransactionSource,
  TransactionValidityTy,
} from './apis-types.js';
import {
  BASE_EXTRINSIC_WEIGHT,
  CHAIN_NAME,
  IMPL_NAME,
  IMPL_VERSION,
  LENGTH_FEE_PER_BYTE,
  SPEC_NAME,
  SPEC_VERSION,
  SS58_PREFIX,
  STATE_VERSION,
  TOKEN_DECIMALS,
  TOKEN_SYMBOL,
  TRANSACTION_VERSION,
} from './config.js';
import { type ConstructedRuntime, callRef, constructRuntime } from './construct.js';
import { RuntimeError } from './errors.js';
import { Executive } from './executive.js';
import { buildGenesis } from './genesis.js';
import {
  type BlockContext,
  type DispatchInfoJson,
  type Hex,
  type Runtime,
  RuntimeCallError,
  type RuntimeVersion,
  type SignatureCheck,
  type StateView,
  type TransactionValidity,
} from './interface.js';
import {
  encodeMetadata,
  loadMetadataCodec,
  selfContainedExtrinsicTy,
  uncheckedExtrinsicTy,
} from './metadata.js';
import type { PalletDef } from './pallet.js';
import { adminUtilsPallet } from './pallets/admin-utils.js';
import { balancesPallet } from './pallets/balances.js';
import { commitmentsPallet } from './pallets/commitments.js';
import { drandPallet } from './pallets/drand.js';
import { drandPulseTransactions } from './pallets/drand-offchain.js';
import { subtensorPallet } from './pallets/subtensor/index.js';
import { sudoPallet } from './pallets/sudo.js';
import { swapPallet } from './pallets/swap.js';
import { Account, systemPallet, versionValue } from './pallets/system.js';
import { timestampPallet } from './pallets/timestamp.js';
import { computeFee, transactionPaymentPallet, weightToFee } from './pallets/transaction-payment.js';
import { utilityPallet } from './pallets/utility.js';
import { AccountId32, RuntimeVersionTy, Weight } from './scale/substrate.js';
import {
  bytes,
  decodeExact,
  decodePrefix,
  type EnumValue,
  lazy,
  option,
  type Ty,
  u32,
  u64,
  vec,
} from './scale/ty.js';

export { RuntimeError } from './errors.js';
export type { Runtime } from './interface.js';

export interface RuntimeOptions {
  blockTimeMs: number;
  /** Extra pallets (SubtensorModule, AdminUtils, Commitments ...); `callTy` is the outer RuntimeCall. */
  extraPallets?: (callTy: Ty<EnumValue>) => PalletDef[];
  /**
   * Defer loading the metadata serialiser (`@polkadot/types`, ~130 ms) to `prepareMetadata()`, which the
   * node calls once its RPC server is up. Until it resolves, `metadata()` and `Metadata_*` calls throw
   * `RuntimeError` NOT_READY. Default false: the runtime is complete when `createRuntime` resolves.
   */
  lazyMetadata?: boolean;
}

export const METADATA_VERSIONS = [14, 15, 16] as const;

/** The runtime plus internals tests and tools may use (call types, executive). */
export interface ExpertnetRuntime extends Runtime {
  readonly constructed: ConstructedRuntime;
  /** SCALE-encodes a call value (`{ tag: 'Balances', value: { tag: 'transfer_allow_death', value: {...} } }`). */
  encodeCall(call: EnumValue): Uint8Array;
  prepareMetadata(): Promise<void>;
  signatureCheck(state: StateView, xt: Uint8Array, ctx: BlockContext): SignatureCheck | undefined;
  markSignatureVerified(check: SignatureCheck): void;
}

export async function createRuntime(options: RuntimeOptions): Promise<ExpertnetRuntime> {
  if (!Number.isFinite(options.blockTimeMs) || options.blockTimeMs <= 0) {
    throw new RuntimeError({
      code: 'BAD_INPUT',
      what: 'blockTimeMs',
      reason: `must be positive, got ${options.blockTimeMs}`,
    });
  }
  await cryptoWaitReady();

  const ref = callRef();
  const extrinsicTy = uncheckedExtrinsicTy(ref.ty);
  // Subnet pallets (SubtensorModule 7, Commitments 18, AdminUtils 19) and the runtime APIs they serve.
  const subnetPallets: PalletDef[] = [subtensorPallet, commitmentsPallet, adminUtilsPallet, drandPallet];
  subnetPallets.push(swapPallet); // Swap 28: dynamic TAO pool parameters
  const palletApis = subnetPallets.flatMap((p) => p.apis ?? []);
  const apis = [...runtimeApis(selfContainedExtrinsicTy(ref.ty)), ...palletApis];
  const version: RuntimeVersion = {
    specName: SPEC_NAME,
    implName: IMPL_NAME,
    authoringVersion: 1,
    specVersion: SPEC_VERSION,
    implVersion: IMPL_VERSION,
    apis: apis.map((a) => [apiId(a.name), a.version]),
    transactionVersion: TRANSACTION_VERSION,
    stateVersion: STATE_VERSION,
  };
  // System's `Events` needs the outer RuntimeEvent enum, which exists once all pallets are known.
  let eventTy: Ty<EnumValue> | undefined;
  const runtimeEvent = lazy(() => eventTy!);

  const pallets: PalletDef[] = [
    systemPallet(version, runtimeEvent),
    timestampPallet(options.blockTimeMs),
    balancesPallet,
    transactionPaymentPallet,
    utilityPallet(ref.ty),
    sudoPallet(ref.ty),
    ...subnetPallets,
    ...(options.extraPallets?.(ref.ty) ?? []),
  ].sort((a, b) => a.index - b.index);
  const rt = constructRuntime(pallets, ref);
  eventTy = rt.event;

  const minimumPeriod = BigInt(Math.floor(options.blockTimeMs / 2));
  const exec = new Executive(
    rt,
    { specVersion: SPEC_VERSION, transactionVersion: TRANSACTION_VERSION },
    minimumPeriod,
  );
  let metadataCache: Map<number, Uint8Array> | undefined;
  let metadataPreparing: Promise<void> | undefined;
  const prepareMetadata = (): Promise<void> => {
    metadataPreparing ??= loadMetadataCodec().then(() => {
      metadataCache ??= encodeMetadata(rt, apis, extrinsicTy);
    });
    return metadataPreparing;
  };
  // Eager by default: only the codec; the bytes are built on first use, as before.
  if (options.lazyMetadata !== true) await loadMetadataCodec();
  const metadata = (v: number): Uint8Array => {
    metadataCache ??= encodeMetadata(rt, apis, extrinsicTy);
    const m = metadataCache.get(v);
    if (!m)
      throw new RuntimeError({
        code: 'BAD_INPUT',
        what: 'metadata version',
        reason: `${v} not served (have ${METADATA_VERSIONS.join(', ')})`,
      });
    return m;
  };

  const queryInfo = (state: StateView, xt: Uint8Array, ctx: BlockContext): DispatchInfoJson => {
    const decoded = exec.decode(xt);
    const info = rt.infoOf(decoded.call);
    const partialFee = decoded.signed ? computeFee(decoded.len, info.weight, info.paysFee).inclusionFee : 0n;
    void state;
    void ctx;
    return {
      weight: { refTime: info.weight + BASE_EXTRINSIC_WEIGHT, proofSize: 0n },
      class: info.class,
      partialFee,
    };
  };

  const feeDetails = (xt: Uint8Array) => {
    const decoded = exec.decode(xt);
    const info = rt.infoOf(decoded.call);
    if (!decoded.signed) return { inclusion_fee: undefined, tip: 0n };
    const f = computeFee(decoded.len, info.weight, info.paysFee);
    return {
      inclusion_fee: info.paysFee
        ? { base_fee: f.baseFee, len_fee: f.lenFee, adjusted_weight_fee: f.weightFee }
        : undefined,
      tip: decoded.signed.tip,
    };
  };

  /** Splits `uxt ++ len` (TransactionPaymentApi inputs): the extrinsic is length-prefixed. */
  const splitUxt = (data: Uint8Array): Uint8Array => {
    const [, end] = decodePrefix(bytes.codec, data, 0, 'uxt');
    return data.slice(0, end);
  };

  const callApi = (state: StateView, method: string, data: Uint8Array, ctx: BlockContext): Uint8Array => {
    switch (method) {
      case 'Core_version':
        return RuntimeVersionTy.codec.enc(versionValue(version));
      case 'Metadata_metadata':
        return bytes.codec.enc(metadata(14));
      case 'Metadata_metadata_at_version': {
        const v = decodeExact(u32.codec, data, 'version');
        return option(bytes).codec.enc(
          (METADATA_VERSIONS as readonly number[]).includes(v) ? metadata(v) : undefined,
        );
      }
      case 'Metadata_metadata_versions':
        return vec(u32).codec.enc([...METADATA_VERSIONS]);
      case 'AccountNonceApi_account_nonce': {
        const who = decodeExact(AccountId32.codec, data, 'account');
        return u32.codec.enc(Account.get(state, who).nonce);
      }
      case 'TaggedTransactionQueue_validate_transaction': {
        decodePrefix(TransactionSource.codec, data, 0, 'source');
        const [, end] = decodePrefix(bytes.codec, data, 1, 'tx');
        if (end !== data.length && end + 32 !== data.length) {
          throw new RuntimeError({
            code: 'DECODE',
            what: 'validate_transaction',
            reason: 'expected source ++ tx ++ block_hash',
          });
        }
        return encodeValidity(exec.validateTransaction(state, data.slice(1, end), ctx));
      }
      case 'TransactionPaymentApi_query_info': {
        const uxt = splitUxt(data);
        decodeExact(u32.codec, data.slice(uxt.length), 'len');
        const info = queryInfo(state, uxt, ctx);
        return RuntimeDispatchInfo.codec.enc({
          weight: { ref_time: info.weight.refTime, proof_size: info.weight.proofSize },
          class: { tag: info.class, value: undefined },
          partial_fee: info.partialFee,
        });
      }
      case 'TransactionPaymentApi_query_fee_details': {
        const uxt = splitUxt(data);
        decodeExact(u32.codec, data.slice(uxt.length), 'len');
        return FeeDetails.codec.enc(feeDetails(uxt));
      }
      case 'TransactionPaymentApi_query_weight_to_fee': {
        const w = decodeExact(Weight.codec, data, 'weight');
        return u64.codec.enc(weightToFee(w.ref_time));
      }
      case 'TransactionPaymentApi_query_length_to_fee': {
        const len = decodeExact(u32.codec, data, 'length');
        return u64.codec.enc(BigInt(len) * LENGTH_FEE_PER_BYTE);
      }
      default: {
        const sep = method.indexOf('_');
        const api = sep > 0 ? palletApis.find((a) => a.name === method.slice(0, sep)) : undefined;
        const fn = method.slice(sep + 1);
        // Own properties only: `NeuronInfoRuntimeApi_constructor` must not reach Object.prototype.
        const impl = api !== undefined && Object.hasOwn(api.impl, fn) ? api.impl[fn] : undefined;
        if (impl !== undefined) return impl(state, data, ctx);
        throw new RuntimeCallError(method, 'unknown runtime API method');
      }
    }
  };

  return {
    version,
    properties: { ss58Format: SS58_PREFIX, tokenDecimals: TOKEN_DECIMALS, tokenSymbol: TOKEN_SYMBOL },
    chainName: CHAIN_NAME,
    metadataVersions: METADATA_VERSIONS,
    constructed: rt,
    encodeCall: (call) => rt.call.codec.enc(call),
    metadata,
    prepareMetadata,
    genesisStorage: (config) => buildGenesis(config, version, pallets),
    validateTransaction: (state, xt, ctx) => exec.validateTransaction(state, xt, ctx),
    signatureCheck: (state, xt, ctx) => exec.signatureCheck(state, xt, ctx),
    markSignatureVerified: (check) => exec.markSignatureVerified(check),
    newBlock: (state, ctx) => exec.newBlock(state, ctx),
    call: (state, method, data, ctx) => {
      try {
        return callApi(state, method, data, ctx);
      } catch (err) {
        if (err instanceof RuntimeCallError) throw err;
        throw new RuntimeCallError(method, (err as Error).message);
      }
    },
    accountNonce: (state, address) => Account.get(state, accountIdOf(address)).nonce,
    offchainTransactions: (state, ctx, env) => drandPulseTransactions(state, ctx, env, rt.call.codec.enc),
    queryInfo,
  };
}

/** ss58 or 0x-hex (32 bytes) to an account id. */
export function accountIdOf(address: string): Uint8Array {
  try {
    if (isHex(address)) {
      const id = decodeAddress(address);
      if (id.length === 32) return id;
    } else {
      return decodeAddress(address);
    }
  } catch (err) {
    throw new RuntimeError(
      { code: 'BAD_INPUT', what: 'address', reason: (err as Error).message },
      undefined,
      { cause: err },
    );
  }
  throw new RuntimeError({ code: 'BAD_INPUT', what: 'address', reason: `not an account id: ${address}` });
}

function encodeValidity(v: TransactionValidity): Uint8Array {
  if (v.ok) {
    const hexToU8 = (h: Hex) => Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
    return TransactionValidityTy.codec.enc({
      success: true,
      value: {
        priority: v.priority,
        requires: v.requires.map(hexToU8),
        provides: v.provides.map(hexToU8),
        longevity: v.longevity,
        propagate: v.propagate,
      },
    });
  }
  const reason = 'invalid' in v ? v.invalid : v.unknown;
  const inner =
    typeof reason === 'object' ? { tag: 'Custom', value: reason.custom } : { tag: reason, value: undefined };
  return TransactionValidityTy.codec.enc({
    success: false,
    value: { tag: 'invalid' in v ? 'Invalid' : 'Unknown', value: inner },
  });
}
