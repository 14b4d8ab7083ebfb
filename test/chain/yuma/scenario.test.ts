/**
 * The shared conformance scenarios (`../shared/yuma/*.scenario.json`, from subtensor's epoch tests) must
 * meet their `.expected.json` checks under SCENARIO.md's rule: |output − value| ≤ tolerance.
 * Skipped, with a message, when `../shared` is not beside the checkout (a failure under CI=true).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { YumaError } from '../../../chain/yuma/errors.js';
import { loadScenario, parseScenario, simulate } from '../../../chain/yuma/scenario.js';
import { haveReference, referencePath } from '../../helpers/reference.js';

const SHARED = referencePath('yuma/');
const HAVE_SHARED = haveReference(SHARED, 'shared yuma scenarios');
const scenarios = HAVE_SHARED ? readdirSync(SHARED).filter((f) => f.endsWith('.scenario.json')) : [];

interface Check {
  epochIndex: number;
  field: string;
  index: number[];
  value: number;
  tolerance: number;
}

describe.skipIf(!HAVE_SHARED)('shared Yuma scenarios (../shared/yuma)', () => {
  it('finds scenario/expected pairs', () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  for (const file of scenarios) {
    it(`${file} meets every check of its expected file`, async () => {
      const report = simulate(await loadScenario(join(SHARED, file)));
      const expected = JSON.parse(
        readFileSync(join(SHARED, file.replace('.scenario.json', '.expected.json')), 'utf8'),
      );
      expect(expected.checks.length).toBeGreaterThan(0);
      for (const check of expected.checks as Check[]) {
        const epoch = report.epochs[check.epochIndex];
        expect(epoch, `epoch ${check.epochIndex}`).toBeDefined();
        let got: unknown = epoch![check.field as keyof typeof epoch];
        for (const i of check.index) got = (got as unknown[])[i];
        const label = `${check.field}${JSON.stringify(check.index)} at epoch ${check.epochIndex}`;
        expect(Math.abs(Number(got) - check.value), label).toBeLessThanOrEqual(check.tolerance);
      }
    });
  }
});

describe('scenario files', () => {
  const base = {
    n: 3,
    hyperparams: { maxAllowedValidators: 3, activityCutoff: 100 },
    stakes: ['10', '5', '0'],
    steps: [
      { block: 1, epoch: true, emission: '1000' },
      { block: 2, setWeights: { '0': [[2, 10]], '1': [[2, 5]] }, epoch: true, emission: '1000' },
    ],
  };

  it('replays steps: permits from the first epoch, weights max-upscaled, miner paid', () => {
    const report = simulate(parseScenario(base));
    expect(report.epochs).toHaveLength(2);
    expect(report.epochs[0]!.validatorPermit).toEqual([true, true, false]);
    const second = report.epochs[1]!;
    expect(second.incentive[2]).toBe(65535);
    // All stake-weighted validators agree on uid 2, so emission splits miner / validators 50:50.
    expect(second.emission.map(Number).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
    expect(Number(second.emission[2])).toBe(500);
    expect(second.bonds[0]![2]).toBe(65535);
  });

  it('register replaces a neuron: its rows go, others weights to it become 0', () => {
    const scenario = parseScenario({
      ...base,
      steps: [
        ...base.steps,
        { block: 3, register: { uid: 2, stake: '0' } },
        { block: 4, epoch: true, emission: '1000' },
      ],
    });
    const report = simulate(scenario);
    const last = report.epochs[2]!;
    expect(last.incentive[2]).toBe(0);
    // Bonds to the re-registered uid are masked by the epoch (registered after the previous epoch).
    expect(last.bonds[0]![2]).toBe(0);
  });

  it('names the field of a malformed scenario', () => {
    const bad = (patch: object) => () => parseScenario({ ...base, ...patch }, 'my.json');
    expect(bad({ stakes: ['1'] })).toThrow(/my\.json: stakes: has 1 entries, expected n = 3/);
    expect(bad({ stakes: ['1', 'x', '2'] })).toThrow(/stakes\[1\]/);
    expect(bad({ steps: [{ block: 1, epoch: true }] })).toThrow(/steps\[0\]\.emission/);
    expect(bad({ steps: [{ block: 1, setWeights: { '0': [[7, 1]] } }] })).toThrow(
      /steps\[0\]\.setWeights\.0\[0\]\[0\]/,
    );
    expect(bad({ steps: [{ block: 1, setWeights: { '0': [[1, 70000]] } }] })).toThrow(/outside 0\.\.65535/);
    expect(bad({ hyperparams: { yuma3: 'yes' } })).toThrow(/hyperparams\.yuma3/);
    try {
      bad({ n: -1 })();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(YumaError);
      expect((err as YumaError).type).toMatchObject({ code: 'BAD_SCENARIO', path: 'my.json', field: 'n' });
    }
  });

  it('reports unreadable files with a typed error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yuma-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    await expect(loadScenario(file)).rejects.toMatchObject({ code: 'SCENARIO_UNREADABLE' });
    await expect(loadScenario(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'SCENARIO_UNREADABLE',
    });
  });
});
