/**
 * Bounded block memory (issue 19): the node keeps only the latest `recentBlocks` decoded headers in memory
 * and serves older blocks from LevelDB, answering exactly as it did while they were recent, across a
 * restart too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNode } from '../../../chain/node/node.js';
import { silentLogger } from '../../../shared/logger.js';
import { connect, type RawClient } from './rpc-client.js';

/** `System.Number` (twox128("System") ++ twox128("Number")). */
const SYSTEM_NUMBER = '0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac';
const WINDOW = 8;
const OLD = [0, 1, 2, 3];

/** What a client sees of block `n`: hash, header, block and a storage value there. */
async function snapshot(c: RawClient, n: number) {
  const hash = (await c.call('chain_getBlockHash', [n])).result as string;
  return {
    hash,
    header: (await c.call('chain_getHeader', [hash])).result,
    block: (await c.call('chain_getBlock', [hash])).result,
    number: (await c.call('state_getStorage', [SYSTEM_NUMBER, hash])).result,
  };
}

describe('bounded block records', () => {
  it('serves blocks older than the in-memory window from the database, before and after a restart', async () => {
    const basePath = await mkdtemp(join(tmpdir(), 'expertnet-window-'));
    const open = () =>
      startNode({
        basePath,
        instantSeal: true,
        rpcPort: 0,
        prometheusPort: null,
        logger: silentLogger(),
        statePruning: 'archive',
        recentBlocks: WINDOW,
      });
    try {
      const node = await open();
      const c = await connect(node.rpcUrl);
      for (let i = 0; i < 3; i++) await node.sealBlock();
      const before = await Promise.all(OLD.map((n) => snapshot(c, n)));
      expect(before[3]?.header).toMatchObject({ number: '0x3' });
      for (let i = 0; i < WINDOW + 50; i++) await node.sealBlock();
      expect(node.chain.best.number).toBe(WINDOW + 53);
      expect(node.chain.recordCount).toBeLessThanOrEqual(WINDOW);
      expect(await Promise.all(OLD.map((n) => snapshot(c, n)))).toEqual(before);
      // Batch form, beyond the best block, and a range across the window's edge.
      expect((await c.call('chain_getBlockHash', [[1, 2, 999]])).result).toEqual([
        before[1]?.hash,
        before[2]?.hash,
        null,
      ]);
      const range = (await c.call('state_queryStorage', [[SYSTEM_NUMBER], before[1]?.hash])).result as Array<{
        block: string;
      }>;
      expect(range).toHaveLength(WINDOW + 53);
      expect(range[0]?.block).toBe(before[1]?.hash);
      expect(range.at(-1)?.block).toBe(node.chain.best.hashHex);
      const unknown = `0x${'ab'.repeat(32)}`;
      expect((await c.call('chain_getHeader', [unknown])).result).toBeNull();
      c.close();
      await node.close();

      // A restart decodes only the window and still answers for every block.
      const reopened = await open();
      const c2 = await connect(reopened.rpcUrl);
      expect(reopened.chain.recordCount).toBeLessThanOrEqual(WINDOW);
      expect(reopened.chain.genesis.hashHex).toBe(before[0]?.hash);
      expect(await Promise.all(OLD.map((n) => snapshot(c2, n)))).toEqual(before);
      await reopened.sealBlock();
      expect(reopened.chain.best.number).toBe(WINDOW + 54);
      expect(reopened.chain.recordCount).toBeLessThanOrEqual(WINDOW);
      c2.close();
      await reopened.close();
    } finally {
      await rm(basePath, { recursive: true, force: true });
    }
  });
});
