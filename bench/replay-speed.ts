/**
 * Replay speed (issue 15), a section of `npm run bench:validator`: `expertnet audit replay`'s engine
 * (validator/accountability/replay*.ts) over the closed epochs a real validator just wrote on the dev
 * chain (section 2: its own loop, commit-reveal, 16 miners). Two passes: the first reads the chain facts
 * (one `getValidatorAt` per block it needs, over the in-process node's RPC), the second has them cached,
 * so it is the CPU of re-deriving everything (challenges regenerated, signatures checked, scores,
 * averages, u16 vectors). Epochs per second, and rounds and signed answers per second.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { actions } from '../shared/chain/index.js';
import type { TestNet } from '../testkit/validator-net.js';
import { cachedChain, replayRange } from '../validator/accountability/replay-source.js';
import { fmt } from './stats.js';

export async function replaySpeed(net: TestNet, stateDir: string): Promise<void> {
  const source = join(stateDir, 'audit', 'epochs');
  const epochs = (await readdir(source).catch(() => []))
    .map((name) => name.match(/^\d+-(\d+)\.jsonl\.gz$/)?.[1])
    .filter((e): e is string => e !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const [from, to] = [epochs[0], epochs.at(-1)];
  if (from === undefined || to === undefined) {
    console.log('replay speed: no closed epoch to replay');
    return;
  }
  const hotkey = net.validatorHotkey.address;
  const chain = cachedChain((block) =>
    actions.getValidatorAt(net.chain.connection, { netuid: net.netuid, hotkey, block }),
  );
  const pass = async () => {
    const t0 = performance.now();
    const verdicts = await replayRange({ netuid: net.netuid, hotkey, from, to, source, chain });
    return { ms: performance.now() - t0, verdicts };
  };
  const cold = await pass();
  const warm = await pass();
  const count = (what: 'rounds' | 'answers') => warm.verdicts.reduce((n, v) => n + v.stats[what], 0);
  const verdicts = new Map<string, number>();
  for (const v of warm.verdicts) verdicts.set(v.verdict, (verdicts.get(v.verdict) ?? 0) + 1);
  const n = warm.verdicts.length;
  console.log(
    `audit replay: ${n} epochs (${count('rounds')} rounds, ${count('answers')} signed answers; ` +
      `${[...verdicts].map(([v, k]) => `${k} ${v}`).join(', ')}): ` +
      `${fmt((n * 1000) / cold.ms, 2)} epochs/s reading the chain, ` +
      `${fmt((n * 1000) / warm.ms, 2)} epochs/s with the chain facts cached ` +
      `(${fmt((count('rounds') * 1000) / warm.ms, 0)} rounds/s, ${fmt((count('answers') * 1000) / warm.ms, 0)} answers/s)`,
  );
}
