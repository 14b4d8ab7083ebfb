import type { Rng } from '../../rng.js';
import { calendarDate, headlineAmount, integerBetween, percent, pricePerShare } from '../../slots.js';
import type { SlotTable } from '../../template.js';

/** Two per-share figures, the first above the second by a plausible margin: "$1.42" and "$1.35". */
function epsPair(rng: Rng): [string, string] {
  const low = rng.int(5, 450);
  const high = low + rng.int(2, Math.max(3, Math.round(low * 0.25)));
  const fmt = (cents: number): string =>
    cents < 100 && rng.chance(0.3) ? `${cents} cents` : `$${(cents / 100).toFixed(2)}`;
  return [fmt(high), fmt(low)];
}

/** Earnings above the estimate, with a word that says so (the numbers alone never decide). */
function beatFigures(rng: Rng): string {
  const [actual, expected] = epsPair(rng);
  return rng.pick([
    `${actual} a share, ahead of the ${expected} analysts expected`,
    `${actual} per share, topping the consensus estimate of ${expected}`,
    `${actual} a share, above forecasts of ${expected}`,
    `${actual} per share, beating estimates of ${expected}`,
    `${actual} a share, well above the ${expected} Wall Street had forecast`,
  ]);
}

/** Earnings below the estimate, with a word that says so. */
function missFigures(rng: Rng): string {
  const [expected, actual] = epsPair(rng);
  return rng.pick([
    `${actual} a share, short of the ${expected} analysts expected`,
    `${actual} per share, below the consensus estimate of ${expected}`,
    `${actual} a share, missing forecasts of ${expected}`,
    `${actual} per share, well under the ${expected} Wall Street had forecast`,
    `${actual} a share, falling short of estimates of ${expected}`,
  ]);
}

/** 2 → "2nd", 13 → "13th", 23 → "23rd". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function levelMove(rng: Rng, up: boolean): string {
  const a = rng.int(5, 60);
  const b = a + rng.int(1, 8);
  const [from, to] = up ? [a, b] : [b, a];
  return `to ${to}% from ${from}%`;
}

/** A price target moved from one level to another in the stated direction. */
function targetMove(rng: Rng, up: boolean): string {
  const a = rng.int(8, 400);
  const b = a + rng.int(2, Math.max(3, Math.round(a * 0.4)));
  const [from, to] = up ? [a, b] : [b, a];
  return rng.chance(0.6) ? `to $${to} from $${from}` : `to $${to}`;
}

