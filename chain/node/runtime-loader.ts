/** Loads the dev chain runtime (`chain/runtime`), kept apart so tests can inject their own. */
import type { Runtime } from '../runtime/interface.js';

export async function loadRuntime(blockTimeMs: number): Promise<Runtime> {
  // Resolved at run time until chain/runtime/index.ts lands; then this becomes a static import.
  const path = '../runtime/index.js';
  const mod = (await import(path)) as {
    createRuntime(options: { blockTimeMs: number }): Runtime | Promise<Runtime>;
  };
  return await mod.createRuntime({ blockTimeMs });
}
