/** `chain_*`: block hashes, headers, blocks, finality, and head subscriptions. */
import { toHex } from '../bytes.js';
import type { BlockRecord } from '../chain.js';
import { blockNumberParam, blockParam, type RpcContext } from './context.js';
import { RpcModule, type SubscriptionSink } from './module.js';

function headSubscription(ctx: RpcContext, sink: SubscriptionSink): () => void {
  // Substrate sends the current head first, then each new one.
  sink.send(ctx.chain.best.json);
  return ctx.chain.onImport((block) => sink.send(block.json));
}

export function chainRpc(ctx: RpcContext): RpcModule {
  const hashOf = async (value: unknown): Promise<string | null> => {
    if (value === undefined || value === null) return ctx.chain.best.hashHex;
    return (await ctx.chain.blockByNumber(blockNumberParam(value)))?.hashHex ?? null;
  };
  return new RpcModule()
    .method(['chain_getBlockHash', 'chain_getHead'], (params) => {
      const arg = params[0];
      return Array.isArray(arg) ? Promise.all(arg.map(hashOf)) : hashOf(arg);
    })
    .method('chain_getHeader', async (params) => (await blockParam(ctx, params[0]))?.json ?? null)
    .method('chain_getBlock', async (params) => {
      const block: BlockRecord | undefined = await blockParam(ctx, params[0]);
      if (block === undefined) return null;
      const extrinsics = await ctx.chain.body(block);
      return { block: { header: block.json, extrinsics: extrinsics.map(toHex) }, justifications: null };
    })
    .method(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => ctx.chain.finalized.hashHex)
    .subscription(['chain_subscribeAllHeads'], {
      notification: 'chain_allHead',
      unsubscribe: ['chain_unsubscribeAllHeads'],
      subscribe: (_params, sink) => headSubscription(ctx, sink),
    })
    .subscription(['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'], {
      notification: 'chain_newHead',
      unsubscribe: ['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'],
      subscribe: (_params, sink) => headSubscription(ctx, sink),
    })
    .subscription(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], {
      notification: 'chain_finalizedHead',
      unsubscribe: ['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'],
      // Every block is final on the dev chain.
      subscribe: (_params, sink) => headSubscription(ctx, sink),
    });
}
