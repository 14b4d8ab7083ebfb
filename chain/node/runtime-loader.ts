/** The node's default runtime: the dev chain runtime of `chain/runtime` (tests may inject another). */
import { createRuntime } from '../runtime/index.js';
import type { Runtime } from '../runtime/interface.js';

export async function loadRuntime(blockTimeMs: number): Promise<Runtime> {
  return createRuntime({ blockTimeMs });
}
