/** A TypeScript entry point run from source as a child process, to its end. */
import { spawn } from 'node:child_process';

export interface TsxRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node --import tsx <script> <args>`: resolves once it has exited and its output is all read (`close`,
 * not `exit`, which may come before the last chunk).
 */
export function runTsx(script: string, args: string[] = [], options: { cwd?: string } = {}): Promise<TsxRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
