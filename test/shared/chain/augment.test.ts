/**
 * The checked-in polkadot-js augment types (shared/chain/augment/) are what scripts/typegen.ts generates
 * from the dev chain runtime's metadata now: a pallet change without `npm run typegen` fails here.
 */
import { describe, expect, it } from 'vitest';
import { AUGMENT_DIR, generateAugment, staleFiles } from '../../../scripts/typegen.js';

describe('shared/chain/augment', () => {
  it('matches the types generated from the current runtime metadata', async () => {
    const files = await generateAugment();
    expect(files.get('augment-api-query.ts')).toContain('subtensorModule: {');
    expect(files.get('augment-api-tx.ts')).toContain('adminUtils: {');
    expect(files.get('augment-api-runtime.ts')).toContain('neuronInfoRuntimeApi: {');
    const stale = await staleFiles(AUGMENT_DIR, files);
    expect(stale, 'stale augment types: run `node --import tsx scripts/typegen.ts`').toEqual([]);
  }, 60_000);
});
