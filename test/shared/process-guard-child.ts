/**
 * A daemon-like child for process-guard.test.ts: installs the guard, then fails in the way argv[2] names
 * and, when it survives, prints `still running` and exits 0.
 */
import { connect, createServer } from 'node:net';
import { createLogger } from '../../shared/logger.js';
import { InvariantError, installProcessGuard } from '../../shared/process-guard.js';

const guard = installProcessGuard(createLogger({ name: 'guarded' }));
const survived = () => {
  process.stdout.write(`still running, survived ${guard.survived}\n`);
  process.exit(0);
};

switch (process.argv[2]) {
  case 'rejection':
    // A request handler's promise that nobody awaited; the process must go on serving.
    void Promise.reject(new Error('one request failed'));
    setImmediate(() => setImmediate(survived));
    break;
  case 'connection': {
    // A peer resets the connection and the client socket has no 'error' listener.
    const server = createServer((socket) => socket.resetAndDestroy());
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const client = connect(address.port, '127.0.0.1');
      client.on('close', () => server.close(survived));
    });
    break;
  }
  case 'invariant':
    void Promise.reject(new InvariantError('stake total below zero', { total: -1 }));
    setImmediate(() => setImmediate(survived));
    break;
  case 'uncaught':
    setImmediate(() => {
      throw new TypeError('a bug in a listener');
    });
    setImmediate(() => setImmediate(survived));
    break;
  default:
    throw new Error(`unknown mode ${process.argv[2]}`);
}
