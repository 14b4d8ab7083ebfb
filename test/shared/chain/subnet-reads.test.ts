/**
 * PolkadotChainClient's subnet reads against the real dev chain: hyperparameters follow sudo changes,
 * every commitment of a subnet comes back from one query, a weight commit shows up with the reveal
 * window the shared epoch calendar predicts, and the metagraph read through the runtime API
 * (`get_neurons_lite`) equals the one read from storage at the same block, with epoch results in it.
 */
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Si1LookupTypeId } from '@polkadot/types/interfaces';
import { stringCamelCase, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CommitmentField,
  decodeModelCommitment,
  encodeModelCommitment,
  metagraphFromNeuronInfoLite,
} from '../../../shared/chain/index.js';
import { epochIndex, firstBlockOfEpoch, lastBlockOfEpoch } from '../../../shared/subtensor/epoch.js';
import { haveReference, referencePath } from '../../helpers/reference.js';
import { type DevSubnet, startDevSubnet } from './dev-subnet.js';

/** `target` with `key` reading as `value` (a Proxy keeps the type and the rest of the object). */
function withProperty<T extends object>(target: T, key: PropertyKey, value: unknown): T {
  return new Proxy(target, {
    get: (t, k) => (k === key ? value : Reflect.get(t, k)),
  });
}

/** Subtensor's own runtime metadata (spec 381), beside the checkout in ../shared. */
const SUBTENSOR_METADATA = referencePath('reference/subtensor/devnet.scale');
const HAVE_METADATA = haveReference(SUBTENSOR_METADATA, 'subtensor metadata (get_neurons_lite decode)');

