/**
 * `chainHead_v1_*` (json-rpc-interface-spec): follow, header, body, call, storage, continue,
 * stopOperation, unpin, unfollow. Follow subscriptions belong to their connection (`CallContext.session`);
 * a method naming an unknown or stopped `followSubscription` answers as the spec says (`null`,
 * `limitReached`, or nothing), never an error. Operations run after their `started` response is sent.
 */
import type { Hex } from '../../runtime/interface.js';
import { toHex } from '../bytes.js';
import { encodeHeader } from '../header.js';
import {
  CHAIN_HEAD_LIMITS,
  type ChainHeadLimits,
  Follow,
  NO_RUNTIME,
  type Operation,
  TOO_MANY_FOLLOWS,
} from './chain-head-follow.js';
import { runStorage, storageQueriesParam } from './chain-head-storage.js';
import { bytesParam, callContext, hexParam, type RpcContext } from './context.js';
import { invalidParams, RpcError } from './errors.js';
import { type CallContext, type ConnectionHandle, type Params, RpcModule } from './module.js';

const LIMIT_REACHED = { result: 'limitReached' } as const;
export const FOLLOW_EVENT = 'chainHead_v1_followEvent';

function hashParam(value: unknown, what: string): Hex {
  const hex = hexParam(value, what);
  if (hex.length !== 66) throw invalidParams(`${what}: expected a 32-byte block hash`);
  return hex;
}

function stringParam(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalidParams(`${what}: expected a string`);
  return value;
}

/** Runs `fn` after the response (or on the next turn, for a caller without that hook). */
function later(call: CallContext, fn: () => void): void {
  if (call.afterResponse !== undefined) call.afterResponse(fn);
  else setImmediate(fn);
}

