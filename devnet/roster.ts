/**
 * Who runs in a devnet: the subnet owner, the validators and one miner per (domain, tier) slot, with the
 * dev key URIs behind their wallets. Pure: the orchestrator turns it into wallets, registrations and
 * processes, the view into table rows.
 */
import { DOMAIN_NAMES, type DomainName } from '../shared/domains/index.js';
import { TIER_NAMES, type TierName, tierDirName } from '../shared/models/tiers.js';
import { DevnetError } from './errors.js';

export type NeuronRole = 'owner' | 'validator' | 'miner';

/**
 * How a `--cheaters` miner cheats (issue 14): `substitute` commits (and serves) its own copy of the strong
 * bundle but runs the weak model; `perturb` runs that copy but adds noise to its answers.
 */
export type CheatKind = 'substitute' | 'perturb';

/** A task the devnet's miners serve. */
export interface DevnetTask {
  domain: DomainName;
  task: string;
}

/** Every task, so each has at least a weak and a strong miner (a model nobody runs is a model nobody checks). */
export const DEVNET_TASKS: readonly DevnetTask[] = [
  { domain: 'legal', task: 'clause' },
  { domain: 'medical', task: 'specialty' },
  { domain: 'finance', task: 'sentiment' },
  { domain: 'finance', task: 'event' },
];

/** `finance/event`: how tasks are named in flags and summaries. */
export function taskId(t: DevnetTask): string {
  return `${t.domain}/${t.task}`;
}

export interface NeuronPlan {
  /** Unique, file-name safe: `owner`, `validator-1`, `legal-clause-strong-1`. Also the wallet name. */
  name: string;
  role: NeuronRole;
  /** sr25519 dev URIs: public secrets, fine for a local chain only. */
  coldkeyUri: string;
  hotkeyUri: string;
  /** Miners only. */
  domain?: DomainName;
  task?: string;
  tier?: TierName;
  /** Model directory name under the models folder (miners only): the model it runs. */
  modelName?: string;
  /** A cheater: how, and the model directory name whose copy it commits (`--dev.commit_model`). */
  cheat?: { kind: CheatKind; commitModelName: string };
  /** A weight copier (validators only): the name of the validator whose weights it copies. */
  copies?: string;
}

/** Noise a `perturb` cheater adds (`--dev.perturb`): well over any tolerance, small enough to look plausible. */
export const CHEAT_PERTURBATION = 0.05;

export interface RosterOptions {
  validators: number;
  minersPerTier: number;
  domains?: readonly DomainName[];
  /** `domain/task` ids (subset of DEVNET_TASKS); default all tasks of the chosen domains. */
  tasks?: readonly string[];
  tiers?: readonly TierName[];
  /** Extra miners in the strong slot of the tasks (in turn) that cheat, alternating substitute / perturb. */
  cheaters?: number;
  /** Extra validators that copy `validator-1`'s weights instead of scoring (issue 15). */
  copiers?: number;
}

/** Alice is the dev chain's sudo key and richest account: she owns the subnet and funds everyone. */
export const OWNER_COLDKEY_URI = '//Alice';

export function buildRoster(options: RosterOptions): NeuronPlan[] {
  const domains = options.domains ?? DOMAIN_NAMES;
  const tasks = DEVNET_TASKS.filter(
    (t) => domains.includes(t.domain) && (options.tasks === undefined || options.tasks.includes(taskId(t))),
  );
  const tiers = options.tiers ?? TIER_NAMES;
  if (!Number.isInteger(options.validators) || options.validators < 1 || options.validators > 16)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: 'validators', reason: 'must be an integer in [1, 16]' },
      '--validators must be an integer in [1, 16]',
    );
  if (!Number.isInteger(options.minersPerTier) || options.minersPerTier < 1 || options.minersPerTier > 8)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: 'miners-per-tier', reason: 'must be an integer in [1, 8]' },
      '--miners-per-tier must be an integer in [1, 8]',
    );
  if (tasks.length === 0 || tiers.length === 0)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: tasks.length === 0 ? 'tasks' : 'tiers', reason: 'is empty' },
      'the devnet needs at least one task (of the chosen domains) and one tier',
    );
  const cheaters = options.cheaters ?? 0;
  if (!Number.isInteger(cheaters) || cheaters < 0 || cheaters > 16)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: 'cheaters', reason: 'must be an integer in [0, 16]' },
      '--cheaters must be an integer in [0, 16]',
    );
  const roster: NeuronPlan[] = [
    { name: 'owner', role: 'owner', coldkeyUri: OWNER_COLDKEY_URI, hotkeyUri: `${OWNER_COLDKEY_URI}//owner` },
  ];
  for (let i = 1; i <= options.validators; i++) {
    const uri = `//Devnet//validator-${i}`;
    roster.push({ name: `validator-${i}`, role: 'validator', coldkeyUri: uri, hotkeyUri: `${uri}//hotkey` });
  }
  const copiers = options.copiers ?? 0;
  if (!Number.isInteger(copiers) || copiers < 0 || copiers > 8)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option: 'copiers', reason: 'must be an integer in [0, 8]' },
      '--copiers must be an integer in [0, 8]',
    );
  for (let i = 1; i <= copiers; i++) {
    const uri = `//Devnet//copier-${i}`;
    roster.push({
      name: `copier-${i}`,
      role: 'validator',
      coldkeyUri: uri,
      hotkeyUri: `${uri}//hotkey`,
      copies: 'validator-1',
    });
  }
  for (const { domain, task } of tasks) {
    for (const tier of tiers) {
      for (let i = 1; i <= options.minersPerTier; i++) {
        const name = `${domain}-${task}-${tier}-${i}`;
        const uri = `//Devnet//${name}`;
        roster.push({
          name,
          role: 'miner',
          coldkeyUri: uri,
          hotkeyUri: `${uri}//hotkey`,
          domain,
          task,
          tier,
          modelName: tierDirName(domain, task, tier),
        });
      }
    }
  }
  for (let i = 1; i <= cheaters; i++) {
    const slot = tasks[(i - 1) % tasks.length];
    if (!slot) break;
    const { domain, task } = slot;
    const kind: CheatKind = i % 2 === 1 ? 'substitute' : 'perturb';
    const name = `${domain}-${task}-cheater-${i}`;
    const uri = `//Devnet//${name}`;
    roster.push({
      name,
      role: 'miner',
      coldkeyUri: uri,
      hotkeyUri: `${uri}//hotkey`,
      domain,
      task,
      tier: 'strong',
      modelName: tierDirName(domain, task, kind === 'substitute' ? 'weak' : 'strong'),
      cheat: { kind, commitModelName: tierDirName(domain, task, 'strong') },
    });
  }
  return roster;
}

/** Parses a comma-separated list against the allowed names (`--tiers weak,strong`). */
export function parseList<T extends string>(option: string, text: string, allowed: readonly T[]): T[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = items.find((s) => !(allowed as readonly string[]).includes(s));
  if (unknown !== undefined || items.length === 0)
    throw new DevnetError(
      { code: 'BAD_CONFIG', option, reason: `expected a list of ${allowed.join(', ')}` },
      `--${option} ${unknown === undefined ? 'is empty' : `has an unknown entry '${unknown}'`}`,
      { metaMessages: [`valid: ${allowed.join(', ')}`] },
    );
  return [...new Set(items)] as T[];
}
