/**
 * The integer math of subtensor's balancer pool (`pallets/swap/src/pallet/balancer.rs`), with the fixed-point
 * types it uses: U64F64 values are their raw 128-bit `bits` (value · 2^64), weights are Perquintill parts
 * (value · 10^18). x is the alpha (base) reserve, y the TAO (quote) reserve, w1 = 1 − w2 the base weight:
 *
 *   price p = (w1·y) / (w2·x)          buy  ∆x = x·(1 − (y/(y+∆y))^(w2/w1))   sell ∆y = y·(1 − (x/(x+∆x))^(w1/w2))
 *
 * With w1 = w2 = 0.5 (the default) the exponent is 1 and the pool is constant product. Every operation
 * truncates as `substrate_fixed` does; powers are exact (integer roots) for small rational exponents and a
 * 256-bit fixed-point ln/exp otherwise, which can differ from subtensor's `safe-bigmath` by one unit in 10^18.
 */

export const ONE = 1n << 64n;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
/** Perquintill accuracy: weights are parts of 10^18. */
export const ACCURACY = 1_000_000_000_000_000_000n;
/** Weights stay within [0.01, 0.99] (`MIN_WEIGHT`). */
const MIN_WEIGHT = ACCURACY / 100n;
/** The default reserve weight: 0.5 (constant product). */
export const HALF = ACCURACY / 2n;

const sat128 = (v: bigint): bigint => (v > U128_MAX ? U128_MAX : v < 0n ? 0n : v);

/** U64F64 helpers on raw bits, saturating as `saturating_*` does; division by zero gives 0 (`safe_div`). */
export const fx = {
  from: (n: bigint): bigint => sat128(n << 64n),
  mul: (a: bigint, b: bigint): bigint => sat128((a * b) >> 64n),
  div: (a: bigint, b: bigint): bigint => (b === 0n ? 0n : sat128((a << 64n) / b)),
  sub: (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n),
  /** `saturating_to_num::<u64>()` (truncates). */
  toU64: (a: bigint): bigint => {
    const v = a >> 64n;
    return v > U64_MAX ? U64_MAX : v;
  },
};

/** `Perquintill::from_rational` (rounds down, capped at 1). */
export function perquintillFromRational(p: bigint, q: bigint): bigint {
  if (q === 0n || p >= q) return ACCURACY;
  return (p * ACCURACY) / q;
}

/** `Balancer::check_constraints`: both weights ≥ 0.01. */
export function validWeight(quote: bigint): boolean {
  return quote >= MIN_WEIGHT && ACCURACY - quote >= MIN_WEIGHT;
}

/** `calculate_price(x, y)` = (w1/w2)·(y/x) as U64F64 bits. */
export function calculatePrice(quote: bigint, x: bigint, y: bigint): bigint {
  const ratio = fx.div(fx.from(ACCURACY - quote), fx.from(quote));
  return fx.mul(ratio, fx.div(fx.from(y), fx.from(x)));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** floor(v^(1/n)) for v ≥ 0 (Newton's method on integers). */
function iroot(v: bigint, n: bigint): bigint {
  if (v < 2n || n === 1n) return v;
  let x = 1n << (BigInt(v.toString(2).length) / n + 1n);
  for (;;) {
    const y = ((n - 1n) * x + v / x ** (n - 1n)) / n;
    if (y >= x) break;
    x = y;
  }
  while (x ** n > v) x--;
  while ((x + 1n) ** n <= v) x++;
  return x;
}

// 256-bit fixed point for the non-exact powers.
const P = 256n;
const F = 1n << P;

/** 2·atanh(z) = ln((1+z)/(1−z)) for a fixed-point |z| ≤ 1/3. */
function atanh2(z: bigint): bigint {
  const z2 = (z * z) >> P;
  let term = z;
  let sum = 0n;
  // Division truncates toward zero, so a negative term also reaches 0.
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) / F;
  }
  return 2n * sum;
}

const LN2 = atanh2(F / 3n);

/** ln(v) for an integer v > 0, fixed point. */
function lnInt(v: bigint): bigint {
  const k = BigInt(v.toString(2).length - 1);
  let m = (v << P) >> k; // in [1, 2)
  let shift = k;
  if (m >= F + F / 2n) {
    m >>= 1n;
    shift += 1n;
  }
  return atanh2(((m - F) << P) / (m + F)) + shift * LN2;
}

/** exp(y) for a signed fixed-point y. */
function expFixed(y: bigint): bigint {
  const k = (y >= 0n ? y + LN2 / 2n : y - LN2 / 2n) / LN2;
  const t = y - k * LN2;
  let term = F;
  let sum = F;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * t) / (F * n);
    sum += term;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** `SafeInt::pow_ratio_scaled`: floor(scale · (bn/bd)^(en/ed)); undefined when a denominator is 0. */
