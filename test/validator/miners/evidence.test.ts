/** Evidence (validator/miners/evidence.ts): what anyone can re-check offline with the miner's hotkey. */
import { describe, expect, it } from 'vitest';
import {
  buildResponseFrame,
  encodeFrame,
  hashBytes,
  responseSigningMessage,
} from '../../../shared/protocol/index.js';
import { classifyPayload, fakeMinerKey } from '../../../testkit/fake-miner.js';
import { signingMessage, verifyEvidence } from '../../../validator/miners/index.js';

describe('evidence', () => {
  it('signs the same bytes as shared/protocol (message built from hashes)', () => {
    const request = encodeFrame({ type: 'classify', id: 7, texts: ['a'] });
    const payload = classifyPayload(1);
    expect(signingMessage(hashBytes(request), hashBytes(payload))).toEqual(
      responseSigningMessage(request, payload),
    );
  });

  it('checks the hashes against the bytes when given', () => {
    const request = encodeFrame({ type: 'classify', id: 7, texts: ['a'] });
    const payload = classifyPayload(1);
    const frame = buildResponseFrame(fakeMinerKey, 7, request, payload);
    const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;
    const evidence = {
      requestHash: hex(hashBytes(request)),
      responseHash: hex(hashBytes(payload)),
      signature: hex(frame.signature),
    };
    expect(verifyEvidence(fakeMinerKey.address, evidence, { request, response: payload })).toBe(true);
    expect(verifyEvidence(fakeMinerKey.address, evidence, { request: payload })).toBe(false);
    expect(verifyEvidence('not-an-address', evidence)).toBe(false);
    expect(verifyEvidence(fakeMinerKey.address, { ...evidence, requestHash: '0x00' })).toBe(false);
  });
});
