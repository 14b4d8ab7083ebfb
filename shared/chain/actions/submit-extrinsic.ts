import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import type { ISubmittableResult } from '@polkadot/types/types';
import { errorMessage } from '../../errors.js';
import { customErrorFromMessage } from '../../subtensor/transaction-errors.js';
import type { ChainConnection } from '../connection.js';
import { ChainClientError } from '../errors.js';
import type { TxOptions, TxResult, TxSigner } from '../types.js';

export const DEFAULT_TX_TIMEOUT_MS = 120_000;

/**
 * Per connection and signer: the previous submission's hand-off to the pool. Nonces come from
 * `system_accountNextIndex`, which counts pooled transactions; two submissions from one key started
 * together (a validator's weights and its seed commitment) would both read the same nonce, and the
 * pool would drop one as usurped or outdated. So a key's next submission reads its nonce and is signed
 * only once the previous one reached the pool (or failed to).
 */
const lanes = new WeakMap<ChainConnection, Map<string, Promise<void>>>();

function enterLane(connection: ChainConnection, address: string): { ready: Promise<void>; done: () => void } {
  let byAddress = lanes.get(connection);
  if (!byAddress) {
    byAddress = new Map();
    lanes.set(connection, byAddress);
  }
  const ready = byAddress.get(address) ?? Promise.resolve();
  let done = (): void => {};
  const handedOff = new Promise<void>((resolve) => {
    done = resolve;
  });
  const tail = ready.then(() => handedOff);
  byAddress.set(address, tail);
  // Forget an idle lane, so the map holds only keys with a submission in flight.
  void tail.then(() => {
    if (byAddress.get(address) === tail) byAddress.delete(address);
  });
  return { ready, done };
}

export interface SubmitExtrinsicParameters extends TxOptions {
  /** Names the call in results and errors, e.g. `SubtensorModule.set_weights`. */
  call: string;
  tx: SubmittableExtrinsic<'promise'>;
  signer: TxSigner;
}

/**
 * Signs and sends any extrinsic built on `api.tx`; resolves at inclusion (or finality). A failed
 * dispatch becomes DISPATCH_FAILED with the decoded module error, a pool refusal TX_REJECTED (with
 * subtensor's custom error name when it has one), no status in time TX_TIMEOUT.
 * @example await submitExtrinsic(connection, { call: 'Balances.transfer_keep_alive', tx, signer: alice });
 */
export function submitExtrinsic(
  connection: ChainConnection,
  { call, tx, signer, waitFor = 'inBlock', timeoutMs = DEFAULT_TX_TIMEOUT_MS }: SubmitExtrinsicParameters,
): Promise<TxResult> {
  const api = connection.live();
  return new Promise<TxResult>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let settled = false;
    const lane = enterLane(connection, signer.address);
    const settle = () => {
      if (settled) return false;
      settled = true;
      // A submission that timed out before reaching the pool must not hold the key's next one.
      lane.done();
      clearTimeout(timer);
      unsubscribe?.();
      return true;
    };
    const fail = (err: ChainClientError) => settle() && reject(err);
    const timer = setTimeout(
      () =>
        fail(
          new ChainClientError(
            { code: 'TX_TIMEOUT', call, timeoutMs },
            `${call}: no ${waitFor} status within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    const onStatus = (result: ISubmittableResult) => {
      const { status } = result;
      if (status.isDropped || status.isInvalid || status.isUsurped || status.isFinalityTimeout) {
        fail(
          new ChainClientError(
            { code: 'TX_DROPPED', call, status: status.type },
            `${call}: transaction ${status.type}`,
          ),
        );
        return;
      }
      const blockHash = status.isInBlock
        ? status.asInBlock.toHex()
        : status.isFinalized
          ? status.asFinalized.toHex()
          : undefined;
      if (blockHash === undefined) return;
      if (waitFor === 'finalized' && !status.isFinalized) return;
      if (result.dispatchError) {
        fail(dispatchFailure(api, call, result.dispatchError, blockHash));
        return;
      }
      if (!settle()) return;
      resolve({
        call,
        blockHash,
        txHash: result.txHash.toHex(),
        events: result.events.map(({ event }) => `${event.section}.${event.method}`),
      });
    };
    lane.ready
      // Timed out while waiting for its turn: the caller has its error, so nothing is sent.
      .then(async () => {
        if (settled) return undefined;
        // The pool-aware next index, not polkadot-js's default (AccountNonceApi: the state's nonce only,
        // blind to this key's transaction still waiting in the pool).
        const nonce = await api.rpc.system.accountNextIndex(signer.address);
        return settled ? undefined : tx.signAndSend(signer, { nonce }, onStatus);
      })
      .then((unsub) => {
        lane.done();
        if (settled) unsub?.();
        else unsubscribe = unsub;
      })
      .catch((err: unknown) => {
        lane.done();
        const reason = errorMessage(err);
        const customError = customErrorFromMessage(reason);
        fail(
          new ChainClientError(
            { code: 'TX_REJECTED', call, reason, ...(customError && { customError }) },
            `${call} rejected: ${reason}${customError ? ` (${customError})` : ''}`,
            { cause: err },
          ),
        );
      });
  });
}

/** A failed dispatch as DISPATCH_FAILED: the module error (pallet + name + docs), or the error kind. */
function dispatchFailure(
  api: ApiPromise,
  call: string,
  dispatchError: DispatchError,
  blockHash: string,
): ChainClientError {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    const docs = meta.docs.join(' ').trim();
    // polkadot-js gives the camelCase section; report the pallet as metadata names it (SubtensorModule).
    const pallet = meta.section.charAt(0).toUpperCase() + meta.section.slice(1);
    return new ChainClientError(
      { code: 'DISPATCH_FAILED', call, pallet, error: meta.name, docs, blockHash },
      `${call} failed: ${pallet}.${meta.name}${docs ? ` (${docs})` : ''}`,
    );
  }
  const text = dispatchError.type;
  // Token(FundsUnavailable), Arithmetic(Overflow) ...: the inner variant says what went wrong.
  const inner = dispatchError.isToken
    ? dispatchError.asToken.type
    : dispatchError.isArithmetic
      ? dispatchError.asArithmetic.type
      : dispatchError.isTransactional
        ? dispatchError.asTransactional.type
        : undefined;
  return new ChainClientError(
    {
      code: 'DISPATCH_FAILED',
      call,
      pallet: 'System',
      error: text,
      docs: dispatchError.toString(),
      blockHash,
    },
    `${call} failed: ${text}${inner ? `(${inner})` : ''}`,
  );
}
