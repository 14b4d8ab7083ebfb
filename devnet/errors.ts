import { ExpertnetError } from '../shared/errors.js';

export type DevnetErrorType =
  /** Bad command-line value. */
  | { code: 'BAD_CONFIG'; option: string; reason: string }
  /** A child process exited while the devnet needed it (nothing is restarted silently). */
  | { code: 'PROCESS_EXITED'; name: string; exitCode: number | null; signal: string | null; log: string }
  /** A child did not report ready in time. */
  | { code: 'START_TIMEOUT'; name: string; waitedMs: number; log: string }
  /** The chain's RPC did not answer in time. */
  | { code: 'CHAIN_UNREACHABLE'; endpoint: string; waitedMs: number }
  /** A set-up extrinsic failed (dispatch error or pool refusal). */
  | { code: 'SETUP_FAILED'; step: string; reason: string }
  /** Weights or epochs did not come in time (`--epochs` mode). */
  | { code: 'TIMEOUT'; what: string; waitedMs: number }
  /** Start-up was interrupted (Ctrl-C). */
  | { code: 'ABORTED'; reason: string };

export class DevnetError extends ExpertnetError<DevnetErrorType> {}

/** The error for a child that exited when it should not have. */
export function processExitedError(
  exit: { name: string; code: number | null; signal: string | null },
  log: string,
  when = '',
): DevnetError {
  return new DevnetError(
    { code: 'PROCESS_EXITED', name: exit.name, exitCode: exit.code, signal: exit.signal, log },
    `${exit.name} exited (${exit.signal ?? `code ${exit.code}`})${when}`,
    { metaMessages: [`log: ${log}`] },
  );
}
