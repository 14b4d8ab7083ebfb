/** Readiness checks for the devnet's children: a process that must not exit, an HTTP URL that must answer. */
import { DevnetError, processExitedError } from './errors.js';
import type { SupervisedProcess } from './supervisor.js';

/** Rejects when the process exits (used in a race with a readiness check). */
export async function failOnExit(proc: SupervisedProcess): Promise<never> {
  throw processExitedError(await proc.exited, proc.logFile, ' while starting');
}

export async function waitForHttp(
  url: string,
  name: string,
  timeoutMs: number,
  cancelled: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cancelled()) throw new DevnetError({ code: 'ABORTED', reason: 'stopping' }, 'stopped');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new DevnetError(
        { code: 'START_TIMEOUT', name, waitedMs: timeoutMs, log: '' },
        `${name} did not serve ${url} within ${Math.round(timeoutMs / 1000)} s`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
