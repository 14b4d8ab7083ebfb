/**
 * Makes sure every miner's model exists before anything starts: runs the project's build-models script
 * (which skips up-to-date tiers) for exactly the tasks and tiers of the roster, with its progress bars
 * and lines on our stderr.
 */
import { spawn } from 'node:child_process';
import { DevnetError } from './errors.js';
import { entryCommand } from './launch.js';
import type { NeuronPlan } from './roster.js';

/** `signal` kills the build (Ctrl-C during start-up): no orphan keeps writing model files. */
export async function ensureModels(
  roster: readonly NeuronPlan[],
  modelsDir: string,
  signal?: AbortSignal,
): Promise<void> {
  const miners = roster.filter((n) => n.role === 'miner');
  if (miners.length === 0) return;
  const tasks = [...new Set(miners.map((m) => `${m.domain}/${m.task}`))];
  // A substitute cheater runs the weak model whatever tiers were asked for.
  const tiers = [
    ...new Set([
      ...miners.map((m) => m.tier),
      ...miners.filter((m) => m.cheat?.kind === 'substitute').map(() => 'weak'),
    ]),
  ];
  const { command, args } = entryCommand('scripts/build-models', [
    '--out',
    modelsDir,
    '--tasks',
    tasks.join(','),
    '--tiers',
    tiers.join(','),
  ]);
  const code = await new Promise<number | null>((resolve, reject) => {
    // The script's stdout goes to our stderr: stdout stays clean for --json.
    const child = spawn(command, args, {
      stdio: ['ignore', 2, 2],
      ...(signal ? { signal, killSignal: 'SIGKILL' as const } : {}),
    });
    child.once('error', (err) => (err.name === 'AbortError' ? resolve(null) : reject(err)));
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0)
    throw new DevnetError(
      { code: 'SETUP_FAILED', step: 'build-models', reason: `exit code ${code}` },
      `building the models failed (exit code ${code})`,
    );
}
