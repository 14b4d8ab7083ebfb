/** `serve_axon` / `serve_prometheus`: a registered hotkey publishes its endpoint, rate limited. */
import type { DispatchContext, ValidateContext } from '../../pallet.js';
import { ensure } from './errors.js';
import { uidOf } from './neurons.js';
import { Axons, Prometheus, ServingRateLimit } from './storage.js';
import { subtensorEvent } from './types.js';

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

export interface ServeArgs {
  netuid: number;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
}

/** `is_valid_ip_address` (no zero address; IPv4 below u32::MAX; IPv6 not all ones). */
function validIp(ipType: number, ip: bigint): boolean {
  if (ip === 0n) return false;
  if (ipType === 4 && ip >= U32_MAX) return false;
  if (ipType === 6 && ip === U128_MAX) return false;
  return true;
}

function passesRateLimit(ctx: ValidateContext, netuid: number, lastServed: bigint | undefined): boolean {
  const limit = ServingRateLimit.get(ctx.state, netuid);
  if (lastServed === undefined || lastServed === 0n || limit === 0n) return true;
  return BigInt(ctx.blockNumber) - lastServed >= limit;
}

function validate(
  ctx: ValidateContext,
  hotkey: Uint8Array,
  a: ServeArgs,
  lastServed: bigint | undefined,
): void {
  ensure(uidOf(ctx.state, a.netuid, hotkey) !== undefined, 'HotKeyNotRegisteredInNetwork');
  ensure(a.ip_type === 4 || a.ip_type === 6, 'InvalidIpType');
  ensure(validIp(a.ip_type, a.ip), 'InvalidIpAddress');
  ensure(a.port !== 0, 'InvalidPort');
  ensure(passesRateLimit(ctx, a.netuid, lastServed), 'ServingRateLimitExceeded');
}

/**
 * `validate_serve_axon` for the pool (`validation.ts`): the dispatch's own checks, read-only, so a
 * refused endpoint never enters a block (the calls are fee-free).
 */
export function precheckServe(
  view: ValidateContext,
  hotkey: Uint8Array,
  endpoint: 'axon' | 'prometheus',
  a: ServeArgs,
): void {
  const prev = (endpoint === 'axon' ? Axons : Prometheus).tryGet(view.state, a.netuid, hotkey);
  validate(view, hotkey, a, prev?.block);
}

export function serveAxon(
  ctx: DispatchContext,
  hotkey: Uint8Array,
  a: ServeArgs & { protocol: number; placeholder1: number; placeholder2: number },
): void {
  const prev = Axons.tryGet(ctx.state, a.netuid, hotkey);
  validate(ctx, hotkey, a, prev?.block);
  Axons.put(
    ctx.state,
    {
      block: BigInt(ctx.blockNumber),
      version: a.version,
      ip: a.ip,
      port: a.port,
      ip_type: a.ip_type,
      protocol: a.protocol,
      placeholder1: a.placeholder1,
      placeholder2: a.placeholder2,
    },
    a.netuid,
    hotkey,
  );
  ctx.deposit(subtensorEvent('AxonServed', [a.netuid, hotkey]));
}

export function servePrometheus(ctx: DispatchContext, hotkey: Uint8Array, a: ServeArgs): void {
  const prev = Prometheus.tryGet(ctx.state, a.netuid, hotkey);
  validate(ctx, hotkey, a, prev?.block);
  Prometheus.put(
    ctx.state,
    { block: BigInt(ctx.blockNumber), version: a.version, ip: a.ip, port: a.port, ip_type: a.ip_type },
    a.netuid,
    hotkey,
  );
  ctx.deposit(subtensorEvent('PrometheusServed', [a.netuid, hotkey]));
}
