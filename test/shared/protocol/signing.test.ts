import { describe, expect, it } from 'vitest';
import {
  decodeClassifyPayload,
  decodeMinerFrame,
  encodeClassifyPayload,
  encodeFrame,
} from '../../../shared/protocol/codec.js';
import type { ClassifyRequestFrame, ResponseFrame } from '../../../shared/protocol/messages.js';
import {
  buildResponseFrame,
  hashBytes,
  responseSigningMessage,
  signedAnswer,
  verifyResponse,
  verifySignedAnswer,
} from '../../../shared/protocol/signing.js';
import { Sr25519Keypair } from '../../../shared/wallet/keypair.js';

const miner = Sr25519Keypair.fromUri('//Alice//miner');
const request: ClassifyRequestFrame = {
  type: 'classify',
  id: 7,
  texts: ['the tenant shall pay', 'chest pain'],
};
const requestBytes = encodeFrame(request);
const payload = encodeClassifyPayload({
  kind: 'classify',
  probabilities: [
    [0.1, 0.7, 0.2],
    [0.3333333, 0.3333333, 0.3333334],
  ],
  inferenceMs: 3.25,
});

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[at]! ^= 1;
  return out;
}

describe('response signatures', () => {
  it('signs context ‖ blake2(request) ‖ blake2(payload) and verifies', () => {
    const msg = responseSigningMessage(requestBytes, payload);
    expect(Buffer.from(msg.subarray(0, 21)).toString()).toBe('expertnet/response/v1');
    expect(msg.subarray(21, 53)).toEqual(hashBytes(requestBytes));
    expect(msg.subarray(53)).toEqual(hashBytes(payload));
    const frame = buildResponseFrame(miner, request.id, requestBytes, payload);
    expect(verifyResponse(miner.address, requestBytes, payload, frame.signature)).toBe(true);
    expect(verifyResponse(miner.publicKey, requestBytes, payload, frame.signature)).toBe(true);
  });

  it('fails when the payload, the request, the signer or the signature is tampered with', () => {
    const { signature } = buildResponseFrame(miner, request.id, requestBytes, payload);
    const other = Sr25519Keypair.fromUri('//Bob');
    expect(verifyResponse(miner.address, requestBytes, flip(payload, payload.length - 1), signature)).toBe(
      false,
    );
    expect(verifyResponse(miner.address, flip(requestBytes, 3), payload, signature)).toBe(false);
    expect(verifyResponse(other.address, requestBytes, payload, signature)).toBe(false);
    expect(verifyResponse(miner.address, requestBytes, payload, flip(signature, 10))).toBe(false);
    expect(verifyResponse('garbage', requestBytes, payload, signature)).toBe(false);
  });

  it('survives the wire: the validator verifies the bytes it received and keeps them as evidence', () => {
    const frame = buildResponseFrame(miner, request.id, requestBytes, payload);
    const received = decodeMinerFrame(encodeFrame(frame)) as ResponseFrame;
    const answer = signedAnswer(miner.address, requestBytes, received);
    expect(verifySignedAnswer(answer)).toBe(true);
    // Decoded values are the float32 ones; the signature is over the bytes, not the numbers.
    const decoded = decodeClassifyPayload(received.payload, { items: 2, labels: 3 });
    expect(decoded.probabilities[0]![1]).toBe(Math.fround(0.7));
    expect(verifySignedAnswer({ ...answer, payload: encodeClassifyPayload(decoded) })).toBe(true);
    expect(verifySignedAnswer({ ...answer, payload: encodeFrame(decoded as never) })).toBe(false);
  });
});
