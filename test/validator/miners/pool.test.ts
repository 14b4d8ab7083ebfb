/** The pool (validator/miners/pool.ts) against a real miner: one connection per uid, reuse, replacement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeMinerKey } from '../../../testkit/fake-miner.js';
import { MinerConnections } from '../../../validator/miners/index.js';
import { startTestMiner, type TestMiner, validatorKey } from '../../miner/helpers.js';
import { endpointOf, failureOf } from './helpers.js';

describe('MinerConnections', () => {
  let miner: TestMiner;
  beforeAll(async () => {
    miner = await startTestMiner();
  });
  afterAll(async () => {
    await miner?.close();
  });

  it('shares one connection per miner, reopens after a close, replaces on a new hotkey', async () => {
    const pool = new MinerConnections(validatorKey);
    try {
      const endpoint = endpointOf(miner.server.port);
      const [a, b] = await Promise.all([pool.get(endpoint), pool.get(endpoint)]);
      expect(a).toBe(b);
      expect(pool.size).toBe(1);
      expect(await pool.get(endpoint)).toBe(a);

      a.close();
      const reopened = await pool.get(endpoint);
      expect(reopened).not.toBe(a);
      expect((await reopened.classify(['again'])).probabilities).toHaveLength(1);

      const moved = await failureOf(pool.get({ ...endpoint, hotkey: fakeMinerKey.address }));
      expect(moved.failure).toBe('HANDSHAKE');
      expect(reopened.isOpen).toBe(false);
      expect(pool.size).toBe(0);

      const back = await pool.get(endpoint);
      pool.drop(endpoint.uid);
      expect(back.isOpen).toBe(false);
    } finally {
      pool.close();
    }
    await expect(pool.get(endpointOf(miner.server.port))).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
