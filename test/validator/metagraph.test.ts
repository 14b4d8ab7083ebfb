/**
 * The validator's metagraph view: which neurons count as miners, and MetagraphSync's refresh cadence,
 * outage behaviour and model-change notes. The chain here is a small in-memory stand-in for the three
 * reads MetagraphSync makes (the real chain is exercised by e2e.test.ts and validator.test.ts).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AXON_PROTOCOL_WEBSOCKET,
  type AxonInfo,
  type ChainClient,
  ChainClientError,
  type CommitmentField,
  type CommitmentRecord,
  encodeLegacyModelCommitment,
  encodeModelCommitment,
  type Metagraph,
  type SubnetHyperparams,
} from '../../shared/chain/index.js';
import { type Logger, silentLogger } from '../../shared/logger.js';
import { buildSnapshot, MetagraphSync } from '../../validator/metagraph.js';

const HOTKEYS = ['5Own', '5Miner1', '5Miner2', '5NoAxon', '5HttpAxon', '5NoCommit', '5Junk', '5ZeroIp'];

function axon(protocol = AXON_PROTOCOL_WEBSOCKET, ip = '10.0.0.1', port = 8091): AxonInfo {
  return { block: 1, version: 1, ip, port, ipType: 4, protocol, placeholder1: 1, placeholder2: 0 };
}

function metagraph(block: number, hotkeys = HOTKEYS): Metagraph {
  const n = hotkeys.length;
  const zeros = Array<number>(n).fill(0);
  return {
    netuid: 1,
    block,
    n,
    uids: hotkeys.map((_, i) => i),
    hotkeys,
    coldkeys: hotkeys.map((h) => `${h}-cold`),
    stake: hotkeys.map(() => 0n),
    validatorPermit: hotkeys.map(() => false),
    active: hotkeys.map(() => true),
    axons: hotkeys.map((h) =>
      h === '5NoAxon'
        ? undefined
        : h === '5HttpAxon'
          ? axon(4)
          : h === '5ZeroIp'
            ? axon(2, '0.0.0.0')
            : axon(),
    ),
    lastUpdate: zeros,
    incentive: zeros,
    dividends: zeros,
    consensus: zeros,
    trust: zeros,
    validatorTrust: zeros,
    emission: hotkeys.map(() => 0n),
  };
}

function model(sha: string, domain = 'legal'): CommitmentField[] {
  return encodeModelCommitment({
    domain,
    task: 'clause',
    labels: ['a', 'b'],
    bundleDigest: sha.repeat(32),
  });
}

const HYPERPARAMS: SubnetHyperparams = {
  netuid: 1,
  tempo: 10,
  minAllowedWeights: 1,
  maxWeightsLimit: 65535,
  weightsSetRateLimit: 0,
  weightsVersionKey: 0n,
  commitRevealEnabled: false,
  revealPeriodEpochs: 1,
  immunityPeriod: 0,
  activityCutoff: 5000,
  maxAllowedUids: 256,
};

function commitments(sha1 = 'aa'): Map<string, CommitmentRecord> {
  const entries: [string, CommitmentField[]][] = [
    ['5Own', model('ff')],
    ['5Miner1', model(sha1)],
    ['5Miner2', model('bb', 'medical')],
    ['5HttpAxon', model('cc')],
    ['5Junk', [{ kind: 'Raw', bytes: new TextEncoder().encode('hello') }]],
    ['5ZeroIp', model('dd')],
  ];
  return new Map(entries.map(([hotkey, fields], i) => [hotkey, { block: 10 + i, fields }]));
}

/** What MetagraphSync reads, served from fields a test can change (or make fail). */
class FakeChain {
  block = 100;
  sha1 = 'aa';
  down = false;
  reads = 0;
  async metagraph(): Promise<Metagraph> {
    this.reads++;
    if (this.down) throw new ChainClientError({ code: 'NOT_CONNECTED', endpoint: 'ws://x' }, 'down');
    return metagraph(this.block);
  }
  async commitmentRecords(): Promise<Map<string, CommitmentRecord>> {
    return commitments(this.sha1);
  }
  async hyperparams(): Promise<SubnetHyperparams> {
    return HYPERPARAMS;
  }
  asClient(): ChainClient {
    return this as unknown as ChainClient;
  }
}

