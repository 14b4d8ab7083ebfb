/** The audit trail of a validator daemon, from its configuration (validator.ts calls this once). */
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { ChainClient, TxSigner } from '../../shared/chain/index.js';
import { GENERATOR_VERSION, type LabelledItem, type TaskDefinition } from '../../shared/domains/index.js';
import type { Logger } from '../../shared/logger.js';
import { CHALLENGE_VERSION, DEFAULT_DIFFICULTY_MIX } from '../challenges.js';
import type { ValidatorConfig } from '../config.js';
import { AUDIT_DEFAULTS } from '../config-options.js';
import type { MovingAverageScores } from '../scoring.js';
import type { AuditConfig } from './audit-types.js';
import { AuditTrail } from './trail.js';

/** What replay needs of the validator's configuration, as `epoch_start` publishes it. */
export function auditConfig(
  config: Pick<ValidatorConfig, 'neuron' | 'datasetShare' | 'challenges' | 'audit'>,
  packs: ReadonlyMap<string, TaskDefinition>,
): AuditConfig {
  const { neuron } = config;
  return {
    scoringRule: neuron.scoringRule,
    alpha: neuron.movingAverageAlpha,
    batchSize: neuron.batchSize,
    sampleSize: neuron.sampleSize,
    timeoutMs: neuron.timeoutMs,
    // round.ts's default target.
    latencyTargetMs: Math.min(500, neuron.timeoutMs / 4),
    difficultyMix: { ...(config.challenges?.difficultyMix ?? DEFAULT_DIFFICULTY_MIX) },
    datasetShare: config.datasetShare,
    packs: Object.fromEntries(
      [...packs].map(([task, definition]) => [
        task,
        u8aToHex(blake2AsU8a(new TextEncoder().encode(JSON.stringify(definition)), 256)),
      ]),
    ),
    generatorVersion: GENERATOR_VERSION,
    challengeVersion: CHALLENGE_VERSION,
    scorePower: neuron.scorePower,
    excludeQuantile: neuron.excludeQuantile,
    domainShares: { ...neuron.domainShares },
    revealDataset: (config.audit ?? AUDIT_DEFAULTS).revealDataset,
  };
}

export function createAuditTrail(parts: {
  config: ValidatorConfig;
  chain: ChainClient;
  hotkey: { address: string; signer: TxSigner };
  secret: Uint8Array;
  datasets: ReadonlyMap<string, readonly LabelledItem[]>;
  packs: ReadonlyMap<string, TaskDefinition>;
  scores: MovingAverageScores;
  log: Logger;
  onWrite?: (bytes: number) => void;
}): AuditTrail {
  const { config } = parts;
  return new AuditTrail({
    dir: join(config.stateDir, 'audit', 'epochs'),
    netuid: config.netuid,
    hotkey: parts.hotkey.address,
    signer: parts.hotkey.signer,
    chain: parts.chain,
    secret: parts.secret,
    datasets: parts.datasets,
    config: auditConfig(config, parts.packs),
    scores: () => parts.scores.entries(),
    retainDays: (config.audit ?? AUDIT_DEFAULTS).retainDays,
    log: parts.log.child({ component: 'audit' }),
    ...(parts.onWrite && { onWrite: parts.onWrite }),
  });
}
