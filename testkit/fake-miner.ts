/**
 * A raw `ws` server that speaks the miner protocol by hand, so tests can make it misbehave on purpose
 * (bad signatures, garbage frames, wrong shapes, hang-ups). By default it behaves: a challenge for its
 * hotkey, any auth accepted, `info` and `classify` answered and signed correctly, and, given a bundle,
 * `bundle_manifest` / `bundle_chunk` served from it (without one they get BAD_REQUEST).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Bundle } from '../shared/models/bundle.js';
import {
  buildResponseFrame,
  createChallenge,
  decodeValidatorFrame,
  encodeBundleChunkPayload,
  encodeBundleManifestPayload,
  encodeClassifyPayload,
  encodeFrame,
  encodeInfoPayload,
  errorFrame,
  PROTOCOL_VERSION,
  type RequestFrame,
} from '../shared/protocol/index.js';
import { Sr25519Keypair } from '../shared/wallet/index.js';

export const FAKE_LABELS = ['a', 'b', 'c'];
export const fakeMinerKey = Sr25519Keypair.fromUri('//FakeMiner');

export interface RequestContext {
  ws: WebSocket;
  frame: RequestFrame;
  /** The request bytes exactly as received (what a correct signature covers). */
  bytes: Uint8Array;
  /** Sends the correct signed answer. */
  answer(): void;
  /** Sends `payload` as the answer, signed by `signer` (default: the miner's key). */
  reply(payload: Uint8Array, signer?: Sr25519Keypair): void;
}

export interface Misbehaviour {
  /** Replaces the challenge; return undefined to send nothing. */
  challenge?: (ws: WebSocket) => void;
  /** Handles each request; default `ctx.answer()`. */
  request?: (ctx: RequestContext) => void;
  /** Handles a frame that does not decode; default: ignore it. */
  badFrame?: (ws: WebSocket) => void;
  /** The bundle it names in `info` and serves (default: none; info names `FAKE_BUNDLE_DIGEST`). */
  bundle?: Pick<Bundle, 'dir' | 'digest' | 'manifestBytes'>;
}

export const FAKE_BUNDLE_DIGEST = 'ef'.repeat(32);

export interface FakeMiner {
  port: number;
  hotkey: string;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export function infoPayload(bundleDigest = FAKE_BUNDLE_DIGEST): Uint8Array {
  return encodeInfoPayload({
    kind: 'info',
    protocolVersion: PROTOCOL_VERSION,
    domain: 'finance',
    task: 'sentiment',
    labels: FAKE_LABELS,
    modelSha256: 'cd'.repeat(32),
    softwareVersion: 'fake-1',
    bundleDigest,
    executionProvider: 'cpu',
  });
}

/** A valid classify payload: a one-hot-ish vector per text. */
export function classifyPayload(n: number, labels = FAKE_LABELS.length): Uint8Array {
  return encodeClassifyPayload({
    kind: 'classify',
    probabilities: Array.from({ length: n }, (_, i) =>
      Array.from({ length: labels }, (_, j) => (j === i % labels ? 0.8 : 0.2 / (labels - 1))),
    ),
    inferenceMs: 1,
  });
}

export async function startFakeMiner(behaviour: Misbehaviour = {}, key = fakeMinerKey): Promise<FakeMiner> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const state = { connections: 0 };
  wss.on('connection', (ws) => {
    state.connections++;
    ws.on('error', () => {});
    if (behaviour.challenge) behaviour.challenge(ws);
    else ws.send(encodeFrame(createChallenge(key.address)));
    ws.on('message', (data) => {
      const bytes = new Uint8Array(data as Buffer);
      let frame: ReturnType<typeof decodeValidatorFrame>;
      try {
        frame = decodeValidatorFrame(bytes);
      } catch {
        behaviour.badFrame?.(ws);
        return;
      }
      if (frame.type === 'auth') return;
      const reply = (payload: Uint8Array, signer: Sr25519Keypair = key): void => {
        ws.send(encodeFrame(buildResponseFrame(signer, frame.id, bytes, payload)));
      };
      const answer = (): void => {
        const bundle = behaviour.bundle;
        if (frame.type === 'info') reply(infoPayload(bundle?.digest));
        else if (frame.type === 'classify') reply(classifyPayload(frame.texts.length));
        else if (!bundle) ws.send(encodeFrame(errorFrame('BAD_REQUEST', 'no bundle', frame.id)));
        else if (frame.type === 'bundle_manifest') {
          const { digest, manifestBytes: manifest } = bundle;
          reply(encodeBundleManifestPayload({ kind: 'bundle_manifest', digest, manifest }));
        } else {
          const file = readFileSync(join(bundle.dir, frame.path));
          const data = file.subarray(frame.offset, frame.offset + frame.length);
          reply(
            encodeBundleChunkPayload({ kind: 'bundle_chunk', path: frame.path, offset: frame.offset, data }),
          );
        }
      };
      const ctx: RequestContext = { ws, frame, bytes, answer, reply };
      if (behaviour.request) behaviour.request(ctx);
      else answer();
    });
  });
  return {
    port: (wss.address() as AddressInfo).port,
    hotkey: key.address,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
