/**
 * `npm run bench:yuma`: time of one Yuma epoch (`runEpoch`) for dense weights — every validator weights
 * every uid — with bonds already populated by a previous epoch. Median of several runs per size.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runEpoch } from '../chain/yuma/epoch.js';
import type { EpochInput } from '../chain/yuma/types.js';
import { fmt, median } from './stats.js';

/** Deterministic xorshift32 so every run times the same input. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function denseInput(n: number, validators: number, yuma3: boolean): EpochInput {
  const rand = rng(n * 1000 + validators);
  const stake = Array.from({ length: n }, (_, i) =>
    i < validators ? BigInt(1_000_000_000 + Math.floor(rand() * 1e12)) : 0n,
  );
  const weights = Array.from({ length: n }, (_, i) => {
    if (i >= validators) return [];
    const row: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) row.push([j, j === 0 ? 65535 : Math.floor(rand() * 65536)]);
    return row;
  });
  return {
    currentBlock: 1000,
    lastTempoBlock: 640,
    stake,
    lastUpdate: Array.from({ length: n }, (_, i) => (i < validators ? 999 : 0)),
    blockAtRegistration: new Array(n).fill(0),
    validatorPermit: Array.from({ length: n }, (_, i) => i < validators),
    weights,
    bonds: new Array(n).fill([]),
    hyperparams: {
      kappa: 32767,
      bondsMovingAverage: 900_000,
      bondsPenalty: 65535,
      activityCutoff: 5000,
      maxAllowedValidators: validators,
      yuma3,
      liquidAlpha: false,
      alphaLow: 45875,
      alphaHigh: 58982,
      alphaSigmoidSteepness: 1000,
    },
    raoEmission: 360_000_000_000n,
  };
}

interface Timing {
  /** Median wall-clock ms. */
  wall: number;
  /** Median CPU ms of this process (user + system): less sensitive to other load on a shared machine. */
  cpu: number;
}

function timeEpoch(
  n: number,
  validators: number,
  yuma3: boolean,
  liquidAlpha: boolean,
  repeats: number,
): Timing {
  const input = denseInput(n, validators, yuma3);
  input.hyperparams.liquidAlpha = liquidAlpha;
  // A first epoch fills the bonds so the timed ones run the full EMA path.
  const warm = runEpoch(input);
  const withBonds: EpochInput = { ...input, bonds: warm.bonds };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    runEpoch(withBonds);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function run(): Promise<void> {
  const modes: Array<[string, boolean, boolean]> = [
    ['yuma2', false, false],
    ['yuma3', true, false],
    ['yuma3+liquid', true, true],
  ];
  console.log(
    `epoch time, dense weights, bonds populated (medians; load average ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log('uids  validators  mode           wall_ms   cpu_ms');
  for (const n of [256, 1024, 4096]) {
    for (const v of [64, 256]) {
      if (v > n) continue;
      for (const [mode, yuma3, liquid] of modes) {
        const repeats = n >= 4096 ? 7 : 11;
        const t = timeEpoch(n, v, yuma3, liquid, repeats);
        console.log(
          `${String(n).padStart(4)}  ${String(v).padStart(10)}  ${mode.padEnd(13)}  ${fmt(t.wall).padStart(7)}  ${fmt(t.cpu).padStart(7)}`,
        );
      }
    }
  }
}
