import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { IViolation } from 'dependency-cruiser';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

// The import boundaries of .dependency-cruiser.cjs, checked on the real tree, and the rules themselves
// checked on a small tree that breaks each one (so a rule that matches nothing cannot pass silently).

const root = resolve(import.meta.dirname, '../..');
const configFile = join(root, '.dependency-cruiser.cjs');
const sourceDirs = [
  'chain',
  'miner',
  'validator',
  'shared',
  'cli',
  'devnet',
  'scripts',
  'testkit',
  'bench',
  'test',
];

async function cruiseTree(baseDir: string, dirs: string[], tsConfigFile?: string): Promise<IViolation[]> {
  // The fixture tree has no tsconfig.json: drop the option rather than point it at the real one.
  const { tsConfig: _unused, ...options } = await extractDepcruiseOptions(configFile);
  const result = await cruise(
    dirs,
    {
      ...options,
      validate: true,
      baseDir,
      ...(tsConfigFile ? { tsConfig: { fileName: tsConfigFile } } : {}),
    },
    {},
    tsConfigFile ? { tsConfig: extractTSConfig(tsConfigFile) } : {},
  );
  const output = result.output;
  if (typeof output === 'string')
    throw new Error('dependency-cruiser returned text, expected a result object');
  return output.summary.violations;
}

/** One readable line per violation (a cycle lists its whole path). */
function describeViolation(v: IViolation): string {
  const path = v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)].join(' → ') : `${v.from} → ${v.to}`;
  return `${v.rule.name}: ${path}`;
}

describe('import boundaries (.dependency-cruiser.cjs)', () => {
  it('the source tree breaks no rule', async () => {
    const violations = await cruiseTree(root, sourceDirs, join(root, 'tsconfig.json'));
    const lines = violations.map(describeViolation);
    expect(lines, `import boundary violations:\n  ${lines.join('\n  ')}`).toEqual([]);
  });

  describe('each rule catches what it forbids', () => {
    let fixture = '';
    afterAll(async () => {
      if (fixture) await rm(fixture, { recursive: true, force: true });
    });

    it('on a tree that breaks every rule once', async () => {
      fixture = await mkdtemp(join(tmpdir(), 'expertnet-boundaries-'));
      const files: Record<string, string> = {
        'shared/ok.ts': 'export const ok = 1;\n',
        'shared/up.ts': "import { m } from '../miner/m.js';\nexport const up = m;\n",
        'miner/m.ts':
          "import { ok } from '../shared/ok.js';\nimport { v } from '../validator/v.js';\nexport const m = ok + v;\n",
        'validator/v.ts': 'export const v = 2;\n',
        'chain/runtime/r.ts': "import { n } from '../node/n.js';\nexport const r = n;\n",
        'chain/node/n.ts': 'export const n = 3;\n',
        'devnet/d.ts':
          "import { t } from '../test/helpers/t.js';\nimport { k } from '../testkit/k.js';\nexport const d = t + k;\n",
        'test/helpers/t.ts': 'export const t = 4;\n',
        'testkit/k.ts': 'export const k = 5;\n',
        'bench/b.ts': "import { k } from '../testkit/k.js';\nexport const b = k;\n",
        'cli/c.ts':
          "import { m } from '../miner/m.js';\nimport { d } from '../devnet/d.js';\nimport dev from 'yaml';\nexport const c = m + d + dev;\n",
        // A devDependency of the real package.json (dependency-cruiser reads the manifest from the cwd).
        'package.json': '{ "name": "fixture", "type": "module", "devDependencies": { "yaml": "2.9.1" } }\n',
        'node_modules/yaml/package.json': '{ "name": "yaml", "version": "2.9.1", "main": "index.js" }\n',
        'node_modules/yaml/index.js': 'export default 6;\n',
        'validator/a.ts': "import type { B } from './b.js';\nexport type A = { b?: B };\n",
        'validator/b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
      };
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(fixture, path)), { recursive: true });
        await writeFile(join(fixture, path), text);
      }
      const violations = await cruiseTree(fixture, [
        'shared',
        'miner',
        'validator',
        'chain',
        'devnet',
        'test',
        'testkit',
        'bench',
        'cli',
      ]);
      const lines = violations.map(describeViolation).sort();
      expect(lines).toEqual([
        'no-circular: validator/a.ts → validator/b.ts → validator/a.ts',
        'no-dev-deps-in-production: cli/c.ts → node_modules/yaml/index.js',
        'no-miner-to-other-roles: miner/m.ts → validator/v.ts',
        'no-runtime-to-node: chain/runtime/r.ts → chain/node/n.ts',
        'only-test-and-bench-import-testkit: devnet/d.ts → testkit/k.ts',
        'only-test-imports-test: devnet/d.ts → test/helpers/t.ts',
        'shared-imports-only-shared: shared/up.ts → miner/m.ts',
      ]);
    });
  });
});
