/** `payment_*` (deprecated in Substrate in favour of runtime calls, still used by older tooling). */
import { u8aToBigInt } from '@polkadot/util';
import { concatBytes, fromHex } from '../bytes.js';
import { callContext, hexParam, type RpcContext, runtimeCall, stateBlockParam } from './context.js';
import { RpcModule, requireParam } from './module.js';

/** `FeeDetails` SCALE: Option<InclusionFee { base_fee, len_fee, adjusted_weight_fee: u128 }> ++ tip: u128. */
function decodeFeeDetails(bytes: Uint8Array): unknown {
  const u128 = (offset: number) =>
    u8aToBigInt(bytes.subarray(offset, offset + 16), { isLe: true }).toString();
  if (bytes[0] !== 1) return { inclusionFee: null };
  return { inclusionFee: { baseFee: u128(1), lenFee: u128(17), adjustedWeightFee: u128(33) } };
}

export function paymentRpc(ctx: RpcContext): RpcModule {
  return new RpcModule()
    .method('payment_queryInfo', (params) => {
      const xt = fromHex(hexParam(requireParam(params, 0, 'extrinsic'), 'extrinsic'));
      const block = stateBlockParam(ctx, params[1]);
      const info = runtimeCall(() => ctx.runtime.queryInfo(ctx.chain.stateAt(block), xt, callContext(block)));
      // Substrate's serde form: snake_case weight, camelCase class, balance as a string.
      return {
        weight: { ref_time: Number(info.weight.refTime), proof_size: Number(info.weight.proofSize) },
        class: info.class.charAt(0).toLowerCase() + info.class.slice(1),
        partialFee: info.partialFee.toString(),
      };
    })
    .method('payment_queryFeeDetails', (params) => {
      const xt = fromHex(hexParam(requireParam(params, 0, 'extrinsic'), 'extrinsic'));
      const block = stateBlockParam(ctx, params[1]);
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
