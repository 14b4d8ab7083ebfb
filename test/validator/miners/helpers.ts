/**
 * Shared by the miner-client tests: endpoints, typed failures, and connections closed after each test
 * with no unhandled rejection left behind (the client must never throw outside its promises).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { MinerConnectionOptions } from '../../../validator/miners/index.js';
import { MinerClientError, MinerConnection, type MinerEndpoint } from '../../../validator/miners/index.js';
import { minerKey, validatorKey } from '../../miner/helpers.js';

export function endpointOf(port: number, hotkey = minerKey.address, uid = 3): MinerEndpoint {
  return { uid, hotkey, ip: '127.0.0.1', port };
}

export async function failureOf(promise: Promise<unknown>): Promise<MinerClientError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(MinerClientError);
    return err as MinerClientError;
  }
  throw new Error('expected a MinerClientError, the call succeeded');
}

/**
 * Registers the file's hooks and returns `open`: connections it opens are closed after each test, and
 * the file fails if any promise was rejected with nobody listening.
 */
export function connectionsOfThisFile(): (
  endpoint: MinerEndpoint,
  options?: MinerConnectionOptions,
) => Promise<MinerConnection> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const opened: MinerConnection[] = [];
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
  return async (endpoint, options = {}) => {
    const connection = await MinerConnection.open(endpoint, validatorKey, options);
    opened.push(connection);
    return connection;
  };
}
