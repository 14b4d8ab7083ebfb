/**
 * The live terminal view: a block/epoch header, the per-uid table and one line per domain saying what each
 * tier earned since weights landed (strong > weak is the point of the network). On a TTY the screen is
 * redrawn in place (log-update); otherwise each refresh is printed as plain lines.
 */
import Table from 'cli-table3';
import { createLogUpdate } from 'log-update';
import { TIER_NAMES } from '../shared/models/tiers.js';
import { type AlphaSummary, type DevnetSnapshot, raoToTao, shortHotkey } from './snapshot.js';

const fmt = (value: number, digits: number) => value.toFixed(digits);

export function renderSnapshot(s: DevnetSnapshot, notes: readonly string[] = [], plain = false): string {
  const table = new Table({
    head: [
      'uid',
      'role',
      'hotkey',
      'domain',
      'tier',
      ...s.validators.map((v) => `score ${v.replace('validator-', 'v')}`),
      'verified',
      'incentive',
      'dividends',
      'emission α',
      'total α',
      'total τ',
      'stake α',
      'process',
    ],
    style: { head: plain ? [] : ['cyan'], border: plain ? [] : ['grey'], compact: true },
    ...(plain
      ? {
          chars: {
            top: '',
            'top-mid': '',
            'top-left': '',
            'top-right': '',
            bottom: '',
            'bottom-mid': '',
            'bottom-left': '',
            'bottom-right': '',
            left: '',
            'left-mid': '',
            mid: '',
            'mid-mid': '',
            right: '',
            'right-mid': '',
            middle: ' ',
          },
        }
      : {}),
  });
  for (const n of s.neurons) {
    table.push([
      n.uid,
      n.role,
      shortHotkey(n.hotkey),
      n.domain ?? '',
      n.cheat ? `${n.tier ?? ''} (cheat: ${n.cheat})` : (n.tier ?? ''),
      ...n.scores.map((score) => (score === null ? '' : fmt(score, 3))),
      verificationCell(n.verification),
      fmt(n.incentive, 4),
      fmt(n.dividends, 4),
      fmt(raoToTao(n.emission), 4),
      fmt(raoToTao(n.emissionTotal), 4),
      fmt(raoToTao(n.emissionTotalTao), 4),
      fmt(n.stake, 2),
      n.process,
    ]);
  }
  const header =
    `Expertnet devnet · netuid ${s.netuid} · block ${s.block} · epoch ${s.epoch} (tempo ${s.tempo})` +
    ` · epochs since weights landed: ${s.epochsWithWeights}`;
  const lines = [
    header,
    ...(s.alpha ? [alphaLine(s.alpha)] : []),
    table.toString(),
    ...s.domains.map(domainLine),
    ...s.cheaters.map(cheaterLine),
    ...notes,
  ];
  return `${lines.join('\n')}\n`;
}

/** `alpha 1.104804 τ/α (moving 0.9), pool 2102.18 τ / 1902.76 α in / 105.98 α out, per epoch 6.0000 α (6.6288 τ)`. */
export function alphaLine(a: AlphaSummary): string {
  const epoch = `per epoch ${fmt(raoToTao(a.epochEmissionAlpha), 4)} α (${fmt(raoToTao(a.epochEmissionTao), 4)} τ)`;
  return (
    `alpha ${fmt(a.price, 6)} τ/α (moving ${fmt(a.movingPrice, 6)}), pool ${fmt(raoToTao(a.taoIn), 2)} τ / ` +
    `${fmt(raoToTao(a.alphaIn), 2)} α in / ${fmt(raoToTao(a.alphaOut), 2)} α out, ${epoch}`
  );
}

/** `legal: strong 1.23 α (1.36 τ) | medium 0.80 α (0.88 τ) | weak 0.10 α (0.11 τ)  ✓ strong earns more than weak`. */
export function domainLine(d: DevnetSnapshot['domains'][number]): string {
  const tiers = [...TIER_NAMES]
    .reverse()
    .filter((t) => d.emissionByTier[t] !== undefined)
    .map(
      (t) =>
        `${t} ${fmt(raoToTao(d.emissionByTier[t] ?? '0'), 4)} α (${fmt(raoToTao(d.emissionByTierTao[t] ?? '0'), 4)} τ)`,
    );
  const verdict =
    d.strongBeatsWeak === null
      ? ''
      : d.strongBeatsWeak
        ? '  ✓ strong earns more than weak'
        : '  ✗ strong does not (yet) earn more than weak';
  return `${`${d.domain}/${d.task}`.padEnd(18)} earned since weights: ${tiers.join(' | ')}${verdict}`;
}

const SHORT_STATUS: Record<string, string> = {
  VERIFIED: 'ok',
  PENDING: 'pending',
  UNVERIFIABLE: 'unverifiable',
  MODEL_UNAVAILABLE: 'unavailable',
  MODEL_MISMATCH: 'bad bundle',
  REEXECUTION_MISMATCH: 'MISMATCH',
  DUPLICATE_MODEL: 'duplicate',
};

/** One status when the validators agree, else each validator's, `/`-separated. */
export function verificationCell(statuses: readonly (string | null)[]): string {
  const shown = statuses.map((s) => (s === null ? '-' : (SHORT_STATUS[s] ?? s)));
  const distinct = [...new Set(shown)];
  return distinct.length === 1 && distinct[0] === '-'
    ? ''
    : distinct.length === 1
      ? (distinct[0] ?? '')
      : shown.join('/');
}

/** `cheater legal-clause-cheater-1 (substitute): earned 0.0000 α, evidence 2 (3f2a…, …)  ✓ caught`. */
export function cheaterLine(c: DevnetSnapshot['cheaters'][number]): string {
  const ids =
    c.evidenceIds.length === 0
      ? ''
      : ` (${c.evidenceIds.slice(0, 3).join(', ')}${c.evidenceIds.length > 3 ? ', …' : ''})`;
  const verdict = c.earnedNothing ? '  ✓ earns nothing' : '  ✗ earned';
  return `cheater ${c.name} (${c.cheat}): earned ${fmt(raoToTao(c.emissionTotal), 4)} α, evidence ${c.evidenceIds.length}${ids}${verdict}`;
}

/**
 * The devnet's status lines once the table is on screen, newest last, at most `max`, each with its time:
 * shown under the table, so a line ("weights from every validator on chain at block N") is still there
 * when the next one comes, instead of being replaced before anyone read it.
 */
export class StatusHistory {
  readonly #lines: string[] = [];

  constructor(
    private readonly max = 8,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(line: string): void {
    this.#lines.push(`${this.now().toISOString().slice(11, 19)} ${line}`);
    if (this.#lines.length > this.max) this.#lines.splice(0, this.#lines.length - this.max);
  }

  lines(): readonly string[] {
    return this.#lines;
  }
}

export interface LiveView {
  show(snapshot: DevnetSnapshot, notes?: readonly string[]): void;
  done(): void;
}

/** Redraws in place on a TTY, prints plain lines otherwise. */
export function createLiveView(stream: NodeJS.WriteStream = process.stdout): LiveView {
  // A TTY that reports no size (some pseudo-terminals) would make log-update cut every line.
  if (!stream.isTTY || !stream.rows || !stream.columns) {
    return {
      show: (s, notes) => stream.write(`${renderSnapshot(s, notes, true)}\n`),
      done: () => {},
    };
  }
  const update = createLogUpdate(stream);
  return {
    show: (s, notes) => update(renderSnapshot(s, notes)),
    done: () => update.done(),
  };
}
