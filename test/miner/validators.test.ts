/**
 * MetagraphDirectory: admission follows the metagraph as blocks arrive, and when the chain is
 * unreachable the miner keeps serving on the last good snapshot. The chain here is a stub of the
 * ChainClient seam (the real client's outage handling is tested in test/shared/chain).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetagraphDirectory } from '../../miner/validators.js';
import {
  type ChainClient,
  ChainClientError,
  type Metagraph,
  type NewHead,
} from '../../shared/chain/index.js';
import { CLOSE_CODES } from '../../shared/protocol/index.js';
import { Sr25519Keypair } from '../../shared/wallet/index.js';
import { connectedClient, startTestMiner, TestClient, type TestMiner, validatorKey } from './helpers.js';

const late = Sr25519Keypair.fromUri('//LateValidator');

function metagraphOf(block: number, validators: Sr25519Keypair[]): Metagraph {
  return {
    netuid: 1,
    block,
    n: validators.length,
    uids: validators.map((_, i) => i),
    hotkeys: validators.map((v) => v.address),
    coldkeys: validators.map((v) => v.address),
    stake: validators.map(() => 10n ** 12n),
    validatorPermit: validators.map(() => true),
    active: validators.map(() => true),
    axons: validators.map(() => undefined),
    lastUpdate: validators.map(() => 0),
    incentive: validators.map(() => 0),
    dividends: validators.map(() => 0),
    consensus: validators.map(() => 0),
    trust: validators.map(() => 0),
    validatorTrust: validators.map(() => 0),
    emission: validators.map(() => 0n),
  };
}

/** Just the reads MetagraphDirectory makes; `down` makes them fail as the real client does. */
class StubChain {
  down = false;
  validators: Sr25519Keypair[] = [validatorKey];
  reads = 0;
  #listener: ((h: NewHead) => void) | undefined;
  async metagraph(): Promise<Metagraph> {
    this.reads++;
    if (this.down)
      throw new ChainClientError(
        { code: 'NOT_CONNECTED', endpoint: 'stub' },
        'chain is unreachable right now',
      );
    return metagraphOf(this.reads, this.validators);
  }
  async subscribeNewHeads(listener: (h: NewHead) => void): Promise<() => void> {
    this.#listener = listener;
    return () => {
      this.#listener = undefined;
    };
  }
  head(number: number): void {
    this.#listener?.({ number, hash: `0x${number.toString(16).padStart(64, '0')}` });
  }
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
}

describe('MetagraphDirectory', () => {
  let chain: StubChain;
  let directory: MetagraphDirectory;
  let miner: TestMiner;

  beforeAll(async () => {
    chain = new StubChain();
    directory = new MetagraphDirectory({
      chain: chain as unknown as ChainClient,
      netuid: 1,
      refreshEveryBlocks: 2,
    });
    await directory.refresh();
    await directory.follow();
    miner = await startTestMiner({ directory });
  });
  afterAll(async () => {
    directory.stop();
    await miner?.close();
  });

  it('admits a validator once a later metagraph lists it', async () => {
    const before = new TestClient(miner.url);
    await before.authenticate(late);
    expect((await before.closed).code).toBe(CLOSE_CODES.UNREGISTERED_HOTKEY);

    chain.validators = [validatorKey, late];
    const reads = chain.reads;
    chain.head(directory.block + 1); // not enough blocks yet
    await settle();
    expect(chain.reads).toBe(reads);
    chain.head(directory.block + 5);
    await settle();
    expect(chain.reads).toBe(reads + 1);
    expect(directory.lookup(late.address)).toMatchObject({ validatorPermit: true });
    const after = await connectedClient(miner.url, late);
    after.close();
  });

  it('keeps serving on the last snapshot while the chain is unreachable', async () => {
    const client = await connectedClient(miner.url);
    chain.down = true;
    const reads = chain.reads;
    chain.head(directory.block + 10);
    await settle();
    expect(chain.reads).toBe(reads + 1); // it tried, failed, and kept the snapshot
    expect(directory.lookup(validatorKey.address)).toBeDefined();

    client.send({ type: 'classify', id: 1, texts: ['served during the outage'] });
    expect((await client.answer(1)).type).toBe('response');
    // New validators known from the last snapshot can still connect.
    const other = await connectedClient(miner.url, late);
    other.close();

    chain.down = false;
    chain.validators = [validatorKey];
    chain.head(directory.block + 20);
    await settle();
    expect(directory.lookup(late.address)).toBeUndefined();
    client.close();
  });

  it('closes connected validators the refreshed metagraph no longer admits', async () => {
    chain.validators = [validatorKey, late];
    await directory.refresh();
    const staying = await connectedClient(miner.url);
    const leaving = await connectedClient(miner.url, late);
    chain.validators = [validatorKey];
    await directory.refresh();
    expect(miner.server.recheck()).toBe(1);
    expect((await leaving.closed).code).toBe(CLOSE_CODES.UNREGISTERED_HOTKEY);
    staying.send({ type: 'classify', id: 1, texts: ['still admitted'] });
    expect((await staying.answer(1)).type).toBe('response');
    staying.close();
  });
});
