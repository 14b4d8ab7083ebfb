import type { Rng } from './rng.js';

/** Slot generators shared by several domains (numbers, money, dates), so values are varied, not listed. */

const SMALL_NUMBER_WORDS: Record<number, string> = {
  3: 'three',
  5: 'five',
  7: 'seven',
  10: 'ten',
  14: 'fourteen',
  15: 'fifteen',
  20: 'twenty',
  21: 'twenty-one',
  30: 'thirty',
  45: 'forty-five',
  60: 'sixty',
  90: 'ninety',
  120: 'one hundred and twenty',
  180: 'one hundred and eighty',
};

/** A contract-style period: "thirty (30) days", "30 days", "sixty days". */
export function dayPeriod(
  rng: Rng,
  choices: readonly number[] = [5, 7, 10, 14, 15, 20, 30, 45, 60, 90],
): string {
  const n = rng.pick(choices);
  const word = SMALL_NUMBER_WORDS[n];
  const unit = rng.chance(0.3) ? 'business days' : 'days';
  if (!word) return `${n} ${unit}`;
  switch (rng.int(0, 2)) {
    case 0:
      return `${word} (${n}) ${unit}`;
    case 1:
      return `${n} ${unit}`;
    default:
      return `${word} ${unit}`;
  }
}

function withThousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** Money in a contract: "$250,000", "USD 1,200,000", "EUR 75,000", "£40,000". */
export function contractAmount(rng: Rng): string {
  const magnitude = rng.pick([1_000, 10_000, 100_000, 1_000_000]);
  const n = rng.int(1, 9) * magnitude + rng.pick([0, 0, magnitude / 2]);
  const text = withThousands(n);
  return rng.pick([`$${text}`, `USD ${text}`, `EUR ${text}`, `£${text}`, `US$${text}`]);
}

/** Money in a financial headline: "$4.2 billion", "$850 million", "€1.1bn". */
export function headlineAmount(rng: Rng): string {
  const big = rng.chance(0.5);
  const value = big ? (rng.int(11, 250) / 10).toFixed(1) : String(rng.int(12, 980));
  const unit = big ? rng.pick(['billion', 'bn']) : rng.pick(['million', 'mln', 'm']);
  const currency = rng.pick(['$', '$', '$', '€', '£']);
  return unit.length <= 3 ? `${currency}${value}${unit}` : `${currency}${value} ${unit}`;
}

export function percent(rng: Rng, min = 1, max = 30, decimals = 1): string {
  const value = min + rng.next() * (max - min);
  const text = rng.chance(0.5) ? value.toFixed(decimals) : String(Math.round(value));
  return rng.chance(0.8) ? `${text}%` : `${text} percent`;
}

export function pricePerShare(rng: Rng): string {
  return `$${(rng.int(200, 45000) / 100).toFixed(2)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function calendarDate(rng: Rng): string {
  const month = rng.pick(MONTHS);
  const day = rng.int(1, 28);
  const year = rng.int(2019, 2027);
  switch (rng.int(0, 3)) {
    case 0:
      return `${month} ${day}, ${year}`;
    case 1:
      return `${day} ${month} ${year}`;
    case 2:
      return `${year}-${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    default:
      return `${month} ${day}`;
  }
}

export function monthName(rng: Rng): string {
  return rng.pick(MONTHS);
}

export function sectionNumber(rng: Rng): string {
  return rng.chance(0.5) ? String(rng.int(2, 24)) : `${rng.int(2, 24)}.${rng.int(1, 9)}`;
}

export function integerBetween(min: number, max: number): (rng: Rng) => string {
  return (rng) => String(rng.int(min, max));
}
