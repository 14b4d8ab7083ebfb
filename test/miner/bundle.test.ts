/**
 * The miner serving its committed bundle (miner/bundle-requests.ts) on a real server: the signed
 * manifest names the digest `info` declares, chunks are the file's bytes, bad requests get clear errors,
 * and bundle requests never take a classify slot. Nothing is served before auth.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundleDigest } from '../../shared/models/bundle.js';
import {
  BUNDLE_CHUNK_MAX,
  CLOSE_CODES,
  decodeBundleChunkPayload,
  decodeBundleManifestPayload,
  decodeInfoPayload,
  type ResponseFrame,
  verifyResponse,
} from '../../shared/protocol/index.js';
import { scratchBundle } from '../../testkit/scratch-bundle.js';
import {
  connectedClient,
  metricValue,
  minerKey,
  startTestMiner,
  TestClient,
  type TestMiner,
} from './helpers.js';

let miner: TestMiner;
let bundle: Bundle;

beforeAll(async () => {
  bundle = await scratchBundle();
  miner = await startTestMiner({ bundle, executionProvider: 'cuda' });
});
afterAll(async () => {
  await miner?.close();
});

async function response(client: TestClient, id: number): Promise<ResponseFrame> {
  const answer = await client.answer(id);
  if (answer.type !== 'response') throw new Error(`expected a response, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('bundle serving', () => {
  it('serves the signed manifest of the digest info declares, and the files byte for byte', async () => {
    const client = await connectedClient(miner.url);
    client.send({ type: 'info', id: 1 });
    const info = decodeInfoPayload((await response(client, 1)).payload);
    expect(info).toMatchObject({ bundleDigest: bundle.digest, executionProvider: 'cuda' });

    const request = client.send({ type: 'bundle_manifest', id: 2 });
    const answer = await response(client, 2);
    expect(verifyResponse(minerKey.address, request, answer.payload, answer.signature)).toBe(true);
    const manifest = decodeBundleManifestPayload(answer.payload);
    expect(manifest.digest).toBe(bundle.digest);
    expect(bundleDigest(manifest.manifest)).toBe(bundle.digest);

    const onnx = bundle.model.onnx.file;
    const bytes = await readFile(join(bundle.dir, onnx));
    const sent = await metricValue(miner, 'expertnet_miner_bundle_bytes_sent_total');
    client.send({ type: 'bundle_chunk', id: 3, path: onnx, offset: 10, length: 100 });
    const chunk = decodeBundleChunkPayload((await response(client, 3)).payload, {
      path: onnx,
      offset: 10,
      length: 100,
    });
    expect(Buffer.from(chunk.data)).toEqual(bytes.subarray(10, 110));
    // At the end of the file the answer is shorter than asked.
    const tail = bytes.length - 5;
    client.send({ type: 'bundle_chunk', id: 4, path: onnx, offset: tail, length: BUNDLE_CHUNK_MAX });
    const end = decodeBundleChunkPayload((await response(client, 4)).payload, {
      path: onnx,
      offset: tail,
      length: BUNDLE_CHUNK_MAX,
    });
    expect(Buffer.from(end.data)).toEqual(bytes.subarray(tail));
    expect(await metricValue(miner, 'expertnet_miner_bundle_bytes_sent_total')).toBe(sent + 105);
    client.close();
  });

  it('refuses files outside the bundle and offsets past the end with BAD_REQUEST', async () => {
    const client = await connectedClient(miner.url);
    client.send({ type: 'bundle_chunk', id: 1, path: 'secret.key', offset: 0, length: 10 });
    client.send({ type: 'bundle_chunk', id: 2, path: 'model.json', offset: 10 ** 9, length: 10 });
    expect(await client.answer(1)).toMatchObject({
      type: 'error',
      code: 'BAD_REQUEST',
      message: 'secret.key is not a file of the bundle',
    });
    expect(await client.answer(2)).toMatchObject({
      type: 'error',
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/past the end/),
    });
    client.close();
  });

  it('keeps bundle requests out of the classify slots', async () => {
    const client = await connectedClient(miner.url);
    const onnx = bundle.model.onnx.file;
    client.send({ type: 'bundle_chunk', id: 100, path: onnx, offset: 0, length: BUNDLE_CHUNK_MAX });
    // As many classify requests as there are slots, sent with the chunk in flight: none is OVERLOADED.
    for (let id = 1; id <= 4; id++) client.send({ type: 'classify', id, texts: [`text ${id}`] });
    for (let id = 1; id <= 4; id++) expect(await client.answer(id)).toMatchObject({ type: 'response' });
    expect(await client.answer(100)).toMatchObject({ type: 'response' });
    client.close();
  });

  it('closes a connection that asks for the bundle before authenticating', async () => {
    const client = new TestClient(miner.url);
    await client.challenge();
    client.send({ type: 'bundle_manifest', id: 1 });
    expect((await client.closed).code).toBe(CLOSE_CODES.BAD_FRAME);
  });
});
