/**
 * `transaction_v1_broadcast` / `transaction_v1_stop` and `transactionWatch_v1_submitAndWatch` /
 * `transactionWatch_v1_unwatch` (json-rpc-interface-spec) on the node's transaction pool. A broadcast puts
 * the transaction in the pool (an invalid one silently does nothing, as the spec allows) and counts against
 * the connection's limit until `transaction_v1_stop`. A watch reports `validated`, `bestChainBlockIncluded`
 * and `finalized` with the block and the transaction's index in it, or ends with `invalid`, `dropped` or
 * `error`; unwatching leaves the transaction in the pool.
 */
import { errorMessage } from '../../../shared/errors.js';
import type { Hex } from '../../runtime/interface.js';
import { blake2_256, fromHex, opaqueExtrinsicError, toHex } from '../bytes.js';
import { TxPoolError } from '../errors.js';
import type { PoolTransaction, TxStatus } from '../txpool.js';
import { hexParam, type RpcContext } from './context.js';
import { invalidParams, poolErrorToRpc, RpcError } from './errors.js';
import { type CallContext, type ConnectionHandle, RpcModule, type SubscriptionSink } from './module.js';

/** Transactions one connection may broadcast at once (the spec requires at least 4); beyond: `null`. */
export const MAX_BROADCASTS_PER_CONNECTION = 16;
export const WATCH_EVENT = 'transactionWatch_v1_watchEvent';

function transactionParam(value: unknown): Uint8Array {
  return fromHex(hexParam(value, 'transaction'));
}

/** Why the pool refused a transaction, as the watch's terminal event. */
function refusal(err: unknown): Record<string, unknown> {
  if (err instanceof TxPoolError) {
    const wire = poolErrorToRpc(err).toWire();
    const error = typeof wire.data === 'string' ? `${wire.message}: ${wire.data}` : wire.message;
    return { event: err.type.code === 'IMMEDIATELY_DROPPED' ? 'dropped' : 'invalid', error };
  }
  return { event: 'error', error: errorMessage(err) };
}

export function transactionV1Rpc(ctx: RpcContext): RpcModule {
  const broadcasts = new WeakMap<ConnectionHandle, Set<string>>();
  let nextBroadcast = 0;

  /** Where `hash` sits in `block`'s body (`index`), for the watch events. */
  const inclusion = async (blockHash: Hex, hash: Hex) => {
    const block = await ctx.chain.blockByHash(blockHash);
    const body = block === undefined ? [] : await ctx.chain.body(block);
    const index = body.findIndex((xt) => toHex(blake2_256(xt)) === hash);
    return { hash: blockHash, index: Math.max(0, index) };
  };

  const watch = (tx: PoolTransaction, sink: SubscriptionSink): (() => void) => {
    let ended = false;
    // Events go out in pool order even though finding a transaction's index in its block is async.
    let queue: Promise<void> = Promise.resolve();
    const push = (event: () => Promise<Record<string, unknown>> | Record<string, unknown>, last = false) => {
      if (last) ended = true;
      queue = queue
        .then(async () => sink.send(await event()))
        .catch((err: unknown) => sink.send({ event: 'error', error: errorMessage(err) }))
        .then(() => {
          if (last) sink.end();
        });
    };
    const onStatus = (status: TxStatus): void => {
      if (ended) return;
      if (status === 'ready' || status === 'future') push(() => ({ event: 'validated' }));
      else if (status === 'dropped') {
        push(() => ({ event: 'dropped', error: 'Transaction dropped from the pool (pool limits)' }), true);
      } else if (status === 'invalid') {
        push(() => ({ event: 'invalid', error: 'Transaction became invalid' }), true);
      } else if ('usurped' in status) {
        push(() => ({ event: 'invalid', error: `Transaction replaced by ${status.usurped}` }), true);
      } else if ('inBlock' in status) {
        push(async () => ({
          event: 'bestChainBlockIncluded',
          block: await inclusion(status.inBlock, tx.hash),
        }));
      } else {
        push(async () => ({ event: 'finalized', block: await inclusion(status.finalized, tx.hash) }), true);
      }
    };
    push(() => ({ event: 'validated' }));
    return ctx.pool.watch(tx.hash, onStatus);
  };

  return new RpcModule()
    .method('transaction_v1_broadcast', async (params, call: CallContext) => {
      const bytes = transactionParam(params[0]);
      const mine =
        call.session === undefined ? new Set<string>() : (broadcasts.get(call.session) ?? new Set());
      if (call.session !== undefined) broadcasts.set(call.session, mine);
      if (mine.size >= MAX_BROADCASTS_PER_CONNECTION) return null;
      const id = String(nextBroadcast++);
      mine.add(id);
      if (opaqueExtrinsicError(bytes) === undefined) {
        try {
          await ctx.submit(bytes);
          ctx.metrics?.transactionSubmitted('accepted');
        } catch (err) {
          ctx.metrics?.transactionSubmitted('rejected');
          ctx.log.debug({ err: errorMessage(err) }, 'transaction_v1_broadcast: transaction refused');
        }
      }
      return id;
    })
    .method('transaction_v1_stop', (params, call) => {
      const id = params[0];
      if (typeof id !== 'string') throw invalidParams('operationId: expected a string');
      const mine = call.session === undefined ? undefined : broadcasts.get(call.session);
      if (mine?.delete(id) !== true)
        throw invalidParams(`operationId: no broadcast ${id} on this connection`);
      return null;
    })
    .subscription(['transactionWatch_v1_submitAndWatch'], {
      notification: WATCH_EVENT,
      // `transactionWatch_v1_unwatch` is a method below: it answers null, or an error for an unknown id.
      unsubscribe: [],
      subscribe: async (params, sink) => {
        const bytes = transactionParam(params[0]);
        const malformed = opaqueExtrinsicError(bytes);
        if (malformed !== undefined) {
          sink.send({ event: 'invalid', error: `Extrinsic has invalid format: ${malformed}` });
          sink.end();
          return () => {};
        }
        let tx: PoolTransaction | undefined;
        try {
          tx = await ctx.submit(bytes);
          ctx.metrics?.transactionSubmitted('accepted');
        } catch (err) {
          // Already in the pool (from another client): watch that one.
          tx =
            err instanceof TxPoolError && err.type.code === 'ALREADY_IMPORTED'
              ? ctx.pool.get(err.type.hash)
              : undefined;
          if (tx === undefined) {
            ctx.metrics?.transactionSubmitted('rejected');
            sink.send(refusal(err));
            sink.end();
            return () => {};
          }
        }
        return watch(tx, sink);
      },
    })
    .method('transactionWatch_v1_unwatch', (params, call) => {
      const id = params[0];
      if (typeof id !== 'string') throw invalidParams('subscription: expected a string');
      if (call.session?.unsubscribe(WATCH_EVENT, id) !== true) {
        throw new RpcError(-32602, 'Invalid params', `no transaction watch ${id} on this connection`);
      }
      return null;
    });
}
