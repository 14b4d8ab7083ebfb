/**
 * Worker thread of `SignatureVerifier`: verifies batches of sr25519/ed25519 signatures with
 * `@polkadot/wasm-crypto` (its own wasm instance per thread) and answers one byte per check (1 valid, 0 not).
 * A check that throws (malformed input) counts as invalid. Imports nothing else, so it starts fast.
 */
import { parentPort } from 'node:worker_threads';
import { ed25519Verify, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import type { VerifyReply, VerifyRequest } from './signature-messages.js';

const port = parentPort;
if (port === null) throw new Error('signature-worker must run in a worker thread');

await waitReady();

port.on('message', (req: VerifyRequest) => {
  const valid = new Uint8Array(req.checks.length);
  req.checks.forEach((c, i) => {
    try {
      const ok =
        c.scheme === 'sr25519'
          ? sr25519Verify(c.signature, c.message, c.signer)
          : ed25519Verify(c.signature, c.message, c.signer);
      valid[i] = ok ? 1 : 0;
    } catch {
      valid[i] = 0;
    }
  });
  port.postMessage({ type: 'result', id: req.id, valid } satisfies VerifyReply);
});
port.postMessage({ type: 'ready' } satisfies VerifyReply);
