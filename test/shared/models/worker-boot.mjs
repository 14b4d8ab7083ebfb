// Worker bootstrap for worker.test.ts: Node 20 does not pass `--import tsx` to workers, so register tsx here.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.js');
