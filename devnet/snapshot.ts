/**
 * One devnet table: per uid the roster facts (role, domain, tier), each validator's score for it and the
 * chain's economics (incentive, dividends, emission, stake), plus one line per domain comparing what the
 * tiers earned. Pure, so the view and the `--json` summary show the same thing.
 */
import { alphaToTao, type Metagraph, type SubnetPool } from '../shared/chain/index.js';
import { TIER_NAMES, type TierName } from '../shared/models/tiers.js';
import type { CheatKind, NeuronPlan, NeuronRole } from './roster.js';

export interface NeuronRow {
  uid: number;
  name: string;
  role: NeuronRole;
  hotkey: string;
  domain: string | null;
  task: string | null;
  tier: TierName | null;
  /** Each validator's score for this uid, in validator order (null: no score yet). */
  scores: (number | null)[];
  /** Each validator's verification status of this miner (issue 14), in validator order (null: none yet). */
  verification: (string | null)[];
  /** A `--cheaters` miner: how it cheats (null: an honest neuron). */
  cheat: CheatKind | null;
  /** Fraud evidence ids against this uid, from every validator. */
  evidenceIds: string[];
  incentive: number;
  dividends: number;
  /** Alpha (rao) emitted to this uid at the last epoch. */
  emission: string;
  /** Its TAO value (rao) at the pool price now. */
  emissionTao: string;
  /** Alpha (rao) emitted to this uid over the epochs counted since weights first landed. */
  emissionTotal: string;
  /** Its TAO value (rao): each epoch's emission at the pool price of that epoch. */
  emissionTotalTao: string;
  /** Alpha staked on the hotkey (whole alpha, TotalHotkeyAlpha). */
  stake: number;
  /** Its TAO value at the pool price now (whole TAO). */
  stakeTao: number;
  /** `up`, or how the process ended (the owner has no process: `-`). */
  process: string;
}

/** What the tiers of one task earned (a domain may have several tasks: finance/sentiment, finance/event). */
export interface DomainSummary {
  domain: string;
  task: string;
  /** Emission total (rao of alpha) per tier, summed over the tier's miners. */
  emissionByTier: Partial<Record<TierName, string>>;
  /** The same in TAO (rao), each epoch valued at its pool price. */
  emissionByTierTao: Partial<Record<TierName, string>>;
  /** Whether the strong tier earned strictly more than the weak tier (null when one is missing). */
  strongBeatsWeak: boolean | null;
  /** Strong tier's earnings ÷ medium tier's (null when one is missing or medium earned nothing). */
  strongOverMedium: number | null;
  /** weak < medium < strong over the tiers present (null with fewer than two tiers). */
  ordered: boolean | null;
}

export interface DevnetSnapshot {
  netuid: number;
  tempo: number;
  block: number;
  epoch: number;
  /** Epochs counted since weights first landed. */
  epochsWithWeights: number;
  /** Validator names, the order of `NeuronRow.scores`. */
  validators: string[];
  neurons: NeuronRow[];
  domains: DomainSummary[];
  /** The `--cheaters` miners: what they earned, how the validators see them, the evidence against them. */
  cheaters: CheaterSummary[];
  /** The subnet token at the snapshot's block (dynamic TAO); null when the chain was not asked. */
  alpha: AlphaSummary | null;
}

/** The subnet's alpha price, pool and emission (rao amounts as decimal strings). */
export interface AlphaSummary {
  /** Rao of TAO per alpha, and the same as TAO per alpha. */
  priceRao: string;
  price: number;
  priceSource: SubnetPool['source'];
  movingPrice: number;
  /** Pool reserves: TAO in, alpha in, alpha outside the pool. */
  taoIn: string;
  alphaIn: string;
  alphaOut: string;
  /** Per block: alpha out to the subnet, TAO and alpha injected into the pool. */
  alphaOutEmission: string;
  taoInEmission: string;
  alphaInEmission: string;
  /** One epoch (tempo + 1 blocks) of alpha out, and its TAO value at the pool price. */
  epochEmissionAlpha: string;
  epochEmissionTao: string;
}

export interface CheaterSummary {
  uid: number;
  name: string;
  cheat: CheatKind;
  domain: string | null;
  task: string | null;
  /** Rao since weights first landed (should be 0: caught before earning). */
  emissionTotal: string;
  earnedNothing: boolean;
  verification: (string | null)[];
  evidenceIds: string[];
}

export interface SnapshotInput {
  metagraph: Metagraph;
  tempo: number;
  epoch: number;
  epochsWithWeights: number;
  roster: readonly NeuronPlan[];
  /** Roster name by hotkey address. */
  names: ReadonlyMap<string, string>;
  /** Per validator name: score by uid (undefined when the scrape failed). */
  scores: ReadonlyMap<string, ReadonlyMap<number, number> | undefined>;
  /** Per validator name: verification status by uid (undefined when the scrape failed). */
  verification?: ReadonlyMap<string, ReadonlyMap<number, string> | undefined>;
  /** Evidence ids by uid. */
  evidence?: ReadonlyMap<number, readonly string[]>;
  emissionTotals: ReadonlyMap<number, bigint>;
  /** The same totals in TAO (rao), each epoch at its pool price; absent: valued at the price now. */
  emissionTotalsTao?: ReadonlyMap<number, bigint>;
  /** The subnet's pool at the snapshot (absent: 1 alpha = 1 TAO, no alpha summary). */
  pool?: SubnetPool;
  /** Process state by roster name. */
  processes: ReadonlyMap<string, string>;
}

const RAO_PER_TAO = 1e9;

export function raoToTao(rao: bigint | string): number {
  return Number(BigInt(rao)) / RAO_PER_TAO;
}

