/**
 * The node builds its runtime metadata in the background after start-up (lazy runtime): the first
 * `state_getMetadata` / `Metadata_*` call must wait for it and get the same bytes as an eager runtime.
 */
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeHandle, startNode } from '../../../chain/node/node.js';
import { createRuntime } from '../../../chain/runtime/index.js';
import { silentLogger } from '../../../shared/logger.js';

let node: NodeHandle;
let responses: Array<{ result?: string; error?: unknown }>;

async function http(method: string, params: unknown[]): Promise<{ result?: string; error?: unknown }> {
  const res = await fetch(node.httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()) as { result?: string; error?: unknown };
}

beforeAll(async () => {
  node = await startNode({ instantSeal: true, rpcPort: 0, prometheusPort: null, logger: silentLogger() });
  // Sent at once, while the metadata may still be building.
  responses = await Promise.all([
    http('state_getMetadata', []),
    http('state_call', ['Metadata_metadata_at_version', '0x0f000000']),
    http('state_call', ['Metadata_metadata_versions', '0x']),
  ]);
});

afterAll(async () => {
  await node?.close();
});

describe('node start-up with lazily built metadata', () => {
  it('serves the eager runtime metadata bytes from the first request on', async () => {
    const eager = await createRuntime({ blockTimeMs: 12_000 });
    const [v14, v15at, versions] = responses;
    expect(v14!.error).toBeUndefined();
    expect(v14!.result).toBe(u8aToHex(eager.metadata(14)));
    // Option<OpaqueMetadata>: Some (0x01) ++ compact length ++ bytes.
    expect(v15at!.result!.startsWith('0x01')).toBe(true);
    expect(v15at!.result!.endsWith(u8aToHex(eager.metadata(15)).slice(2))).toBe(true);
    expect(versions!.result).toBe('0x0c0e0000000f00000010000000'); // [14, 15, 16]
  });
});
