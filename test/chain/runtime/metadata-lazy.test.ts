/**
 * Lazy metadata (`lazyMetadata: true`, what the node uses to start faster) must serve exactly the bytes
 * an eagerly prepared runtime serves. The lazy runtime is created first, while this file's module graph
 * has not loaded the metadata codec yet.
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../../chain/runtime/errors.js';
import { createRuntime } from '../../../chain/runtime/index.js';

describe('lazy metadata', () => {
  it('is not served before prepareMetadata, then hashes as the eager runtime does (V14, V15, V16)', async () => {
    const lazy = await createRuntime({ blockTimeMs: 12_000, lazyMetadata: true });
    expect(() => lazy.metadata(14)).toThrow(RuntimeError);
    await Promise.all([lazy.prepareMetadata(), lazy.prepareMetadata()]);

    const eager = await createRuntime({ blockTimeMs: 12_000 });
    for (const version of [14, 15, 16]) {
      const lazyBytes = lazy.metadata(version);
      expect(lazyBytes.length).toBeGreaterThan(1000);
      expect(blake2AsHex(lazyBytes, 256)).toBe(blake2AsHex(eager.metadata(version), 256));
    }
  });

  it('keeps rejecting versions it does not serve', async () => {
    const lazy = await createRuntime({ blockTimeMs: 6_000, lazyMetadata: true });
    await lazy.prepareMetadata();
    expect(() => lazy.metadata(13)).toThrow(/not served/);
  });
});
