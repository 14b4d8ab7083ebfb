/** `system_*` and `rpc_methods`: node identity, health and the pool-aware account nonce. */
import { decodeAddress } from '@polkadot/util-crypto/address/decode';
import { concatBytes, toHex } from '../bytes.js';
import type { RpcContext } from './context.js';
import { invalidParams } from './errors.js';
import { RpcModule, requireParam } from './module.js';

/** FRAME's `CheckNonce` tag: SCALE (AccountId32, u32 nonce). */
function nonceTag(accountId: Uint8Array, nonce: number) {
  const n = new Uint8Array(4);
  new DataView(n.buffer).setUint32(0, nonce, true);
  return toHex(concatBytes([accountId, n]));
}

export function systemRpc(ctx: RpcContext, methods: () => string[]): RpcModule {
  const health = () => ({ peers: 0, isSyncing: false, shouldHavePeers: false });
  return new RpcModule()
    .method('rpc_methods', () => ({ methods: methods() }))
    .method('system_name', () => ctx.nodeName)
    .method('system_version', () => ctx.nodeVersion)
    .method('system_chain', () => ctx.runtime.chainName)
    .method('system_chainType', () => (ctx.dev ? 'Development' : 'Live'))
    .method('system_properties', () => ({ ...ctx.runtime.properties }))
    .method('system_health', health)
    .method('system_peers', () => [])
    .method('system_localPeerId', () => ctx.peerId)
    .method('system_localListenAddresses', () => [])
    .method('system_nodeRoles', () => ['Authority'])
    .method('system_syncState', () => ({
      startingBlock: 0,
      currentBlock: ctx.chain.best.number,
      highestBlock: ctx.chain.best.number,
    }))
    .method(['system_accountNextIndex', 'account_nextIndex'], (params) => {
      const address = requireParam(params, 0, 'account');
      if (typeof address !== 'string')
        throw invalidParams('account: expected an SS58 address or hex account id');
      let accountId: Uint8Array;
      try {
        accountId = decodeAddress(address);
      } catch {
        throw invalidParams(`account: cannot decode ${address}`);
      }
      // decodeAddress takes hex of any length; the runtime's AccountId is 32 bytes.
      if (accountId.length !== 32) throw invalidParams(`account: ${address} is not a 32-byte account id`);
      let nonce = ctx.runtime.accountNonce(ctx.chain.stateAt(ctx.chain.best), address);
      // Count this account's pooled transactions, as Substrate's `System` RPC does.
      while (ctx.pool.hasProvider(nonceTag(accountId, nonce))) nonce++;
      return nonce;
    });
}
