/** `expertnet-chain` from source as a child process: for tests that pause, kill or restart the node. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ChainProcess {
  child: ChildProcess;
  /** Its stderr (the JSON log) up to the line that said the RPC server listens. */
  log: string;
}

/**
 * `expertnet-chain --dev <args> --rpc-port <port>`, resolved once its JSON-RPC server listens; rejects
 * with the log when it exits first. Prometheus is off unless `args` name `--prometheus-port`.
 */
export async function spawnChain(port: number, args: string[] = []): Promise<ChainProcess> {
  const prometheus = args.includes('--prometheus-port') ? [] : ['--no-prometheus'];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'chain/cli.ts', '--dev', ...args, '--rpc-port', String(port), ...prometheus],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Running JSON-RPC server')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`chain exited with ${code}: ${log}`)));
  });
  return { child, log };
}
