/**
 * The node's economics exporter over a real subnet on the in-process dev chain: a validator (the owner
 * hotkey, uid 0) weights two miners, epochs run, and /metrics must say what the chain's storage says —
 * the weights matrix, consensus, permits, registration and immunity, what each epoch paid (per uid and
 * the owner cut, which is paid as stake and never appears in `Emission`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import { startTestNet, type TestNet } from '../../../testkit/validator-net.js';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format into name → samples (the exporter's own output, no HELP/TYPE). */
function parse(text: string): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/i.exec(line);
    if (!m?.[1] || m[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) if (l[1]) labels[l[1]] = l[2] ?? '';
    const list = out.get(m[1]) ?? [];
    list.push({ labels, value: Number(m[3]) });
    out.set(m[1], list);
  }
  return out;
}

describe('economics exporter on a real dev chain subnet', () => {
  let net: TestNet;
  let dir: string;
  let metricsUrl: string;
  const miners = [Sr25519Keypair.fromUri('//Bob//hotkey'), Sr25519Keypair.fromUri('//Charlie//hotkey')];
  const uids: number[] = [];
  let weightsBlock = 0;

  const scrape = async () => parse(await (await fetch(metricsUrl)).text());
  const one = (m: Map<string, Sample[]>, name: string, labels: Record<string, string>) =>
    m.get(name)?.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-economics-'));
    net = await startTestNet(dir, { prometheusPort: 0 });
    metricsUrl = `http://127.0.0.1:${net.node.prometheusPort}/metrics`;
    await scrape(); // the exporter's first load, before the subnet's neurons and weights
    await net.sudo('sudoSetCommitRevealWeightsEnabled', false);
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    await net.sudo('sudoSetMinAllowedWeights', 1);
    for (const [i, hotkey] of miners.entries())
      uids.push(await net.register(i === 0 ? '//Bob' : '//Charlie', hotkey));
    const result = await net.chain.setWeights(net.validatorHotkey.toKeyringPair(), {
      netuid: net.netuid,
      uids,
      weights: [65_535, 32_768],
      versionKey: await net.chain.weightsVersionKey(net.netuid),
    });
    weightsBlock = await net.chain.bestBlockNumber();
    expect(result.events).not.toContain('system.ExtrinsicFailed');
  }, 60_000);

  afterAll(async () => {
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exports the weights matrix, registration, immunity and last update as stored', async () => {
    const m = await scrape();
    const netuid = String(net.netuid);
    const weight = (miner: number) =>
      one(m, 'expertnet_subnet_weight', { netuid, validator_uid: '0', miner_uid: String(miner) });
    const [first = -1, second = -1] = uids;
    expect(weight(first)).toBe(1);
    expect(weight(second)).toBeCloseTo(32_768 / 65_535, 6);
    expect(m.get('expertnet_subnet_weight')?.filter((s) => s.labels.validator_uid !== '0')).toEqual([]);
    for (const uid of uids) {
      const labels = { netuid, uid: String(uid) };
      const registered = await net.chain.api.query.subtensorModule.blockAtRegistration(net.netuid, uid);
      expect(one(m, 'expertnet_subnet_registration_block', labels)).toBe(registered.toNumber());
      expect(registered.toNumber()).toBeGreaterThan(0);
      expect(one(m, 'expertnet_subnet_immune', labels)).toBe(1);
    }
    expect(one(m, 'expertnet_subnet_last_update_block', { netuid, uid: '0' })).toBe(weightsBlock);
    const { tempo } = await net.chain.hyperparams(net.netuid);
    expect(one(m, 'expertnet_subnet_tempo', { netuid })).toBe(tempo);
    expect(one(m, 'expertnet_block_emission_rao', {})).toBe(Number(await net.chain.blockEmission()));
    expect(one(m, 'expertnet_subnet_owner_cut_pending_rao', { netuid })).toBeGreaterThan(0);
  });

  it('after epochs: consensus, permits, per-epoch earnings and the owner cut reconcile', async () => {
    const netuid = String(net.netuid);
    const ownerCut = (m: Map<string, Sample[]>) =>
      one(m, 'expertnet_subnet_owner_cut_rao', { netuid, uid: '0' });
    const epochEmission = (mm: Map<string, Sample[]>) =>
      (mm.get('expertnet_subnet_emission_rao') ?? [])
        .filter((s) => s.labels.netuid === netuid)
        .reduce((sum, s) => sum + s.value, 0);
    // The first epoch pays only the owner (no validator has stake yet); the next ones pay the neurons too.
    await net.sealUntil(
      async () => {
        const mm = await scrape();
        return (ownerCut(mm) ?? 0) > 0 && epochEmission(mm) > 0;
      },
      'an epoch paying the neurons',
      60,
    );
    let m = await scrape();
    const cut = ownerCut(m) ?? 0;
    const emitted = epochEmission(m);
    // uid 0 (the owner) earns its cut as stake, not through `Emission`: the cut is SubnetOwnerCut of the total.
    const ownerShare = (await net.chain.api.query.subtensorModule.subnetOwnerCut()).toNumber() / 65_535;
    expect(cut / (cut + emitted)).toBeCloseTo(ownerShare, 3);
    const [first = -1] = uids;
    expect(one(m, 'expertnet_subnet_consensus', { netuid, uid: String(first) })).toBeGreaterThan(0);
    expect(one(m, 'expertnet_subnet_validator_permit', { netuid, uid: '0' })).toBe(1);
    expect(one(m, 'expertnet_subnet_validator_trust', { netuid, uid: '0' })).toBeGreaterThan(0);
    expect(one(m, 'expertnet_subnet_active', { netuid, uid: String(first) })).toBe(1);
    const earned = (mm: Map<string, Sample[]>) =>
      (mm.get('expertnet_subnet_emitted_rao_total') ?? [])
        .filter((s) => s.labels.netuid === netuid)
        .reduce((sum, s) => sum + s.value, 0);
    const cutTotal = (mm: Map<string, Sample[]>) =>
      one(mm, 'expertnet_subnet_owner_cut_rao_total', { netuid, uid: '0' }) ?? 0;
    const before = { earned: earned(m), cut: cutTotal(m) };
    expect(before.earned).toBeGreaterThanOrEqual(emitted);
    expect(before.cut).toBeGreaterThanOrEqual(cut);

    // One more epoch adds its emission to the counters.
    const { tempo } = await net.chain.hyperparams(net.netuid);
    for (let i = 0; i <= tempo; i++) await net.node.sealBlock();
    m = await scrape();
    expect(earned(m)).toBeGreaterThan(before.earned);
    expect(cutTotal(m)).toBeGreaterThan(before.cut);
  }, 60_000);
});
