/**
 * Shared by the miner-client tests: endpoints, typed failures, and connections closed after each test
 * with no unhandled rejection left behind (the client must never throw outside its promises).
 */
import { Encoder } from '@msgpack/msgpack';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import {
  buildResponseFrame,
  encodeFrame,
  type InfoPayload,
  PROTOCOL_VERSION,
} from '../../../shared/protocol/index.js';
import type { Sr25519Keypair } from '../../../shared/wallet/index.js';
import { type FakeMiner, startFakeMiner } from '../../../testkit/fake-miner.js';
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

/**
 * MessagePack as another implementation may write it: every number a float64 (whole ones too, as an
 * encoder that only knows doubles does), map keys in another order than ours.
 */
const foreignEncoder = new Encoder({ ignoreUndefined: true, forceIntegerToFloat: true });

export function foreignInfoPayload(info: InfoPayload): Uint8Array {
  return foreignEncoder.encode(Object.fromEntries(Object.entries(info).reverse()));
}

export function foreignClassifyPayload(probabilities: number[][], inferenceMs: number): Uint8Array {
  return foreignEncoder.encode({ inferenceMs, probabilities, kind: 'classify' });
}

/** Text `i`'s vector: float64 values that float32 cannot hold (0.1, 0.7, 0.2, ... rotated by `i`). */
export function foreignVector(i: number, labels: number): number[] {
  const base = Array.from({ length: labels }, (_, j) => (j === 0 ? 0.7 : 0.3 / (labels - 1)));
  return base.map((_, j) => base[(j - (i % labels) + labels) % labels] ?? 0);
}

export const FOREIGN_INFERENCE_MS = 2.3;

export interface ForeignMiner extends FakeMiner {
  /** Every payload it signed, in order (the admission `info` first). */
  signed: Uint8Array[];
}

/**
 * A hand-driven miner (testkit/fake-miner.ts) under `key` that answers `info` and `classify`
 * correctly signed but in foreign MessagePack (`foreignInfoPayload`, `foreignClassifyPayload` of
 * `foreignVector`s): bytes our own encoder would never produce for the same values.
 */
export async function startForeignMiner(
  key: Sr25519Keypair,
  info: Omit<InfoPayload, 'kind' | 'protocolVersion'>,
): Promise<ForeignMiner> {
  const signed: Uint8Array[] = [];
  const miner = await startFakeMiner(
    {
      request: ({ ws, frame, bytes }) => {
        const payload =
          frame.type !== 'classify'
            ? foreignInfoPayload({ kind: 'info', protocolVersion: PROTOCOL_VERSION, ...info })
            : foreignClassifyPayload(
                frame.texts.map((_, i) => foreignVector(i, info.labels.length)),
                FOREIGN_INFERENCE_MS,
              );
        signed.push(payload);
        ws.send(encodeFrame(buildResponseFrame(key, frame.id, bytes, payload)));
      },
    },
    key,
  );
  return Object.assign(miner, { signed });
}
