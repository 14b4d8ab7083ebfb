/** `chainSpec_v1_*` (json-rpc-interface-spec): the chain's name, genesis hash and properties, fixed for the node's life. */
import type { RpcContext } from './context.js';
import { RpcModule } from './module.js';

export function chainSpecV1Rpc(ctx: RpcContext): RpcModule {
  return new RpcModule()
    .method('chainSpec_v1_chainName', () => ctx.runtime.chainName)
    .method('chainSpec_v1_genesisHash', () => ctx.chain.genesis.hashHex)
    .method('chainSpec_v1_properties', () => ({ ...ctx.runtime.properties }));
}
