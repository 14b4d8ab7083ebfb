/**
 * Structured logging for all daemons: JSON lines on stderr via pino.
 * `EXPERTNET_LOG_PRETTY` is deliberately not supported: operators pipe the JSON to their own tools.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export interface CreateLoggerParameters {
  /** Component name, e.g. `chain`, `miner`, `validator`. */
  name: string;
  level?: LogLevel;
}

export function createLogger({ name, level = 'info' }: CreateLoggerParameters): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything, for tests and embedded use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
