/**
 * The dev beacon on a running node, read through unmodified @polkadot/api over JSON-RPC: pulses appear
 * every period of chain time and verify against `Drand.BeaconConfig`'s public key; a forged pulse
 * submitted with `author_submitExtrinsic` is refused and never stored; a restart keeps the beacon key
 * and goes on with the next rounds; options contradicting the persisted beacon fail start-up clearly.
 */
import '../../../shared/chain/augment/index.js';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { QueryableModuleStorage, SubmittableModuleExtrinsics } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEACON_FILE, openDevBeacon } from '../../../chain/node/beacon.js';
import { type NodeHandle, type NodeOptions, startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import {
  beaconPublicKey,
  randomnessOf,
  roundAt,
  signRound,
  verifyBeaconSignature,
} from '../../../shared/timelock/index.js';

const BLOCK_MS = 3000;

interface Running {
  node: NodeHandle;
  api: ApiPromise;
  close(): Promise<void>;
}

async function start(basePath: string, extra: Partial<NodeOptions> = {}): Promise<Running> {
  const node = await startNode({
    basePath,
    instantSeal: true,
    blockTimeMs: BLOCK_MS,
    // quicknet's 3 s (instant seal would default to one round per block).
    beacon: { period: 3 },
    rpcPort: 0,
    prometheusPort: null,
    signatureWorkers: 0,
    logger: silentLogger(),
    ...extra,
  });
  const api = await ApiPromise.create({ provider: new WsProvider(node.rpcUrl), noInitWarn: true });
  return {
    node,
    api,
    close: async () => {
      await api.disconnect();
      await node.close();
    },
  };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

function drandQuery(api: ApiPromise): QueryableModuleStorage<'promise'> {
  const q = api.query.drand;
  if (q === undefined) throw new Error('no Drand pallet in the metadata');
  return q;
}

function drandTx(api: ApiPromise): SubmittableModuleExtrinsics<'promise'> {
  const tx = api.tx.drand;
  if (tx === undefined) throw new Error('no Drand calls in the metadata');
  return tx;
}

interface ChainPulses {
  publicKey: Uint8Array;
  period: number;
  genesisTime: number;
  last: bigint;
  nowMs: number;
  pulses: Map<bigint, { randomness: Uint8Array; signature: Uint8Array }>;
}

async function readPulses(api: ApiPromise): Promise<ChainPulses> {
  const q = drandQuery(api);
  const config = (await must(q.beaconConfig, 'Drand.BeaconConfig')()) as unknown as {
    publicKey: { toU8a(bare: boolean): Uint8Array };
    period: { toNumber(): number };
    genesisTime: { toNumber(): number };
  };
  const last = BigInt((await must(q.lastStoredRound, 'Drand.LastStoredRound')()).toString());
  const nowMs = Number((await api.query.timestamp.now()).toString());
  const pulses = new Map<bigint, { randomness: Uint8Array; signature: Uint8Array }>();
  for (const [, value] of await must(q.pulses, 'Drand.Pulses').entries()) {
    const p = (
      value as unknown as { unwrap(): Record<string, { toU8a(bare: boolean): Uint8Array }> }
    ).unwrap();
    const round = BigInt(must(p.round, 'round').toString());
    pulses.set(round, {
      randomness: must(p.randomness, 'randomness').toU8a(true),
      signature: must(p.signature, 'signature').toU8a(true),
    });
  }
  return {
    publicKey: config.publicKey.toU8a(true),
    period: config.period.toNumber(),
    genesisTime: config.genesisTime.toNumber(),
    last,
    nowMs,
    pulses,
  };
}

describe('dev beacon on the node', () => {
  let dir: string;
  let first: ChainPulses;

  beforeAll(async () => {
    await cryptoWaitReady();
    dir = await mkdtemp(join(tmpdir(), 'expertnet-beacon-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('puts a pulse into the chain every period of chain time, each verifying against BeaconConfig', async () => {
    const run = await start(dir);
    try {
      for (let i = 0; i < 3; i++) await run.node.sealBlock();
      first = await readPulses(run.api);
      expect(first.period).toBe(3);
      expect(first.publicKey.length).toBe(96);
      // Every round due by the best block's time is on chain, none later.
      expect(first.last).toBe(roundAt(first, Math.floor(first.nowMs / 1000)));
      expect(first.last).toBeGreaterThanOrEqual(3n);
      const rounds = [...first.pulses.keys()].sort((a, b) => Number(a - b));
      expect(rounds.at(-1)).toBe(first.last);
      expect(rounds).toEqual(rounds.map((_, i) => (rounds[0] ?? 0n) + BigInt(i)));
      for (const [round, p] of first.pulses) {
        expect(verifyBeaconSignature(first.publicKey, round, p.signature)).toBe(true);
        expect(p.randomness).toEqual(randomnessOf(p.signature));
      }
    } finally {
      await run.close();
    }
  });

  it('refuses a forged pulse from author_submitExtrinsic and never stores it', async () => {
    // 30 s blocks: ten rounds due a block, eight taken, so due rounds wait that a forger could aim at.
    const run = await start(dir, { tmp: true, blockTimeMs: 30_000 });
    try {
      await run.node.sealBlock();
      await run.node.sealBlock();
      const before = await readPulses(run.api);
      const due = roundAt(before, Math.floor(before.nowMs / 1000));
      expect(due).toBeGreaterThan(before.last);
      const mallory = new Keyring({ type: 'sr25519' }).addFromUri('//Mallory');
      const number = (await run.api.rpc.chain.getHeader()).number.toNumber();
      const forge = (round: bigint) => {
        // Signed by some other BLS key.
        const signature = signRound(
          Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0x21 : i)),
          round,
        );
        const payload = run.api.createType('PalletDrandPulsesPayload', {
          blockNumber: number + 1,
          pulses: [{ round, randomness: u8aToHex(randomnessOf(signature)), signature: u8aToHex(signature) }],
          public: { Sr25519: mallory.publicKey },
        });
        return must(drandTx(run.api).writePulse, 'Drand.write_pulse')(payload, {
          Sr25519: mallory.sign(payload.toU8a()),
        });
      };
      const submit = (round: bigint) => run.api.rpc.author.submitExtrinsic(forge(round));
      await expect(submit(before.last + 1n)).rejects.toThrow(/1010: Invalid Transaction: .*bad signature/);
      await expect(submit(due + 1n)).rejects.toThrow(/1010: Invalid Transaction: .*future/);
      await expect(submit(before.last)).rejects.toThrow(/1010: Invalid Transaction: .*outdated/);
      await run.node.sealBlock();
      const after = await readPulses(run.api);
      expect(after.last).toBeGreaterThan(before.last);
      const stored = after.pulses.get(before.last + 1n);
      expect(stored && verifyBeaconSignature(after.publicKey, before.last + 1n, stored.signature)).toBe(true);
    } finally {
      await run.close();
    }
  });

  it('keeps the beacon key across a restart and goes on with the next rounds', async () => {
    const persisted = JSON.parse(await readFile(join(dir, 'chains', 'dev', BEACON_FILE), 'utf8'));
    expect(persisted.period).toBe(3);
    const run = await start(dir);
    try {
      const before = await readPulses(run.api);
      expect(before.publicKey).toEqual(first.publicKey);
      expect(before.genesisTime).toBe(first.genesisTime);
      await run.node.sealBlock();
      const after = await readPulses(run.api);
      expect(after.last).toBeGreaterThan(before.last);
      for (let round = before.last + 1n; round <= after.last; round++) {
        const p = after.pulses.get(round);
        expect(p && verifyBeaconSignature(first.publicKey, round, p.signature)).toBe(true);
      }
    } finally {
      await run.close();
    }
  });

  it('refuses options that contradict the persisted beacon', async () => {
    const other = 'aa'.repeat(32).replace(/^aa/, '11');
    await expect(start(dir, { beacon: { secret: other } })).rejects.toThrow(/beacon-secret differs/);
    await expect(start(dir, { beacon: { period: 5 } })).rejects.toThrow(/period of 3 s/);
    await expect(start(dir, { tmp: true, beacon: { secret: 'zz' } })).rejects.toThrow(/32 bytes of hex/);
  });
});

describe('openDevBeacon', () => {
  it('takes a given secret, persists it (mode 0600) and refuses keys that are no BLS scalar', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'expertnet-beacon-'));
    try {
      const secret = `0x${'07'.repeat(32)}`;
      const beacon = await openDevBeacon(dir, { secret, period: 2 });
      expect(beacon.genesis.publicKey).toEqual(beaconPublicKey(Buffer.from('07'.repeat(32), 'hex')));
      expect(beacon.genesis.period).toBe(2);
      const file = join(dir, BEACON_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const again = await openDevBeacon(dir);
      expect(again.genesis).toEqual(beacon.genesis);
      expect(verifyBeaconSignature(again.genesis.publicKey, 5n, again.env.beaconSignature(5n))).toBe(true);
      await mkdir(join(dir, 'x'));
      await expect(openDevBeacon(join(dir, 'x'), { secret: 'ff'.repeat(32) })).rejects.toThrow(
        /not a BLS12-381 secret key/,
      );
      await expect(openDevBeacon(dir, { period: 0 })).rejects.toThrow(/whole seconds/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
