/**
 * The block author's offchain step: right after the inherents, the unsigned transactions the runtime
 * asks for (the dev beacon's Drand pulses due by the block's timestamp) go into the block. They are
 * checked like any transaction; one the runtime refuses is logged and left out, never fatal.
 */
import type { Logger } from '../../shared/logger.js';
import type { BlockBuilder, BlockContext, OffchainEnv, Runtime, StateView } from '../runtime/interface.js';

export function applyOffchain(
  runtime: Runtime,
  builder: BlockBuilder,
  state: StateView,
  ctx: BlockContext,
  options: { offchain?: OffchainEnv; log: Logger },
): void {
  const env = options.offchain;
  if (env === undefined || runtime.offchainTransactions === undefined) return;
  const started = performance.now();
  const xts = runtime.offchainTransactions(state, ctx, env);
  let included = 0;
  for (const xt of xts) {
    const result = builder.applyExtrinsic(xt);
    if (result.included) included++;
    else
      options.log.warn(
        { number: ctx.number, reason: result.validity.message },
        'offchain transaction refused by the runtime',
      );
  }
  if (xts.length > 0)
    options.log.debug(
      { number: ctx.number, pulses: included, ms: Math.round((performance.now() - started) * 10) / 10 },
      'beacon pulses',
    );
}
