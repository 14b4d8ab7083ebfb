/**
 * End to end on the in-process dev chain: a subnet is created, `startMiner` registers its hotkey with
 * burned_register, serves a real ONNX model, advertises the axon and commits the model; a registered
 * validator then classifies over ws and an unregistered one is refused. Skipped (with a note) while the
 * dev runtime has no SubtensorModule.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../chain/node/node.js';
import type { MinerConfig } from '../../miner/config.js';
import { type MinerHandle, startMiner } from '../../miner/miner.js';
import {
  AXON_PROTOCOL_WEBSOCKET,
  decodeModelCommitment,
  PolkadotChainClient,
} from '../../shared/chain/index.js';
import { silentLogger } from '../../shared/logger.js';
import { readBundle } from '../../shared/models/bundle.js';
import { DomainModel } from '../../shared/models/index.js';
import {
  CLOSE_CODES,
  decodeClassifyPayload,
  type ResponseFrame,
  verifyResponse,
} from '../../shared/protocol/index.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../../shared/wallet/index.js';
import { writeRandomBagModel } from '../../testkit/bag-model.js';
import { devAlice, registerSubnet } from '../../testkit/subnet.js';
import { until } from '../helpers/until.js';
import { connectedClient, TestClient } from './helpers.js';

async function gauge(miner: MinerHandle, name: string): Promise<number | undefined> {
  const metric = await miner.register.getSingleMetric(name)?.get();
  return metric?.values[0]?.value;
}

describe('miner on the dev chain', () => {
  let node: NodeHandle;
  let chain: PolkadotChainClient;
  let dir: string;
  let netuid = -1;
  let miner: MinerHandle | undefined;
  const ownerHotkey = Sr25519Keypair.fromUri('//Alice//hotkey');
  const minerWallet = createDevWallet('//Bob');

  beforeAll(async () => {
    await cryptoWaitReady();
    dir = await mkdtemp(join(tmpdir(), 'expertnet-miner-e2e-'));
    node = await startNode({ ...nodeOptions(), rpcPort: 0 });
    chain = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
    await chain.connect();
    await writeRandomBagModel(join(dir, 'model'), 3);
    await writeDevWallet(minerWallet, { name: 'miner', path: join(dir, 'wallets') });
    // Alice's coldkey creates a subnet with her hotkey as owner (uid 0): our validator.
    netuid = await registerSubnet(chain, ownerHotkey.address);
    // set_commitment is signed by the hotkey. Subtensor makes it Pays::No; the dev runtime (in progress)
    // charges a fee, so give the hotkey 1 TAO to keep this test about the miner.
    await chain.submit(
      'Balances.transfer_keep_alive',
      chain.api.tx.balances.transferKeepAlive(minerWallet.hotkey.address, 1_000_000_000n),
      devAlice(),
    );
  });
  afterAll(async () => {
    await miner?.close();
    await chain?.close();
    await node?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Persistent base path, so the node can be stopped and started again with its state. */
  function nodeOptions() {
    return { instantSeal: true, basePath: join(dir, 'chain'), prometheusPort: null, logger: silentLogger() };
  }

  function config(): MinerConfig {
    return {
      wallet: { name: 'miner', hotkey: 'default', path: join(dir, 'wallets') },
      netuid,
      endpoint: node.rpcUrl,
      axon: { port: 0, ip: '127.0.0.1', externalIp: '127.0.0.1', externalPort: undefined },
      modelDir: join(dir, 'model'),
      device: 'cpu',
      backendModule: undefined,
      batch: { max: 16, delayMs: 2, queueMax: 256 },
      metricsPort: 0,
      register: true,
      // A fresh subnet has run no epoch yet, so nobody holds a validator permit.
      blacklist: { minStakeRao: 0n, hotkeys: [], requirePermit: false },
      rateLimitPerSecond: 100,
      logLevel: 'silent',
    };
  }

  it('refuses to start unregistered without --register', async () => {
    await expect(
      startMiner({ ...config(), register: false }, { logger: silentLogger() }),
    ).rejects.toMatchObject({
      code: 'NOT_REGISTERED',
    });
  });

  it('registers, advertises the axon, commits the model and serves validators', async () => {
    miner = await startMiner(config(), { logger: silentLogger() });
    expect(miner.hotkey).toBe(minerWallet.hotkey.address);

    const neuron = await chain.getNeuron(netuid, miner.hotkey);
    expect(neuron?.uid).toBe(miner.uid);
    expect(neuron?.coldkey).toBe(minerWallet.coldkey.address);
    expect(neuron?.axon).toMatchObject({
      ip: '127.0.0.1',
      port: miner.axonPort,
      protocol: AXON_PROTOCOL_WEBSOCKET,
    });

    const model = await DomainModel.load(join(dir, 'model'));
    const commitment = decodeModelCommitment((await chain.getCommitment(netuid, miner.hotkey)) ?? []);
    expect(commitment).toMatchObject({
      domain: 'finance',
      task: 'sentiment',
      labels: [...model.labels],
      version: 2,
      verifiable: true,
      // The whole bundle (model.json + ONNX), not the ONNX file alone.
      bundleDigest: (await readBundle(join(dir, 'model'))).digest,
    });

    const url = `ws://127.0.0.1:${miner.axonPort}`;
    const validator = await connectedClient(url, ownerHotkey);
    const texts = ['the bank beat estimates', 'shares plunged'];
    const request = validator.send({ type: 'classify', id: 1, texts });
    const answer = (await validator.answer(1)) as ResponseFrame;
    expect(verifyResponse(miner.hotkey, request, answer.payload, answer.signature)).toBe(true);
    const got = decodeClassifyPayload(answer.payload, { items: 2, labels: 3 }).probabilities;
    // The request formed one batch on its own, so the model run directly on it gives the same bits.
    expect(got).toEqual((await model.predict(texts)).map((v) => Array.from(v)));
    await model.close();
    validator.close();

    const stranger = new TestClient(url);
    await stranger.authenticate(Sr25519Keypair.fromUri('//Stranger'));
    expect((await stranger.closed).code).toBe(CLOSE_CODES.UNREGISTERED_HOTKEY);
  });

  it('keeps serving while the chain is down and follows it again when it is back', async (ctx) => {
    if (!miner) ctx.skip();
    const url = `ws://127.0.0.1:${miner!.axonPort}`;
    const port = node.rpcPort;
    await node.close();
    await until(
      async () => (await gauge(miner!, 'expertnet_miner_chain_connected')) === 0,
      'the miner to see the outage',
    );

    // Admission uses the last snapshot; answers keep coming.
    const validator = await connectedClient(url, ownerHotkey);
    validator.send({ type: 'classify', id: 1, texts: ['served while the chain is down'] });
    expect((await validator.answer(1)).type).toBe('response');

    node = await startNode({ ...nodeOptions(), rpcPort: port });
    await until(
      async () => (await gauge(miner!, 'expertnet_miner_chain_connected')) === 1,
      'the miner to reconnect',
    );
    const before = miner!.directory.block;
    for (let i = 0; i < 6; i++) await node.sealBlock();
    await until(() => miner!.directory.block > before, 'a metagraph refresh after the outage');
    validator.send({ type: 'classify', id: 2, texts: ['and after'] });
    expect((await validator.answer(2)).type).toBe('response');
    validator.close();
  });

  it('restarts without re-registering or re-serving', async (ctx) => {
    if (!miner) ctx.skip();
    const before = await chain.getNeuron(netuid, miner!.hotkey);
    const port = miner!.axonPort;
    await miner!.close();
    miner = await startMiner({ ...config(), axon: { ...config().axon, port } }, { logger: silentLogger() });
    const after = await chain.getNeuron(netuid, miner.hotkey);
    expect(after?.uid).toBe(before?.uid);
    expect(after?.axon?.block).toBe(before?.axon?.block);
  });
});