export function chainHeadRpc(ctx: RpcContext, limits: ChainHeadLimits = CHAIN_HEAD_LIMITS): RpcModule {
  const { chain, runtime } = ctx;
  /** Each connection's live follows by subscription id (dropped with the connection). */
  const follows = new WeakMap<ConnectionHandle, Map<string, Follow>>();

  const followOf = (call: CallContext, id: string): Follow | undefined => {
    const follow = call.session === undefined ? undefined : follows.get(call.session)?.get(id);
    return follow?.stopped === false ? follow : undefined;
  };

  /** Validates `[followSubscription, hash, ...]` first (-32602), then finds the follow. */
  const target = (params: Params, call: CallContext) => {
    const id = stringParam(params[0], 'followSubscription');
    const hash = hashParam(params[1], 'hash');
    return { follow: followOf(call, id), hash };
  };

  const started = (op: Operation) => ({ result: 'started', operationId: op.id });

  return new RpcModule()
    .subscription(['chainHead_v1_follow'], {
      notification: FOLLOW_EVENT,
      // `chainHead_v1_unfollow` is a method below: it answers null, as the spec says.
      unsubscribe: [],
      subscribe: (params, sink, call) => {
        const withRuntime = params[0];
        if (typeof withRuntime !== 'boolean') throw invalidParams('withRuntime: expected a boolean');
        const session = call.session;
        if (session === undefined) throw invalidParams('chainHead_v1_follow needs a WebSocket connection');
        let mine = follows.get(session);
        if (mine === undefined) {
          mine = new Map();
          follows.set(session, mine);
        }
        if (mine.size >= limits.maxFollowsPerConnection) {
          throw new RpcError(
            TOO_MANY_FOLLOWS,
            'Maximum number of chainHead_follow has been reached',
            `at most ${limits.maxFollowsPerConnection} per connection`,
          );
        }
        const follow = new Follow(sink.id, withRuntime, sink, chain, runtime, limits);
        mine.set(sink.id, follow);
        follow.start();
        return () => {
          follow.close();
          mine.delete(sink.id);
        };
      },
    })
    .method('chainHead_v1_unfollow', (params, call) => {
      const id = stringParam(params[0], 'followSubscription');
      if (followOf(call, id) !== undefined) call.session?.unsubscribe(FOLLOW_EVENT, id);
      return null;
    })
    .method('chainHead_v1_header', (params, call) => {
      const { follow, hash } = target(params, call);
      if (follow === undefined) return null;
      return toHex(encodeHeader(follow.block(hash).header));
    })
    .method('chainHead_v1_body', (params, call) => {
      const { follow, hash } = target(params, call);
      if (follow === undefined) return LIMIT_REACHED;
      const block = follow.block(hash);
      const { op } = follow.startOperation(1) ?? {};
      if (op === undefined) return LIMIT_REACHED;
      later(call, () => {
        chain.body(block).then(
          (extrinsics) => follow.finish(op, { event: 'operationBodyDone', value: extrinsics.map(toHex) }),
          (err: unknown) =>
            follow.finish(op, {
              event: 'operationError',
              error: err instanceof Error ? err.message : String(err),
            }),
        );
      });
      return started(op);
    })
    .method('chainHead_v1_call', (params, call) => {
      const { follow, hash } = target(params, call);
      const fn = stringParam(params[2], 'function');
      const data = bytesParam(params[3], 'callParameters');
      if (follow === undefined) return LIMIT_REACHED;
      const block = follow.block(hash);
      if (!follow.withRuntime) {
        throw new RpcError(NO_RUNTIME, 'The follow subscription was started with withRuntime: false');
      }
      const { op } = follow.startOperation(1) ?? {};
      if (op === undefined) return LIMIT_REACHED;
      later(call, () => {
        // A lazy runtime builds its metadata in the background from start-up: wait for it here.
        const ready = fn.startsWith('Metadata_') ? runtime.prepareMetadata?.() : undefined;
        Promise.resolve(ready)
          .then(() => {
            if (chain.isStatePruned(block)) return follow.finish(op, { event: 'operationInaccessible' });
            const output = runtime.call(chain.stateAt(block), fn, data, callContext(block));
            follow.finish(op, { event: 'operationCallDone', output: toHex(output) });
          })
          .catch((err: unknown) =>
            follow.finish(op, {
              event: 'operationError',
              error: err instanceof Error ? err.message : String(err),
            }),
          );
      });
      return started(op);
    })
    .method('chainHead_v1_storage', (params, call) => {
      const { follow, hash } = target(params, call);
      const queries = storageQueriesParam(params[2]);
      const childTrie = params[3] ?? null;
      if (childTrie !== null) hexParam(childTrie, 'childTrie');
      if (follow === undefined) return LIMIT_REACHED;
      const block = follow.block(hash);
      const accepted = follow.startOperation(queries.length);
      if (accepted === undefined) return LIMIT_REACHED;
      const { op, discarded } = accepted;
      // No child tries on this node: a child-trie query finds nothing.
      const run = childTrie === null ? queries.slice(0, op.items) : [];
      later(call, () => runStorage(follow, op, chain, block, run));
      return { ...started(op), discardedItems: discarded };
    })
    .method('chainHead_v1_continue', (params, call) => {
      const id = stringParam(params[0], 'followSubscription');
      const operationId = stringParam(params[1], 'operationId');
      const resume = followOf(call, id)?.continue(operationId);
      if (resume !== undefined) later(call, resume);
      return null;
    })
    .method('chainHead_v1_stopOperation', (params, call) => {
      const id = stringParam(params[0], 'followSubscription');
      const operationId = stringParam(params[1], 'operationId');
      followOf(call, id)?.stopOperation(operationId);
      return null;
    })
    .method('chainHead_v1_unpin', (params, call) => {
      const id = stringParam(params[0], 'followSubscription');
      const raw = params[1];
      const hashes = Array.isArray(raw)
        ? raw.map((h, i) => hashParam(h, `hashOrHashes[${i}]`))
        : [hashParam(raw, 'hashOrHashes')];
      followOf(call, id)?.unpin(hashes);
      return null;
    });
}