export function shortHotkey(hotkey: string): string {
  return hotkey.length > 10 ? `${hotkey.slice(0, 5)}…${hotkey.slice(-4)}` : hotkey;
}

/** The snapshot's alpha summary. */
export function alphaSummary(pool: SubnetPool, tempo: number): AlphaSummary {
  const epoch = pool.alphaOutEmission * BigInt(tempo + 1);
  return {
    priceRao: pool.priceRao.toString(),
    price: Number(pool.priceRao) / 1e9,
    priceSource: pool.source,
    movingPrice: pool.movingPrice,
    taoIn: pool.taoIn.toString(),
    alphaIn: pool.alphaIn.toString(),
    alphaOut: pool.alphaOut.toString(),
    alphaOutEmission: pool.alphaOutEmission.toString(),
    taoInEmission: pool.taoInEmission.toString(),
    alphaInEmission: pool.alphaInEmission.toString(),
    epochEmissionAlpha: epoch.toString(),
    epochEmissionTao: alphaToTao(epoch, pool.priceRao).toString(),
  };
}

export function buildSnapshot(input: SnapshotInput): DevnetSnapshot {
  const { metagraph: mg, pool } = input;
  const tao = (alpha: bigint) => (pool === undefined ? alpha : alphaToTao(alpha, pool.priceRao));
  const byName = new Map(input.roster.map((n) => [n.name, n]));
  const validators = input.roster.filter((n) => n.role === 'validator').map((n) => n.name);
  const neurons: NeuronRow[] = mg.uids.map((uid) => {
    const hotkey = mg.hotkeys[uid] ?? '';
    const name = input.names.get(hotkey) ?? `uid-${uid}`;
    const plan = byName.get(name);
    const role: NeuronRole = plan?.role ?? 'miner';
    return {
      uid,
      name,
      role,
      hotkey,
      domain: plan?.domain ?? null,
      task: plan?.task ?? null,
      tier: plan?.tier ?? null,
      scores: validators.map((v) => (role === 'miner' ? (input.scores.get(v)?.get(uid) ?? null) : null)),
      verification: validators.map((v) =>
        role === 'miner' ? (input.verification?.get(v)?.get(uid) ?? null) : null,
      ),
      cheat: plan?.cheat?.kind ?? null,
      evidenceIds: [...(input.evidence?.get(uid) ?? [])],
      incentive: mg.incentive[uid] ?? 0,
      dividends: mg.dividends[uid] ?? 0,
      emission: (mg.emission[uid] ?? 0n).toString(),
      emissionTao: tao(mg.emission[uid] ?? 0n).toString(),
      emissionTotal: (input.emissionTotals.get(uid) ?? 0n).toString(),
      emissionTotalTao: (
        input.emissionTotalsTao?.get(uid) ?? tao(input.emissionTotals.get(uid) ?? 0n)
      ).toString(),
      stake: raoToTao(mg.stake[uid] ?? 0n),
      stakeTao: raoToTao(tao(mg.stake[uid] ?? 0n)),
      process: input.processes.get(name) ?? '-',
    };
  });
  return {
    netuid: mg.netuid,
    tempo: input.tempo,
    block: mg.block,
    epoch: input.epoch,
    epochsWithWeights: input.epochsWithWeights,
    validators,
    neurons,
    domains: summariseDomains(neurons),
    cheaters: neurons.flatMap((n) =>
      n.cheat === null
        ? []
        : [
            {
              uid: n.uid,
              name: n.name,
              cheat: n.cheat,
              domain: n.domain,
              task: n.task,
              emissionTotal: n.emissionTotal,
              earnedNothing: BigInt(n.emissionTotal) === 0n,
              verification: n.verification,
              evidenceIds: n.evidenceIds,
            },
          ],
    ),
    alpha: pool === undefined ? null : alphaSummary(pool, input.tempo),
  };
}

export function summariseDomains(neurons: readonly NeuronRow[]): DomainSummary[] {
  // Cheaters are not a tier's earnings (they are shown on their own).
  const miners = neurons.filter(
    (n) => n.role === 'miner' && n.domain !== null && n.task !== null && n.tier && !n.cheat,
  );
  const keys = [...new Set(miners.map((n) => `${n.domain}/${n.task}`))];
  return keys.map((key) => {
    const [domain = '', task = ''] = key.split('/');
    const totals: Partial<Record<TierName, bigint>> = {};
    const totalsTao: Partial<Record<TierName, bigint>> = {};
    for (const n of miners) {
      if (n.domain !== domain || n.task !== task || !n.tier) continue;
      totals[n.tier] = (totals[n.tier] ?? 0n) + BigInt(n.emissionTotal);
      totalsTao[n.tier] = (totalsTao[n.tier] ?? 0n) + BigInt(n.emissionTotalTao);
    }
    const asStrings = (t: Partial<Record<TierName, bigint>>) =>
      Object.fromEntries(Object.entries(t).map(([tier, v]) => [tier, v.toString()])) as Partial<
        Record<TierName, string>
      >;
    const emissionByTier = asStrings(totals);
    const emissionByTierTao = asStrings(totalsTao);
    const strongBeatsWeak =
      totals.strong === undefined || totals.weak === undefined ? null : totals.strong > totals.weak;
    const strongOverMedium =
      totals.strong === undefined || totals.medium === undefined || totals.medium === 0n
        ? null
        : Number((totals.strong * 10_000n) / totals.medium) / 10_000;
    const present = TIER_NAMES.flatMap((t) => (totals[t] === undefined ? [] : [totals[t]]));
    const ordered =
      present.length < 2 ? null : present.every((v, i) => i === 0 || v > (present[i - 1] ?? 0n));
    return { domain, task, emissionByTier, emissionByTierTao, strongBeatsWeak, strongOverMedium, ordered };
  });
}