describe('PolkadotChainClient subnet reads on the dev chain', () => {
  let s: DevSubnet;

  beforeAll(async () => {
    s = await startDevSubnet();
  }, 30_000);
  afterAll(async () => {
    await s?.close();
  });

  it('reads hyperparameters, and sees sudo changes', async () => {
    const before = await s.client.hyperparams(s.netuid);
    expect(before.netuid).toBe(s.netuid);
    expect(before.commitRevealEnabled).toBe(true);
    await s.sudo('sudoSetTempo', 3);
    await s.sudo('sudoSetWeightsVersionKey', before.weightsVersionKey + 7n);
    await s.sudo('sudoSetWeightsSetRateLimit', 0);
    await s.sudo('sudoSetMinAllowedWeights', 1);
    await s.sudo('sudoSetImmunityPeriod', before.immunityPeriod + 5);
    await s.sudo('sudoSetActivityCutoff', before.activityCutoff + 11);
    await s.sudo('sudoSetMaxAllowedUids', before.maxAllowedUids - 1);
    await s.sudo('sudoSetCommitRevealWeightsInterval', 2);
    await s.sudo('sudoSetCommitRevealWeightsEnabled', false);
    const after = await s.client.hyperparams(s.netuid);
    expect(after).toEqual({
      ...before,
      tempo: 3,
      weightsVersionKey: before.weightsVersionKey + 7n,
      weightsSetRateLimit: 0,
      minAllowedWeights: 1,
      immunityPeriod: before.immunityPeriod + 5,
      activityCutoff: before.activityCutoff + 11,
      maxAllowedUids: before.maxAllowedUids - 1,
      revealPeriodEpochs: 2,
      commitRevealEnabled: false,
    });
    expect(await s.client.weightsVersionKey(s.netuid)).toBe(after.weightsVersionKey);
  });

  it('lands concurrent submissions signed by one key (each reads its nonce once the previous is pooled)', async () => {
    // Several rounds: a nonce race loses one transaction only some of the time (1 in 10 before the fix).
    for (let round = 1; round <= 5; round++) {
      const before = await s.client.hyperparams(s.netuid);
      const results = await Promise.all([
        s.sudo('sudoSetImmunityPeriod', before.immunityPeriod + 1),
        s.sudo('sudoSetActivityCutoff', before.activityCutoff + 1),
        s.sudo('sudoSetMaxAllowedUids', before.maxAllowedUids - 1),
      ]);
      for (const r of results) expect(r.events).toContain('sudo.Sudid');
      const after = await s.client.hyperparams(s.netuid);
      expect([after.immunityPeriod, after.activityCutoff, after.maxAllowedUids]).toEqual([
        before.immunityPeriod + 1,
        before.activityCutoff + 1,
        before.maxAllowedUids - 1,
      ]);
    }
  });

  it('refuses a missing subnet and a bad netuid with typed errors', async () => {
    await expect(s.client.hyperparams(4000)).rejects.toMatchObject({ code: 'SUBNET_NOT_FOUND' });
    await expect(s.client.hyperparams(-1)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(s.client.metagraph(1.5)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('returns every commitment of the subnet by hotkey', async () => {
    const miner = encodeModelCommitment({
      domain: 'legal',
      task: 'clause-type',
      labels: ['a', 'b', 'c'],
      bundleDigest: 'ab'.repeat(32),
    });
    const other: CommitmentField[] = [{ kind: 'Raw', bytes: new TextEncoder().encode('not expertnet') }];
    await s.client.setCommitment(s.keys.charlieHot, s.netuid, miner);
    await s.client.setCommitment(s.keys.bobHot, s.netuid, other);
    const all = await s.client.commitments(s.netuid);
    expect([...all.keys()].sort()).toEqual([s.keys.bobHot.address, s.keys.charlieHot.address].sort());
    expect(decodeModelCommitment(all.get(s.keys.charlieHot.address)!)).toMatchObject({
      domain: 'legal',
      task: 'clause-type',
      labels: ['a', 'b', 'c'],
    });
    expect(all.get(s.keys.bobHot.address)).toEqual(other);
    // Same bytes as the per-hotkey read.
    expect(all.get(s.keys.charlieHot.address)).toEqual(
      await s.client.getCommitment(s.netuid, s.keys.charlieHot.address),
    );
    expect((await s.client.commitments(4000)).size).toBe(0);
    // The records carry the block each commitment was made in.
    const records = await s.client.commitmentRecords(s.netuid);
    const charlie = records.get(s.keys.charlieHot.address);
    expect(charlie?.fields).toEqual(all.get(s.keys.charlieHot.address));
    expect(charlie?.block).toBeGreaterThan(0);
    expect(charlie?.block).toBeLessThanOrEqual(await s.client.bestBlockNumber());
  });

  it('lists pending weight commits with the reveal window of the epoch calendar', async () => {
    expect(await s.client.weightCommits(s.netuid, s.keys.bobHot.address)).toEqual([]);
    await s.sudo('sudoSetCommitRevealWeightsEnabled', true);
    const { tempo, revealPeriodEpochs, weightsVersionKey } = await s.client.hyperparams(s.netuid);
    const hashes: Uint8Array[] = [];
    for (const salt of [[1], [2]]) {
      const params = { netuid: s.netuid, uids: [2], weights: [65535], salt, versionKey: weightsVersionKey };
      const hash = s.client.weightsCommitHash(s.keys.bobHot.address, params);
      await s.client.commitWeights(s.keys.bobHot, { netuid: s.netuid, commitHash: hash });
      hashes.push(hash);
    }
    const commits = await s.client.weightCommits(s.netuid, s.keys.bobHot.address);
    expect(commits.map((c) => u8aToHex(c.hash))).toEqual(hashes.map((h) => u8aToHex(h)));
    expect(commits[1]!.commitBlock).toBeGreaterThan(commits[0]!.commitBlock);
    for (const c of commits) {
      const revealEpoch = epochIndex(s.netuid, tempo, c.commitBlock) + revealPeriodEpochs;
      expect(c.firstRevealBlock).toBe(firstBlockOfEpoch(s.netuid, tempo, revealEpoch));
      expect(c.lastRevealBlock).toBe(lastBlockOfEpoch(s.netuid, tempo, revealEpoch));
    }
    expect(await s.client.weightCommits(s.netuid, s.keys.charlieHot.address)).toEqual([]);
    await s.sudo('sudoSetCommitRevealWeightsEnabled', false);
  });

  it('reads the same metagraph through get_neurons_lite and from storage, with epoch results', async () => {
    await s.sudo('sudoSetTempo', 1);
    // Blocks pass (epochs every other block): Bob's stake earns a validator permit, then his weights count.
    for (let i = 0; i < 3; i++) await s.node.sealBlock();
    const { weightsVersionKey } = await s.client.hyperparams(s.netuid);
    await s.client.setWeights(s.keys.bobHot, {
      netuid: s.netuid,
      uids: [2],
      weights: [1000],
      versionKey: weightsVersionKey,
    });
    for (let i = 0; i < 3; i++) await s.node.sealBlock();

    const hash = (await s.client.api.rpc.chain.getBlockHash()).toHex();
    const viaApi = await s.client.metagraphFromRuntimeApi(s.netuid, hash);
    const viaStorage = await s.client.metagraphFromStorage(s.netuid, hash);
    expect(viaApi?.source).toBe('runtime-api');
    expect(viaStorage.source).toBe('storage');
    expect({ ...viaApi, source: 'x' }).toEqual({ ...viaStorage, source: 'x' });

    const m = await s.client.metagraph(s.netuid);
    expect(m.source).toBe('runtime-api');
    expect(m.hotkeys).toEqual([s.keys.aliceHot.address, s.keys.bobHot.address, s.keys.charlieHot.address]);
    expect(m.coldkeys).toEqual([s.keys.alice.address, s.keys.bob.address, s.keys.charlie.address]);
    expect(m.stake[1]).toBeGreaterThanOrEqual(100_000_000_000n);
    expect(m.validatorPermit[1]).toBe(true);
    expect(m.incentive[2]).toBe(1);
    expect(m.dividends[1]).toBeGreaterThan(0);
    expect(m.emission[2]).toBeGreaterThan(0n);
    for (const column of [m.incentive, m.dividends, m.consensus, m.trust, m.validatorTrust]) {
      expect(column).toHaveLength(m.n);
      for (const v of column) expect(v >= 0 && v <= 1).toBe(true);
    }
  });

  it("decodes the dev chain's get_neurons_lite bytes with subtensor's metadata to the same metagraph", async (ctx) => {
    if (!HAVE_METADATA) ctx.skip();
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, readFileSync(SUBTENSOR_METADATA));
    registry.setMetadata(metadata);
    type Api = {
      name: { toString(): string };
      methods: { name: { toString(): string }; output: Si1LookupTypeId }[];
    };
    const apis = (metadata.asLatest as unknown as { apis: Api[] }).apis;
    const method = apis
      .find((a) => a.name.toString() === 'NeuronInfoRuntimeApi')
      ?.methods.find((m) => m.name.toString() === 'get_neurons_lite');
    expect(method).toBeDefined();

    const header = await s.client.api.rpc.chain.getHeader();
    const hash = header.hash.toHex();
    const raw = await s.client.api.rpc.state.call(
      'NeuronInfoRuntimeApi_get_neurons_lite',
      u8aToHex(registry.createType('u16', s.netuid).toU8a()),
      hash,
    );
    const decoded = registry.createType(registry.createLookupType(method!.output), raw.toU8a(true));
    // Nothing left over and nothing missing: the dev chain's bytes are exactly one subtensor Vec<NeuronInfoLite>.
    expect(decoded.encodedLength).toBe(raw.toU8a(true).length);
    const theirs = metagraphFromNeuronInfoLite(s.netuid, header.number.toNumber(), decoded);
    expect(theirs.n).toBe(3);
    expect(theirs.emission.some((e) => e > 0n)).toBe(true);
    expect(theirs).toEqual({
      ...(await s.client.metagraphFromStorage(s.netuid, hash)),
      source: 'runtime-api',
    });
  });

  it('reads only storage items that subtensor has, under the same names', async (ctx) => {
    if (!HAVE_METADATA) ctx.skip();
    const registry = new TypeRegistry();
    const metadata = new Metadata(registry, readFileSync(SUBTENSOR_METADATA));
    const theirs = new Set<string>();
    for (const pallet of metadata.asLatest.pallets) {
      if (pallet.storage.isNone) continue;
      for (const item of pallet.storage.unwrap().items) {
        theirs.add(`${stringCamelCase(pallet.name.toString())}.${stringCamelCase(item.name.toString())}`);
      }
    }
    // Record every `query.<pallet>.<item>` the client touches, at a block or at the head.
    const used = new Set<string>();
    const recording = <Q extends object>(query: Q): Q =>
      new Proxy(query, {
        get(target, section) {
          const items: unknown = Reflect.get(target, section);
          if (typeof section !== 'string' || typeof items !== 'object' || items === null) return items;
          return new Proxy(items, {
            get(inner, item) {
              if (typeof item === 'string') used.add(`${section}.${item}`);
              return Reflect.get(inner, item);
            },
          });
        },
      });
    const api = s.client.api;
    const realAt = api.at.bind(api);
    api.at = async (...args) => {
      const decorated = await realAt(...args);
      return withProperty(decorated, 'query', recording(decorated.query));
    };
    Object.defineProperty(api, 'query', { value: recording(api.query), configurable: true });
    try {
      await s.client.metagraphFromStorage(s.netuid);
      await s.client.hyperparams(s.netuid);
      await s.client.commitments(s.netuid);
      await s.client.getCommitment(s.netuid, s.keys.bobHot.address);
      await s.client.weightCommits(s.netuid, s.keys.bobHot.address);
      await s.client.totalIssuance();
      await s.client.blockEmission();
    } finally {
      api.at = realAt;
      Reflect.deleteProperty(api, 'query');
    }
    expect(used.size).toBeGreaterThanOrEqual(20);
    expect([...used].filter((name) => !theirs.has(name))).toEqual([]);
  });

  it('falls back to storage when the runtime API is missing', async () => {
    // What a runtime without NeuronInfoRuntimeApi looks like to the client: no such section on `call`.
    const api = s.client.api;
    const realAt = api.at.bind(api);
    api.at = async (...args) => {
      const decorated = await realAt(...args);
      return withProperty(decorated, 'call', withProperty(decorated.call, 'neuronInfoRuntimeApi', undefined));
    };
    try {
      expect(await s.client.metagraphFromRuntimeApi(s.netuid)).toBeUndefined();
      const m = await s.client.metagraph(s.netuid);
      expect(m.source).toBe('storage');
      expect(m.n).toBe(3);
    } finally {
      api.at = realAt;
    }
  });
});
