/** `author_*`: submitting and watching transactions. */
import { fromHex, opaqueExtrinsicError, toHex } from '../bytes.js';
import type { TxStatus } from '../txpool.js';
import { hexParam, type RpcContext } from './context.js';
import { AUTHOR_BAD_FORMAT, AUTHOR_OTHER, RpcError } from './errors.js';
import { RpcModule, requireParam } from './module.js';

function isFinalStatus(status: TxStatus): boolean {
  return (
    status === 'dropped' || status === 'invalid' || (typeof status === 'object' && !('inBlock' in status))
  );
}

export function authorRpc(ctx: RpcContext): RpcModule {
  const submit = async (params: readonly unknown[], watch: boolean) => {
    const bytes = fromHex(hexParam(requireParam(params, 0, 'extrinsic'), 'extrinsic'));
    const malformed = opaqueExtrinsicError(bytes);
    if (malformed !== undefined) {
      ctx.metrics?.transactionSubmitted('rejected');
      // sc-rpc: submit answers `Error::Client` (1040), submitAndWatch `Error::BadFormat` (1001).
      throw watch
        ? new RpcError(AUTHOR_BAD_FORMAT, `Extrinsic has invalid format: ${malformed}`)
        : new RpcError(AUTHOR_OTHER, `Client error: ${malformed}`);
    }
    try {
      const tx = await ctx.submit(bytes);
      ctx.metrics?.transactionSubmitted('accepted');
      return tx;
    } catch (err) {
      ctx.metrics?.transactionSubmitted('rejected');
      throw err;
    }
  };
  return new RpcModule()
    .method('author_submitExtrinsic', async (params) => (await submit(params, false)).hash)
    .method('author_pendingExtrinsics', () => ctx.pool.pending().map((tx) => toHex(tx.bytes)))
    .subscription(['author_submitAndWatchExtrinsic'], {
      notification: 'author_extrinsicUpdate',
      unsubscribe: ['author_unwatchExtrinsic'],
      subscribe: async (params, sink) => {
        const tx = await submit(params, true);
        // The first status must precede inBlock: polkadot-js keeps whichever status came last.
        sink.send(tx.ready ? 'ready' : 'future');
        return ctx.pool.watch(tx.hash, (status) => {
          sink.send(status);
          if (isFinalStatus(status)) sink.end();
        });
      },
    });
}