export function powRatioScaled(
  bn: bigint,
  bd: bigint,
  en: bigint,
  ed: bigint,
  scale: bigint,
): bigint | undefined {
  if (bd === 0n || ed === 0n) return undefined;
  if (bn === 0n) return 0n;
  if (en === 0n) return scale;
  const g = gcd(en, ed);
  const n = en / g;
  const d = ed / g;
  // Exact for small exponents (subtensor's bound is 1024/2^32; larger ones here take the approximation).
  if (n <= 64n && d <= 64n) return iroot((bn ** n * scale ** d) / bd ** n, d);
  const ln = ((lnInt(bn) - lnInt(bd)) * n) / d;
  return (expFixed(ln) * scale) >> P;
}

/** `exp_scaled`: (x/(x+dx))^(w1/w2) (baseQuote) or ^(w2/w1), U64F64 bits; capped at 1 when dx ≥ 0. */
function expScaled(quote: bigint, x: bigint, dx: bigint, baseQuote: boolean): bigint {
  let xdx = x + dx;
  if (xdx > U64_MAX) xdx = U64_MAX;
  if (xdx <= 0n) return 0n;
  const w1 = ACCURACY - quote;
  const r = baseQuote
    ? powRatioScaled(x, xdx, w1, quote, ACCURACY)
    : powRatioScaled(x, xdx, quote, w1, ACCURACY);
  if (r === undefined || r > U64_MAX) return 0n;
  const res = fx.div(fx.from(r), fx.from(ACCURACY));
  return dx >= 0n && res > ONE ? ONE : res;
}

/** Alpha paid out for `dy` TAO in (buy). */
export function alphaOutForTao(quote: bigint, taoReserve: bigint, alphaReserve: bigint, dy: bigint): bigint {
  const e = expScaled(quote, taoReserve, dy, false);
  return fx.toU64(fx.mul(fx.from(alphaReserve), fx.sub(ONE, e)));
}

/** TAO paid out for `dx` alpha in (sell). */
export function taoOutForAlpha(quote: bigint, taoReserve: bigint, alphaReserve: bigint, dx: bigint): bigint {
  const e = expScaled(quote, alphaReserve, dx, true);
  return fx.toU64(fx.mul(fx.from(taoReserve), fx.sub(ONE, e)));
}

/** reserve·((num/den)^(w/1) − 1): the input that moves the price from `den` to `num` (limit orders). */
function deltaInToPrice(num: bigint, den: bigint, w: bigint, reserve: bigint): bigint {
  const r = powRatioScaled(num, den, w, ACCURACY, ACCURACY);
  if (r === undefined) return 0n;
  const e = fx.from(r > U64_MAX ? U64_MAX : r);
  return fx.toU64(fx.mul(fx.from(reserve), fx.sub(fx.div(e, fx.from(ACCURACY)), ONE)));
}

/** `calculate_quote_delta_in`: TAO that raises the price from `current` to `target` (U64F64 bits). */
export function quoteDeltaIn(quote: bigint, current: bigint, target: bigint, taoReserve: bigint): bigint {
  return deltaInToPrice(target, current, ACCURACY - quote, taoReserve);
}

/** `calculate_base_delta_in`: alpha that lowers the price from `current` to `target` (U64F64 bits). */
export function baseDeltaIn(quote: bigint, current: bigint, target: bigint, alphaReserve: bigint): bigint {
  return deltaInToPrice(current, target, quote, alphaReserve);
}

const mulPerquintillRound = (parts: bigint, v: bigint): bigint =>
  sat128((v * parts + ACCURACY / 2n) / ACCURACY);

/**
 * `update_weights_for_added_liquidity`: the new quote weight that keeps the price when `taoDelta`/`alphaDelta`
 * are added to the reserves; undefined when it would leave [0.01, 0.99].
 */
export function weightForAddedLiquidity(
  quote: bigint,
  taoReserve: bigint,
  alphaReserve: bigint,
  taoDelta: bigint,
  alphaDelta: bigint,
): bigint | undefined {
  const q1 = mulPerquintillRound(ACCURACY - quote, taoReserve * (alphaReserve + alphaDelta));
  const q2 = mulPerquintillRound(quote, alphaReserve * (taoReserve + taoDelta));
  const sum = q1 + q2;
  const next = sum === 0n ? HALF : perquintillFromRational(q2, sum);
  return validWeight(next) ? next : undefined;
}
