/**
 * Process-level safety net for every daemon (chain, miner, validator, devnet).
 *
 * Policy, so one bad request never takes a daemon down but a broken process never limps on:
 * - An unhandled promise rejection belongs to one piece of work (a request, a round, a subscription):
 *   it is logged as one structured line with a running count, and the daemon keeps running.
 * - A network error emitted on one socket that nobody listened to (`ECONNRESET`, `EPIPE`, …) is the
 *   same: one connection failed, logged and counted.
 * - An {@link InvariantError}, rejected or thrown, means the process' own state is wrong: it logs
 *   `fatal` and exits with {@link EXIT_INVARIANT}.
 * - Any other uncaught exception is a bug whose reach is unknown (Node's own advice: do not resume):
 *   it logs `fatal` and exits with {@link EXIT_INVARIANT}, so the supervisor restarts a clean process.
 */
import { ExpertnetError, errorMessage } from './errors.js';

/** Exit status after an invariant violation or an uncaught exception (sysexits' EX_SOFTWARE). */
export const EXIT_INVARIANT = 70;

export type InvariantErrorType = { code: 'INVARIANT'; what: string; [key: string]: unknown };

/** A state that must never happen (a bug, not bad input): the process exits rather than go on. */
export class InvariantError extends ExpertnetError<InvariantErrorType> {
  constructor(what: string, context: Record<string, unknown> = {}) {
    super({ ...context, code: 'INVARIANT', what }, `invariant violated: ${what}`);
  }
}

/** Error codes of one socket's failure: they end that connection, not the process. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** Log fields for any thrown value: name, message, code and stack when it has them. */
function errorFields(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  if (err instanceof ExpertnetError) return { ...err.toJSON(), stack: err.stack };
  const code = errorCode(err);
  return {
    name: err.name,
    message: errorMessage(err),
    ...(code === undefined ? {} : { code }),
    stack: err.stack,
  };
}

/** What the guard logs through: a pino `Logger` fits, and so does a CLI's line writer. */
export interface GuardLog {
  error(fields: Record<string, unknown>, msg: string): void;
  fatal(fields: Record<string, unknown>, msg: string): void;
}

export interface ProcessGuard {
  /** Rejections and connection errors logged and survived since install. */
  readonly survived: number;
  /** Removes the handlers (tests, embedding). */
  uninstall(): void;
}

export interface ProcessGuardOptions {
  /** Called instead of `process.exit` (tests); the default exits. */
  exit?: (code: number) => void;
}

/**
 * Installs the `unhandledRejection` / `uncaughtException` handlers described above. Call it once, as
 * soon as the daemon's logger exists.
 */
export function installProcessGuard(log: GuardLog, options: ProcessGuardOptions = {}): ProcessGuard {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let survived = 0;

  const fatal = (kind: string, err: unknown) => {
    // An InvariantError's message already says what was violated.
    const msg = err instanceof InvariantError ? errorMessage(err) : `${kind}: ${errorMessage(err)}`;
    log.fatal({ kind, err: errorFields(err), exitCode: EXIT_INVARIANT }, `${msg}; exiting`);
    exit(EXIT_INVARIANT);
  };
  const survive = (kind: string, err: unknown, msg: string) => {
    survived += 1;
    log.error(
      { kind, err: errorFields(err), count: survived },
      `${msg}: ${errorMessage(err)} (kept running)`,
    );
  };

  const onRejection = (reason: unknown) => {
    if (reason instanceof InvariantError) fatal('invariant violated', reason);
    else survive('unhandledRejection', reason, 'unhandled promise rejection');
  };
  const onException = (err: unknown) => {
    if (err instanceof InvariantError) fatal('invariant violated', err);
    else if (CONNECTION_ERROR_CODES.has(errorCode(err) ?? ''))
      survive('connectionError', err, 'unhandled connection error');
    else fatal('uncaught exception', err);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    get survived() {
      return survived;
    },
    uninstall() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
