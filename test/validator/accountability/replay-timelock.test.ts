/**
 * `expertnet audit replay` of timelocked weights on the dev chain (Drand pallet, dev beacon): a real
 * validator in the default mode commits its weights encrypted to a drand round, the chain applies them in
 * the next epoch; replay decrypts each commit with its round's pulse from chain and matches the vector
 * with the audit, and maps the row the chain applied back to the epoch whose rounds offered it (MATCH).
 * A commit whose ciphertext holds another vector than the audit says is a MISMATCH.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../shared/logger.js';
import { epochIndex } from '../../../shared/subtensor/epoch.js';
import { encodeWeightsPayload, timelockEncrypt } from '../../../shared/timelock/index.js';
import { Sr25519Keypair } from '../../../shared/wallet/index.js';
import { FakeMiner, startTestNet, type TestNet } from '../../../testkit/validator-net.js';
import { connectionReplayChain } from '../../../validator/accountability/replay-chain.js';
import { replayRange } from '../../../validator/accountability/replay-source.js';
import type { EpochVerdict, ReplayChain } from '../../../validator/accountability/replay-types.js';
import { startValidator, type ValidatorHandle } from '../../../validator/validator.js';

const TEMPO = 10;

describe('audit replay of timelocked weights', () => {
  let dir: string;
  let net: TestNet;
  let epochsDir: string;
  let honest: ValidatorHandle | undefined;
  const fakes: FakeMiner[] = [];
  const played: number[] = [];

  const epochNow = async () => epochIndex(net.netuid, TEMPO, await net.chain.bestBlockNumber());
  const logger = () =>
    process.env.REPLAY_DEBUG ? createLogger({ name: 'validator', level: 'debug' }) : silentLogger();
  const replay = (from: number, to: number, source = epochsDir): Promise<EpochVerdict[]> => {
    const hotkey = net.validatorHotkey.address;
    return replayRange({
      netuid: net.netuid,
      hotkey,
      from,
      to,
      source,
      chain: connectionReplayChain(net.chain.connection, { netuid: net.netuid, hotkey }),
    });
  };
  /** A block every `ms` (the dev beacon's pulses come in real time: the reveal round must arrive). */
  const sealSlowly = async (until: () => Promise<boolean>, max: number, ms = 250) => {
    for (let i = 0; i < max; i++) {
      if (await until()) return;
      await net.node.sealBlock();
      await new Promise((r) => setTimeout(r, ms));
    }
    throw new Error(`not done within ${max} blocks`);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expertnet-replay-timelock-'));
    epochsDir = join(dir, 'state', 'audit', 'epochs');
    net = await startTestNet(dir);
    // Commit-reveal (timelocked) is on by default on the dev chain.
    await net.sudo('sudoSetWeightsSetRateLimit', 0);
    await net.sudo('sudoSetTempo', TEMPO);
    for (const uri of ['//Bob', '//Charlie']) {
      const hotkey = Sr25519Keypair.fromUri(`${uri}//hotkey`);
      await net.register(uri, hotkey);
      const fake = await FakeMiner.start(hotkey, 'uniform');
      fakes.push(fake);
      await net.advertise(hotkey, fake.port);
    }
  }, 60_000);

  afterAll(async () => {
    await honest?.close();
    for (const fake of fakes) await fake.close();
    await net?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('replays an honest validator committing timelocked weights as MATCH, its commits decrypted', async () => {
    honest = await startValidator(net.validatorConfig(), { logger: logger(), autoRounds: false });
    const v = honest;
    const applied = new Set<number>();
    // Rounds in each epoch; on until two commits were applied by the chain and three epochs played.
    for (let i = 0; i < 8 && !(applied.size >= 2 && played.length >= 3); i++) {
      const epoch = await epochNow();
      played.push(epoch);
      await v.runRound();
      await sealSlowly(async () => {
        const last = v.weightSetter.lastWeights;
        if (last?.method === 'reveal') applied.add(last.block);
        if ((await epochNow()) > epoch) return true;
        await v.runRound();
        return false;
      }, 4 * TEMPO);
    }
    expect(v.weightSetter.path).toBe('timelock');
    expect(applied.size).toBeGreaterThanOrEqual(2);
    // Close the last epoch played (its file is gzipped at the first round of a later one).
    const last = played.at(-1) ?? 0;
    await sealSlowly(async () => {
      await v.runRound();
      return (
        (await stat(join(epochsDir, `${net.netuid}-${last}.jsonl.gz`)).catch(() => undefined)) !== undefined
      );
    }, 10);
    const verdicts = await replay(played[0] ?? 0, last);
    expect(verdicts.map((x) => [x.epoch, x.verdict, x.reason])).toEqual(
      played.map((e) => [e, 'MATCH', expect.any(String)]),
    );
    expect(verdicts.filter((x) => x.stats.chainWeights > 0).length).toBeGreaterThanOrEqual(2);
  }, 240_000);

  it('a timelocked commit whose ciphertext holds another vector than the audit says: MISMATCH', async () => {
    const hotkey = net.validatorHotkey.address;
    const real = connectionReplayChain(net.chain.connection, { netuid: net.netuid, hotkey });
    const beacon = await net.chain.beaconConfig();
    let swapped = 0;
    // The chain's commit of ours, re-encrypted (same round, so its pulse opens it) with other weights.
    const lying: ReplayChain = {
      at: (block) => real.at(block),
      async timelockedCommit(block, epoch) {
        const found = await real.timelockedCommit?.(block, epoch);
        if (!found) return found;
        swapped++;
        const payload = encodeWeightsPayload({
          hotkey: decodeAddress(hotkey),
          uids: [0],
          values: [65_535],
          versionKey: 0n,
        });
        return { ...found, ciphertext: timelockEncrypt(payload, found.revealRound, beacon.publicKey) };
      },
    };
    const epoch = played[0] ?? 0;
    const [verdict] = await replayRange({
      netuid: net.netuid,
      hotkey,
      from: epoch,
      to: played.at(-1) ?? epoch,
      source: epochsDir,
      chain: lying,
    });
    expect(swapped).toBeGreaterThan(0);
    expect(verdict).toMatchObject({ verdict: 'MISMATCH', difference: { check: 'timelock-commit' } });
  }, 60_000);
});
