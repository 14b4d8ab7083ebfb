/**
 * Start-up budget guard: the modules the chain CLI loads statically (walking its relative imports from
 * `chain/cli.ts`) must not pull in packages the node only needs later or never: `@polkadot/types`
 * (metadata, loaded on demand), the `@polkadot/util-crypto` root (import its subpaths), keyring and api.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const FORBIDDEN = ['@polkadot/types', '@polkadot/util-crypto', '@polkadot/keyring', '@polkadot/api'];
// Static, value-carrying imports and re-exports (type-only ones are erased by the compiler).
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm;

function staticGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const bare: string[] = [];
    for (const m of source.matchAll(STATIC_IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) stack.push(join(dirname(file), spec).replace(/\.js$/, '.ts'));
      else bare.push(spec);
    }
    graph.set(file, bare);
  }
  return graph;
}

describe('chain CLI start-up imports', () => {
  it('loads no metadata-only or root crypto packages', () => {
    const graph = staticGraph(join(ROOT, 'chain/cli.ts'));
    expect(graph.size).toBeGreaterThan(30);
    expect([...graph.keys()].some((f) => f.endsWith('chain/runtime/metadata.ts'))).toBe(true);
    const offenders: string[] = [];
    for (const [file, specs] of graph) {
      for (const spec of specs) {
        if (
          FORBIDDEN.some((f) => spec === f || (f !== '@polkadot/util-crypto' && spec.startsWith(`${f}/`)))
        ) {
          offenders.push(`${file.slice(ROOT.length + 1)}: ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
