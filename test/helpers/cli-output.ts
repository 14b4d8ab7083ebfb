/** In-process CLI runs for tests: what a command printed and the exit code it set, without a child process. */
import { vi } from 'vitest';

export interface CliRun {
  out: string;
  err: string;
  exitCode: number;
}

/** Runs `fn` with stdout and stderr captured; `process.exitCode` is 0 before and after. */
export async function captureCli(fn: () => Promise<unknown>): Promise<CliRun> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await fn();
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, exitCode };
}
