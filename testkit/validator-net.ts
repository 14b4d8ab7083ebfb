/**
 * Set-up shared by the validator tests: a subnet on a fresh in-process dev chain whose owner hotkey is the
 * validator (uid 0), real miners' models trained in a temp dir, and adversarial miners that speak the
 * wire protocol but answer garbage or sign with the wrong key.
 */
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { type NodeHandle, startNode } from '../chain/node/node.js';
import type { MinerConfig } from '../miner/config.js';
import {
  AXON_PROTOCOL_WEBSOCKET,
  encodeModelCommitment,
  PolkadotChainClient,
  type TxResult,
} from '../shared/chain/index.js';
import { getTask } from '../shared/domains/index.js';
import { silentLogger } from '../shared/logger.js';
import { TIERS, trainModel } from '../shared/models/index.js';
import { encodeClassifyPayload, encodeInfoPayload, PROTOCOL_VERSION } from '../shared/protocol/index.js';
import { createDevWallet, Sr25519Keypair, writeDevWallet } from '../shared/wallet/index.js';
import type { ValidatorConfig } from '../validator/config.js';
import { type FakeMiner as FakeMinerServer, startFakeMiner } from './fake-miner.js';
import { registerSubnet } from './subnet.js';

export const TAO = 1_000_000_000n;
export const DOMAIN = 'legal';
/** How long `sealUntil` keeps waiting (sealing a block a second) once its block budget is spent. */
const SEAL_GRACE_MS = 20_000;
export const TASK = getTask(DOMAIN);

export interface TestNet {
  node: NodeHandle;
  chain: PolkadotChainClient;
  netuid: number;
  dir: string;
  alice: KeyringPair;
  /** The validator's dev wallet (`//Alice` coldkey, `//Alice//hotkey`): the subnet owner, uid 0. */
  validatorHotkey: Sr25519Keypair;
  sudo(call: string, ...args: unknown[]): Promise<TxResult>;
  /** burned_register of `hotkey` paid by the dev coldkey `coldUri`; returns its uid. */
  register(coldUri: string, hotkey: Sr25519Keypair): Promise<number>;
  /** serve_axon + set_commitment, as a miner does at start. */
  advertise(hotkey: Sr25519Keypair, port: number, bundleDigest?: string): Promise<void>;
  validatorConfig(overrides?: Partial<ValidatorConfig>): ValidatorConfig;
  /** Produces blocks one by one until `check` holds (or throws after `max`). */
  sealUntil(check: () => boolean | Promise<boolean>, what: string, max?: number): Promise<void>;
  storageWeights(uid: number): Promise<[number, number][]>;
  close(): Promise<void>;
}

/**
 * `blockTimeMs` set: blocks at that pace (the bench); otherwise instant seal (a block per transaction).
 * `prometheusPort` (0 = any free port) serves the node's metrics; none by default.
 */
export async function startTestNet(
  dir: string,
  options: { blockTimeMs?: number; prometheusPort?: number } = {},
): Promise<TestNet> {
  await cryptoWaitReady();
  const node = await startNode({
    instantSeal: options.blockTimeMs === undefined,
    blockTimeMs: options.blockTimeMs,
    rpcPort: 0,
    prometheusPort: options.prometheusPort ?? null,
    logger: silentLogger(),
  });
  const chain = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
  await chain.connect();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = keyring.addFromUri('//Alice');
  const validator = createDevWallet('//Alice');
  await writeDevWallet(validator, { name: 'validator', path: join(dir, 'wallets') });
  const tx = chain.api.tx;
  const netuid = await registerSubnet(chain, validator.hotkey.address, alice);
  const sudo = (call: string, ...args: unknown[]) => {
    const build = tx.adminUtils[call];
    if (!build) throw new Error(`the chain has no AdminUtils.${call}`);
    return chain.submit('Sudo.sudo', tx.sudo.sudo(build(netuid, ...args)), alice);
  };

  return {
    node,
    chain,
    netuid,
    dir,
    alice,
    validatorHotkey: validator.hotkey,
    sudo,
    async register(coldUri, hotkey) {
      await chain.burnedRegister(keyring.addFromUri(coldUri), netuid, hotkey.address);
      const uid = await chain.getUid(netuid, hotkey.address);
      if (uid === undefined) throw new Error(`${hotkey.address} not registered`);
      return uid;
    },
    async advertise(hotkey, port, bundleDigest = 'cd'.repeat(32)) {
      await chain.serveAxon(hotkey.toKeyringPair(), {
        netuid,
        version: 100,
        ip: '127.0.0.1',
        port,
        protocol: AXON_PROTOCOL_WEBSOCKET,
        placeholder1: PROTOCOL_VERSION,
      });
      await chain.setCommitment(
        hotkey.toKeyringPair(),
        netuid,
        encodeModelCommitment({ domain: DOMAIN, task: TASK.task, labels: [...TASK.labels], bundleDigest }),
      );
    },
    validatorConfig(overrides = {}) {
      return {
        wallet: { name: 'validator', hotkey: 'default', path: join(dir, 'wallets') },
        netuid,
        endpoint: node.rpcUrl,
        neuron: {
          sampleSize: 64,
          timeoutMs: 3000,
          batchSize: 24,
          movingAverageAlpha: 0.5,
          domainShares: { legal: 1, medical: 1, finance: 1 },
          scorePower: 1,
          excludeQuantile: 0,
          concurrency: 8,
          scoringRule: 'brier',
          epochLength: undefined,
        },
        datasets: [],
        datasetShare: 0.5,
        stateDir: join(dir, 'state'),
        metricsPort: 0,
        gatewayPort: 0,
        gatewayHost: '127.0.0.1',
        gatewayKeysFile: undefined,
        logLevel: 'silent',
        ...overrides,
      };
    },
    async sealUntil(check, what, max = 60) {
      for (let i = 0; i < max; i++) {
        if (await check()) return;
        await node.sealBlock();
        // Let the validator see the head and submit (a transaction seals its own block).
        await new Promise((r) => setTimeout(r, 40));
      }
      // A loaded machine may not have caught up with the blocks sealed 40 ms apart: give it time, sealing
      // slowly, so the budget is what the validator needs in blocks, not how fast this loop spins.
      const deadline = Date.now() + SEAL_GRACE_MS;
      for (let tick = 1; Date.now() < deadline; tick++) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 250));
        if (tick % 4 === 0) await node.sealBlock();
      }
      if (!(await check()))
        throw new Error(`no ${what} after ${max} blocks and ${SEAL_GRACE_MS / 1000} s more`);
    },
    async storageWeights(uid) {
      const row = await chain.api.query.subtensorModule.weights(netuid, uid);
      return row.map(([dest, weight]): [number, number] => [dest.toNumber(), weight.toNumber()]);
    },
    async close() {
      await chain.close();
      await node.close();
    },
  };
}