function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: pino<never>({ level: 'info' }, stream), lines };
}

describe('buildSnapshot', () => {
  it('lists only WebSocket axons with a valid Expertnet commitment, never ourselves', () => {
    const snap = buildSnapshot(metagraph(7), commitments(), HYPERPARAMS, '5Own');
    expect(snap.miners.map((m) => m.hotkey)).toEqual(['5Miner1', '5Miner2']);
    expect(snap.miners[1]).toMatchObject({
      uid: 2,
      coldkey: '5Miner2-cold',
      ip: '10.0.0.1',
      port: 8091,
      domain: 'medical',
      task: 'clause',
      labels: ['a', 'b'],
      modelSha256: 'bb'.repeat(32),
      bundleDigest: 'bb'.repeat(32),
      commitBlock: 12,
    });
    expect(snap.ownUid).toBe(0);
    expect(snap.block).toBe(7);
    expect([...snap.hotkeysByUid.values()]).toEqual(HOTKEYS);
  });

  it('lists an old expertnet/1 commitment with no bundle digest (unverifiable)', () => {
    const records = commitments();
    records.set('5Miner1', {
      block: 3,
      fields: encodeLegacyModelCommitment({
        domain: 'legal',
        task: 'clause',
        labels: ['a'],
        modelSha256: 'ee'.repeat(32),
      }),
    });
    const miner = buildSnapshot(metagraph(7), records, HYPERPARAMS, '5Own').miners[0];
    expect(miner).toMatchObject({
      hotkey: '5Miner1',
      modelSha256: 'ee'.repeat(32),
      bundleDigest: undefined,
      commitBlock: 3,
    });
  });

  it('reports no own uid when our hotkey is not registered', () => {
    expect(buildSnapshot(metagraph(7), commitments(), HYPERPARAMS, '5Else').ownUid).toBeUndefined();
  });
});

describe('MetagraphSync', () => {
  it('refreshes every refreshBlocks blocks, one read at a time', async () => {
    const chain = new FakeChain();
    const sync = new MetagraphSync({
      chain: chain.asClient(),
      netuid: 1,
      ownHotkey: '5Own',
      log: silentLogger(),
      refreshBlocks: 3,
    });
    await sync.refresh();
    expect(chain.reads).toBe(1);
    sync.onBlock(101);
    sync.onBlock(102);
    expect(chain.reads).toBe(1);
    chain.block = 103;
    sync.onBlock(103);
    sync.onBlock(103);
    expect(chain.reads).toBe(2);
    await sync.refresh();
    expect(sync.snapshot?.block).toBe(103);
  });

  it('keeps the last snapshot through an outage, counting each failed read by name', async () => {
    const chain = new FakeChain();
    const errors: string[] = [];
    const sync = new MetagraphSync({
      chain: chain.asClient(),
      netuid: 1,
      ownHotkey: '5Own',
      log: silentLogger(),
      onChainError: (name) => errors.push(name),
    });
    const first = await sync.refresh();
    chain.down = true;
    expect(await sync.refresh()).toBe(first);
    expect(await sync.refresh()).toBe(first);
    expect(errors).toEqual(['NOT_CONNECTED', 'NOT_CONNECTED']);
    chain.down = false;
    chain.block = 200;
    expect((await sync.refresh())?.block).toBe(200);
  });

  it('notes a miner whose committed model hash changed', async () => {
    const chain = new FakeChain();
    const { log, lines } = capturingLogger();
    const sync = new MetagraphSync({ chain: chain.asClient(), netuid: 1, ownHotkey: '5Own', log });
    await sync.refresh();
    chain.sha1 = 'ee';
    await sync.refresh();
    const note = lines.find((l) => l.msg === 'miner changed its committed model');
    expect(note).toMatchObject({ uid: 1, hotkey: '5Miner1', from: 'aa'.repeat(32), to: 'ee'.repeat(32) });
  });
});
