/** `--cheaters`: who they are, the copy of the bundle each commits, and how the table and summary show them. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cheaterArgs, evidenceByUid, prepareCheatBundle } from '../../devnet/cheaters.js';
import { buildRoster, CHEAT_PERTURBATION } from '../../devnet/roster.js';
import { minerVerificationFromText } from '../../devnet/scores.js';
import { buildSnapshot } from '../../devnet/snapshot.js';
import { cheaterLine, renderSnapshot, verificationCell } from '../../devnet/view.js';
import type { Metagraph } from '../../shared/chain/index.js';
import { readBundle } from '../../shared/models/bundle.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { trainLegalModel } from '../../testkit/validator-net.js';

const roster = buildRoster({
  validators: 1,
  minersPerTier: 1,
  tasks: ['legal/clause'],
  domains: ['legal'],
  cheaters: 3,
});

describe('devnet cheaters', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-devnet-cheaters-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are extra strong-slot miners, alternating substitute and perturb', () => {
    const cheaters = roster.filter((n) => n.cheat);
    expect(cheaters.map((n) => [n.name, n.cheat?.kind, n.modelName, n.tier])).toEqual([
      ['legal-clause-cheater-1', 'substitute', 'legal-clause-weak', 'strong'],
      ['legal-clause-cheater-2', 'perturb', 'legal-clause-strong', 'strong'],
      ['legal-clause-cheater-3', 'substitute', 'legal-clause-weak', 'strong'],
    ]);
    // Honest miners first: cheaters never shift their uids.
    expect(roster.findIndex((n) => n.cheat)).toBe(roster.length - 3);
    expect(() => buildRoster({ validators: 1, minersPerTier: 1, cheaters: -1 })).toThrow(/cheaters/);
  });

  it('commit a copy of the strong bundle with its own digest, and run with the cheating flags', async () => {
    const models = join(dir, 'models');
    await trainLegalModel(join(models, 'legal-clause-strong'), 'weak');
    const [substitute, perturb] = roster.filter((n) => n.cheat);
    const copy = await prepareCheatBundle(substitute!, models, join(dir, 'cheats'));
    const [original, copied] = await Promise.all([
      readBundle(join(models, 'legal-clause-strong')),
      readBundle(copy),
    ]);
    expect(copied.digest).not.toBe(original.digest);
    expect(copied.model.onnx.sha256).toBe(original.model.onnx.sha256);
    expect(cheaterArgs(substitute!, models, copy)).toEqual([
      '--model',
      join(models, 'legal-clause-weak'),
      '--dev.commit_model',
      copy,
    ]);
    expect(cheaterArgs(perturb!, models, copy)).toEqual([
      '--model',
      copy,
      '--dev.perturb',
      String(CHEAT_PERTURBATION),
    ]);
  });

  it('reads evidence ids by uid from the validators’ evidence folders', async () => {
    const a = join(dir, 'v1', 'evidence');
    const b = join(dir, 'v2', 'evidence');
    await mkdir(a, { recursive: true });
    await mkdir(b, { recursive: true });
    await writeFile(join(a, 'x.json'), JSON.stringify({ id: 'e2', miner: { uid: 7, hotkey: 'h' } }));
    await writeFile(join(b, 'y.json'), JSON.stringify({ id: 'e1', miner: { uid: 7, hotkey: 'h' } }));
    await writeFile(join(b, 'z.json'), 'not json');
    const found = await evidenceByUid([a, b, join(dir, 'missing')]);
    expect([...found]).toEqual([[7, ['e1', 'e2']]]);
  });

  it('show in the table and the summary with their verification, earnings and evidence', () => {
    const hotkeys = roster.map((n) => Sr25519Keypair.fromUri(n.hotkeyUri).address);
    const n = roster.length;
    const zeros = Array<number>(n).fill(0);
    const mg: Metagraph = {
      netuid: 1,
      block: 42,
      n,
      uids: roster.map((_, uid) => uid),
      hotkeys,
      coldkeys: hotkeys,
      stake: roster.map(() => 0n),
      validatorPermit: roster.map(() => true),
      active: roster.map(() => true),
      axons: roster.map(() => undefined),
      lastUpdate: zeros,
      incentive: zeros,
      dividends: zeros,
      consensus: zeros,
      trust: zeros,
      validatorTrust: zeros,
      emission: roster.map(() => 0n),
    };
    const cheaterUid = roster.findIndex((p) => p.cheat);
    const strongUid = roster.findIndex((p) => p.tier === 'strong' && !p.cheat);
    const text = [
      `expertnet_validator_miner_verification{uid="${cheaterUid}",hotkey="h",status="REEXECUTION_MISMATCH"} 1`,
      `expertnet_validator_miner_verification{uid="${strongUid}",hotkey="h",status="VERIFIED"} 1`,
    ].join('\n');
    const snapshot = buildSnapshot({
      metagraph: mg,
      tempo: 10,
      epoch: 3,
      epochsWithWeights: 1,
      roster,
      names: new Map(roster.map((p, i) => [hotkeys[i] ?? '', p.name])),
      scores: new Map([['validator-1', new Map()]]),
      verification: new Map([['validator-1', minerVerificationFromText(`${text}\n`)]]),
      evidence: new Map([[cheaterUid, ['abc']]]),
      emissionTotals: new Map([[strongUid, 5n]]),
      processes: new Map(),
    });
    expect(snapshot.cheaters).toHaveLength(3);
    expect(snapshot.cheaters[0]).toMatchObject({
      uid: cheaterUid,
      cheat: 'substitute',
      earnedNothing: true,
      verification: ['REEXECUTION_MISMATCH'],
      evidenceIds: ['abc'],
    });
    // Cheaters are not counted in the strong tier's earnings.
    expect(snapshot.domains[0]?.emissionByTier.strong).toBe('5');
    expect(verificationCell(['VERIFIED', 'VERIFIED'])).toBe('ok');
    expect(verificationCell(['VERIFIED', 'REEXECUTION_MISMATCH'])).toBe('ok/MISMATCH');
    expect(cheaterLine(snapshot.cheaters[0]!)).toContain('evidence 1 (abc)');
    const table = renderSnapshot(snapshot, [], true);
    expect(table).toContain('strong (cheat: substitute)');
    expect(table).toContain('MISMATCH');
  });
});
