/** `payment_*` (deprecated in Substrate in favour of runtime calls, still used by older tooling). */
import { u8aToBigInt } from '@polkadot/util';
import { concatBytes, fromHex } from '../bytes.js';
import { callContext, hexParam, type RpcContext, runtimeCall, stateBlockParam } from './context.js';
import { RpcError, STATE_CLIENT_ERROR } from './errors.js';
import { RpcModule, requireParam } from './module.js';

/**
 * `FeeDetails` SCALE: Option<InclusionFee { base_fee, len_fee, adjusted_weight_fee }> ++ tip, all `Balance`.
 * The balance width is the runtime's (u64 on subtensor, u128 on most chains), so it is inferred from the
 * length rather than assumed: 1 + 4·W bytes with an inclusion fee, 1 + W without.
 */
function decodeFeeDetails(bytes: Uint8Array): unknown {
  const some = bytes[0] === 1;
  const width = some ? (bytes.length - 1) / 4 : bytes.length - 1;
  if (!(width === 8 || width === 16) || (bytes[0] !== 0 && bytes[0] !== 1)) {
    throw new RpcError(STATE_CLIENT_ERROR, 'Client error: cannot decode FeeDetails returned by the runtime');
  }
  if (!some) return { inclusionFee: null };
  const balance = (i: number) =>
    u8aToBigInt(bytes.subarray(1 + i * width, 1 + (i + 1) * width), { isLe: true }).toString();
  return { inclusionFee: { baseFee: balance(0), lenFee: balance(1), adjustedWeightFee: balance(2) } };
}

export function paymentRpc(ctx: RpcContext): RpcModule {
  return new RpcModule()
    .method('payment_queryInfo', async (params) => {
      const xt = fromHex(hexParam(requireParam(params, 0, 'extrinsic'), 'extrinsic'));
      const block = await stateBlockParam(ctx, params[1]);
      const info = runtimeCall(() => ctx.runtime.queryInfo(ctx.chain.stateAt(block), xt, callContext(block)));
      // polkadot-js decodes this deprecated RPC as `RuntimeDispatchInfoV1` (weight = ref time as a number);
      // camelCase class and the balance as a string as in Substrate's serde form.
      return {
        weight: Number(info.weight.refTime),
        class: info.class.charAt(0).toLowerCase() + info.class.slice(1),
        partialFee: info.partialFee.toString(),
      };
    })
    .method('payment_queryFeeDetails', async (params) => {
      const xt = fromHex(hexParam(requireParam(params, 0, 'extrinsic'), 'extrinsic'));
      const block = await stateBlockParam(ctx, params[1]);
      // The runtime API takes the unchecked extrinsic and its encoded length (u32).
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, xt.length, true);
      const out = runtimeCall(() =>
        ctx.runtime.call(
          ctx.chain.stateAt(block),
          'TransactionPaymentApi_query_fee_details',
          concatBytes([xt, len]),
          callContext(block),
        ),
      );
      return decodeFeeDetails(out);
    });
}