/**
 * A real miner's config on this test net: loopback axon on a free port, CPU, no metrics port, silent,
 * a generous rate limit, and no validator permit required (a fresh subnet has run no epoch yet).
 */
export function testMinerConfig(
  net: Pick<TestNet, 'netuid' | 'node'>,
  options: {
    wallet: string;
    walletPath: string;
    modelDir: string;
    register: boolean;
    dev?: MinerConfig['dev'];
  },
): MinerConfig {
  return {
    wallet: { name: options.wallet, hotkey: 'default', path: options.walletPath },
    netuid: net.netuid,
    endpoint: net.node.rpcUrl,
    axon: { port: 0, ip: '127.0.0.1', externalIp: '127.0.0.1', externalPort: undefined },
    modelDir: options.modelDir,
    device: 'cpu',
    backendModule: undefined,
    batch: { max: 64, delayMs: 1, queueMax: 1024 },
    metricsPort: 0,
    register: options.register,
    blacklist: { minStakeRao: 0n, hotkeys: [], requirePermit: false },
    rateLimitPerSecond: 1000,
    logLevel: 'silent',
    ...(options.dev ? { dev: options.dev } : {}),
  };
}

/** Trains a small legal/clause model: `good` (well trained) or `weak` (barely past guessing). */
export async function trainLegalModel(out: string, tier: 'good' | 'weak'): Promise<void> {
  const settings =
    tier === 'good' ? { ...TIERS.medium, buckets: 1 << 14, trainSize: 600, epochs: 4 } : { ...TIERS.weak };
  await trainModel({ ...settings, domain: DOMAIN, task: TASK.task, out, validSize: 0, tier });
}

export type FakeMode =
  /** Correctly signed answers with uniform probabilities. */
  | 'uniform'
  /** Correctly signed info, classify answers signed by another key. */
  | 'bad-signature'
  /** Correctly signed info, classify payloads that are not a classify payload. */
  | 'garbage';

/**
 * A miner that speaks the protocol by hand (no model, `fake-miner.ts`): accepts any validator's auth and
 * answers as `mode` says. Real enough for the validator's checks, which is what it tests.
 */
export class FakeMiner {
  readonly port: number;
  /** Every text it was asked to classify, in arrival order. */
  readonly received: string[];
  readonly #server: FakeMinerServer;

  private constructor(server: FakeMinerServer, received: string[]) {
    this.#server = server;
    this.port = server.port;
    this.received = received;
  }

  static async start(hotkey: Sr25519Keypair, mode: FakeMode): Promise<FakeMiner> {
    const impostor = Sr25519Keypair.fromUri('//Impostor');
    const labels = [...TASK.labels];
    const info = encodeInfoPayload({
      kind: 'info',
      protocolVersion: PROTOCOL_VERSION,
      domain: DOMAIN,
      task: TASK.task,
      labels,
      modelSha256: 'cd'.repeat(32),
      softwareVersion: 'fake',
      bundleDigest: 'cd'.repeat(32),
      executionProvider: 'cpu',
    });
    const received: string[] = [];
    const server = await startFakeMiner(
      {
        badFrame: (ws) => ws.close(1002),
        request: (ctx) => {
          if (ctx.frame.type !== 'classify') return ctx.reply(info);
          received.push(...ctx.frame.texts);
          const uniform = ctx.frame.texts.map(() => labels.map(() => 1 / labels.length));
          const payload =
            mode === 'garbage'
              ? new TextEncoder().encode('not a classify payload')
              : encodeClassifyPayload({ kind: 'classify', probabilities: uniform, inferenceMs: 1 });
          ctx.reply(payload, mode === 'bad-signature' ? impostor : hotkey);
        },
      },
      hotkey,
    );
    return new FakeMiner(server, received);
  }

  close(): Promise<void> {
    return this.#server.close();
  }
}
