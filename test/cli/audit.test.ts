/**
 * `expertnet audit check-evidence` through the real CLI (node + tsx, as a user runs it): exit 0 with
 * FRAUD PROVEN for a substitution record and the committed bundle, 1 for a tampered record, 2 for a
 * missing file or a missing argument.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEvidence } from '../../validator/verify/evidence.js';
import { runTsx, type TsxRun } from '../helpers/run-tsx.js';
import { type Bundles, substitutionEvidence, writeBundles } from '../validator/verify/evidence-fixture.js';

let root: string;
let bundles: Bundles;
let recordFile: string;
let tamperedFile: string;

const cli = (...args: string[]): Promise<TsxRun> =>
  runTsx('cli/expertnet.ts', ['audit', 'check-evidence', ...args]);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'expertnet-audit-cli-'));
  bundles = await writeBundles(root);
  const bytes = encodeEvidence(await substitutionEvidence(bundles));
  recordFile = join(root, 'evidence.json');
  await writeFile(recordFile, bytes);
  // One hex digit of the miner's classify payload changed.
  const text = new TextDecoder().decode(bytes);
  const at = text.indexOf('"payload":"0x', text.indexOf('"classify"')) + 20;
  tamperedFile = join(root, 'tampered.json');
  await writeFile(tamperedFile, text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('expertnet audit check-evidence', () => {
  // One process per case (each loads the whole CLI): the other outcomes are checked in-process in
  // test/validator/verify/evidence.test.ts.
  it('exit codes: 0 proven, 1 tampered, 2 missing file or argument', async () => {
    const [proven, tampered, missing, noArgument] = await Promise.all([
      cli(recordFile, '--bundle', bundles.committed),
      cli(tamperedFile, '--bundle', bundles.committed, '--json'),
      cli(join(root, 'nope.json'), '--bundle', bundles.committed),
      cli(),
    ]);
    expect(proven.code, proven.stderr).toBe(0);
    expect(proven.stdout).toContain('FRAUD PROVEN');
    expect(proven.stdout).toMatch(/re-run: max \|Δp\| [0-9.e-]+ vs tolerance 0\.0001/);

    expect(tampered.code, tampered.stderr).toBe(1);
    const report = JSON.parse(tampered.stdout) as { proven: boolean; problems: { code: string }[] };
    expect(report.proven).toBe(false);
    expect(report.problems.map((p) => p.code)).toContain('CLASSIFY_SIGNATURE');

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(noArgument.code).toBe(2);
    expect(noArgument.stderr).toContain('Not enough non-option arguments');
  });
});
