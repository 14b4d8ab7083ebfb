/** Progress bars on stderr (cli-progress) for the train/eval commands and the model build script. */
import { stderr } from 'node:process';
import cliProgress from 'cli-progress';
import type { TrainPhase } from './train-model.js';

export function progressBar(): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      stream: stderr,
      format: '{phase} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** A `trainModel` progress callback that shows one bar per phase, labelled `prefix phase`. */
export function trainProgress(prefix = ''): {
  onProgress: (phase: TrainPhase, done: number, total: number) => void;
  stop: () => void;
} {
  const bar = progressBar();
  let current: TrainPhase | undefined;
  return {
    onProgress: (phase, done, total) => {
      if (phase !== current) {
        if (current) bar.stop();
        current = phase;
        bar.start(total, done, { phase: `${prefix}${phase.padEnd(8)}` });
      } else bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
