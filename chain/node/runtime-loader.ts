/** The node's default runtime: the dev chain runtime of `chain/runtime` (tests may inject another). */
import { createRuntime } from '../runtime/index.js';
import type { Runtime } from '../runtime/interface.js';

/** Metadata is prepared by the node after its RPC server is up (`Runtime.prepareMetadata`), off the start-up path. */
export async function loadRuntime(blockTimeMs: number): Promise<Runtime> {
  return createRuntime({ blockTimeMs, lazyMetadata: true });
}
