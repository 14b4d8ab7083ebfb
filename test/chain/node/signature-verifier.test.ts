import type { Worker } from 'node:worker_threads';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../chain/node/errors.js';
import type { WorkerCheck } from '../../../chain/node/signature-messages.js';
import { SignatureVerifier } from '../../../chain/node/signature-verifier.js';
import { silentLogger } from '../../../shared/logger.js';

let verifier: SignatureVerifier;
const checks: WorkerCheck[] = [];
const expected: boolean[] = [];

async function untilAvailable(v: SignatureVerifier): Promise<void> {
  while (!v.available) await new Promise((r) => setTimeout(r, 10));
}

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring();
  const sr = keyring.addFromUri('//Alice', undefined, 'sr25519');
  const ed = keyring.addFromUri('//Alice', undefined, 'ed25519');
  for (let i = 0; i < 40; i++) {
    const message = stringToU8a(`payload ${i}`);
    const pair = i % 2 === 0 ? sr : ed;
    const signature = pair.sign(message);
    const corrupt = i % 5 === 0;
    if (corrupt) signature[10] = signature[10]! ^ 0xff;
    checks.push({ scheme: pair.type as 'sr25519' | 'ed25519', signature, message, signer: pair.publicKey });
    expected.push(!corrupt);
  }
  // Malformed input (a 3-byte key) counts as invalid, it does not kill the worker.
  checks.push({
    scheme: 'sr25519',
    signature: sr.sign('x'),
    message: stringToU8a('x'),
    signer: new Uint8Array(3),
  });
  expected.push(false);
  verifier = SignatureVerifier.start({ workers: 2, log: silentLogger() });
  await untilAvailable(verifier);
}, 30_000);

afterAll(async () => {
  await verifier?.close();
});

describe('SignatureVerifier', () => {
  it('verifies sr25519 and ed25519 batches across workers, one answer per check in order', async () => {
    expect(await verifier.verify(checks)).toEqual(expected);
    const [a, b] = await Promise.all([verifier.verify(checks.slice(0, 7)), verifier.verify(checks.slice(7))]);
    expect([...a, ...b]).toEqual(expected);
    expect(await verifier.verify([])).toEqual([]);
  });

  it('rejects with SIGNATURE_WORKER_FAILED once closed', async () => {
    const own = SignatureVerifier.start({ workers: 1, log: silentLogger() });
    await untilAvailable(own);
    await own.close();
    expect(own.available).toBe(false);
    await expect(own.verify(checks.slice(0, 1))).rejects.toSatisfy(
      (err) => err instanceof NodeError && err.type.code === 'SIGNATURE_WORKER_FAILED',
    );
  });

  it('replaces a worker that exits and verifies again', async () => {
    const own = SignatureVerifier.start({ workers: 1, log: silentLogger() });
    try {
      await untilAvailable(own);
      // Test-only reach into the pool: kill its thread as a crash would.
      const [slot] = (own as unknown as { slots: Set<{ worker: Worker }> }).slots;
      await slot!.worker.terminate(); // resolves after the 'exit' handler ran
      expect(own.available).toBe(false);
      await expect(own.verify(checks.slice(0, 2))).rejects.toBeInstanceOf(NodeError);
      await untilAvailable(own);
      expect(await own.verify(checks)).toEqual(expected);
    } finally {
      await own.close();
    }
  });

  it('refuses a worker count below one', () => {
    expect(() => SignatureVerifier.start({ workers: 0, log: silentLogger() })).toThrow(NodeError);
  });
});
