/**
 * A real model bundle (a small random `expertnet-bag` model) written once per process to a temp
 * directory, for miner servers whose backend is not a bundle on disk (the hash test backend, benches):
 * `MinerServer` needs a bundle to name in `info` and to serve.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, readBundle } from '../shared/models/bundle.js';
import { writeRandomBagModel } from './bag-model.js';

let scratch: Promise<Bundle> | undefined;

export function scratchBundle(): Promise<Bundle> {
  scratch ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'expertnet-bundle-')), 'model');
    await writeRandomBagModel(
      dir,
      7,
      { buckets: 256, wordNgrams: 1, charNgrams: [3, 3], maxTokens: 32, maxWordChars: 16 },
      4,
    );
    return readBundle(dir);
  })();
  return scratch;
}
