/**
 * Exact emulation of substrate_fixed's `I32F32` (signed 32.32 fixed point), as subtensor's epoch uses it.
 *
 * Representation: a value is carried as its *raw bits* (`value · 2^32`, an integer) stored in a plain
 * JS number. Why not BigInt: the epoch does ~10 multiplications/divisions per weight cell (1M cells at
 * 4096 uids × 256 validators), and BigInt arithmetic is one to two orders of magnitude slower than
 * doubles. Why doubles are still exact: every raw value the epoch handles is an integer whose significant
 * bits fit in 53 bits (proportions are ≤ 2^32 raw, unnormalised u16 weights/bonds are `u16 · 2^32`, sums
 * stay far below 2^53 significant bits), so additions and subtractions are exact. Products and quotients
 * need 64+ bits, so `mul`/`div` recover the exact result with an error-free transformation: Dekker's
 * two-product gives the exact rounding error of `a·b`, which decides the floor (mul) or corrects the
 * quotient estimate by one (div). The result equals the Rust result bit for bit for every input whose
 * raw result stays below 2^53 (values below 2^21 with fractional bits, larger only when integral).
 *
 * Rounding, as substrate_fixed does it:
 * - `mul`: widening multiply then arithmetic shift right 32 → rounds toward −∞ (`arith.rs` mul_overflow).
 * - `div`: `(a << 32) / b` in integer division → truncates toward zero. `safeDiv` returns 0 for b = 0.
 * - fixed → integer (`to_num`) and fixed with more fractional bits → I32F32 (`from_num(I64F64)`): floor.
 * - float → fixed (`from_num(f64)`): nearest.
 * - `round()`: half away from zero.
 * Saturation is not modelled except where the epoch relies on it (u16 conversions clamp).
 */

/** 2^32: the raw value of 1.0. */
export const ONE = 4294967296;
const TWO53 = 9007199254740992;
const INV_ONE = 1 / ONE;
/** Veltkamp splitter 2^27 + 1. */
const SPLITTER = 134217729;

/** Exact error term `e` with `a·b = fl(a·b) + e` (Dekker two-product), given `p = fl(a·b)`. */
function twoProductError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** I32F32 `a * b` on raw bits: `floor(a·b / 2^32)`. */
export function mul(a: number, b: number): number {
  const p = a * b;
  const q = p * INV_ONE; // exact: scaling by a power of two
  const f = Math.floor(q);
  // p is fl(a·b) and the true product is p + e with |e| ≤ ulp(p)/2 < ulp(q)·2^32: a fractional q keeps its
  // floor. Only an integral q can be moved down by a negative e (never when p is exact, |p| < 2^53).
  if (q !== f || (p < TWO53 && p > -TWO53)) return f + 0; // + 0 turns −0 into 0
  return twoProductError(a, b, p) < 0 ? f - 1 : f;
}

/** I32F32 `safe_div(a, b)` on raw bits: `trunc(a·2^32 / b)`, 0 when b = 0. */
export function div(a: number, b: number): number {
  if (b === 0) return 0;
  let negative = false;
  if (a < 0) {
    a = -a;
    negative = true;
  }
  if (b < 0) {
    b = -b;
    negative = !negative;
  }
  const n = a * ONE; // exact
  const x = n / b;
  let q = Math.floor(x);
  // fl(n/b) is within x·2^-53 of the true quotient: when its fraction is farther than that from an
  // integer, the floor is already exact (the common case).
  const frac = x - q;
  const err = x * 2.3e-16;
  if (frac > err && frac < 1 - err && x < TWO53) return negative ? 0 - q : q + 0;
  // The estimate is off by at most one; the exact remainder n − q·b decides.
  const p = q * b;
  const r = n - p - twoProductError(q, b, p);
  if (r < 0) q -= 1;
  else if (r >= b) q += 1;
  return negative ? 0 - q : q + 0;
}

/**
 * `div(a, b)` for a divisor shared by many numerators: pass `recip = reciprocal(b)`. A multiply replaces
 * the division; when the estimate (within x·2^-52 of the true quotient) is too close to an integer to
 * decide the floor, it falls back to the exact `div`. Same result as `div(a, b)` for every input.
 */
export function divByReciprocal(a: number, b: number, recip: number): number {
  const x = a * recip;
  if (a > 0 && b > 0 && x < TWO53) {
    const q = Math.floor(x);
    const frac = x - q;
    const err = x * 4.5e-16;
    if (frac > err && frac < 1 - err) return q;
  }
  return div(a, b);
}

/** `2^32 / b`, the factor `divByReciprocal` multiplies by (0 for b = 0, where `div` gives 0 anyway). */
export function reciprocal(b: number): number {
  return b === 0 ? 0 : ONE / b;
}

/** Integer → raw (`I32F32::from_num(u16|u32)`). */
export function fromInt(x: number): number {
  return x * ONE;
}

/** Float → raw, nearest (`I32F32::from_num(f64)`); exact ties are rare enough to ignore the even rule. */
export function fromFloat(x: number): number {
  return Math.round(x * ONE);
}

/** Raw → float (for display and tests only; never fed back into the epoch). */
export function toFloat(raw: number): number {
  return raw * INV_ONE;
}

/** `saturating_to_num::<u16>()`: floor, clamped to [0, 65535]. */
export function toU16(raw: number): number {
  const v = Math.floor(raw * INV_ONE);
  return Math.min(Math.max(v, 0), 65535);
}

/** `fixed_proportion_to_u16(x) = to_num::<u16>(x · 65535)`: `floor(x·65535)`, saturating. */
export function proportionToU16(raw: number): number {
  if (raw <= 0) return 0;
  const v = Math.floor((raw * 65535) / ONE);
  return Math.min(v, 65535);
}

/** `u16_proportion_to_fixed(x) = x / 65535`. */
export function u16ProportionToFixed(x: number): number {
  return div(x * ONE, 65535 * ONE);
}

/** `I32F32::round()`: nearest integer, ties away from zero (raw in, raw out). */
export function round(raw: number): number {
  const half = ONE / 2;
  if (raw >= 0) return Math.floor((raw + half) * INV_ONE) * ONE;
  return -Math.floor((-raw + half) * INV_ONE) * ONE;
}

/** `min(max(x, lo), hi)` as subtensor's `clamp_value` (min with high first, then max with low). */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.max(Math.min(x, hi), lo);
}

/**
 * `exp_safe`: input clamped to ±20, then e^x. Deviation: substrate_fixed's `transcendental::exp` is a
 * fixed-point series whose last bits may differ from `Math.exp` rounded to nearest; only liquid alpha
 * uses it, where subtensor's own tests allow 1e-3.
 */
export function expSafe(raw: number): number {
  const min = -20 * ONE;
  const max = 20 * ONE;
  const x = Math.min(Math.max(raw, min), max);
  return fromFloat(Math.exp(x * INV_ONE));
}
