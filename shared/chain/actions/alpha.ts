/**
 * Alpha ↔ TAO arithmetic of dynamic TAO, without floating point where amounts are concerned: a price
 * is rao per alpha (u64, as `SwapRuntimeApi.current_alpha_price` answers), an amount is rao of alpha.
 */
export const RAO_PER_TAO = 1_000_000_000n;

/** TAO value (rao) of `alpha` rao of alpha at `priceRao` rao per alpha, truncated. */
export function alphaToTao(alpha: bigint, priceRao: bigint): bigint {
  return (alpha * priceRao) / RAO_PER_TAO;
}

/** Rao per alpha as TAO per alpha (display, metrics). */
export function priceToTao(priceRao: bigint): number {
  return Number(priceRao) / 1e9;
}

/** `substrate_fixed` bits (`bits / 2^frac`) as a float. */
export function fixedToNumber(bits: bigint, frac: number): number {
  const scale = 1n << BigInt(frac);
  const whole = bits / scale;
  return Number(whole) + Number(bits - whole * scale) / Number(scale);
}

/** A little-endian two's-complement integer (SCALE i128 / u128 bytes). */
export function leInt(bytes: Uint8Array, signed: boolean): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  const bits = BigInt(bytes.length * 8);
  if (signed && bytes.length > 0 && ((bytes[bytes.length - 1] ?? 0) & 0x80) !== 0) value -= 1n << bits;
  return value;
}
