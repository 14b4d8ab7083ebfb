/**
 * ChainClock on the in-process dev chain (blocks sealed by the test): every head in order, an epoch
 * event at each first block of an epoch by the subnet's calendar (none for the first head seen, none
 * when the tempo changes), a throwing listener that stops nothing, `nextHead` waking on a head, a
 * timeout or an abort, and an aborted signal that ends the subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../chain/node/node.js';
import { PolkadotChainClient } from '../../shared/chain/index.js';
import { silentLogger } from '../../shared/logger.js';
import { epochIndex, isEpochBlock } from '../../shared/subtensor/epoch.js';
import { ChainClock, type ClockEpoch } from '../../validator/clock.js';
import { until } from '../helpers/until.js';

const NETUID = 3;

describe('ChainClock on the dev chain', () => {
  let node: NodeHandle;
  let chain: PolkadotChainClient;

  beforeAll(async () => {
    node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
    chain = new PolkadotChainClient({ endpoint: node.rpcUrl, reconnectDelayMs: 200 });
    await chain.connect();
  });
  afterAll(async () => {
    await chain?.close();
    await node?.close();
  });

  async function sealSeen(clock: ChainClock, blocks: number): Promise<void> {
    for (let i = 0; i < blocks; i++) {
      await node.sealBlock();
      const best = await chain.bestBlockNumber();
      await until(() => clock.head?.block === best, `head ${best}`);
    }
  }

  it('emits every head and each new epoch of the calendar, until the signal aborts', async () => {
    let tempo: number | undefined = 4;
    const clock = new ChainClock({ chain, netuid: NETUID, tempo: () => tempo, log: silentLogger() });
    const heads: number[] = [];
    const epochs: ClockEpoch[] = [];
    clock.onHead(() => {
      throw new Error('a broken listener');
    });
    clock.onHead(({ block }) => heads.push(block));
    clock.onEpoch((epoch) => epochs.push(epoch));
    const stop = new AbortController();
    await clock.start(stop.signal);
    await sealSeen(clock, 12);

    expect(heads.length).toBeGreaterThanOrEqual(12);
    expect(heads).toEqual(heads.map((_, i) => heads[0]! + i));
    expect(clock.head?.block).toBe(heads.at(-1));
    // Every epoch start after the first head, with its index; nothing else.
    const starts = heads.slice(1).filter((b) => isEpochBlock(NETUID, 4, b));
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(epochs).toEqual(starts.map((block) => ({ block, epoch: epochIndex(NETUID, 4, block), tempo: 4 })));

    // A new tempo moves the calendar: no epoch is reported for the change itself.
    tempo = 9;
    const before = epochs.length;
    await sealSeen(clock, 1);
    expect(epochs).toHaveLength(before);

    // Stopped: a second clock, still running, sees the next heads; the stopped one none of them.
    const witness = new ChainClock({ chain, netuid: NETUID, tempo: () => 4, log: silentLogger() });
    await witness.start(new AbortController().signal);
    stop.abort();
    const count = clock.headCount;
    await sealSeen(witness, 2);
    expect(clock.headCount).toBe(count);
  });

  it('nextHead: at once after a head already seen, on the next head, false on timeout or abort', async () => {
    const clock = new ChainClock({ chain, netuid: NETUID, tempo: () => undefined, log: silentLogger() });
    const stop = new AbortController();
    await clock.start(stop.signal);
    const mark = clock.headCount;
    await sealSeen(clock, 1);
    expect(await clock.nextHead({ after: mark })).toBe(true);

    const next = clock.nextHead({ timeoutMs: 30_000 });
    await node.sealBlock();
    expect(await next).toBe(true);

    expect(await clock.nextHead({ timeoutMs: 1 })).toBe(false);
    const waiting = clock.nextHead({ signal: stop.signal });
    stop.abort();
    expect(await waiting).toBe(false);
    expect(await clock.nextHead({ signal: stop.signal })).toBe(false);
  });
});
