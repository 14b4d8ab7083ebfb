/**
 * Runs the devnet's children: each line they print goes to its own log file (`<name>.log`) and, prefixed
 * with the name, to the combined `devnet.log` (never to the terminal, which belongs to the live view).
 * Nothing is restarted: an unexpected exit is reported to `onExit` listeners. `stopAll` sends SIGTERM in
 * reverse start order groups, then SIGKILL to whatever is still alive after the timeout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DevnetError, processExitedError } from './errors.js';
import type { LaunchCommand } from './launch.js';

export interface ChildSpec extends LaunchCommand {
  name: string;
  env?: Record<string, string>;
  /** Stop order: higher stops first (daemons before the chain they talk to). Default 1. */
  stopPriority?: number;
}

export interface ChildExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A parsed log line: pino JSON when it is one, `{ msg: line }` otherwise. */
export type LogRecord = Record<string, unknown> & { msg?: unknown };

const RECENT_LINES = 200;

export class SupervisedProcess {
  readonly exited: Promise<ChildExit>;
  #exit: ChildExit | undefined;
  #watchers = new Set<(record: LogRecord, line: string) => void>();
  /** The latest lines, so a wait started after its line was printed still sees it. */
  #recent: LogRecord[] = [];

  constructor(
    readonly spec: ChildSpec,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { name: spec.name, code, signal };
        resolve(this.#exit);
      });
      child.once('error', () => {
        // spawn failure: 'exit' may never come
        this.#exit ??= { name: spec.name, code: null, signal: null };
        resolve(this.#exit);
      });
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exit === undefined;
  }

  /** @internal called by the supervisor for every output line. */
  line(line: string): void {
    let record: LogRecord;
    try {
      const parsed: unknown = JSON.parse(line);
      record = parsed !== null && typeof parsed === 'object' ? (parsed as LogRecord) : { msg: line };
    } catch {
      record = { msg: line };
    }
    this.#recent.push(record);
    if (this.#recent.length > RECENT_LINES) this.#recent.shift();
    for (const watch of this.#watchers) watch(record, line);
  }

  /**
   * Resolves with the first matching line among the latest ones and those to come; rejects if the
   * process exits or time runs out.
   */
  waitForLine(match: (record: LogRecord) => boolean, timeoutMs: number): Promise<LogRecord> {
    const seen = this.#recent.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.#watchers.delete(watch);
        fn();
      };
      const watch = (record: LogRecord) => {
        if (match(record)) done(() => resolve(record));
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(
              new DevnetError(
                { code: 'START_TIMEOUT', name: this.name, waitedMs: timeoutMs, log: this.logFile },
                `${this.name} did not become ready within ${Math.round(timeoutMs / 1000)} s`,
                { metaMessages: [`log: ${this.logFile}`] },
              ),
            ),
          ),
        timeoutMs,
      );
      this.#watchers.add(watch);
      void this.exited.then((exit) =>
        done(() => reject(processExitedError(exit, this.logFile, ' while starting'))),
      );
    });
  }
}

export class Supervisor {
  readonly #children: SupervisedProcess[] = [];
  readonly #combined: WriteStream;
  readonly #exitListeners = new Set<(exit: ChildExit) => void>();
  /** Per child: resolves once its output is all in its log file (stdio closed, file flushed). */
  readonly #logsDone: Promise<void>[] = [];
  #stopping = false;

  private constructor(readonly logDir: string) {
    this.#combined = createWriteStream(join(logDir, 'devnet.log'), { flags: 'w' });
    // Last resort when this process dies without stopAll (uncaught error): no orphans left behind.
    process.once('exit', this.#killAllNow);
  }

  static async create(logDir: string): Promise<Supervisor> {
    await mkdir(logDir, { recursive: true });
    return new Supervisor(logDir);
  }

  get children(): readonly SupervisedProcess[] {
    return this.#children;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Listens for exits that happen before `stopAll`; returns an unsubscribe function. */
  onExit(listener: (exit: ChildExit) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  start(spec: ChildSpec): SupervisedProcess {
    if (this.#stopping) throw new Error('supervisor is stopping');
    if (this.#children.some((c) => c.name === spec.name))
      throw new Error(`duplicate child name ${spec.name}`);
    const logFile = join(this.logDir, `${spec.name}.log`);
    const file = createWriteStream(logFile, { flags: 'w' });
    // Own process group: a terminal Ctrl-C reaches only the devnet, which then stops children in order.
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const proc = new SupervisedProcess(spec, child, logFile);
    this.#children.push(proc);
    const prefix = `${spec.name.padEnd(14)}| `;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
        file.write(`${line}\n`);
        this.#combined.write(`${prefix}${line}\n`);
        proc.line(line);
      });
    }
    // 'close' comes after both pipes ended, so after readline's last line: then the file can end.
    this.#logsDone.push(
      new Promise<void>((resolve) => {
        child.once('close', () => file.end(resolve));
        child.once('error', () => file.end(resolve));
      }),
    );
    child.once('error', (err) => {
      file.write(`spawn failed: ${err.message}\n`);
      this.#combined.write(`${prefix}spawn failed: ${err.message}\n`);
    });
    void proc.exited.then((exit) => {
      const how = exit.signal ?? `code ${exit.code}`;
      // An exit outside stopAll is unexpected: say in the log that nobody restarts it.
      this.#combined.write(`${prefix}exited (${how})${this.#stopping ? '' : '; not restarted'}\n`);
      if (!this.#stopping) for (const listener of this.#exitListeners) listener(exit);
    });
    return proc;
  }

  /** SIGTERM to every running child (highest stopPriority first), SIGKILL after `timeoutMs` per group. */
  async stopAll(timeoutMs = 5_000): Promise<ChildExit[]> {
    this.#stopping = true;
    const priorities = [...new Set(this.#children.map((c) => c.spec.stopPriority ?? 1))].sort(
      (a, b) => b - a,
    );
    for (const priority of priorities) {
      const group = this.#children.filter((c) => (c.spec.stopPriority ?? 1) === priority && c.running);
      for (const c of group) signal(c.child, 'SIGTERM');
      await Promise.all(
        group.map(async (c) => {
          let timer: NodeJS.Timeout | undefined;
          const killed = new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              this.#combined.write(`${c.name.padEnd(14)}| still running after ${timeoutMs} ms: SIGKILL\n`);
              signal(c.child, 'SIGKILL');
              resolve();
            }, timeoutMs);
          });
          await Promise.race([c.exited, killed]);
          clearTimeout(timer);
          await c.exited;
        }),
      );
    }
    const exits = await Promise.all(this.#children.map((c) => c.exited));
    process.removeListener('exit', this.#killAllNow);
    await Promise.all(this.#logsDone);
    await new Promise<void>((resolve) => this.#combined.end(resolve));
    return exits;
  }

  readonly #killAllNow = () => {
    for (const c of this.#children) if (c.running) signal(c.child, 'SIGKILL');
  };
}

function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    child.kill(sig);
  } catch {
    // already gone
  }
}