/** Slots shared by the finance tasks: companies, tickers, people, amounts, periods. */
export const financeSlots: SlotTable = {
  firm: [
    'Northwind Analytics',
    'Helios Energy',
    'Bluewater Pharmaceuticals',
    'Cobalt Semiconductor',
    'Granite Bancorp',
    'Summit Retail Group',
    'Aurora Airlines',
    'Vantage Logistics',
    'Pinecrest Foods',
    'Meridian Insurance',
    'Ironclad Steel',
    'Lumen Software',
    'Redwood Biotech',
    'Harbor Telecom',
    'Silverline Motors',
    'Quantum Robotics',
    'Evergreen Utilities',
    'Atlas Mining',
    'Crescent Hotels',
    'Orbit Media',
    'Beacon Health',
    'Copperfield Chemicals',
    'Sterling Payments',
    'Oakridge Homes',
    'Polaris Shipping',
    'Kestrel Aerospace',
    'Juniper Apparel',
    'Marlin Resources',
    'Cascade Water',
    'Vertex Medical Devices',
  ],
  ticker: (rng) => {
    const letters = 'ABCDEFGHIJKLMNOPRSTUVWXZ';
    let t = '';
    for (let i = rng.int(2, 4); i > 0; i--) t += rng.pick(letters.split(''));
    return t;
  },
  exchange: ['NYSE', 'Nasdaq', 'NASDAQ', 'LSE', 'TSX'],
  company: [
    '{firm}',
    '{firm} ({ticker})',
    '{firm} Inc.',
    '{firm}',
    '{firm} Corp.',
    '{firm} ({exchange}: {ticker})',
    '{firm} plc',
    '{firm} Holdings',
  ],
  /** How a story refers to the company after naming it (or instead of naming it). */
  co: ['{firm}', '{firm}', 'the company', 'the firm', '{kind}', 'the group'],
  kind: [
    'the retailer',
    'the chipmaker',
    'the drugmaker',
    'the automaker',
    'the lender',
    'the bank',
    'the insurer',
    'the airline',
    'the software maker',
    'the miner',
    'the utility',
    'the carrier',
    'the homebuilder',
    'the oil producer',
    'the medical device maker',
    'the payments company',
    'the consumer goods maker',
    'the steelmaker',
  ],
  shares: [
    '{firm} shares',
    'shares of {firm}',
    '{firm} stock',
    'the stock',
    'its shares',
    'the shares',
    '{ticker} shares',
    'shares',
  ],
  rival: [
    'Westbrook Holdings',
    'Keystone Partners',
    'Nimbus Cloud',
    'Larkspur Capital',
    'Tidewater Group',
    'Falcon Devices',
    'Ridgeline Industries',
    'Sable Brands',
    'Corvid Systems',
    'Highmark Materials',
  ],
  broker: [
    'Goldman Sachs',
    'Morgan Stanley',
    'JPMorgan',
    'Barclays',
    'UBS',
    'Jefferies',
    'Bernstein',
    'BofA Securities',
    'Citi',
    'Deutsche Bank',
    'Evercore ISI',
    'RBC Capital Markets',
    'Piper Sandler',
    'Raymond James',
    'Wells Fargo',
    'Keystone Partners',
  ],
  agency: ['Moody’s', "Moody's", 'S&P Global Ratings', 'S&P', 'Fitch Ratings', 'Fitch', 'DBRS Morningstar'],
  ratingUp: ['buy', 'outperform', 'overweight', 'strong buy', 'accumulate', 'positive', 'sector outperform'],
  ratingDown: ['sell', 'underperform', 'underweight', 'reduce', 'negative', 'sector underperform'],
  ratingFlat: ['neutral', 'hold', 'market perform', 'equal weight', 'sector perform', 'in line'],
  epsRange: (rng) => {
    const [high, low] = epsPair(rng);
    return `${low} to ${high}`;
  },
  amountRange: (rng) => {
    const low = rng.int(12, 900) / 10;
    const high = low + rng.int(1, 30) / 10;
    const cur = rng.pick(['$', '$', '€', '£']);
    return rng.chance(0.5)
      ? `${cur}${low.toFixed(1)} billion to ${cur}${high.toFixed(1)} billion`
      : `${cur}${low.toFixed(1)}bn-${cur}${high.toFixed(1)}bn`;
  },
  pctRange: (rng) => {
    const low = rng.int(0, 15);
    return `${low}% to ${low + rng.int(1, 4)}%`;
  },
  /** A percentage level that went up / down: "to 36% from 31%". */
  levelUp: (rng) => levelMove(rng, true),
  levelDown: (rng) => levelMove(rng, false),
  targetUp: (rng) => targetMove(rng, true),
  targetDown: (rng) => targetMove(rng, false),
  beatFigures,
  missFigures,
  person: [
    'Maria Chen',
    'David Okafor',
    'Sarah Lindqvist',
    'James Patel',
    'Elena Rossi',
    'Michael Tanaka',
    'Priya Raman',
    'Thomas Becker',
    'Laura Kim',
    'Ahmed Haddad',
    'Rachel Moreno',
    'Peter Novak',
  ],
  role: [
    'chief executive',
    'CEO',
    'chief financial officer',
    'CFO',
    'chief operating officer',
    'chairman',
    'chief executive officer',
    'President and Chief Executive Officer',
    'Chief Financial Officer',
    'finance chief',
    'chair',
  ],
  amount: (rng) => headlineAmount(rng),
  pct: (rng) => percent(rng, 2, 28),
  bigPct: (rng) => percent(rng, 12, 45, 0),
  smallPct: (rng) => `${(rng.int(1, 9) / 10).toFixed(1)}${rng.chance(0.8) ? '%' : ' percent'}`,
  nth: (rng) => ordinal(rng.int(2, 12)),
  bps: (rng) => `${rng.int(4, 40) * 10} basis points`,
  price: (rng) => pricePerShare(rng),
  eps: (rng) => `$${(rng.int(5, 480) / 100).toFixed(2)}`,
  dividend: (rng) => (rng.chance(0.3) ? `${rng.int(3, 99)} cents` : `$${(rng.int(3, 150) / 100).toFixed(2)}`),
  jobs: (rng) =>
    rng.pick([
      `${rng.int(2, 95) * 10}`,
      `${rng.int(1, 12)},${rng.int(1, 9)}00`,
      `about ${rng.int(2, 20)},000`,
      `nearly ${rng.int(1, 9)},000`,
    ]),
  units: (rng) => `${rng.int(12, 950)},000`,
  quarter: [
    'first-quarter',
    'second-quarter',
    'third-quarter',
    'fourth-quarter',
    'Q1',
    'Q2',
    'Q3',
    'Q4',
    'quarterly',
    'fiscal second-quarter',
    'fiscal fourth-quarter',
    'first-half',
    'full-year',
  ],
  year: integerBetween(2021, 2027),
  date: (rng) => calendarDate(rng),
  time: ['8:30 a.m. ET', '5 p.m. Eastern Time', '4:30 p.m. ET', '9:00 a.m. CET', '10 a.m. New York time'],
  count: integerBetween(2, 40),
  city: [
    'New York',
    'Chicago',
    'Houston',
    'Boston',
    'Seattle',
    'Atlanta',
    'Denver',
    'Toronto',
    'London',
    'Zurich',
    'Dallas',
    'Singapore',
  ],
  analyst: [
    'analyst',
    'analysts’',
    'Wall Street',
    'consensus',
    'LSEG consensus',
    'FactSet consensus',
    'market',
    'Street',
    'Visible Alpha consensus',
  ],
  product: [
    'a new electric SUV',
    'its next-generation AI chip',
    'a subscription streaming tier',
    'a once-weekly diabetes drug',
    'a cloud security platform',
    'a low-cost smartphone',
    'a generative AI assistant for business customers',
    'a cheaper entry-level laptop',
    'a plant-based snack line',
    'a contactless payments terminal',
    'a long-range regional jet',
    'its first foldable phone',
    'a home battery system',
    'a no-fee checking account',
  ],
  goodMetric: [
    'capital ratio',
    'market share',
    'revenue',
    'sales',
    'profit',
    'orders',
    'operating margin',
    'free cash flow',
    'bookings',
    'net income',
    'same-store sales',
    'gross margin',
    'subscriber numbers',
    'backlog',
    'net interest income',
    'comparable sales',
  ],
  badMetric: [
    'bad loans',
    'cash burn',
    'debt',
    'borrowing costs',
    'costs',
    'losses',
    'net debt',
    'expenses',
    'loan defaults',
    'customer churn',
    'write-offs',
    'operating expenses',
    'bad-loan provisions',
    'warranty claims',
    'net loss',
  ],
  up: ['rose', 'increased', 'climbed', 'grew', 'jumped', 'surged', 'went up', 'advanced'],
  down: ['fell', 'declined', 'dropped', 'decreased', 'slid', 'shrank', 'went down', 'slipped'],
  period: [
    'in the {quarterNoun}',
    'last quarter',
    'year over year',
    'in {year}',
    'in the latest quarter',
    'from a year earlier',
    'compared with the prior-year period',
    'on a like-for-like basis',
  ],
  quarterNoun: [
    'first quarter',
    'second quarter',
    'third quarter',
    'fourth quarter',
    'latest quarter',
    'first half',
    'three months to {date*}',
  ],
  outlook: ['outlook', 'forecast', 'guidance', 'outlook', 'forecast', 'guidance', 'targets', 'projections'],
  /** Money figures only ("… to $4.2 billion"). */
  moneyMetric: [
    'revenue',
    'sales',
    'profit',
    'net income',
    'free cash flow',
    'operating profit',
    'net profit',
  ],
  horizon: [
    'full-year',
    'annual',
    'fiscal {year}',
    '{year}',
    'quarterly',
    'next-quarter',
    'medium-term',
    'FY{year}',
  ],
  court: [
    'a federal court in Delaware',
    'the Southern District of New York',
    'a California state court',
    'the High Court in London',
    'the Delaware Court of Chancery',
    'a federal court in Texas',
  ],
  regulator: [
    'the SEC',
    'the Justice Department',
    'the FTC',
    'the Financial Conduct Authority',
    'European Commission antitrust officials',
    'state attorneys general',
    'the Consumer Financial Protection Bureau',
  ],
  customer: [
    'the Pentagon',
    'the U.S. Army',
    'a large European carrier',
    'a major cloud provider',
    'the UK government',
    'a national rail operator',
    'a leading automaker',
  ],
};
