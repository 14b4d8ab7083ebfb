/** `engine_createBlock` (Substrate manual seal): lets tools force a block now. */
import type { RpcContext } from './context.js';
import { RpcError } from './errors.js';
import { RpcModule } from './module.js';

export function engineRpc(ctx: RpcContext): RpcModule {
  return new RpcModule().method('engine_createBlock', async () => {
    const block = await ctx.scheduler.sealNow();
    if (block === undefined) throw new RpcError(-32603, 'Internal error', 'block production failed');
    return {
      hash: block.hashHex,
      aux: {
        header_only: false,
        clear_justification_requests: false,
        needs_justification: false,
        bad_justification: false,
        is_new_best: true,
      },
    };
  });
}
